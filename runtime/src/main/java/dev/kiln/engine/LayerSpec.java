package dev.kiln.engine;

import dev.kiln.annotations.ActivationKind;

/**
 * One layer as compiled.
 *
 * @param inputs values per sample flowing in
 * @param units values per sample flowing out
 * @param alpha negative slope of a leaky ReLU
 * @param dropout the fraction of this layer's outputs dropped in training by the Dropout field after it, or 0
 * @param dropoutName that Dropout field's name, or null
 */
public record LayerSpec(String name, String type, int inputs, int units, boolean bias, ActivationKind activation,
                        double alpha, double dropout, String dropoutName) {

  LayerSpec withDropout(String field, double rate) {
    return new LayerSpec(name, type, inputs, units, bias, activation, alpha, rate, field);
  }

  /** Rows of the parameter matrix: one per input, then the bias row. */
  public int parameterRows() {
    return inputs + (bias ? 1 : 0);
  }

  /** Weights then biases, as stored on the device: row-major [inputs][units], then [units]. */
  public int parameterCount() {
    return parameterRows() * units;
  }

  public int weightCount() {
    return inputs * units;
  }
}
