package dev.kiln.engine;

import dev.kiln.KilnException;
import dev.kiln.annotations.Loss;
import dev.kiln.data.Dataset;

/**
 * Checks data against the compiled model before any kernel runs, so bad input is a clear error and
 * the weights stay as they were.
 */
final class DataChecks {
  private final ModelSpec spec;

  DataChecks(ModelSpec spec) {
    this.spec = spec;
  }

  int batchSize(int requested) {
    if (requested > spec.batch()) {
      throw new KilnException("batchSize " + requested + " is larger than the batch " + spec.simpleName()
          + " is compiled for (" + spec.batch() + "); train with batchSize <= " + spec.batch()
          + " or compile with @Model(batch = " + requested + ")");
    }
    return requested == 0 ? spec.batch() : requested;
  }

  void check(Dataset data, String role) {
    if (data.size() == 0) {
      throw new KilnException("the " + role + " data set is empty");
    }
    if (data.featureWidth() != spec.inputWidth()) {
      throw new KilnException("the " + role + " data has " + data.featureWidth() + " features per sample, but "
          + spec.simpleName() + " takes input " + java.util.Arrays.toString(spec.inputShape()) + " ("
          + spec.inputWidth() + " values); reshape or select the features to match");
    }
    data.validate();
    checkLabels(data, role);
  }

  private void checkLabels(Dataset data, String role) {
    int units = spec.output().units();
    Loss loss = spec.loss();
    float[] labels = data.labels();
    int width = data.labelWidth();
    if (loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY) {
      expectWidth(width, 1, role, "one integer class per sample");
      for (int s = 0; s < data.size(); s++) {
        float c = labels[s];
        if (c != Math.rint(c) || c < 0 || c >= units) {
          throw new KilnException("sample " + s + " of the " + role + " data has label " + c + ", but "
              + spec.simpleName() + " has " + units + " classes: labels must be integers 0.." + (units - 1));
        }
      }
    } else if (loss == Loss.CATEGORICAL_CROSS_ENTROPY) {
      expectWidth(width, units, role, "a one-hot row of " + units + " values (Dataset.oneHot() makes one)");
    } else if (loss == Loss.BINARY_CROSS_ENTROPY) {
      expectWidth(width, units, role, "0 or 1 per output");
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] > 1) {
          throw new KilnException("sample " + i / width + " of the " + role + " data has label " + labels[i]
              + ", but binary cross-entropy needs labels between 0 and 1");
        }
      }
    } else {
      expectWidth(width, units, role, units + " target value" + (units == 1 ? "" : "s"));
    }
  }

  private void expectWidth(int width, int expected, String role, String what) {
    if (width != expected) {
      throw new KilnException("the " + role + " labels have " + width + " value" + (width == 1 ? "" : "s")
          + " per sample, but " + spec.simpleName() + " with loss " + spec.loss() + " needs " + what);
    }
  }

  void checkSample(float[] sample, int index) {
    if (sample.length != spec.inputWidth()) {
      throw new KilnException("sample " + index + " has " + sample.length + " values, but " + spec.simpleName()
          + " takes " + spec.inputWidth());
    }
    for (int i = 0; i < sample.length; i++) {
      if (!Float.isFinite(sample[i])) {
        throw new KilnException("sample " + index + " has " + sample[i] + " at position " + i
            + "; inputs must be finite numbers");
      }
    }
  }

  void checkParameters(int layer, double[] parameters) {
    NodeSpec spec = this.spec.layers().get(layer);
    if (parameters.length != spec.parameterCount()) {
      throw new KilnException("layer '" + spec.name() + "' has " + spec.parameterCount() + " parameters, got "
          + parameters.length);
    }
    for (int k = 0; k < parameters.length; k++) {
      if (!Double.isFinite(parameters[k])) {
        throw new KilnException("parameter " + k + " of layer '" + spec.name() + "' would be " + parameters[k]
            + "; parameters must be finite");
      }
    }
  }
}
