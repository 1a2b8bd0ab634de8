package dev.kiln.tuning;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The trials of a grid search, best first, and the table that shows them.
 *
 * @param metricName the metric trials are ranked by: accuracy (higher is better) or mae (lower)
 */
public record GridSearchResult(String metricName, List<Trial> trials) {
  /**
   * One combination of settings and its held-out scores.
   *
   * @param learningRate NaN for the optimizer's default
   * @param foldMetrics the metric on each fold (one value for a single split)
   */
  public record Trial(double learningRate, int batchSize, int epochs, double validationLoss, double metric,
                      double[] foldMetrics) {}

  public GridSearchResult {
    trials = List.copyOf(trials);
  }

  public Trial best() {
    return trials.get(0);
  }

  /** A ranked table: rank, settings, validation loss and metric (mean over folds, with their spread). */
  public void print(PrintStream out) {
    out.printf(Locale.ROOT, "%4s  %13s  %10s  %6s  %10s  %12s  %s%n", "rank", "learning_rate", "batch_size", "epochs",
        "val_loss", "val_" + metricName, "per fold");
    int rank = 1;
    for (Trial t : trials) {
      StringBuilder folds = new StringBuilder();
      for (double m : t.foldMetrics()) {
        folds.append(folds.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", m));
      }
      out.printf(Locale.ROOT, "%4d  %13s  %10d  %6d  %10.4f  %12.4f  %s%n", rank++,
          Double.isNaN(t.learningRate()) ? "default" : String.format(Locale.ROOT, "%g", t.learningRate()),
          t.batchSize(), t.epochs(), t.validationLoss(), t.metric(), folds);
    }
  }
}
