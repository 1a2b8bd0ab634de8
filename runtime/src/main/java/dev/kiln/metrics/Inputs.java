package dev.kiln.metrics;

import dev.kiln.CompiledModel;
import dev.kiln.KilnException;
import dev.kiln.data.Dataset;
import dev.kiln.engine.ModelSpec;
import dev.kiln.engine.NodeSpec;
import java.util.Arrays;
import java.util.List;

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
    checkPresent(model, data);
    List<NodeSpec> heads = model.spec().outputs();
    if (heads.size() > 1) {
      String first = heads.get(0).name();
      throw new KilnException(model.spec().simpleName() + " has " + heads.size() + " outputs ("
          + String.join(", ", heads.stream().map(NodeSpec::name).toList()) + "); name the one to report, e.g."
          + " Classification.of(model, data, \"" + first + "\") or Regression.of(model, data, \"" + first + "\")");
    }
    return predictAll(model, data);
  }

  /**
   * One output of a model of several: its columns of predict's rows and of the data's label rows.
   *
   * @param labels the output's labels, {@code labelWidth} values per sample
   */
  record OutputColumns(NodeSpec node, float[][] predictions, float[] labels, int labelWidth) {}

  /** Predicts {@code data} and picks output {@code name}'s predictions and labels. */
  static OutputColumns output(CompiledModel model, Dataset data, String name) {
    checkPresent(model, data);
    ModelSpec spec = model.spec();
    List<NodeSpec> heads = spec.outputs();
    List<String> names = heads.stream().map(NodeSpec::name).toList();
    if (!names.contains(name)) {
      throw new KilnException(spec.simpleName() + " has no output '" + name + "'; its outputs are "
          + (heads.isEmpty() ? "its last layer only (use the report without a name)" : String.join(", ", names)));
    }
    if (data.labelWidth() != spec.labelWidth()) {
      throw new KilnException("the labels have " + data.labelWidth() + " values per sample, but " + spec.simpleName()
          + "'s outputs' labels take " + spec.labelWidth() + " side by side; make the data set with "
          + spec.simpleName() + "Compiled.dataset(...), one labels argument per output");
    }
    NodeSpec node = heads.get(names.indexOf(name));
    int column = 0;
    for (NodeSpec head : heads.subList(0, names.indexOf(name))) {
      column += head.outputs();
    }
    float[][] all = predictAll(model, data);
    float[][] predictions = new float[all.length][];
    for (int s = 0; s < all.length; s++) {
      predictions[s] = Arrays.copyOfRange(all[s], column, column + node.outputs());
    }
    int width = node.output().labelWidth(node.units());
    float[] labels = new float[data.size() * width];
    for (int s = 0; s < data.size(); s++) {
      System.arraycopy(data.labels(), s * spec.labelWidth() + node.output().labelColumn(), labels, s * width, width);
    }
    return new OutputColumns(node, predictions, labels, width);
  }

  private static void checkPresent(CompiledModel model, Dataset data) {
    if (model == null || data == null) {
      throw new KilnException("model and data must not be null");
    }
    if (data.size() == 0) {
      throw new KilnException("the data set is empty; metrics need at least one sample");
    }
  }

  private static float[][] predictAll(CompiledModel model, Dataset data) {
    int inputWidth = model.spec().inputWidth();
    int width = data.featureWidth();
    if (width != inputWidth) {
      throw new KilnException("the data has " + width + " features per sample, but " + model.spec().simpleName()
          + " takes " + inputWidth + "; reshape or select the features to match");
    }
    float[] features = data.features();
    float[][] samples = new float[data.size()][];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = Arrays.copyOfRange(features, i * width, (i + 1) * width);
    }
    float[][] outputs = model.predict(samples);
    checkSameLength(outputs.length, samples.length, "prediction", "samples");
    return outputs;
  }
}
