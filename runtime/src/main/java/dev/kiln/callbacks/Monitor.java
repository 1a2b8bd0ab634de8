package dev.kiln.callbacks;

import dev.kiln.History;
import dev.kiln.KilnException;
import java.util.Set;

/**
 * A figure of an epoch by its Keras name: "loss", "val_loss", the metric ("accuracy" or "mae") and
 * "val_" + the metric; and whether lower is better for it.
 */
record Monitor(String name) {
  private static final Set<String> LOSSES = Set.of("loss", "val_loss");

  double value(History.Epoch epoch, String metricName) {
    return switch (name) {
      case "loss" -> epoch.loss();
      case "val_loss" -> epoch.validationLoss();
      default -> {
        if (name.equals(metricName)) {
          yield epoch.metric();
        }
        if (name.equals("val_" + metricName)) {
          yield epoch.validationMetric();
        }
        throw new KilnException("cannot monitor '" + name + "': this model reports loss, val_loss, " + metricName
            + " and val_" + metricName);
      }
    };
  }

  /** Losses and errors fall when training goes well; accuracy rises. */
  boolean lowerIsBetter() {
    return LOSSES.contains(name) || name.endsWith("mae");
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
