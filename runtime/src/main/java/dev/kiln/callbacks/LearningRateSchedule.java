package dev.kiln.callbacks;

import dev.kiln.Callback;
import dev.kiln.KilnException;
import dev.kiln.TrainingControl;
import java.util.function.BiFunction;

/**
 * Sets the learning rate at the start of every epoch, as Keras's LearningRateScheduler. The
 * function gets the epoch index counted from 0 (as in Keras) and the current rate, and returns the
 * rate for that epoch. The tutorial's schedule, which keeps the rate for ten epochs and then lowers
 * it by e^-0.1 each epoch:
 * <pre>LearningRateSchedule.of((epoch, rate) -&gt; epoch &lt; 10 ? rate : rate * Math.exp(-0.1))</pre>
 */
public final class LearningRateSchedule implements Callback {
  /** The rate for an epoch (from 0), given the current rate and the rate training started with. */
  @FunctionalInterface
  private interface Rule {
    double rate(int epoch, double current, double initial);
  }

  private final Rule rule;
  private double initial = Double.NaN;

  private LearningRateSchedule(Rule rule) {
    this.rule = rule;
  }

  /** Your own schedule: (epoch from 0, current rate) to the new rate. */
  public static LearningRateSchedule of(BiFunction<Integer, Double, Double> schedule) {
    return new LearningRateSchedule((epoch, current, initial) -> schedule.apply(epoch, current));
  }

  /** The initial rate times {@code factor} every {@code everyEpochs} epochs. */
  public static LearningRateSchedule step(int everyEpochs, double factor) {
    if (everyEpochs < 1) {
      throw new KilnException("everyEpochs = " + everyEpochs + ", but it must be at least 1");
    }
    return new LearningRateSchedule((epoch, current, initial) -> initial * Math.pow(factor, epoch / everyEpochs));
  }

  /** The initial rate times {@code decay}^epoch. */
  public static LearningRateSchedule exponential(double decay) {
    return new LearningRateSchedule((epoch, current, initial) -> initial * Math.pow(decay, epoch));
  }

  /** Cosine decay from the initial rate to {@code minimum} over {@code epochs} epochs, then {@code minimum}. */
  public static LearningRateSchedule cosine(int epochs, double minimum) {
    if (epochs < 1) {
      throw new KilnException("epochs = " + epochs + ", but cosine decay needs at least 1");
    }
    return new LearningRateSchedule((epoch, current, initial) -> {
      double progress = Math.min(1.0, epoch / (double) epochs);
      return minimum + (initial - minimum) * 0.5 * (1 + Math.cos(Math.PI * progress));
    });
  }

  @Override
  public void onTrainBegin(TrainingControl training) {
    initial = training.learningRate();
  }

  @Override
  public void onEpochBegin(int epoch, TrainingControl training) {
    double rate = rule.rate(epoch - 1, training.learningRate(), initial);
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new KilnException("the learning-rate schedule gave " + rate + " for epoch " + (epoch - 1)
          + " (from 0); a learning rate must be a finite number >= 0");
    }
    training.setLearningRate(rate);
  }
}
