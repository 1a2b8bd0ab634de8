package dev.kiln.callbacks;

import dev.kiln.Callback;
import dev.kiln.History;
import dev.kiln.TrainingControl;
import java.util.List;

/**
 * Stops training after an epoch whose loss is NaN or infinite, or that left a weight NaN or infinite
 * (a ReLU turns a NaN into 0, so a model can hide non-finite weights behind a finite loss): a
 * diverged model learns nothing more. It says why, as Keras's does; {@link #reason()} keeps it.
 */
public final class TerminateOnNaN implements Callback {
  private int stoppedEpoch;
  private String reason = "";

  @Override
  public void onTrainBegin(TrainingControl training) {
    stoppedEpoch = 0;
    reason = "";
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, TrainingControl training) {
    if (!Double.isFinite(epoch.loss())) {
      stop(epoch, training, "the loss is " + epoch.loss());
      return;
    }
    List<double[]> parameters = training.parameters();
    for (int l = 0; l < parameters.size(); l++) {
      double[] values = parameters.get(l);
      for (int k = 0; k < values.length; k++) {
        if (!Double.isFinite(values[k])) {
          stop(epoch, training, "parameter " + k + " of layer '" + training.layerNames().get(l) + "' is " + values[k]
              + " (the loss, " + epoch.loss() + ", hides it)");
          return;
        }
      }
    }
  }

  private void stop(History.Epoch epoch, TrainingControl training, String why) {
    stoppedEpoch = epoch.number();
    reason = "Epoch " + epoch.number() + ": " + why + "; training stopped (TerminateOnNaN). The model diverged:"
        + " lower the learning rate, or scale the inputs";
    System.out.println(reason);
    training.stop();
  }

  /** The epoch that stopped training, or 0. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** Why it stopped training, or "" when it did not. */
  public String reason() {
    return reason;
  }
}
