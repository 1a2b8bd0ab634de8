package dev.kiln.engine;

/** A BatchNormalization layer's constants: the running averages' momentum and the variance's epsilon. */
public record Normalization(double momentum, double epsilon) {
  @Override
  public String toString() {
    return "momentum " + momentum + " epsilon " + epsilon;
  }
}
