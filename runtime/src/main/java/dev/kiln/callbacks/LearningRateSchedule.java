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
  private final BiFunction<Integer, Double, Double> schedule;
  private double initial = Double.NaN;

  private LearningRateSchedule(BiFunction<Integer, Double, Double> schedule) {
    this.schedule = schedule;
  }

  /** Your own schedule: (epoch from 0, current rate) to the new rate. */
  public static LearningRateSchedule of(BiFunction<Integer, Double, Double> schedule) {
    return new LearningRateSchedule(schedule);
  }

  /** The initial rate times {@code factor} every {@code everyEpochs} epochs. */
  public static LearningRateSchedule step(int everyEpochs, double factor) {
    if (everyEpochs < 1) {
      throw new KilnException("everyEpochs = " + everyEpochs + ", but it must be at least 1");
    }
    LearningRateSchedule[] self = new LearningRateSchedule[1];
    self[0] = new LearningRateSchedule((epoch, rate) -> self[0].initial * Math.pow(factor, epoch / everyEpochs));
    return self[0];
  }

  /** The initial rate times {@code decay}^epoch. */
  public static LearningRateSchedule exponential(double decay) {
    LearningRateSchedule[] self = new LearningRateSchedule[1];
    self[0] = new LearningRateSchedule((epoch, rate) -> self[0].initial * Math.pow(decay, epoch));
    return self[0];
  }

  /** Cosine decay from the initial rate to {@code minimum} over {@code epochs} epochs, then {@code minimum}. */
  public static LearningRateSchedule cosine(int epochs, double minimum) {
    if (epochs < 1) {
      throw new KilnException("epochs = " + epochs + ", but cosine decay needs at least 1");
    }
    LearningRateSchedule[] self = new LearningRateSchedule[1];
    self[0] = new LearningRateSchedule((epoch, rate) -> {
      double progress = Math.min(1.0, epoch / (double) epochs);
      return minimum + (self[0].initial - minimum) * 0.5 * (1 + Math.cos(Math.PI * progress));
    });
    return self[0];
  }

  @Override
  public void onTrainBegin(TrainingControl training) {
    initial = training.learningRate();
  }

  @Override
  public void onEpochBegin(int epoch, TrainingControl training) {
    double rate = schedule.apply(epoch - 1, training.learningRate());
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new KilnException("the learning-rate schedule gave " + rate + " for epoch " + (epoch - 1)
          + " (from 0); a learning rate must be a finite number >= 0");
    }
    training.setLearningRate(rate);
  }
}
