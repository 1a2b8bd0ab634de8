package dev.kiln.processor.ir;

import java.util.Arrays;

/**
 * One named array of a layer's parameters, in the order the device stores them: Dense's
 * {@code kernel [inputs][units]} then {@code bias [units]}, for instance.
 *
 * @param name Keras's name for it: kernel, bias, gamma, beta, moving_mean, moving_variance, embeddings
 * @param shape its dimensions, row-major
 * @param init how it starts
 * @param decays whether L2 weight decay applies to it (kernels only)
 */
public record ParameterBlock(String name, int[] shape, Init init, boolean decays) {
  /** How a block is initialised, as Keras initialises it. */
  public enum Init {
    GLOROT_UNIFORM, HE_UNIFORM, ZEROS, ONES,
    /** uniform in +-0.05: Keras's embeddings */
    UNIFORM,
    /** a random matrix with orthonormal rows or columns: Keras's recurrent kernels */
    ORTHOGONAL,
    /** an LSTM's bias: 1 for the forget gate's quarter, 0 elsewhere (Keras's unit_forget_bias) */
    UNIT_FORGET_BIAS
  }

  public long size() {
    return Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParameterBlock b && name.equals(b.name) && Arrays.equals(shape, b.shape)
        && init == b.init && decays == b.decays;
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
