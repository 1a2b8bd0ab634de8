package dev.kiln;

/**
 * Loss and metric over a data set.
 *
 * @param metricName "accuracy" for classifiers, "mae" (mean absolute error) for regression
 */
public record Evaluation(double loss, String metricName, double metric, int samples) {
  /** The fraction of samples classified right; only for classifiers. */
  public double accuracy() {
    if (!metricName.equals("accuracy")) {
      throw new KilnException("this model is a regression model; its metric is " + metricName + ", not accuracy");
    }
    return metric;
  }

  @Override
  public String toString() {
    return String.format("loss %.4f, %s %.4f (%d samples)", loss, metricName, metric, samples);
  }
}
