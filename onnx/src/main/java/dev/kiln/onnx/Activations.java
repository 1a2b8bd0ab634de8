package dev.kiln.onnx;

import dev.kiln.annotations.ActivationKind;
import java.util.List;
import java.util.Optional;

/** Kiln's activations as ONNX operators. */
final class Activations {
  private Activations() {}

  /** {@code value} through {@code kind}; the value itself for a linear layer. */
  static String apply(ActivationKind kind, double alpha, String value, String hint, OnnxGraph graph) {
    List<String> x = List.of(value);
    return switch (kind) {
      case LINEAR -> value;
      case SIGMOID -> graph.node("Sigmoid", hint, x);
      case TANH -> graph.node("Tanh", hint, x);
      case RELU -> graph.node("Relu", hint, x);
      case LEAKY_RELU -> graph.node("LeakyRelu", hint, x, Attr.of("alpha", (float) alpha));
      case SOFTMAX -> graph.node("Softmax", hint, x, Attr.of("axis", -1));
    };
  }

  /** The name the recurrent operators (LSTM, GRU, RNN) give {@code kind} in their {@code activations}. */
  static String recurrentName(ActivationKind kind) {
    return switch (kind) {
      case LINEAR -> "Affine";     // alpha 1, beta 0: the identity
      case SIGMOID -> "Sigmoid";
      case TANH -> "Tanh";
      case RELU -> "Relu";
      case LEAKY_RELU -> "LeakyRelu";
      case SOFTMAX -> throw new IllegalArgumentException("a recurrent layer has no softmax activation");
    };
  }

  /** The {@code activation_alpha} of {@code kind} in a recurrent operator, if it takes one: Affine's scale, LeakyRelu's slope. */
  static Optional<Float> recurrentAlpha(ActivationKind kind, double alpha) {
    return switch (kind) {
      case LINEAR -> Optional.of(1f);
      case LEAKY_RELU -> Optional.of((float) alpha);
      default -> Optional.empty();
    };
  }

  /** The {@code activation_beta} of {@code kind} in a recurrent operator, if it takes one: Affine's shift. */
  static Optional<Float> recurrentBeta(ActivationKind kind) {
    return kind == ActivationKind.LINEAR ? Optional.of(0f) : Optional.empty();
  }
}
