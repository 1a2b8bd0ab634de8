package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;

/**
 * A long short-term memory layer over a sequence, with Keras's semantics:
 * {@code @Layer(units = 64) LSTM lstm;} gives the last step's output (units), or with
 * {@code returnSequences = true} every step's, (steps, units). After the model is opened the field
 * holds this live handle to its weights, laid out as Keras lays them out (gates in the order input,
 * forget, candidate, output), so they can be exchanged with Keras's {@code get_weights()}.
 */
public final class LSTM extends ParameterizedLayer {
  private static final int GATES = 4;

  /** Made when a model is opened. */
  public LSTM(NodeSpec spec, ParameterStore store) {
    super(spec, store);
  }

  public int units() {
    return spec.units();
  }

  /** Values per step it reads. */
  public int features() {
    return spec.parameters().get(0).shape()[0];
  }

  /** A copy of the input kernel, {@code [features][4 units]}. */
  public float[][] kernel() {
    return block("kernel", features());
  }

  /** A copy of the recurrent kernel, {@code [units][4 units]}. */
  public float[][] recurrentKernel() {
    return block("recurrent_kernel", units());
  }

  /** A copy of the bias, {@code [4 units]}. */
  public float[] bias() {
    return block("bias", 1)[0];
  }

  /** Replaces the input kernel; {@code kernel} must be {@code [features][4 units]}. */
  public void setKernel(float[][] kernel) {
    setBlock("kernel", kernel);
  }

  /** Replaces the recurrent kernel; {@code kernel} must be {@code [units][4 units]}. */
  public void setRecurrentKernel(float[][] kernel) {
    setBlock("recurrent_kernel", kernel);
  }

  /** Replaces the bias; {@code bias} must have {@code 4 units} values. */
  public void setBias(float[] bias) {
    setBlock("bias", new float[][] {bias});
  }

  private float[][] block(String name, int rows) {
    double[] params = parameters();
    int offset = spec.offsetOf(name);
    float[][] values = new float[rows][GATES * units()];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < values[r].length; c++) {
        values[r][c] = (float) params[offset + r * values[r].length + c];
      }
    }
    return values;
  }

  private void setBlock(String name, float[][] values) {
    int rows = name.equals("kernel") ? features() : name.equals("bias") ? 1 : units();
    int cols = GATES * units();
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
    return name() + " (LSTM " + features() + " -> " + units() + ")";
  }
}
