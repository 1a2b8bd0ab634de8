package dev.kiln.callbacks;

import dev.kiln.Callback;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.TrainingControl;

/**
 * Multiplies the learning rate by {@code factor} when a monitored figure has not improved for
 * {@code patience} epochs, never going below {@code minimum}; as Keras's ReduceLROnPlateau.
 */
public final class ReduceLearningRateOnPlateau implements Callback {
  private final Monitor monitor;
  private final double factor;
  private final int patience;
  private final double minimum;
  private double best;
  private int wait;

  private ReduceLearningRateOnPlateau(Monitor monitor, double factor, int patience, double minimum) {
    if (!(factor > 0 && factor < 1)) {
      throw new KilnException("factor = " + factor + ", but it must be between 0 and 1");
    }
    this.monitor = monitor;
    this.factor = factor;
    this.patience = patience;
    this.minimum = minimum;
  }

  /** Watches {@code figure} ("val_loss", "loss", ...); halves the rate after 10 flat epochs by default. */
  public static ReduceLearningRateOnPlateau monitor(String figure) {
    return new ReduceLearningRateOnPlateau(new Monitor(figure), 0.5, 10, 0);
  }

  public ReduceLearningRateOnPlateau factor(double factor) {
    return new ReduceLearningRateOnPlateau(monitor, factor, patience, minimum);
  }

  public ReduceLearningRateOnPlateau patience(int epochs) {
    if (epochs < 0) {
      throw new KilnException("patience = " + epochs + ", but it must be 0 or more epochs");
    }
    return new ReduceLearningRateOnPlateau(monitor, factor, epochs, minimum);
  }

  public ReduceLearningRateOnPlateau minimum(double rate) {
    return new ReduceLearningRateOnPlateau(monitor, factor, patience, rate);
  }

  @Override
  public void onTrainBegin(TrainingControl training) {
    monitor.check(training);
    best = monitor.worst();
    wait = 0;
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, TrainingControl training) {
    double value = monitor.value(epoch, training.metricName());
    if (monitor.improves(value, best, 0)) {
      best = value;
      wait = 0;
    } else if (++wait > patience) {
      training.setLearningRate(Math.max(minimum, training.learningRate() * factor));
      wait = 0;
    }
  }
}
