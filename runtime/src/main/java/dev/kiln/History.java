package dev.kiln;

import dev.kiln.plot.HistoryChart;
import java.nio.file.Path;
import java.util.List;

/** What {@code fit} saw, epoch by epoch. */
public record History(String metricName, List<Epoch> epochs) {
  /**
   * One epoch's figures; the validation ones are NaN when there was no validation data.
   *
   * @param seconds wall time of the epoch, its validation included; when epochs are queued back to
   *     back, the mean over the group of epochs the host waited for together
   */
  public record Epoch(int number, double loss, double metric, double validationLoss, double validationMetric,
                      double seconds, int samples) {}

  public History {
    epochs = List.copyOf(epochs);
  }

  public Epoch last() {
    return epochs.get(epochs.size() - 1);
  }

  public List<Double> loss() {
    return epochs.stream().map(Epoch::loss).toList();
  }

  public List<Double> validationLoss() {
    return epochs.stream().map(Epoch::validationLoss).toList();
  }

  public List<Double> metric() {
    return epochs.stream().map(Epoch::metric).toList();
  }

  public List<Double> validationMetric() {
    return epochs.stream().map(Epoch::validationMetric).toList();
  }

  /** Draws loss and metric per epoch, training and validation, to a PNG file. */
  public void plot(Path png) {
    HistoryChart.writePng(this, png);
  }
}
