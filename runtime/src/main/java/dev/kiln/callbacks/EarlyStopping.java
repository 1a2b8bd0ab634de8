package dev.kiln.callbacks;

import dev.kiln.Callback;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.TrainingControl;
import java.util.List;

/**
 * Stops training when a monitored figure has not improved for {@code patience} epochs, as Keras's
 * EarlyStopping: {@code EarlyStopping.monitor("val_loss").patience(3).restoreBestWeights(true)}.
 * An improvement must beat the best so far by more than {@code minDelta}. With restoreBestWeights,
 * the model ends with the weights of its best epoch.
 */
public final class EarlyStopping implements Callback {
  private final Monitor monitor;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBestWeights;
  private double best;
  private int bestEpoch;
  private int wait;
  private List<double[]> bestWeights;
  private int stoppedEpoch;

  private EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBestWeights) {
    this.monitor = monitor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBestWeights = restoreBestWeights;
  }

  /** Watches {@code figure}: "val_loss" (Keras's default), "loss", "accuracy", "val_accuracy", "mae", ... */
  public static EarlyStopping monitor(String figure) {
    return new EarlyStopping(new Monitor(figure), 0, 0, false);
  }

  /** Epochs without improvement to allow before stopping (default 0). */
  public EarlyStopping patience(int epochs) {
    if (epochs < 0) {
      throw new KilnException("patience = " + epochs + ", but it must be 0 or more epochs");
    }
    return new EarlyStopping(monitor, epochs, minDelta, restoreBestWeights);
  }

  /** The smallest change that counts as an improvement (default 0). */
  public EarlyStopping minDelta(double delta) {
    if (!(delta >= 0)) {
      throw new KilnException("minDelta = " + delta + ", but it must be 0 or more");
    }
    return new EarlyStopping(monitor, patience, delta, restoreBestWeights);
  }

  /** Whether to end with the weights of the best epoch rather than the last (default false). */
  public EarlyStopping restoreBestWeights(boolean restore) {
    return new EarlyStopping(monitor, patience, minDelta, restore);
  }

  @Override
  public void onTrainBegin(TrainingControl training) {
    monitor.check(training);
    best = monitor.worst();
    bestEpoch = 0;
    wait = 0;
    bestWeights = null;
    stoppedEpoch = 0;
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, TrainingControl training) {
    double value = monitor.value(epoch, training.metricName());
    if (monitor.improves(value, best, minDelta)) {
      best = value;
      bestEpoch = epoch.number();
      wait = 0;
      if (restoreBestWeights) {
        bestWeights = training.parameters();
      }
      return;
    }
    wait++;
    if (wait > patience) {
      stoppedEpoch = epoch.number();
      training.stop();
      if (restoreBestWeights && bestWeights != null) {
        training.setParameters(bestWeights);
      }
    }
  }

  /** The epoch whose figure was best, from 1; 0 before training. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The epoch after which training stopped, or 0 if it ran to the end. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }
}
