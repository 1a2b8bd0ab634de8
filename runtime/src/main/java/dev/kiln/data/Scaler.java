package dev.kiln.data;

import dev.kiln.KilnException;
import java.util.Arrays;

/**
 * Per-feature scaling {@code x' = (x - offset) / scale}, fitted on training data and applied to any
 * data with the same feature width (validation, test, single samples at prediction time). Fit on the
 * training split only, so nothing about the held-out data leaks into the model. Immutable.
 */
public final class Scaler {
  private final double[] offsets;
  private final double[] scales;

  private Scaler(double[] offsets, double[] scales) {
    this.offsets = offsets;
    this.scales = scales;
  }

  /**
   * Standardisation: each feature column to mean 0 and standard deviation 1 over {@code train}, using the
   * population standard deviation (divide by n, as scikit-learn's StandardScaler). A constant column is
   * only centred (scale 1), so it becomes 0 rather than NaN.
   */
  public static Scaler standardize(Dataset train) {
    int width = train.featureWidth();
    float[] x = nonEmpty(train, "standardize").features();
    int n = train.size();
    double[] mean = new double[width];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) {
        mean[j] += x[i * width + j];
      }
    }
    for (int j = 0; j < width; j++) {
      mean[j] /= n;
    }
    // Second pass over the deviations: summing x^2 - mean^2 cancels badly when the mean is large.
    double[] std = new double[width];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) {
        double deviation = x[i * width + j] - mean[j];
        std[j] += deviation * deviation;
      }
    }
    for (int j = 0; j < width; j++) {
      std[j] = Math.sqrt(std[j] / n);
      if (std[j] == 0) {
        std[j] = 1;
      }
    }
    return leavingIndices(train, new Scaler(mean, std));
  }

  /** Min-max scaling: each feature column of {@code train} to [0, 1]; a constant column becomes 0. */
  public static Scaler minMax(Dataset train) {
    int width = train.featureWidth();
    float[] x = nonEmpty(train, "minMax").features();
    double[] min = new double[width];
    double[] max = new double[width];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < train.size(); i++) {
      for (int j = 0; j < width; j++) {
        min[j] = Math.min(min[j], x[i * width + j]);
        max[j] = Math.max(max[j], x[i * width + j]);
      }
    }
    double[] range = new double[width];
    for (int j = 0; j < width; j++) {
      range[j] = max[j] > min[j] ? max[j] - min[j] : 1;
    }
    return leavingIndices(train, new Scaler(min, range));
  }

  /** {@code scaler} with the columns of {@code train}'s index inputs left as they are: indices are no quantities. */
  private static Scaler leavingIndices(Dataset train, Scaler scaler) {
    int column = 0;
    for (Dataset.Input input : train.inputs()) {
      if (input.indices()) {
        Arrays.fill(scaler.offsets, column, column + input.width(), 0);
        Arrays.fill(scaler.scales, column, column + input.width(), 1);
      }
      column += input.width();
    }
    return scaler;
  }

  /** A scaler from saved offsets and scales (see {@link #offsets()} and {@link #scales()}). */
  public static Scaler of(double[] offsets, double[] scales) {
    if (offsets.length != scales.length) {
      throw new KilnException("Scaler.of: " + offsets.length + " offsets but " + scales.length + " scales; give one of each per feature");
    }
    for (int j = 0; j < scales.length; j++) {
      if (!Double.isFinite(offsets[j]) || !Double.isFinite(scales[j]) || scales[j] == 0) {
        throw new KilnException("Scaler.of: feature " + j + " has offset " + offsets[j] + " and scale " + scales[j]
            + "; both must be finite and the scale non-zero");
      }
    }
    return new Scaler(offsets.clone(), scales.clone());
  }

  /**
   * One sample, scaled into a new array.
   *
   * @throws KilnException when a finite value scales to one a float cannot hold (an infinity)
   */
  public float[] apply(float[] oneSample) {
    checkWidth(oneSample.length, "the sample");
    float[] scaled = new float[oneSample.length];
    for (int j = 0; j < oneSample.length; j++) {
      scaled[j] = scale(oneSample[j], j, "the sample");
    }
    return scaled;
  }

  /**
   * Every sample of {@code data} scaled, labels unchanged.
   *
   * @throws KilnException when a finite value scales to one a float cannot hold (an infinity)
   */
  public Dataset apply(Dataset data) {
    int width = data.featureWidth();
    checkWidth(width, "the data set");
    float[] x = data.features();
    float[] scaled = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      scaled[i] = scale(x[i], i % width, "sample " + i / width);
    }
    return data.withFeatures(scaled);
  }

  private float scale(float value, int feature, String where) {
    float scaled = (float) ((value - offsets[feature]) / scales[feature]);
    if (Float.isInfinite(scaled) && Float.isFinite(value)) {
      throw new KilnException(where + " has " + value + " in feature " + feature + ", which this scaler (offset "
          + offsets[feature] + ", scale " + scales[feature] + ") turns into " + scaled + "; fit the scaler on data"
          + " like this (Scaler.standardize(train)), or clip the inputs");
    }
    return scaled;
  }

  /** The value subtracted from each feature column (a copy). */
  public double[] offsets() {
    return offsets.clone();
  }

  /** The value each centred feature column is divided by (a copy). */
  public double[] scales() {
    return scales.clone();
  }

  @Override
  public String toString() {
    return "Scaler[" + offsets.length + " features]";
  }

  private void checkWidth(int width, String what) {
    if (width != offsets.length) {
      throw new KilnException("this Scaler was fitted on " + offsets.length + " features but " + what + " has " + width
          + "; scale data with the same columns as the training data");
    }
  }

  private static Dataset nonEmpty(Dataset train, String method) {
    if (train.size() == 0) {
      throw new KilnException("Scaler." + method + " needs at least one sample to fit on; the data set is empty");
    }
    return train;
  }
}
