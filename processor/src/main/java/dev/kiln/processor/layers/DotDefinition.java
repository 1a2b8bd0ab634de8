package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.LABELS;
import static dev.kiln.processor.plan.Arg.Source.ORDER;
import static dev.kiln.processor.plan.Arg.Source.SAMPLE_HIT;
import static dev.kiln.processor.plan.Arg.Source.SAMPLE_LOSS;

import com.palantir.javapoet.CodeBlock;
import dev.kiln.annotations.Loss;
import dev.kiln.processor.emit.EdgeCode;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Output;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.GradientEdge;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import dev.kiln.processor.report.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dot: the dot product of two vectors of one length, one value per sample; with {@code normalize},
 * of their unit vectors (Keras's l2_normalize, each divided by sqrt(max(sum x^2, 1e-12))), which is
 * their cosine similarity. As an output (the recommender's predicted rating) it is fused with its
 * loss and the loss gradient (mean squared or absolute error); the gradient to each input is a kernel
 * of its own. Kernels written whole, one work-item per sample.
 */
final class DotDefinition extends LayerDefinition {
  DotDefinition() {
    super("dev.kiln.layers.Dot", "normalize");
  }

  @Override
  public boolean looksUpRows() {
    return true;
  }

  @Override
  public Arity arity() {
    return Arity.TWO;
  }

  @Override
  public String activationFix() {
    return "a Dot has no activation: add a Dense layer after it for one, e.g. '@Layer(units = 1)"
        + " @Activation(SIGMOID) Dense out;'";
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node a = inputs.get(0);
    Node b = inputs.get(1);
    boolean normalize = field.flag("normalize");
    boolean known = a.shape().known() && b.shape().known();
    if (known && (!a.shape().isFlat() || !b.shape().isFlat() || a.shape().size() != b.shape().size())) {
      String difference = !a.shape().isFlat() ? "'" + a.name() + "' is not flat (add a Flatten)"
          : !b.shape().isFlat() ? "'" + b.name() + "' is not flat (add a Flatten)" : a.shape().difference(b.shape(), true);
      field.error(Messages.mergeShapes(field.name(), "Dot", a.name(), a.shape().toString(), b.name(),
          b.shape().toString(), difference, "multiplies two vectors value by value and adds the products, so they must be"
              + " flat and of one length"));
    }
    return NodeContent.plain(Shape.flat(1), new Settings.Dot(normalize));
  }

  @Override
  public void planForward(Node node, PlanContext plan) {
    List<Arg> args = new ArrayList<>(InputRows.args(node, plan));
    args.addAll(List.of(Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(ACTIVATIONS, node.layer())));
    plan.forward(new Kernel(node.kernelPrefix() + "_forward", node.layer(), null, node.name() + ": " + what(node),
        args, new long[] {plan.batch()}, new long[] {1}, Map.of()));
  }

  @Override
  public Kernel planHead(Node node, PlanContext plan) {
    int l = node.layer();
    List<Arg> args = new ArrayList<>(InputRows.args(node, plan));
    args.addAll(List.of(Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(ACTIVATIONS, l), Arg.of(LABELS), Arg.of(DELTA, l),
        Arg.of(SAMPLE_LOSS), Arg.of(SAMPLE_HIT)));
    return new Kernel(node.kernelPrefix() + "_head", l, null, node.name() + ": " + what(node)
        + ", loss and its gradient", args, new long[] {plan.batch()}, new long[] {1}, Map.of());
  }

  @Override
  public void planBackward(Node node, PlanContext plan) {
    for (int k = 0; k < 2; k++) {
      GradientEdge edge = plan.edge(node, k);
      List<Arg> args = new ArrayList<>(List.of(Arg.of(COUNTERS), Arg.of(ORDER), Arg.of(DELTA, node.layer())));
      args.addAll(InputRows.args(node, plan));
      args.add(edge.target());
      plan.gradient(edge, new Kernel(edge.kernelName(), node.layer(), null, edge.purpose(), args,
          new long[] {plan.batch()}, new long[] {1}, Map.of(), k));
    }
  }

  @Override
  public CodeBlock describe(Node node) {
    return CodeBlock.of(normalize(node) ? ".normalize()" : "");
  }

  private static String what(Node node) {
    return (normalize(node) ? "cosine of " : "dot product of ") + "'" + node.inputs().get(0).name() + "' and '"
        + node.inputs().get(1).name() + "'";
  }

  private static boolean normalize(Node node) {
    return node.settings(Settings.Dot.class).normalize();
  }

  @Override
  public String generate(Node node, Kernel kernel, ModelGraph graph) {
    boolean head = kernel.name().endsWith("_head");
    List<String> parameters = new ArrayList<>();
    if (kernel.input() >= 0) {
      parameters.addAll(List.of("global const int* restrict counters", "global const int* restrict order",
          "global const real* restrict delta"));
    }
    parameters.addAll(InputRows.parameters(node, graph));
    if (kernel.input() < 0) {
      parameters.addAll(List.of("global const int* restrict order", "global const int* restrict counters",
          "global real* restrict p"));
    }
    if (head) {
      parameters.addAll(List.of("global const real* restrict y", "global real* restrict delta",
          "global real* restrict sample_loss", "global real* restrict sample_hit"));
    }
    if (kernel.input() >= 0) {
      parameters.add("global real* restrict delta_prev");
    }
    KernelText k = new KernelText(kernel.name(), kernel.purpose(), parameters).perSample();
    InputRows.declare(k, node, graph);
    int width = node.inputs().get(0).shape().size();
    boolean normalize = normalize(node);
    boolean backward = kernel.input() >= 0;
    if (!backward || normalize) { // the plain product's gradient needs no score
      score(k, width, normalize);
    }
    if (backward) {
      return backward(k, node, graph, kernel.input(), width, normalize);
    }
    if (head) {
      head(k, graph.outputOf(node).orElseThrow(), graph);
    } else {
      k.line("real v = score;")
          .line(graph.dropoutOf(node).map(d -> KernelText.dropout("v", d.settings(Settings.Dropout.class).rate(),
              node.layer(), "b")).orElse(""))
          .line("p[b] = v;");
    }
    return k.end();
  }

  /**
   * The output's prediction, its loss (times its weight; added to the sample's loss when another
   * output's head wrote first) and the loss gradient; the error is the metric of the main output.
   */
  private static void head(KernelText k, Output output, ModelGraph graph) {
    String weighted = output.weight() == 1 ? "" : " * (real) " + output.weight();
    k.line("p[b] = score;")
        .line("if (!counters[HAS_LABELS]) return;")
        .line("const real e = score - y[(size_t) SAMPLE_ROW(b) * LABEL_WIDTH + " + output.labelColumn() + "];");
    String loss;
    if (output.loss() == Loss.MEAN_SQUARED_ERROR) {
      k.line("delta[b] = 2 * e / n" + weighted + ";");
      loss = "e * e";
    } else {
      k.line("delta[b] = (e > (real) 0 ? (real) 1 : (e < (real) 0 ? (real) -1 : (real) 0)) / n" + weighted + ";");
      loss = "fabs(e)";
    }
    k.line("sample_loss[b] " + (output == graph.outputs().get(0) ? "=" : "+=") + " " + loss + weighted + ";");
    if (output.main()) {
      k.line("sample_hit[b] = fabs(e);");
    }
    if (graph.reportedOutputs() > 0) {
      int row = graph.outputRow(output);
      k.line("sample_loss[" + row + " * MAX_BATCH + b] = " + loss + ";")
          .line("sample_hit[" + row + " * MAX_BATCH + b] = fabs(e);");
    }
  }

  /** {@code score}: the dot product of in0 and in1, or their cosine (with the squared lengths s0, s1). */
  private static void score(KernelText k, int width, boolean normalize) {
    k.line("real dot = 0;");
    if (normalize) {
      k.line("real s0 = 0;").line("real s1 = 0;");
    }
    k.line("for (int i = 0; i < " + width + "; i++) {").line("  dot += in0[i] * in1[i];");
    if (normalize) {
      k.line("  s0 += in0[i] * in0[i];").line("  s1 += in1[i] * in1[i];");
    }
    k.line("}");
    if (normalize) {
      k.line("const real n0 = sqrt(fmax(s0, (real) 1e-12));").line("const real n1 = sqrt(fmax(s1, (real) 1e-12));")
          .line("const real score = dot / (n0 * n1);");
    } else {
      k.line("const real score = dot;");
    }
  }

  /**
   * The gradient to input {@code input}: the other vector times the output's gradient; for the
   * cosine, {@code b / (|a| |b|) - cosine a / |a|^2}, the second term gone where |a| was clamped.
   */
  private static String backward(KernelText k, Node node, ModelGraph graph, int input, int width, boolean normalize) {
    EdgeCode edge = EdgeCode.of(graph, node, input);
    String own = "in" + input;
    String other = "in" + (1 - input);
    k.line("global real* g = delta_prev + (size_t) b * " + width + ";");
    String share;
    if (normalize) {
      String ownSquares = "s" + input;
      k.line("const real clamp = " + ownSquares + " > (real) 1e-12 ? score / " + ownSquares + " : (real) 0;");
      share = "delta[b] * (" + other + "[i] / (n0 * n1) - clamp * " + own + "[i])";
    } else {
      share = "delta[b] * " + other + "[i]";
    }
    String dropout = edge.dropout().map(d -> KernelText.dropout("v", d.settings(Settings.Dropout.class).rate(),
        edge.sourceLayer(), "b * " + width + " + i")).orElse("");
    k.line("for (int i = 0; i < " + width + "; i++) {")
        .line("  real v = " + share + " * " + edge.derivative(own + "[i]") + ";")
        .line("  " + dropout).line("  g[i] = v;").line("}");
    return k.end();
  }
}
