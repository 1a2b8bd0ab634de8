package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.GRADIENT;
import static dev.kiln.processor.plan.Arg.Source.HYPER;
import static dev.kiln.processor.plan.Arg.Source.LABELS;
import static dev.kiln.processor.plan.Arg.Source.ORDER;
import static dev.kiln.processor.plan.Arg.Source.PARAMS;
import static dev.kiln.processor.plan.Arg.Source.SAMPLE_HIT;
import static dev.kiln.processor.plan.Arg.Source.SAMPLE_LOSS;
import static dev.kiln.processor.plan.Arg.Source.STATE;

import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.emit.Defines;
import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.ParameterBlock;
import dev.kiln.processor.ir.Placement;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.GradientEdge;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import dev.kiln.processor.plan.Tiles;
import dev.kiln.processor.report.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense: {@code y = activation(x W + b)} over a flat input. Its kernels: the register-tiled
 * product + bias + activation (dense_forward), or as the output the same fused with the loss and its
 * gradient (dense_head); the gradient to its input through the earlier layer's activation
 * (dense_backward); the weight gradient fused with the optimizer (dense_update).
 */
final class DenseDefinition extends LayerDefinition {
  DenseDefinition() {
    super("dev.kiln.layers.Dense", "units", "bias", "shares");
  }

  @Override
  public boolean takesActivation() {
    return true;
  }

  @Override
  public boolean isTrainable() {
    return true;
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node input = inputs.get(0);
    if (input.shape().known() && !input.shape().isFlat()) {
      field.error(input.kind().isInput() && input.shape().image()
          ? Messages.inputNotFlat(input.settings(Settings.Input.class).declared(), field.name())
          : input.shape().form() == Shape.Form.SEQUENCE
              ? Messages.denseOnSequence(field.name(), Reading.source(input), input.shape().described(),
                  Reading.producer(input).settings() instanceof Settings.Recurrent ? Reading.producer(input).name() : null)
              : Messages.denseOnImage(field.name(), Reading.source(input), input.shape().described()));
    }
    int units = Reading.positive(field, "Dense", "units", "e.g. units = 64");
    Activation activation = field.activation();
    boolean bias = field.flag("bias");
    List<ParameterBlock> parameters = new ArrayList<>();
    parameters.add(new ParameterBlock("kernel", new int[] {input.shape().size(), units},
        activation.isRelu() ? ParameterBlock.Init.HE_UNIFORM : ParameterBlock.Init.GLOROT_UNIFORM, true));
    if (bias) {
      parameters.add(new ParameterBlock("bias", new int[] {units}, ParameterBlock.Init.ZEROS, false));
    }
    return new NodeContent(units > 0 ? Shape.flat(units) : Shape.unknown(), activation,
        new Settings.Dense(units, bias, null), parameters);
  }

  @Override
  public boolean writesIntoAConcatenation() {
    return true;
  }

  @Override
  public List<String> sharedAttributes() {
    return List.of("units", "bias");
  }

  /** A use of {@code owner}'s weights: its settings, no parameters of its own. */
  @Override
  public NodeContent readShared(FieldReading field, List<Node> inputs, Node owner) {
    Settings.Dense own = owner.settings(Settings.Dense.class);
    Node root = Reading.sharedRoot(field, inputs.get(0), owner, true);
    return new NodeContent(owner.shape(), owner.activation(), new Settings.Dense(own.units(), own.bias(), root),
        List.of());
  }

  @Override
  public void planForward(Node node, PlanContext plan) {
    int l = node.layer();
    Placement at = plan.graph().placement(node);
    plan.forward(Kernel.tiled(node.kernelPrefix() + "_forward", l, "dense_forward.cl",
        node.name() + ": " + node.activation().lowerName() + "(x W + b)" + at.described(node),
        withInput(node, plan, Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, node.weightsLayer()),
            Arg.of(ACTIVATIONS, at.buffer().layer())),
        Tiles.forward(node, plan.batch(), plan.precision())));
  }

  @Override
  public Kernel planHead(Node node, PlanContext plan) {
    int l = node.layer();
    Tiles.Shape tiles = Tiles.head(node, plan.batch(), plan.precision());
    Map<String, String> defines = new LinkedHashMap<>(tiles.defines());
    defines.putAll(plan.head(node));
    return Kernel.tiled(node.kernelPrefix() + "_head", l, "dense_head.cl",
        node.name() + ": " + node.activation().lowerName() + "(x W + b), loss and its gradient",
        withInput(node, plan, Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, node.weightsLayer()),
            Arg.of(ACTIVATIONS, l), Arg.of(LABELS), Arg.of(DELTA, l), Arg.of(SAMPLE_LOSS), Arg.of(SAMPLE_HIT)),
        new Tiles.Shape(defines, tiles.global()));
  }

  @Override
  public void planBackward(Node node, PlanContext plan) {
    int l = node.layer();
    GradientEdge edge = plan.edge(node, 0);
    plan.gradient(edge, Kernel.tiled(edge.kernelName(), l, "dense_backward.cl", edge.purpose(),
        List.of(Arg.of(COUNTERS), Arg.of(PARAMS, node.weightsLayer()), Arg.of(DELTA, l), edge.reads(), edge.target()),
        Tiles.backward(node, plan.batch(), plan.precision())));
    WeightUpdates.plan(node, plan, (use, gradientOnly) -> {
      List<Arg> args = withInput(use, plan, Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(HYPER), Arg.of(DELTA, use.layer()));
      args.addAll(gradientOnly ? List.of(Arg.of(GRADIENT, l)) : List.of(Arg.of(PARAMS, l), Arg.of(STATE, l)));
      Tiles.Shape tiles = Tiles.update(use, rows(use), plan.precision());
      return gradientOnly
          ? Kernel.tiled(use.kernelPrefix() + "_weight_gradient", use.layer(), "dense_update.cl",
              use.name() + ": its weight gradient, added to the gradient of '" + node.name() + "'", args,
              tiles.gradientOnly())
          : Kernel.tiled(node.kernelPrefix() + "_update", l, "dense_update.cl",
              node.name() + ": weight gradient and optimizer update", args, tiles);
    });
  }

  /**
   * What a kernel that reads the layer's input gets: the input's buffer, or, for an Embedding whose
   * readers look its rows up themselves, its table and the indices (GATHERED_INPUT); then {@code rest}.
   */
  private static List<Arg> withInput(Node node, PlanContext plan, Arg... rest) {
    Node input = node.input();
    List<Arg> args = new ArrayList<>(plan.graph().lookedUpByReaders(input)
        ? List.of(Arg.of(PARAMS, input.layer()), plan.source(input, 0))
        : List.of(plan.source(node, 0)));
    args.addAll(List.of(rest));
    return args;
  }

  @Override
  public boolean looksUpRows() {
    return true;
  }

  /** Parameter rows of the weight gradient: one per input, and the bias. */
  private static int rows(Node node) {
    return node.input().shape().size() + (hasBias(node) ? 1 : 0);
  }

  @Override
  public CodeBlock describe(Node node) {
    return node.owner() == null ? CodeBlock.of("") : CodeBlock.of(".shares($S)", node.owner().name());
  }

  @Override
  public void defines(Node node, Defines defines) {
    defines.define("HAS_BIAS", hasBias(node) ? 1 : 0);
  }

  @Override
  public String headerDetail(Node node) {
    return ", " + node.activation().lowerName() + (hasBias(node) ? "" : ", no bias")
        + (node.owner() == null ? "" : ", the weights of '" + node.owner().name() + "'");
  }

  private static boolean hasBias(Node node) {
    return node.settings(Settings.Dense.class).bias();
  }
}
