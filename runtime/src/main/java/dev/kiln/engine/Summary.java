package dev.kiln.engine;

import dev.kiln.cl.ClDevice;
import java.io.PrintStream;
import java.util.Locale;

/** The model summary, in Keras's columns: Layer (type) | Output Shape | Param #, then totals. */
final class Summary {
  private Summary() {}

  static void print(ModelSpec spec, ClDevice device, PrintStream out) {
    String rule = "-".repeat(78);
    out.println("Model: " + spec.simpleName() + " (" + spec.loss().name().toLowerCase() + ", "
        + spec.optimizer().name().toLowerCase() + ", batch " + spec.batch() + ", "
        + spec.precision().name().toLowerCase() + ")");
    out.println(rule);
    out.printf(Locale.ROOT, "%-28s %-18s %12s   %s%n", "Layer (type)", "Output Shape", "Param #", "Activation");
    out.println("=".repeat(78));
    out.printf(Locale.ROOT, "%-28s %-18s %12s   %s%n", "input (Input)", shape(spec.inputShape()), "0", "");
    if (spec.flattenName() != null) {
      out.printf(Locale.ROOT, "%-28s %-18s %12s   %s%n", spec.flattenName() + " (Flatten)",
          "(None, " + spec.inputWidth() + ")", "0", "");
    }
    for (LayerSpec layer : spec.layers()) {
      out.printf(Locale.ROOT, "%-28s %-18s %,12d   %s%n", layer.name() + " (" + layer.type() + ")",
          layer.outputShapeText(), layer.parameterCount(),
          layer.activates() ? layer.activation().name().toLowerCase() : layer.window());
      if (layer.dropoutName() != null) {
        out.printf(Locale.ROOT, "%-28s %-18s %12s   %s%n", layer.dropoutName() + " (Dropout)",
            layer.outputShapeText(), "0", "rate " + layer.dropout());
      }
      if (layer.flattenName() != null) {
        out.printf(Locale.ROOT, "%-28s %-18s %12s   %s%n", layer.flattenName() + " (Flatten)",
            "(None, " + layer.outputs() + ")", "0", "");
      }
    }
    out.println("=".repeat(78));
    long params = spec.parameterCount();
    long activations = spec.layers().stream().mapToLong(l -> 2L * l.outputs() * spec.batch()).sum();
    out.printf(Locale.ROOT, "Total params: %,d (%s)%n", params, bytes(params * spec.realBytes()));
    out.printf(Locale.ROOT, "Optimizer state: %s; activations and gradients at batch %d: %s%n",
        bytes(params * spec.optimizerSlots() * spec.realBytes()), spec.batch(),
        bytes(activations * spec.realBytes()));
    out.printf(Locale.ROOT, "Kernels: %d; launches per training step: %d; device: %s%n", spec.kernels(),
        spec.launchesPerTrainingStep(), device.name());
    out.println(rule);
  }

  private static String shape(int[] shape) {
    StringBuilder s = new StringBuilder("(None");
    for (int d : shape) {
      s.append(", ").append(d);
    }
    return s.append(')').toString();
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
  }
}
