package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.ORDER;

import dev.kiln.processor.emit.EdgeCode;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Settings.MergeOp;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.GradientEdge;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import dev.kiln.processor.report.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The merges, as Keras defines them: Concatenate joins its inputs along the last axis (the features
 * of a row, the channels of an image); Add, Subtract (exactly two: a - b), Multiply and Average
 * combine inputs of one shape value by value. No parameters. Their kernels are written whole, one
 * work-item per sample: the forward pass, and one backward kernel per input, which takes its share
 * of the gradient through the activation (and dropout) that produced that input. A Concatenate
 * copies only the inputs whose kernels did not write their columns of its buffer themselves (see
 * ModelGraph.placement): of two Embeddings joined, it copies nothing and has no kernel at all. An
 * input with an activation (a Dense, a Conv2D) that wrote its columns still gets its gradient from
 * the Concatenate's backward kernel, through that activation, at the values in the join's buffer.
 */
final class MergeDefinition extends LayerDefinition {
  private final MergeOp op;

  private MergeDefinition(String qualifiedName, MergeOp op) {
    super(qualifiedName);
    this.op = op;
  }

  static MergeDefinition concatenate() {
    return new MergeDefinition("dev.kiln.layers.Concatenate", MergeOp.CONCATENATE);
  }

  static MergeDefinition add() {
    return new MergeDefinition("dev.kiln.layers.Add", MergeOp.ADD);
  }

  static MergeDefinition subtract() {
    return new MergeDefinition("dev.kiln.layers.Subtract", MergeOp.SUBTRACT);
  }

  static MergeDefinition multiply() {
    return new MergeDefinition("dev.kiln.layers.Multiply", MergeOp.MULTIPLY);
  }

  static MergeDefinition average() {
    return new MergeDefinition("dev.kiln.layers.Average", MergeOp.AVERAGE);
  }

  /** Add, Subtract, Multiply and Average read an Embedding's table themselves; a Concatenate has it written in place. */
  @Override
  public boolean looksUpRows() {
    return op != MergeOp.CONCATENATE;
  }

  @Override
  public Arity arity() {
    return op == MergeOp.SUBTRACT ? Arity.TWO : Arity.TWO_OR_MORE;
  }

  @Override
  public String activationFix() {
    return "a merge has no activation: give the layers it reads theirs, or add a Dense layer after it";
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node first = inputs.get(0);
    if (inputs.stream().anyMatch(n -> !n.shape().known())) {
      return NodeContent.plain(Shape.unknown(), new Settings.Merge(op));
    }
    for (Node other : inputs.subList(1, inputs.size())) {
      if (!fits(first.shape(), other.shape())) {
        field.error(Messages.mergeShapes(field.name(), simpleName(), first.name(), first.shape().toString(),
            other.name(), other.shape().toString(),
            first.shape().difference(other.shape(), op != MergeOp.CONCATENATE), rule()));
        return NodeContent.plain(Shape.unknown(), new Settings.Merge(op));
      }
    }
    Shape shape = first.shape();
    if (op == MergeOp.CONCATENATE) {
      int channels = inputs.stream().mapToInt(n -> n.shape().channels()).sum();
      shape = new Shape(shape.height(), shape.width(), channels, shape.form());
    }
    return NodeContent.plain(shape, new Settings.Merge(op));
  }

  private boolean fits(Shape a, Shape b) {
    return op == MergeOp.CONCATENATE
        ? a.form() == b.form() && a.height() == b.height() && a.width() == b.width()
        : a.equals(b);
  }

  private String rule() {
    return op == MergeOp.CONCATENATE
        ? "joins its inputs along the last axis, so they must agree in every other dimension (all flat, or images"
            + " of the same height and width, or sequences of the same length)"
        : "combines its inputs value by value, so they must have the same shape";
  }

  @Override
  public void planForward(Node node, PlanContext plan) {
    if (allWrittenInPlace(node, plan.graph())) {
      return; // every input's kernel wrote its columns of this buffer: nothing to copy
    }
    List<Arg> args = new ArrayList<>(InputRows.args(node, plan));
    args.addAll(List.of(Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(ACTIVATIONS, node.layer())));
    plan.forward(new Kernel(node.kernelPrefix() + "_forward", node.layer(), null,
        node.name() + ": " + op.name().toLowerCase() + " of " + names(node), args, new long[] {plan.batch()},
        new long[] {1}, Map.of()));
  }

  @Override
  public void planBackward(Node node, PlanContext plan) {
    for (int k = 0; k < node.inputs().size(); k++) {
      Node input = node.inputs().get(k);
      if (writtenInPlace(input, plan.graph()) && input.kind().definition().readsItsGradientInPlace()) {
        continue; // that input reads its gradient from this layer's
      }
      GradientEdge edge = plan.edge(node, k);
      List<Arg> args = new ArrayList<>(List.of(Arg.of(COUNTERS), Arg.of(ORDER), Arg.of(DELTA, node.layer())));
      args.addAll(InputRows.args(node, plan));
      if (writtenInPlace(input, plan.graph())) {
        args.add(Arg.of(ACTIVATIONS, node.layer())); // its values, where it wrote them
      }
      args.add(edge.target());
      plan.gradient(edge, new Kernel(edge.kernelName(), node.layer(), null, edge.purpose(), args,
          new long[] {plan.batch()}, new long[] {1}, Map.of(), k));
    }
  }

  /** Whether {@code input} of a Concatenate wrote its values into the Concatenate's buffer itself. */
  private static boolean writtenInPlace(Node input, ModelGraph graph) {
    return graph.placement(input).elsewhere(input);
  }

  private static boolean allWrittenInPlace(Node node, ModelGraph graph) {
    return node.inputs().stream().allMatch(input -> writtenInPlace(input, graph));
  }

  private static String names(Node node) {
    return node.inputs().stream().map(n -> "'" + n.name() + "'").collect(Collectors.joining(", "));
  }

  @Override
  public String generate(Node node, Kernel kernel, ModelGraph graph) {
    return kernel.input() >= 0 ? backward(node, kernel, graph, kernel.input()) : forward(node, kernel, graph);
  }

  private String forward(Node node, Kernel kernel, ModelGraph graph) {
    List<String> parameters = InputRows.parameters(node, graph);
    parameters.addAll(List.of("global const int* restrict order", "global const int* restrict counters",
        "global real* restrict out"));
    KernelText k = new KernelText(kernel.name(), kernel.purpose(), parameters).perSample();
    InputRows.declare(k, node, graph);
    int out = node.shape().size();
    k.line("global real* o = out + (size_t) b * " + out + ";");
    String dropout = graph.dropoutOf(node).map(d -> KernelText.dropout("v", d.settings(Settings.Dropout.class)
        .rate(), node.layer(), "b * " + out + " + i")).orElse("");
    if (op == MergeOp.CONCATENATE) {
      int channels = node.shape().channels();
      k.line("for (int p = 0; p < " + pixels(node) + "; p++) {");
      int offset = 0;
      for (int j = 0; j < node.inputs().size(); j++) {
        int width = node.inputs().get(j).shape().channels();
        if (writtenInPlace(node.inputs().get(j), graph)) {
          offset += width;
          continue;
        }
        k.line("  for (int c = 0; c < " + width + "; c++) {")
            .line("    const int i = p * " + channels + " + " + offset + " + c;")
            .line("    real v = in" + j + "[p * " + width + " + c];")
            .line("    " + dropout).line("    o[i] = v;").line("  }");
        offset += width;
      }
      k.line("}");
    } else {
      k.line("for (int i = 0; i < " + out + "; i++) {").line("  real v = " + combined(node) + ";")
          .line("  " + dropout).line("  o[i] = v;").line("}");
    }
    return k.end();
  }

  /** The value of output i from the inputs' values {@code in0[i], in1[i], ...}. */
  private String combined(Node node) {
    List<String> values = new ArrayList<>();
    for (int j = 0; j < node.inputs().size(); j++) {
      values.add("in" + j + "[i]");
    }
    return switch (op) {
      case ADD -> String.join(" + ", values);
      case SUBTRACT -> values.get(0) + " - " + values.get(1);
      case MULTIPLY -> String.join(" * ", values);
      case AVERAGE -> "(" + String.join(" + ", values) + ") / (real) " + values.size();
      case CONCATENATE -> throw new IllegalStateException("concatenation copies, it does not combine");
    };
  }

  private String backward(Node node, Kernel kernel, ModelGraph graph, int input) {
    List<String> parameters = new ArrayList<>(List.of("global const int* restrict counters",
        "global const int* restrict order", "global const real* restrict delta"));
    parameters.addAll(InputRows.parameters(node, graph));
    Node read = node.inputs().get(input);
    boolean inPlace = writtenInPlace(read, graph);
    if (inPlace) {
      parameters.add("global const real* restrict joined   /* '" + read.name() + "' wrote its values here */");
    }
    parameters.add("global real* restrict delta_prev");
    KernelText k = new KernelText(kernel.name(), kernel.purpose(), parameters).perSample();
    InputRows.declare(k, node, graph);
    EdgeCode edge = EdgeCode.of(graph, node, input);
    int width = read.shape().size();
    k.line("global const real* d = delta + (size_t) b * " + node.shape().size() + ";")
        .line("global real* g = delta_prev + (size_t) b * " + width + ";");
    String dropout = edge.dropout().map(d -> KernelText.dropout("v", d.settings(Settings.Dropout.class).rate(),
        edge.sourceLayer(), "b * " + width + " + i")).orElse("");
    if (op == MergeOp.CONCATENATE) {
      int channels = node.shape().channels();
      int own = read.shape().channels();
      int offset = node.inputs().subList(0, input).stream().mapToInt(n -> n.shape().channels()).sum();
      String value = inPlace ? "joined[(size_t) b * " + node.shape().size() + " + p * " + channels + " + " + offset
          + " + c]" : "in" + input + "[i]";
      k.line("for (int p = 0; p < " + pixels(node) + "; p++) {")
          .line("  for (int c = 0; c < " + own + "; c++) {")
          .line("    const int i = p * " + own + " + c;")
          .line("    real v = d[p * " + channels + " + " + offset + " + c] * " + edge.derivative(value) + ";")
          .line("    " + dropout).line("    g[i] = v;").line("  }").line("}");
    } else {
      k.line("for (int i = 0; i < " + width + "; i++) {")
          .line("  real v = " + share(node, input) + " * " + edge.derivative("in" + input + "[i]") + ";")
          .line("  " + dropout).line("  g[i] = v;").line("}");
    }
    return k.end();
  }

  /** The gradient of the output with respect to input {@code input}'s value i, times the output's gradient. */
  private String share(Node node, int input) {
    return switch (op) {
      case ADD -> "d[i]";
      case SUBTRACT -> input == 0 ? "d[i]" : "-d[i]";
      case AVERAGE -> "d[i] / (real) " + node.inputs().size();
      case MULTIPLY -> {
        StringBuilder product = new StringBuilder("d[i]");
        for (int j = 0; j < node.inputs().size(); j++) {
          if (j != input) {
            product.append(" * in").append(j).append("[i]");
          }
        }
        yield product.toString();
      }
      case CONCATENATE -> throw new IllegalStateException("concatenation copies, it does not combine");
    };
  }

  /** Positions of the last axis: 1 for a row, pixels of an image, steps of a sequence. */
  private static int pixels(Node node) {
    return node.shape().size() / node.shape().channels();
  }

}
