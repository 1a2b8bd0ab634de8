package dev.kiln.annotations;

/** The non-linearities a layer can end with. */
public enum ActivationKind {
  /** {@code f(x) = x}. */
  LINEAR,
  /** {@code f(x) = 1 / (1 + e^-x)}. */
  SIGMOID,
  /** {@code f(x) = tanh(x)}. */
  TANH,
  /** {@code f(x) = max(0, x)}. */
  RELU,
  /** {@code f(x) = x > 0 ? x : alpha * x}. */
  LEAKY_RELU,
  /** {@code f(x)_i = e^x_i / sum_j e^x_j}; only on the last layer, before a categorical loss. */
  SOFTMAX
}
