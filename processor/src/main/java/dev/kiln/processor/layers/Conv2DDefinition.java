package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.GRADIENT;
import static dev.kiln.processor.plan.Arg.Source.HYPER;
import static dev.kiln.processor.plan.Arg.Source.ORDER;
import static dev.kiln.processor.plan.Arg.Source.PARAMS;
import static dev.kiln.processor.plan.Arg.Source.STATE;
import static dev.kiln.processor.plan.Arg.Source.ZEROS;

import com.palantir.javapoet.CodeBlock;
import dev.kiln.annotations.Padding;
import dev.kiln.processor.emit.Defines;
import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.ParameterBlock;
import dev.kiln.processor.ir.Placement;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.ir.Window;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.GradientEdge;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import dev.kiln.processor.plan.Tiles;
import dev.kiln.processor.report.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Conv2D over a channels-last image: {@code y = activation(conv(x, W) + b)}, weights
 * {@code [height][width][in channels][filters]} as Keras stores them. Its kernels are implicit GEMMs:
 * conv_forward (+ bias + activation), conv_backward (the input gradient, through the earlier
 * layer's activation) and conv_update (the weight gradient fused with the optimizer). Conv1D is the
 * same over a sequence (steps, features), which is an image one pixel high: windows {@code 1 x k},
 * weights {@code [k][in channels][filters]} as Keras stores them, the same in memory.
 */
final class Conv2DDefinition extends LayerDefinition {
  private final boolean overTime;

  private Conv2DDefinition(String qualifiedName, boolean overTime, String... attributes) {
    super(qualifiedName, attributes);
    this.overTime = overTime;
  }

  static Conv2DDefinition images() {
    return new Conv2DDefinition("dev.kiln.layers.Conv2D", false, "filters", "kernel", "stride", "padding", "bias",
        "shares");
  }

  static Conv2DDefinition sequences() {
    return new Conv2DDefinition("dev.kiln.layers.Conv1D", true, "filters", "kernel", "stride", "padding", "bias");
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
  public boolean writesIntoAConcatenation() {
    return true;
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node input = inputs.get(0);
    int filters = Reading.positive(field, simpleName(), "filters", "e.g. filters = 32");
    if (!field.isSet("kernel")) {
      field.error("kernel", Messages.missingAttribute(field.name(), simpleName(), "kernel", overTime
          ? "e.g. kernel = 5 for windows of 5 steps" : "e.g. kernel = 3 for 3x3 windows"));
    }
    Activation activation = field.activation();
    boolean same = field.choice("padding", Padding.class) == Padding.SAME;
    Optional<Window.Placed> placed = overTime
        ? Reading.placeOverTime(field, simpleName(), input, "kernel", Reading.length(field, "kernel", 0),
            Reading.length(field, "stride", 1), same)
        : Reading.place(field, simpleName(), input, "kernel", Reading.pair(field, "kernel", null),
            Reading.pair(field, "stride", new int[] {1, 1}), same);
    boolean bias = field.flag("bias");
    Window window = placed.map(Window.Placed::window).orElse(Reading.STAND_IN);
    int channels = input.shape().channels();
    int[] kernelShape = overTime ? new int[] {window.width(), channels, filters}
        : new int[] {window.height(), window.width(), channels, filters};
    List<ParameterBlock> parameters = new ArrayList<>();
    parameters.add(new ParameterBlock("kernel", kernelShape,
        activation.isRelu() ? ParameterBlock.Init.HE_UNIFORM : ParameterBlock.Init.GLOROT_UNIFORM, true));
    if (bias) {
      parameters.add(new ParameterBlock("bias", new int[] {filters}, ParameterBlock.Init.ZEROS, false));
    }
    Shape shape = overTime ? placed.filter(p -> filters > 0).map(p -> Shape.sequence(p.outWidth(), filters))
        .orElse(Shape.unknown()) : Reading.imageOut(placed, filters);
    return new NodeContent(shape, activation, new Settings.Conv(window, bias, null), parameters);
  }

  /** A use of {@code owner}'s filters: its window, bias and activation, no parameters of its own. */
  @Override
  public NodeContent readShared(FieldReading field, List<Node> inputs, Node owner) {
    Settings.Conv own = owner.settings(Settings.Conv.class);
    Node root = Reading.sharedRoot(field, inputs.get(0), owner, false);
    return new NodeContent(owner.shape(), owner.activation(), new Settings.Conv(own.window(), own.bias(), root),
        List.of());
  }

  @Override
  public List<String> sharedAttributes() {
    return List.of("filters", "kernel", "stride", "padding", "bias");
  }

  @Override
  public void planForward(Node node, PlanContext plan) {
    int l = node.layer();
    Placement at = plan.graph().placement(node);
    plan.forward(Kernel.tiled(node.kernelPrefix() + "_forward", l, "conv_forward.cl",
        node.name() + ": " + node.activation().lowerName() + "(conv(x, W) + b)" + at.described(node),
        List.of(plan.source(node, 0), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, node.weightsLayer()),
            Arg.of(ACTIVATIONS, at.buffer().layer())),
        Tiles.convForward(node, plan.batch(), plan.precision())));
  }

  @Override
  public void planBackward(Node node, PlanContext plan) {
    int l = node.layer();
    Settings.Conv conv = node.settings(Settings.Conv.class);
    GradientEdge edge = plan.edge(node, 0);
    plan.gradient(edge, Kernel.tiled(edge.kernelName(), l, "conv_backward.cl", edge.purpose(),
        List.of(Arg.of(COUNTERS), Arg.of(PARAMS, node.weightsLayer()), Arg.of(DELTA, l), Arg.of(ZEROS), edge.reads(),
            edge.target()),
        Tiles.convBackward(node, conv.window(), plan.batch(), plan.precision())));
    int rows = fanIn(node) + (conv.bias() ? 1 : 0);
    WeightUpdates.plan(node, plan, (use, gradientOnly) -> {
      List<Arg> args = new ArrayList<>(List.of(plan.source(use, 0), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(HYPER),
          Arg.of(DELTA, use.layer())));
      args.addAll(gradientOnly ? List.of(Arg.of(GRADIENT, l)) : List.of(Arg.of(PARAMS, l), Arg.of(STATE, l)));
      Tiles.Shape tiles = Tiles.convUpdate(use, rows, plan.precision());
      return gradientOnly
          ? Kernel.tiled(use.kernelPrefix() + "_weight_gradient", use.layer(), "conv_update.cl",
              use.name() + ": its weight gradient, added to the gradient of '" + node.name() + "'", args,
              tiles.gradientOnly())
          : Kernel.tiled(node.kernelPrefix() + "_update", l, "conv_update.cl",
              node.name() + ": weight gradient and optimizer update", args, tiles);
    });
  }

  /** Inputs that reach one output: a window of every input channel. */
  private static int fanIn(Node node) {
    Window w = node.settings(Settings.Conv.class).window();
    return w.height() * w.width() * node.input().shape().channels();
  }

  @Override
  public void defines(Node node, Defines defines) {
    Settings.Conv conv = node.settings(Settings.Conv.class);
    defines.define("HAS_BIAS", conv.bias() ? 1 : 0);
    ImageDefines.write(node, conv.window(), defines);
  }

  @Override
  public String headerDetail(Node node) {
    return ", " + node.activation().lowerName() + (node.settings(Settings.Conv.class).bias() ? "" : ", no bias")
        + (node.owner() == null ? "" : ", the weights of '" + node.owner().name() + "'");
  }

  @Override
  public CodeBlock describe(Node node) {
    CodeBlock window = WindowCode.of(node.settings(Settings.Conv.class).window());
    return node.owner() == null ? window : CodeBlock.of("$L.shares($S)", window, node.owner().name());
  }
}
