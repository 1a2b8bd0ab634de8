package dev.kiln.layers;

import dev.kiln.KilnException;

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
 * {@code [gamma][beta][running mean][running variance]}, one value per channel each: the order of
 * Keras's {@code get_weights()}, so {@code setParameters} of those four arrays side by side (or
 * each setter below) takes a Keras layer's weights.
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

  /** The scale per channel. */
  public void setGamma(float[] gamma) {
    write(0, gamma, "gamma", false);
  }

  /** The shift per channel. */
  public void setBeta(float[] beta) {
    write(1, beta, "beta", false);
  }

  /** The mean per channel that evaluation and prediction normalise with. */
  public void setRunningMean(float[] mean) {
    write(2, mean, "the running mean", false);
  }

  /** The variance per channel that evaluation and prediction normalise with; not negative. */
  public void setRunningVariance(float[] variance) {
    write(3, variance, "the running variance", true);
  }

  private void write(int part, float[] values, String what, boolean variance) {
    if (values == null || values.length != channels()) {
      throw new KilnException(what + " of '" + name() + "' takes " + channels() + " values, one per channel; got "
          + (values == null ? "null" : values.length));
    }
    double[] all = parameters();
    for (int c = 0; c < values.length; c++) {
      if (!Float.isFinite(values[c]) || variance && values[c] < 0) {
        throw new KilnException(what + " of '" + name() + "' has " + values[c] + " for channel " + c + "; it must be"
            + (variance ? " finite and not negative" : " finite"));
      }
      all[part * channels() + c] = values[c];
    }
    setParameters(all);
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
