package dev.kiln.engine;

import dev.kiln.annotations.Loss;
import dev.kiln.cl.ClDevice;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The model summary, in Keras's columns: Layer (type) | Output Shape | Param #, then the activation
 * (or window, or dropout rate), and for a model that is not a chain, as Keras's functional summary
 * does, what each node reads ("Connected to"); then totals.
 */
final class Summary {
  private Summary() {}

  static void print(ModelSpec spec, ClDevice device, PrintStream out) {
    out.println("Model: " + spec.simpleName() + " (" + loss(spec) + ", "
        + spec.optimizer().name().toLowerCase() + ", batch " + spec.batch() + ", "
        + spec.precision().name().toLowerCase() + ")");
    boolean graph = !isChain(spec);
    String format = graph ? "%-28s %-18s %12s   %-30s %s%n" : "%-28s %-18s %12s   %s%n";
    String rule = "-".repeat(graph ? 110 : 78);
    out.println(rule);
    out.printf(Locale.ROOT, format, graph ? new Object[] {"Layer (type)", "Output Shape", "Param #", "Connected to",
        "Activation"} : new Object[] {"Layer (type)", "Output Shape", "Param #", "Activation"});
    out.println("=".repeat(rule.length()));
    for (NodeSpec node : spec.nodes()) {
      String shape = node.kind().isInput() ? shape(node.declared()) : node.outputShapeText();
      String name = node.name() + " (" + node.type() + ")";
      String params = String.format(Locale.ROOT, "%,d", node.parameterCount());
      out.printf(Locale.ROOT, format, graph ? new Object[] {name, shape, params, String.join(", ", node.from()),
          detail(node)} : new Object[] {name, shape, params, detail(node)});
    }
    out.println("=".repeat(rule.length()));
    long params = spec.parameterCount();
    // every layer's values and gradients, and what its kernels keep between them (an LSTM's steps)
    long activations = spec.layers().stream().mapToLong(l -> 2L * l.outputs() * spec.batch() + l.workspace()).sum();
    out.printf(Locale.ROOT, "Total params: %,d (%s)%n", params, bytes(params * spec.realBytes()));
    long frozen = spec.frozenParameterCount();
    if (frozen > 0) {
      out.printf(Locale.ROOT, "Trainable params: %,d; non-trainable (frozen) params: %,d%n", params - frozen, frozen);
    }
    out.printf(Locale.ROOT, "Optimizer state: %s; activations and gradients at batch %d: %s%n",
        bytes(params * spec.optimizerSlots() * spec.realBytes()), spec.batch(),
        bytes(activations * spec.realBytes()));
    String steps = spec.loss() == Loss.NONE ? "no loss: trained only inside the models that contain it"
        : "launches per training step: " + spec.launchesPerTrainingStep();
    out.printf(Locale.ROOT, "Kernels: %d; %s; device: %s%n", spec.kernels(), steps, device.name());
    out.println(rule);
  }

  /** Whether every node reads just the node before it. */
  /** The loss, or for several outputs the weighted sum of theirs: "0.5 mean_squared_error(width) + ...". */
  private static String loss(ModelSpec spec) {
    List<NodeSpec> outputs = spec.outputs();
    if (outputs.size() < 2) {
      return spec.loss().name().toLowerCase(Locale.ROOT);
    }
    List<String> terms = outputs.stream().map(o -> (o.output().weight() == 1 ? "" : o.output().weight() + " ")
        + o.output().loss().name().toLowerCase(Locale.ROOT) + "(" + o.name() + ")").toList();
    return String.join(" + ", terms);
  }

  private static boolean isChain(ModelSpec spec) {
    for (int n = 1; n < spec.nodes().size(); n++) {
      if (!spec.nodes().get(n).from().equals(List.of(spec.nodes().get(n - 1).name()))) {
        return false;
      }
    }
    return true;
  }

  /** The activation column: an activation, a window, a dropout rate; and whether the layer is frozen. */
  private static String detail(NodeSpec node) {
    String detail = ownDetail(node);
    return node.frozen() ? (detail.isEmpty() ? "frozen" : detail + ", frozen") : detail;
  }

  private static String ownDetail(NodeSpec node) {
    if (node.kind().activates()) {
      return node.activation().name().toLowerCase() + (node.shares() == null ? "" : ", the weights of "
          + node.shares());
    }
    if (node.kind() == NodeKind.DROPOUT) {
      return "rate " + node.rate();
    }
    return node.window() == null ? "" : node.window().toString();
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
