package dev.kiln.engine;

import dev.kiln.Fit;
import dev.kiln.History;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What fit prints, Keras style: on a terminal a live bar inside each epoch, otherwise one line per
 * epoch; nothing at verbosity 0.
 *
 * <pre>Epoch 1/5  469/469 [==============================] 2.1s 4.4ms/step - loss: 0.5012 - accuracy: 0.8231</pre>
 */
final class Progress {
  private static final int BAR = 30;

  private final PrintStream out;
  private final boolean quiet;
  private final boolean live;
  private final String metric;
  private final String prefix;
  private final int steps;
  private final long start = System.nanoTime();

  Progress(Fit fit, String metric, int epoch, int steps) {
    this.out = fit.outputStream();
    this.quiet = fit.verbosity() == 0;
    this.live = !quiet && out == System.out && System.console() != null;
    this.metric = metric;
    this.steps = steps;
    int width = Integer.toString(fit.epochsToRun()).length();
    this.prefix = String.format("Epoch %" + width + "d/%d", epoch, fit.epochsToRun());
  }

  /** Whether it is worth reading totals mid-epoch. */
  boolean live() {
    return live;
  }

  void update(int step, Engine.Totals totals) {
    out.print("\r" + line(step, totals.loss(), totals.metric(), Double.NaN, Double.NaN));
    out.flush();
  }

  void end(History.Epoch epoch) {
    if (quiet) {
      return;
    }
    out.print((live ? "\r" : "") + line(steps, epoch.loss(), epoch.metric(), epoch.validationLoss(),
        epoch.validationMetric()) + System.lineSeparator());
    out.flush();
  }

  private String line(int step, double loss, double metricValue, double validationLoss, double validationMetric) {
    double seconds = (System.nanoTime() - start) / 1e9;
    int filled = (int) ((long) BAR * step / steps);
    String bar = "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "");
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s  %d/%d [%s] %.1fs %.1fms/step - loss: %.4f - %s: %.4f",
        prefix, step, steps, bar, seconds, seconds * 1000 / step, loss, metric, metricValue));
    if (!Double.isNaN(validationLoss)) {
      line.append(String.format(Locale.ROOT, " - val_loss: %.4f - val_%s: %.4f", validationLoss, metric,
          validationMetric));
    }
    return line.toString();
  }
}
