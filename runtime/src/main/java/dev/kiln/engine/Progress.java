package dev.kiln.engine;

import dev.kiln.Fit;
import dev.kiln.History;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What fit prints, Keras style: at verbosity 1 a live bar inside each epoch on a terminal (one line
 * per epoch elsewhere), at 2 one line per epoch, at 0 nothing.
 *
 * <pre>Epoch 1/5  469/469 [==============================] 2.1s 4.4ms/step - loss: 0.5012 - accuracy: 0.8231</pre>
 *
 * A model of several outputs shows each output's own loss and metric after the total, as Keras does
 * ({@code species_loss}, {@code species_accuracy}).
 */
final class Progress {
  private static final int BAR = 30;
  /** Back to the start of the line and erase it (ANSI), so a shorter line leaves nothing behind. */
  private static final String CLEAR_LINE = "\r\033[K";

  private final PrintStream out;
  private final boolean quiet;
  private final boolean live;
  private final String metric;
  private final int steps;
  private final int epochs;

  Progress(Fit fit, String metric, int steps) {
    this.out = fit.outputStream();
    this.quiet = fit.verbosity() == 0;
    this.live = fit.verbosity() == 1 && out == System.out && System.console() != null;
    this.metric = metric;
    this.steps = steps;
    this.epochs = fit.epochsToRun();
  }

  /** Whether it is worth reading totals mid-epoch. */
  boolean live() {
    return live;
  }

  /** The figures so far of an epoch in progress ({@code record} without its seconds). */
  void update(int step, History.Epoch record, double seconds) {
    double eta = seconds / step * (steps - step);
    out.print(CLEAR_LINE + line(record, step, seconds) + String.format(Locale.ROOT, " - ETA: %.1fs", eta));
    out.flush();
  }

  void end(History.Epoch epoch) {
    if (quiet) {
      return;
    }
    out.print((live ? CLEAR_LINE : "") + line(epoch, steps, epoch.seconds()) + System.lineSeparator());
    out.flush();
  }

  private String line(History.Epoch record, int step, double seconds) {
    int width = Integer.toString(epochs).length();
    int filled = (int) ((long) BAR * step / steps);
    String bar = "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "");
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %" + width + "d/%d  %d/%d [%s] %.1fs %.1fms/step",
        record.number(), epochs, step, steps, bar, seconds, seconds * 1000 / step));
    record.figures(metric).forEach((name, value) -> {
      if (!Double.isNaN(value) || !name.startsWith("val_")) {
        line.append(String.format(Locale.ROOT, " - %s: %.4f", name, value));
      }
    });
    return line.toString();
  }
}
