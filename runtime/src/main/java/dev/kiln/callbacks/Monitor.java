package dev.kiln.callbacks;

import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.TrainingControl;
import java.util.List;
import java.util.Map;

/**
 * A figure of an epoch by its Keras name: "loss", "val_loss", the metric ("accuracy" or "mae") and
 * "val_" + the metric, or an output's ("species_loss", "val_species_accuracy"); and whether lower
 * is better for it.
 */
record Monitor(String name) {
  /** Refuses, before training starts, a name the model does not report. */
  void check(TrainingControl training) {
    List<String> names = training.figureNames();
    if (!names.contains(name)) {
      throw new KilnException("cannot monitor '" + name + "': this model reports " + String.join(", ", names));
    }
  }

  double value(History.Epoch epoch, String metricName) {
    Map<String, Double> figures = epoch.figures(metricName);
    Double value = figures.get(name);
    if (value == null) {
      throw new KilnException("cannot monitor '" + name + "': this model reports "
          + String.join(", ", figures.keySet()));
    }
    return value;
  }

  /** Losses and errors fall when training goes well; accuracy rises. */
  boolean lowerIsBetter() {
    return name.endsWith("loss") || name.endsWith("mae");
  }

  /** The value every real one improves on: where a watch starts. */
  double worst() {
    return lowerIsBetter() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** Whether {@code value} beats {@code best} by more than {@code minDelta}. */
  boolean improves(double value, double best, double minDelta) {
    return lowerIsBetter() ? value < best - minDelta : value > best + minDelta;
  }
}
