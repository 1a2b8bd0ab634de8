package dev.kiln.processor.ir;

/** A BatchNormalization layer's constants: running-average momentum and the variance's epsilon. */
public record Normalization(double momentum, double epsilon) {}
