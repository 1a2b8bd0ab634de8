package dev.kiln.callbacks;

import dev.kiln.Callback;
import dev.kiln.History;
import dev.kiln.TrainingControl;

/** Stops training after an epoch whose loss is NaN or infinite (a diverged model learns nothing more). */
public final class TerminateOnNaN implements Callback {
  private int stoppedEpoch;

  @Override
  public void onEpochEnd(History.Epoch epoch, TrainingControl training) {
    if (!Double.isFinite(epoch.loss())) {
      stoppedEpoch = epoch.number();
      training.stop();
    }
  }

  /** The epoch whose loss was not finite, or 0. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }
}
