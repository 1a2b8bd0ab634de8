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
 * layer's activation) and conv_update (the weight gradient fused with the optimizer).
 */
final class Conv2DDefinition extends LayerDefinition {
  Conv2DDefinition() {
    super("dev.kiln.layers.Conv2D", "filters", "kernel", "stride", "padding", "bias", "shares");
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
    int filters = Reading.positive(field, "Conv2D", "filters", "e.g. filters = 32");
    int[] kernel = Reading.pair(field, "kernel", null);
    if (!field.isSet("kernel")) {
      field.error("kernel", Messages.missingAttribute(field.name(), "Conv2D", "kernel", "e.g. kernel = 3 for 3x3 windows"));
    }
    Activation activation = field.activation();
    Optional<Window.Placed> placed = Reading.place(field, "Conv2D", input, "kernel", kernel,
        Reading.pair(field, "stride", new int[] {1, 1}), field.choice("padding", Padding.class) == Padding.SAME);
    boolean bias = field.flag("bias");
    Window window = placed.map(Window.Placed::window).orElse(Reading.STAND_IN);
    List<ParameterBlock> parameters = new ArrayList<>();
    parameters.add(new ParameterBlock("kernel", new int[] {window.height(), window.width(), input.shape().channels(),
        filters}, activation.isRelu() ? ParameterBlock.Init.HE_UNIFORM : ParameterBlock.Init.GLOROT_UNIFORM, true));
    if (bias) {
      parameters.add(new ParameterBlock("bias", new int[] {filters}, ParameterBlock.Init.ZEROS, false));
    }
    return new NodeContent(Reading.imageOut(placed, filters), activation, new Settings.Conv(window, bias, null),
        parameters);
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
