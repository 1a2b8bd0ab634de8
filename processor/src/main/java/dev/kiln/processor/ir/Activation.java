package dev.kiln.processor.ir;

import dev.kiln.annotations.ActivationKind;

/** A node's non-linearity: the function, and the negative slope when it is a leaky ReLU. */
public record Activation(ActivationKind kind, double alpha) {
  /** The identity, which every node without {@code @Activation} has. */
  public static final Activation LINEAR = new Activation(ActivationKind.LINEAR, 0.01);

  public boolean isSoftmax() {
    return kind == ActivationKind.SOFTMAX;
  }

  /** ReLU and leaky ReLU layers start from He-uniform weights, the rest from Glorot-uniform ones. */
  public boolean isRelu() {
    return kind == ActivationKind.RELU || kind == ActivationKind.LEAKY_RELU;
  }

  public String lowerName() {
    return kind.name().toLowerCase();
  }
}
