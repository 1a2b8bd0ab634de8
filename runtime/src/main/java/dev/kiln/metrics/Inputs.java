package dev.kiln.metrics;

import dev.kiln.CompiledModel;
import dev.kiln.KilnException;
import dev.kiln.data.Dataset;

/** Input checks and model predictions shared by the metric classes. */
final class Inputs {
  private Inputs() {}

  /**
   * Checks that {@code rows} is a non-empty, rectangular matrix of finite values and returns its width.
   *
   * @param what how the error messages name the rows, e.g. "probabilities"
   */
  static int checkMatrix(float[][] rows, String what) {
    if (rows == null) {
      throw new KilnException(what + " is null; pass one row per sample");
    }
    if (rows.length == 0) {
      throw new KilnException(what + " has no rows; metrics need at least one sample");
    }
    if (rows[0] == null || rows[0].length == 0) {
      throw new KilnException(what + " row 0 is empty; every row needs at least one value");
    }
    int width = rows[0].length;
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != width) {
        throw new KilnException(what + " row " + i + " has " + (rows[i] == null ? "no" : rows[i].length)
            + " values but row 0 has " + width + "; every row needs the same width");
      }
      for (int j = 0; j < width; j++) {
        if (!Float.isFinite(rows[i][j])) {
          throw new KilnException(what + " row " + i + " has " + rows[i][j] + " at column " + j
              + "; metrics need finite values (a NaN usually means training diverged: lower the learning rate)");
        }
      }
    }
    return width;
  }

  /** Checks that {@code predictions} and {@code truth} describe the same number of samples. */
  static void checkSameLength(int predictions, int truth, String predictionName, String truthName) {
    if (predictions != truth) {
      throw new KilnException(predictions + " " + predictionName + " rows but " + truth + " " + truthName
          + "; give exactly one " + truthName + " entry per sample, in the same order");
    }
  }

  /** The model's output for every sample of {@code data}, one row each. */
  static float[][] predict(CompiledModel model, Dataset data) {
    if (model == null || data == null) {
      throw new KilnException("model and data must not be null");
    }
    if (data.size() == 0) {
      throw new KilnException("the data set is empty; metrics need at least one sample");
    }
    var heads = model.spec().outputs();
    if (heads.size() > 1) {
      throw new KilnException(model.spec().simpleName() + " has " + heads.size() + " outputs ("
          + String.join(", ", heads.stream().map(o -> o.name()).toList()) + "); these reports take a model of one:"
          + " pass the columns of one output from predict to Classification.of(probabilities, labels) or"
          + " Regression.of(predictions, targets)");
    }
    int inputWidth = model.spec().inputWidth();
    int width = data.featureWidth();
    if (width != inputWidth) {
      throw new KilnException("the data has " + width + " features per sample, but " + model.spec().simpleName()
          + " takes " + inputWidth + "; reshape or select the features to match");
    }
    float[] features = data.features();
    float[][] samples = new float[data.size()][];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = java.util.Arrays.copyOfRange(features, i * width, (i + 1) * width);
    }
    float[][] outputs = model.predict(samples);
    checkSameLength(outputs.length, samples.length, "prediction", "samples");
    return outputs;
  }
}
