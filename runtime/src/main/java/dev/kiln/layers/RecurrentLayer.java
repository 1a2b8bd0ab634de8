package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;

/**
 * What the recurrent layers' handles share: their weights, laid out as Keras lays them out, so they
 * can be exchanged with Keras's {@code get_weights()}: the kernel {@code [features][gates]}, the
 * recurrent kernel {@code [units][gates]} and the bias {@code [gates]} (a reset_after GRU's two), where gates is
 * units times the cell's gate blocks.
 */
abstract class RecurrentLayer extends ParameterizedLayer {
  private final int blocks;

  RecurrentLayer(NodeSpec spec, ParameterStore store, int blocks) {
    super(spec, store);
    this.blocks = blocks;
  }

  public final int units() {
    return spec.units();
  }

  /** Values per step it reads. */
  public final int features() {
    return spec.parameters().get(0).shape()[0];
  }

  /** A copy of the input kernel, {@code [features][gates]}. */
  public float[][] kernel() {
    return block("kernel", features());
  }

  /** A copy of the recurrent kernel, {@code [units][gates]}. */
  public float[][] recurrentKernel() {
    return block("recurrent_kernel", units());
  }

  /**
   * A copy of the bias, {@code [gates]}; a reset_after GRU's two, the input's then the recurrent one's, one after
   * the other ({@code [2 gates]}, Keras's {@code (2, gates)} row-major).
   */
  public float[] bias() {
    float[][] rows = block("bias", biasRows());
    float[] flat = new float[rows.length * rows[0].length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * rows[r].length, rows[r].length);
    }
    return flat;
  }

  /** Replaces the input kernel; {@code kernel} must be {@code [features][gates]}. */
  public void setKernel(float[][] kernel) {
    setBlock("kernel", kernel);
  }

  /** Replaces the recurrent kernel; {@code kernel} must be {@code [units][gates]}. */
  public void setRecurrentKernel(float[][] kernel) {
    setBlock("recurrent_kernel", kernel);
  }

  /** Replaces the bias; {@code bias} must be laid out as {@link #bias()} gives it. */
  public void setBias(float[] bias) {
    int gates = blocks * units();
    if (bias.length != biasRows() * gates) {
      throw new KilnException("the bias of layer '" + name() + "' has " + biasRows() * gates + " values, got "
          + bias.length);
    }
    float[][] rows = new float[biasRows()][gates];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(bias, r * gates, rows[r], 0, gates);
    }
    setBlock("bias", rows);
  }

  /** Rows of the bias: 2 for a reset_after GRU (input and recurrent), else 1. */
  private int biasRows() {
    int[] shape = spec.parameters().get(2).shape();
    return shape.length == 2 ? shape[0] : 1;
  }

  private float[][] block(String name, int rows) {
    double[] params = parameters();
    int offset = spec.offsetOf(name);
    float[][] values = new float[rows][blocks * units()];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < values[r].length; c++) {
        values[r][c] = (float) params[offset + r * values[r].length + c];
      }
    }
    return values;
  }

  private void setBlock(String name, float[][] values) {
    int rows = name.equals("kernel") ? features() : name.equals("bias") ? biasRows() : units();
    int cols = blocks * units();
    if (values.length != rows) {
      throw new KilnException("the " + name + " of layer '" + name() + "' has " + rows + " rows, got " + values.length);
    }
    double[] flat = new double[rows * cols];
    for (int r = 0; r < rows; r++) {
      if (values[r].length != cols) {
        throw new KilnException("the " + name + " of layer '" + name() + "' has " + cols + " values per row, got "
            + values[r].length + (rows > 1 ? " in row " + r : ""));
      }
      for (int c = 0; c < cols; c++) {
        flat[r * cols + c] = values[r][c];
      }
    }
    writeFrom(spec.offsetOf(name), flat);
  }

  @Override
  public String toString() {
    return name() + " (" + spec.type() + " " + features() + " -> " + units() + ")";
  }
}
