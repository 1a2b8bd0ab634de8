package dev.kiln.metrics;

import dev.kiln.CompiledModel;
import dev.kiln.KilnException;
import dev.kiln.data.Dataset;
import dev.kiln.engine.ModelSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * Regression metrics of predictions against targets, with scikit-learn semantics: each metric is
 * computed per output column and then averaged uniformly over the outputs
 * ({@code multioutput="uniform_average"}). With {@code n} samples, predictions {@code p} and targets
 * {@code y}. The object is immutable.
 */
public final class Regression {
  private final int samples;
  private final double[] mae;
  private final double[] mse;
  private final double[] r2; // NaN per output when samples < 2

  private Regression(double[] mae, double[] mse, double[] r2, int samples) {
    this.mae = mae;
    this.mse = mse;
    this.r2 = r2;
    this.samples = samples;
  }

  /**
   * Metrics of {@code predictions} against {@code targets}, both one row per sample with one column per
   * output.
   *
   * @throws KilnException for empty or ragged input, different shapes, or non-finite values
   */
  public static Regression of(float[][] predictions, float[][] targets) {
    int width = Inputs.checkMatrix(predictions, "predictions");
    int targetWidth = Inputs.checkMatrix(targets, "targets");
    Inputs.checkSameLength(predictions.length, targets.length, "prediction", "targets");
    if (width != targetWidth) {
      throw new KilnException("predictions have " + width + " outputs per sample but targets have " + targetWidth
          + "; give one target per model output");
    }
    int n = predictions.length;
    double[] mae = new double[width];
    double[] mse = new double[width];
    double[] r2 = new double[width];
    for (int j = 0; j < width; j++) {
      double mean = 0;
      for (float[] row : targets) {
        mean += row[j];
      }
      mean /= n;
      double absolute = 0;
      double squared = 0;
      double total = 0;
      for (int i = 0; i < n; i++) {
        double error = (double) targets[i][j] - predictions[i][j];
        absolute += Math.abs(error);
        squared += error * error;
        total += (targets[i][j] - mean) * (targets[i][j] - mean);
      }
      mae[j] = absolute / n;
      mse[j] = squared / n;
      r2[j] = n < 2 ? Double.NaN : total == 0 ? (squared == 0 ? 1 : 0) : 1 - squared / total;
    }
    return new Regression(mae, mse, r2, n);
  }

  /**
   * Predicts every sample of {@code data} with {@code model} and compares with the data's dense targets.
   *
   * @throws KilnException for a classification model, class labels, empty data, or targets whose width
   *     differs from the model's outputs
   */
  public static Regression of(CompiledModel model, Dataset data) {
    ModelSpec spec = model.spec();
    if (spec.isClassifier()) {
      throw new KilnException(spec.simpleName() + " is a classifier (loss " + spec.loss()
          + "); use Classification.of(model, data) for its metrics");
    }
    int outputs = spec.output().units();
    if (data.hasClassLabels() || data.labelWidth() != outputs) {
      throw new KilnException("the data has " + (data.hasClassLabels() ? "integer class labels" : data.labelWidth()
          + " target values per sample") + ", but " + spec.simpleName() + " predicts " + outputs + " value"
          + (outputs == 1 ? "" : "s") + "; give one dense target per output (Dataset.of(features, targets))");
    }
    return of(Inputs.predict(model, data), rows(data.labels(), outputs));
  }

  /**
   * The same for output {@code output} (its field name) of a model of several outputs: its columns of
   * the predictions against its targets in the data set that the model's {@code dataset(...)} made.
   *
   * @throws KilnException for an output that is not one, or one trained as a classifier
   */
  public static Regression of(CompiledModel model, Dataset data, String output) {
    Inputs.OutputColumns o = Inputs.output(model, data, output);
    if (o.node().output().metricName().equals("accuracy")) {
      throw new KilnException("output '" + output + "' of " + model.spec().simpleName() + " is a classifier (loss "
          + o.node().output().loss() + "); use Classification.of(model, data, \"" + output + "\") for its metrics");
    }
    return of(o.predictions(), rows(o.labels(), o.labelWidth()));
  }

  private static float[][] rows(float[] flat, int width) {
    float[][] rows = new float[flat.length / width][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return rows;
  }

  /** The number of samples. */
  public int samples() {
    return samples;
  }

  /** The number of outputs (columns) per sample. */
  public int outputs() {
    return mae.length;
  }

  /** Mean absolute error: {@code (1/m) sum_j (1/n) sum_i |y_ij - p_ij|}. */
  public double mae() {
    return mean(mae);
  }

  /** Mean squared error: {@code (1/m) sum_j (1/n) sum_i (y_ij - p_ij)^2}. */
  public double mse() {
    return mean(mse);
  }

  /**
   * Root mean squared error per output, averaged over the outputs as scikit-learn's
   * {@code root_mean_squared_error}: {@code (1/m) sum_j sqrt(mse_j)}. For one output this is
   * {@code sqrt(mse())}; for several it can be smaller.
   */
  public double rmse() {
    double sum = 0;
    for (double value : mse) {
      sum += Math.sqrt(value);
    }
    return sum / mse.length;
  }

  /**
   * Coefficient of determination {@code R^2_j = 1 - SS_res / SS_tot}, with {@code SS_res = sum_i (y_ij -
   * p_ij)^2} and {@code SS_tot = sum_i (y_ij - mean_j(y))^2}, averaged over the outputs. A perfect
   * prediction scores 1, predicting the mean scores 0. For a constant target ({@code SS_tot = 0}) an
   * output scores 1 if predicted exactly, else 0 (scikit-learn's {@code force_finite=True}).
   *
   * @throws KilnException with fewer than two samples, where R² is not defined
   */
  public double r2() {
    if (samples < 2) {
      throw new KilnException("R^2 needs at least 2 samples, got " + samples + "; evaluate on more data");
    }
    return mean(r2);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }

  /** A short summary: samples, MAE, MSE, RMSE and R² ("n/a" with fewer than two samples). */
  @Override
  public String toString() {
    String r2Text = samples < 2 ? "n/a" : String.format(Locale.ROOT, "%.4f", r2());
    return String.format(Locale.ROOT, "Regression[%d samples, %d output%s: MAE %.4f, MSE %.4f, RMSE %.4f, R2 %s]",
        samples, outputs(), outputs() == 1 ? "" : "s", mae(), mse(), rmse(), r2Text);
  }
}
