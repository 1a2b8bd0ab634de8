package dev.kiln.onnx;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.engine.NodeKind;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.Recurrence;
import java.util.ArrayList;
import java.util.List;

/**
 * LSTM, GRU and SimpleRNN as ONNX's {@code LSTM}, {@code GRU} and {@code RNN}, and a Bidirectional as
 * its two directions' outputs side by side. ONNX runs time-major ({@code [steps, batch, features]})
 * and keeps each gate's weights as rows: Keras's kernel {@code [features][gates]} is transposed, an
 * LSTM's gate blocks reordered from Keras's i, f, c, o to ONNX's i, o, f, c (a GRU's z, r, h are the
 * same in both), Keras's bias goes into {@code Wb} and {@code Rb} is 0, except for a reset_after GRU,
 * whose second bias row is {@code Rb} ({@code linear_before_reset = 1}).
 */
final class RecurrentTranslation implements NodeTranslation {
  @Override
  public String write(NodeSpec node, Export export) {
    if (node.kind() == NodeKind.BIDIRECTIONAL) {   // forward then backward, as Keras's merge_mode "concat"
      return export.graph().node("Concat", node.name(), node.from().stream().map(export::value).toList(),
          Attr.of("axis", -1));
    }
    OnnxGraph graph = export.graph();
    Recurrence recurrence = node.recurrence();
    int steps = node.inputShape()[0];
    int features = node.inputShape()[1];
    int units = node.units();
    boolean sequences = node.outputShape().length == 2;
    Cell cell = Cell.of(node.kind());
    int[] blocks = cell.kerasBlocks;
    int gates = blocks.length * units;
    String x = export.input(node, 0);
    if (node.inputShape().length == 3) {   // an image of one channel: its rows are the steps
      x = graph.reshape(x, new int[] {steps, features}, node.name());
    }
    MaskedSteps mask = recurrence.maskedBy() == null ? null : export.mask(recurrence.maskedBy());
    if (mask != null) {
      x = mask.compact(x);
    }
    List<String> inputs = new ArrayList<>(List.of(
        graph.node("Transpose", node.name(), List.of(x), Attr.ints("perm", 1, 0, 2)),
        export.parameter(node, "kernel", "_onnx", k -> gateRows(k, features, units, blocks),
            new long[] {1, gates, features}),
        export.parameter(node, "recurrent_kernel", "_onnx", r -> gateRows(r, units, units, blocks),
            new long[] {1, gates, units}),
        export.parameter(node, "bias", "_onnx", b -> biases(b, units, blocks), new long[] {1, 2L * gates}),
        mask == null ? "" : mask.lengths()));
    List<Attr> attributes = new ArrayList<>(List.of(Attr.of("hidden_size", units),
        Attr.of("direction", recurrence.backwards() ? "reverse" : "forward")));
    attributes.addAll(cell.activations(node));
    if (node.kind() == NodeKind.GRU) {
      attributes.add(Attr.of("linear_before_reset", resetAfter(node) ? 1 : 0));
    }
    String[] outputs = {sequences ? graph.fresh(node.name() + "/Y") : "", graph.fresh(node.name() + "/Y_h")};
    graph.nodeOfOutputs(cell.operator, node.name(), inputs, outputs, attributes.toArray(Attr[]::new));
    if (!sequences) {   // the last state, [directions = 1, batch, units]
      return graph.node("Squeeze", node.name(), List.of(outputs[1], graph.longs(node.name() + "/axes", 0)));
    }
    // every step's, [steps, directions = 1, batch, units]; ONNX gives a reverse run's at each step's place
    String y = graph.node("Squeeze", node.name(), List.of(outputs[0], graph.longs(node.name() + "/axes", 1)));
    y = graph.node("Transpose", node.name(), List.of(y), Attr.ints("perm", 1, 0, 2));
    if (mask != null) {
      return mask.spread(y, steps, recurrence.backwards());
    }
    if (recurrence.backwards() && !recurrence.outputsInInputOrder()) {   // Keras's go_backwards: in the order run
      return graph.node("Slice", node.name(), List.of(y, graph.longs(node.name() + "/starts", -1),
          graph.longs(node.name() + "/ends", Long.MIN_VALUE), graph.longs(node.name() + "/slice_axes", 1),
          graph.longs(node.name() + "/steps", -1)));
    }
    return y;
  }

  /** What each recurrent layer is in ONNX: its operator, its gate blocks, its activations. */
  private enum Cell {
    LSTM("LSTM", new int[] {0, 3, 1, 2}, true, 2),   // i, o, f, c from Keras's i, f, c, o
    GRU("GRU", new int[] {0, 1, 2}, true, 1),        // z, r, h in both
    SIMPLE_RNN("RNN", new int[] {0}, false, 1);

    final String operator;
    /** For each ONNX gate block in order, the Keras block that holds it. */
    final int[] kerasBlocks;
    private final boolean gated;
    private final int cellActivations;

    Cell(String operator, int[] kerasBlocks, boolean gated, int cellActivations) {
      this.operator = operator;
      this.kerasBlocks = kerasBlocks;
      this.gated = gated;
      this.cellActivations = cellActivations;
    }

    static Cell of(NodeKind kind) {
      return switch (kind) {
        case LSTM -> LSTM;
        case GRU -> GRU;
        case SIMPLE_RNN -> SIMPLE_RNN;
        default -> throw new IllegalArgumentException(kind + " is not a recurrent layer");
      };
    }

    /**
     * ONNX's {@code activations}: the gates' (f), then the cell's for the candidate and, in an
     * LSTM, the output (g, h); Kiln's cell activation is both. ONNX Runtime takes the values of
     * {@code activation_alpha} and {@code activation_beta} in order, one for each activation that
     * has the parameter (LeakyRelu's slope, Affine's scale and shift), not one per activation.
     */
    List<Attr> activations(NodeSpec node) {
      List<ActivationKind> kinds = new ArrayList<>();
      List<Double> slopes = new ArrayList<>();
      if (gated) {
        kinds.add(node.recurrence().gate());
        slopes.add(node.recurrence().gateAlpha());
      }
      for (int i = 0; i < cellActivations; i++) {
        kinds.add(node.activation());
        slopes.add(node.alpha());
      }
      List<Float> alphas = new ArrayList<>();
      List<Float> betas = new ArrayList<>();
      for (int i = 0; i < kinds.size(); i++) {
        Activations.recurrentAlpha(kinds.get(i), slopes.get(i)).ifPresent(alphas::add);
        Activations.recurrentBeta(kinds.get(i)).ifPresent(betas::add);
      }
      List<Attr> attributes = new ArrayList<>(List.of(Attr.strings("activations",
          kinds.stream().map(Activations::recurrentName).toArray(String[]::new))));
      if (!alphas.isEmpty()) {
        attributes.add(Attr.floats("activation_alpha", floats(alphas)));
      }
      if (!betas.isEmpty()) {
        attributes.add(Attr.floats("activation_beta", floats(betas)));
      }
      return attributes;
    }

    private static float[] floats(List<Float> values) {
      float[] f = new float[values.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = values.get(i);
      }
      return f;
    }
  }

  /** {@code [rows][gates]} (Keras) to {@code [gates][rows]} with ONNX's block order. */
  private static float[] gateRows(float[] kernel, int rows, int units, int[] blocks) {
    int gates = blocks.length * units;
    float[] w = new float[kernel.length];
    for (int g = 0; g < blocks.length; g++) {
      for (int u = 0; u < units; u++) {
        for (int r = 0; r < rows; r++) {
          w[(g * units + u) * rows + r] = kernel[r * gates + blocks[g] * units + u];
        }
      }
    }
    return w;
  }

  /** Keras's bias (one row, or a reset_after GRU's two) as ONNX's {@code [Wb, Rb]}, in ONNX's block order. */
  private static float[] biases(float[] bias, int units, int[] blocks) {
    int gates = blocks.length * units;
    float[] b = new float[2 * gates];
    for (int row = 0; row * gates < bias.length; row++) {
      for (int g = 0; g < blocks.length; g++) {
        System.arraycopy(bias, row * gates + blocks[g] * units, b, row * gates + g * units, units);
      }
    }
    return b;
  }

  private static boolean resetAfter(NodeSpec node) {
    return node.parameters().stream().anyMatch(p -> p.name().equals("bias") && p.shape().length == 2);
  }
}
