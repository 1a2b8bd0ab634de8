package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.HYPER;
import static dev.kiln.processor.plan.Arg.Source.ORDER;
import static dev.kiln.processor.plan.Arg.Source.PARAMS;
import static dev.kiln.processor.plan.Arg.Source.STATE;
import static dev.kiln.processor.plan.Arg.Source.WORKSPACE;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.emit.Defines;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Normalization;
import dev.kiln.processor.ir.ParameterBlock;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.GradientEdge;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import dev.kiln.processor.plan.Tiles;
import dev.kiln.processor.report.Messages;
import java.util.List;
import java.util.Map;

/**
 * BatchNormalization over the last axis (an image's channels, a row's features): batch statistics
 * in training, running ones outside it, then gamma and beta and an optional activation. Its
 * parameters are {@code [gamma][beta][moving_mean][moving_variance]}, one value per channel each;
 * the optimizer trains gamma and beta. Five small kernels: statistics, normalise, the backward
 * pass's sums, the input gradient, the update.
 */
final class BatchNormalizationDefinition extends LayerDefinition {
  private static final ClassName NORMALIZATION = ClassName.get("dev.kiln.engine", "Normalization");

  BatchNormalizationDefinition() {
    super("dev.kiln.layers.BatchNormalization", "momentum", "epsilon");
  }

  @Override
  public boolean takesActivation() {
    return true;
  }

  @Override
  public boolean isTrainable() {
    return true;
  }

  /**
   * Keras runs a frozen batch normalisation in inference mode (its running statistics, not the
   * batch's), which its kernels do not do inside a training step yet.
   */
  @Override
  public boolean freezes() {
    return false;
  }

  @Override
  public String freezeFix() {
    return "freezing a BatchNormalization is not supported yet (Keras runs a frozen one with its running"
        + " statistics); remove it, or declare the model without this layer";
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node input = inputs.get(0);
    if (field.modelBatch() == 1) {
      field.error(Messages.batchNormalizationBatch(field.name()));
    }
    double momentum = field.real("momentum");
    if (!(momentum >= 0 && momentum < 1)) {
      field.error("momentum", Messages.batchNormalizationMomentum(field.name(), momentum));
    }
    double epsilon = field.real("epsilon");
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      field.error("epsilon", Messages.batchNormalizationEpsilon(field.name(), epsilon));
    }
    Shape shape = input.shape();
    int[] channels = {shape.channels()};
    List<ParameterBlock> parameters = List.of(
        new ParameterBlock("gamma", channels, ParameterBlock.Init.ONES, false),
        new ParameterBlock("beta", channels, ParameterBlock.Init.ZEROS, false),
        new ParameterBlock("moving_mean", channels, ParameterBlock.Init.ZEROS, false),
        new ParameterBlock("moving_variance", channels, ParameterBlock.Init.ONES, false));
    return new NodeContent(shape, field.activation(),
        new Settings.BatchNorm(new Normalization(momentum, epsilon)), parameters);
  }

  @Override
  public void planForward(Node node, PlanContext plan) {
    int l = node.layer();
    plan.forward(perChannel(node, plan, "_statistics", "bn_statistics.cl",
        "the batch's mean and spread per channel (the running ones outside training)",
        List.of(plan.source(node, 0), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, l), Arg.of(WORKSPACE, l)),
        false));
    plan.forward(perChannel(node, plan, "_forward", "bn_forward.cl",
        node.name() + ": " + node.activation().lowerName() + "(gamma (x - mean) / sqrt(var + epsilon) + beta)",
        List.of(plan.source(node, 0), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, l), Arg.of(WORKSPACE, l),
            Arg.of(ACTIVATIONS, l)), true));
  }

  @Override
  public void planBackward(Node node, PlanContext plan) {
    int l = node.layer();
    plan.training(perChannel(node, plan, "_sums", "bn_sums.cl", "the sums over the batch its gradients need, per channel",
        List.of(plan.source(node, 0), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(WORKSPACE, l), Arg.of(DELTA, l)),
        false));
    GradientEdge edge = plan.edge(node, 0);
    plan.gradient(edge, Kernel.tiled(edge.kernelName(), l, "bn_backward.cl", edge.purpose(),
        List.of(Arg.of(COUNTERS), Arg.of(ORDER), Arg.of(PARAMS, l), Arg.of(WORKSPACE, l), Arg.of(DELTA, l),
            edge.reads(), edge.target()),
        Tiles.channels(node, plan.batch(), plan.precision())));
    plan.training(Kernel.tiled(node.kernelPrefix() + "_update", l, "bn_update.cl",
        node.name() + ": optimizer update of gamma and beta",
        List.of(Arg.of(COUNTERS), Arg.of(HYPER), Arg.of(WORKSPACE, l), Arg.of(PARAMS, l), Arg.of(STATE, l)),
        new Tiles.Shape(Map.of(), new long[] {1})));
  }

  /** A kernel over tiles of channels, and over the batch's samples when {@code perSample}. */
  private static Kernel perChannel(Node node, PlanContext plan, String suffix, String template, String purpose,
                                   List<Arg> args, boolean perSample) {
    return Kernel.tiled(node.kernelPrefix() + suffix, node.layer(), template, purpose, args,
        Tiles.channels(node, perSample ? plan.batch() : 1, plan.precision()));
  }

  /** The batch's mean and 1 / standard deviation per channel, and the backward pass's two sums. */
  @Override
  public long workspace(Node node, int batch) {
    return 4L * node.shape().channels();
  }

  @Override
  public void defines(Node node, Defines defines) {
    Normalization n = node.settings(Settings.BatchNorm.class).normalization();
    int channels = node.shape().channels();
    defines.define("CHANNELS", channels)
        .define("POSITIONS", node.input().shape().size() / channels)
        .define("BN_MOMENTUM", "((real) " + n.momentum() + ")")
        .define("BN_EPSILON", "((real) " + n.epsilon() + ")");
  }

  @Override
  public String headerDetail(Node node) {
    return ", " + node.activation().lowerName();
  }

  @Override
  public CodeBlock describe(Node node) {
    Normalization n = node.settings(Settings.BatchNorm.class).normalization();
    return CodeBlock.of(".normalization(new $T($L, $L))", NORMALIZATION, n.momentum(), n.epsilon());
  }
}
