package dev.kiln.callbacks;

import dev.kiln.Callback;
import dev.kiln.History;
import dev.kiln.TrainingControl;
import java.nio.file.Path;

/**
 * Saves the model during training, as Keras's ModelCheckpoint: after every epoch, or only when a
 * monitored figure improved ({@code bestOnly}). The file name may hold {@code {epoch}}, replaced by
 * the epoch number, to keep one file per epoch. Each save is atomic, so a crash mid-write leaves the
 * previous file whole. An epoch whose loss is not finite is not saved, and a save of non-finite
 * weights is refused (see CompiledModel#save), so a diverging run never overwrites a good file.
 */
public final class ModelCheckpoint implements Callback {
  private final String file;
  private final Monitor monitor;
  private double best;
  private int saves;

  private ModelCheckpoint(String file, Monitor monitor) {
    this.file = file;
    this.monitor = monitor;
  }

  /** Saves after every epoch to {@code file} (e.g. {@code "model-{epoch}.kiln"}). */
  public static ModelCheckpoint everyEpoch(String file) {
    return new ModelCheckpoint(file, null);
  }

  /** Saves only when {@code figure} ("val_loss", "accuracy", ...) is the best so far. */
  public static ModelCheckpoint bestOnly(String file, String figure) {
    return new ModelCheckpoint(file, new Monitor(figure));
  }

  @Override
  public void onTrainBegin(TrainingControl training) {
    if (monitor != null) {
      monitor.check(training);
    }
    best = monitor == null ? Double.NaN : monitor.worst();
    saves = 0;
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, TrainingControl training) {
    if (!Double.isFinite(epoch.loss())) {
      return; // a diverged epoch's weights cannot be loaded: keep the last good file
    }
    if (monitor != null) {
      double value = monitor.value(epoch, training.metricName());
      if (!monitor.improves(value, best, 0)) {
        return;
      }
      best = value;
    }
    training.save(Path.of(file.replace("{epoch}", Integer.toString(epoch.number()))));
    saves++;
  }

  /** How many times it saved in the last fit. */
  public int saves() {
    return saves;
  }
}
