package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;
import java.util.Arrays;

/**
 * Batch normalisation: each channel (an image's last axis, or each feature of a row) is normalised
 * to zero mean and unit variance, then scaled by gamma and shifted by beta, {@code y =
 * activation(gamma (x - mean) / sqrt(var + epsilon) + beta)}. In training the mean and variance are
 * the batch's, and running averages of them are kept; evaluation and prediction use the running
 * averages. As a field type it declares the layer ({@code @Layer BatchNormalization norm;}); after
 * the model is opened the field holds this live handle. Its parameters, as stored and saved:
 * {@code [gamma][beta][running mean][running variance]}, one value per channel each.
 */
public final class BatchNormalization extends ParameterizedLayer {
  /** Made by the generated class when a model is opened. */
  public BatchNormalization(NodeSpec spec, ParameterStore store) {
    super(spec, store);
  }

  public int channels() {
    return spec.units();
  }

  public float[] gamma() {
    return slice(0);
  }

  public float[] beta() {
    return slice(1);
  }

  public float[] runningMean() {
    return slice(2);
  }

  public float[] runningVariance() {
    return slice(3);
  }

  private float[] slice(int part) {
    double[] all = parameters();
    float[] values = new float[channels()];
    for (int c = 0; c < values.length; c++) {
      values[c] = (float) all[part * channels() + c];
    }
    return values;
  }

  @Override
  public String toString() {
    return name() + " (BatchNormalization " + Arrays.toString(spec.outputShape()) + ", "
        + spec.activation().name().toLowerCase() + ")";
  }
}
