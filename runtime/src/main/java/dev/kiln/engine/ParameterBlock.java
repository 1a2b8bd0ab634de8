package dev.kiln.engine;

import java.util.Arrays;

/**
 * One named array of a layer's parameters as the processor laid it out, in the order the device
 * stores them: Dense's {@code kernel [inputs][units]}, then {@code bias [units]}.
 *
 * @param name Keras's name for it: kernel, bias, gamma, beta, moving_mean, moving_variance
 * @param init how it starts
 * @param decays whether L2 weight decay applies to it
 * @param shape its dimensions, row-major
 */
public record ParameterBlock(String name, Init init, boolean decays, int[] shape) {
  /** How a block is initialised, as Keras initialises it. */
  public enum Init {
    /** uniform in +-sqrt(6 / (fan in + fan out)) */
    GLOROT_UNIFORM,
    /** uniform in +-sqrt(6 / fan in), for ReLU layers */
    HE_UNIFORM,
    ZEROS,
    ONES,
    /** uniform in +-0.05, as Keras starts embeddings */
    UNIFORM,
    /** a random matrix with orthonormal rows (or columns, if it has fewer): Keras's recurrent kernels */
    ORTHOGONAL,
    /** an LSTM's bias, {@code [4 units]}: 1 for the forget gate's quarter, 0 elsewhere (Keras's unit_forget_bias) */
    UNIT_FORGET_BIAS
  }

  public ParameterBlock {
    shape = shape.clone();
  }

  public int size() {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  /** Inputs that reach one output, as Keras counts them: {@code shape[0]}, or the window times the input channels. */
  int fanIn() {
    return shape.length < 2 ? shape[0] : window() * shape[shape.length - 2];
  }

  /** Outputs one input reaches: the last dimension, times the window for a convolution's kernel. */
  int fanOut() {
    return window() * shape[shape.length - 1];
  }

  /** A convolution kernel's window (its dimensions before the last two), 1 for a matrix. */
  private int window() {
    int window = 1;
    for (int d = 0; d < shape.length - 2; d++) {
      window *= shape[d];
    }
    return window;
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParameterBlock b && name.equals(b.name) && init == b.init && decays == b.decays
        && Arrays.equals(shape, b.shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
