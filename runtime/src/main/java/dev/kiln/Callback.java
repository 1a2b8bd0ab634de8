package dev.kiln;

/**
 * A hook into {@code fit}, as in Keras: early stopping, learning-rate schedules, logging, or your
 * own. Every method has an empty default; override what you need. Epochs are numbered from 1, as
 * in {@link History}. A fit with callbacks waits for the device after every epoch so that the
 * callbacks see its figures and can change what happens next.
 */
public interface Callback {
  default void onTrainBegin(TrainingControl training) {}

  default void onEpochBegin(int epoch, TrainingControl training) {}

  default void onEpochEnd(History.Epoch epoch, TrainingControl training) {}

  default void onTrainEnd(History history, TrainingControl training) {}
}
