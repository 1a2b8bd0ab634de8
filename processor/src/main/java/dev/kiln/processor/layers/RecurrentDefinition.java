package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.FEATURES;
import static dev.kiln.processor.plan.Arg.Source.HYPER;
import static dev.kiln.processor.plan.Arg.Source.ORDER;
import static dev.kiln.processor.plan.Arg.Source.PARAMS;
import static dev.kiln.processor.plan.Arg.Source.STATE;
import static dev.kiln.processor.plan.Arg.Source.WORKSPACE;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Precision;
import dev.kiln.processor.emit.Defines;
import dev.kiln.processor.emit.EdgeCode;
import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.ParameterBlock;
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
 * A recurrent layer over a sequence (steps, features), with Keras's semantics, defaults and weight
 * layout: kernel {@code [features][gates]}, recurrent_kernel {@code [units][gates]}, bias {@code [gates]};
 * its {@link Cell} says what differs between LSTM, GRU and SimpleRNN. Their kernels follow cuDNN and oneDNN:
 * <ol>
 *   <li>{@code _inputs}: the input projection x_t W + b of every step of every sample as one large
 *       product (dense_forward.cl with INPUT_PROJECTION), into the layer's workspace;
 *   <li>{@code _recurrence}: per sample, the steps one after the other, each one product with the
 *       recurrent kernel fused with the cell (the cell's forward template), keeping what the backward
 *       pass needs of every step in the workspace;
 *   <li>{@code _transpose} and {@code _through_time}: backward through time, per sample, leaving the
 *       gradient of every step's pre-activations in the workspace (the cell's backward template);
 *   <li>{@code _backward}: the gradient to every step's input as one large product (dense_backward.cl
 *       with INPUT_PROJECTION);
 *   <li>{@code _update}: the gradients of both kernels and the bias over every step as one large
 *       product, fused with the optimizer (recurrent_update.cl).
 * </ol>
 * A sequence can come from an Embedding of several indices (whose padding it skips with
 * {@code maskZero}), a model input declared {steps, features} (an image of one channel has the same
 * layout), or a recurrent layer with {@code returnSequences = true}.
 */
final class RecurrentDefinition extends LayerDefinition {
  /** Vector accumulators the recurrence keeps in flight at once per sample (independent FMA chains). */
  private static final int GROUP = 4;
  /**
   * Samples a work-item of the recurrence runs side by side, so that each vector of the recurrent
   * kernel it loads serves them all: measured on PoCL (2 cores, AVX-512) on the lstm workload's
   * forward pass, 4 ran 1.6 times as fast as 1, 2 1.35 times, 8 slower than 4 (registers run out).
   */
  private static final int SAMPLES = 4;

  private static final ClassName RECURRENCE = ClassName.get("dev.kiln.engine", "Recurrence");

  private final Cell cell;

  RecurrentDefinition(Cell cell) {
    super(cell.qualifiedName(), cell.attributes());
    this.cell = cell;
  }

  @Override
  public boolean takesActivation() {
    return true;
  }

  /** Its candidate's and output's activation; what it gives is h itself, with no derivative for its readers. */
  @Override
  public Activation describedActivation(Node node) {
    return node.settings(Settings.Recurrent.class).activation();
  }

  @Override
  public boolean takesMasks() {
    return true;
  }

  @Override
  public boolean isTrainable() {
    return true;
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    return read(field, inputs, Settings.Recurrent.Part.ALONE);
  }

  @Override
  public boolean runsBothWays() {
    return true;
  }

  /** The forward layer as the field says, and the same backwards, its outputs in the steps' order. */
  @Override
  public List<NodeContent> readBothWays(FieldReading field, List<Node> inputs) {
    NodeContent forward = read(field, inputs, Settings.Recurrent.Part.FORWARD);
    Settings.Recurrent settings = (Settings.Recurrent) forward.settings();
    Settings.Recurrent backward = new Settings.Recurrent(settings.steps(), settings.units(), settings.activation(),
        settings.recurrentActivation(), settings.returnSequences(), true, settings.resetAfter(),
        Settings.Recurrent.Part.BACKWARD);
    return List.of(forward, new NodeContent(forward.shape(), forward.activation(), backward, forward.parameters()));
  }

  private NodeContent read(FieldReading field, List<Node> inputs, Settings.Recurrent.Part part) {
    Node input = inputs.get(0);
    int[] sequence = sequenceOf(input);
    if (sequence == null && input.shape().known()) {
      field.error(Messages.recurrentOnNonSequence(field.name(), simpleName(), Reading.source(input),
          input.shape().described(), sequenceFix(input)));
    }
    int units = Reading.positive(field, simpleName(), "units", "e.g. units = 64");
    Activation activation = field.hasActivation() ? field.activation() : new Activation(ActivationKind.TANH, 0.01);
    if (activation.isSoftmax()) {
      field.error(Messages.recurrentActivation(field.name(), simpleName(), "@Activation", "SOFTMAX"));
    }
    ActivationKind gate = accepts("recurrentActivation") ? field.choice("recurrentActivation", ActivationKind.class)
        : ActivationKind.SIGMOID;
    if (gate == ActivationKind.SOFTMAX) {
      field.error("recurrentActivation", Messages.recurrentActivation(field.name(), simpleName(),
          "recurrentActivation", "SOFTMAX"));
    }
    boolean returnSequences = field.flag("returnSequences");
    boolean goBackwards = part == Settings.Recurrent.Part.ALONE && field.flag("goBackwards");
    ModelGraph.maskOf(input).filter(embedding -> returnSequences && goBackwards).ifPresent(embedding ->
        field.error("goBackwards", Messages.maskedBackwardsSequence(field.name(), simpleName(), embedding.name())));
    int steps = sequence == null ? 0 : sequence[0];
    int features = sequence == null ? 0 : sequence[1];
    Shape shape = units == 0 || sequence == null ? Shape.unknown()
        : returnSequences ? Shape.sequence(steps, units) : Shape.flat(units);
    int gates = cell.gates() * units;
    boolean forgetBias = accepts("unitForgetBias") && field.flag("unitForgetBias");
    boolean resetAfter = !accepts("resetAfter") || field.flag("resetAfter");   // the cells without a reset gate: true
    Settings.Recurrent settings = new Settings.Recurrent(steps, units, activation, new Activation(gate, 0.01),
        returnSequences, goBackwards, resetAfter, part);
    int biasRows = cell.biasRows(settings);
    List<ParameterBlock> parameters = List.of(
        new ParameterBlock("kernel", new int[] {features, gates}, ParameterBlock.Init.GLOROT_UNIFORM, true),
        new ParameterBlock("recurrent_kernel", new int[] {units, gates}, ParameterBlock.Init.ORTHOGONAL, true),
        new ParameterBlock("bias", biasRows == 1 ? new int[] {gates} : new int[] {biasRows, gates},
            forgetBias ? ParameterBlock.Init.UNIT_FORGET_BIAS : ParameterBlock.Init.ZEROS, false));
    return new NodeContent(shape, Activation.LINEAR, settings, parameters);
  }

  /** (steps, features) of what it reads: a sequence, or an image of one channel (the same layout); else null. */
  private static int[] sequenceOf(Node input) {
    Shape shape = input.shape();
    if (shape.form() == Shape.Form.SEQUENCE) {
      return new int[] {shape.width(), shape.channels()};
    }
    if (shape.image() && shape.channels() == 1) {
      return new int[] {shape.height(), shape.width()};
    }
    return null;
  }

  private static String sequenceFix(Node input) {
    if (input.settings() instanceof Settings.Recurrent) {
      return "set returnSequences = true on '" + input.name() + "' to give every step's output";
    }
    if (input.kind().isInput()) {
      return "declare the input as {steps, features}, e.g. {20, 13} for 20 steps of 13 features";
    }
    return "a recurrent layer reads an Embedding of several indices, a model input declared {steps, features},"
        + " or a recurrent layer with returnSequences = true";
  }

  @Override
  public void planForward(Node node, PlanContext plan) {
    int l = node.layer();
    Tiles.Shape projection = Tiles.forward(features(node), gates(node), plan.batch() * steps(node), plan.precision());
    plan.forward(Kernel.tiled(node.kernelPrefix() + "_inputs", l, "dense_forward.cl",
        node.name() + ": x W + b of every step, into its workspace",
        List.of(plan.source(node, 0), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, l), Arg.of(WORKSPACE, l)),
        flagged(projection)));
    plan.forward(new Kernel(node.kernelPrefix() + "_recurrence", l, cell.forwardTemplate(),
        node.name() + ": the steps one after the other, h R and the cell fused",
        masked(node, Arg.of(COUNTERS), Arg.of(PARAMS, l), Arg.of(WORKSPACE, l), Arg.of(ACTIVATIONS, l)),
        perSampleItems(plan), new long[] {1}, perSample(node, plan)));
  }

  @Override
  public void planBackward(Node node, PlanContext plan) {
    int l = node.layer();
    plan.backward(new Kernel(node.kernelPrefix() + "_transpose", l, "recurrent_transpose.cl",
        node.name() + ": its recurrent kernel transposed, for the pass through time",
        List.of(Arg.of(PARAMS, l), Arg.of(WORKSPACE, l)), new long[] {units(node)}, new long[] {1}, Map.of()));
    plan.backward(new Kernel(node.kernelPrefix() + "_through_time", l, cell.backwardTemplate(),
        node.name() + ": backward through time, the gradient of every step's pre-activations",
        masked(node, Arg.of(COUNTERS), Arg.of(DELTA, l), Arg.of(WORKSPACE, l)),
        perSampleItems(plan), new long[] {1}, perSample(node, plan)));
    GradientEdge edge = plan.edge(node, 0);
    plan.gradient(edge, Kernel.tiled(edge.kernelName(), l, "dense_backward.cl", edge.purpose() + ", every step",
        List.of(Arg.of(COUNTERS), Arg.of(PARAMS, l), Arg.of(WORKSPACE, l), edge.reads(), edge.target()),
        flagged(Tiles.backward(features(node), plan.batch() * steps(node), plan.precision()))));
    Settings.Recurrent settings = node.settings(Settings.Recurrent.class);
    int rows = features(node) + units(node) + cell.biasRows(settings);
    plan.training(Kernel.tiled(node.kernelPrefix() + "_update", l, "recurrent_update.cl",
        node.name() + ": the gradients of both kernels and the bias over every step, and the optimizer update",
        List.of(plan.source(node, 0), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(HYPER), Arg.of(WORKSPACE, l),
            Arg.of(PARAMS, l), Arg.of(STATE, l)),
        // a GRU with the reset gate before R: its recurrent rows multiply r h_prev in the candidate's columns,
        // h_prev in the others', so no tile of columns straddles two gate blocks
        Tiles.recurrentUpdate(gates(node), rows, plan.precision(), settings.resetAfter() ? gates(node) : units(node))));
  }

  /** The arguments of a per-sample kernel: the data set and the visiting order first when the input is masked. */
  private static List<Arg> masked(Node node, Arg... args) {
    List<Arg> all = new ArrayList<>();
    if (ModelGraph.maskOf(node.input()).isPresent()) {
      all.addAll(List.of(Arg.of(FEATURES), Arg.of(ORDER)));
    }
    all.addAll(List.of(args));
    return all;
  }

  /**
   * The #defines of the per-sample kernels: their vectors and samples per work-item, and, for a
   * masked input, MASKED and KEEPS(b, t), whether step t of sample b is no padding (its Embedding
   * index, in the data set, is not 0).
   */
  private Map<String, String> perSample(Node node, PlanContext plan) {
    Map<String, String> defines = new LinkedHashMap<>(vectors(node, plan.precision()));
    defines.put("REC_SAMPLES", Integer.toString(samplesPerItem(plan)));
    ModelGraph.maskOf(node.input()).ifPresent(embedding -> {
      defines.put("MASKED", "");
      defines.put("KEEPS(b, t)", "(mask[" + EdgeCode.of(plan.graph(), embedding, 0).start("b") + " + (t)] != (real) 0)");
    });
    return defines;
  }

  /**
   * How the per-sample kernels run their products and gates: vectors of REC_LANES gate values
   * (the widest that divides the gates), REC_GROUP of them at once; REC_UNIT_LANES and
   * REC_UNIT_GROUP the same for the units.
   */
  private Map<String, String> vectors(Node node, Precision precision) {
    int widest = precision == Precision.DOUBLE ? 8 : 16;
    int lanes = Tiles.powerOfTwoDividing(gates(node), widest);
    int unitLanes = Tiles.powerOfTwoDividing(units(node), widest);
    return Map.of("REC_LANES", Integer.toString(lanes),
        "REC_GROUP", Integer.toString(Tiles.powerOfTwoDividing(gates(node) / lanes, GROUP)),
        "REC_UNIT_LANES", Integer.toString(unitLanes),
        "REC_UNIT_GROUP", Integer.toString(Tiles.powerOfTwoDividing(units(node) / unitLanes, GROUP)));
  }




  /** Samples per work-item of the per-sample kernels: SAMPLES, or fewer that divide the compiled batch. */
  private static int samplesPerItem(PlanContext plan) {
    return Tiles.powerOfTwoDividing(plan.batch(), SAMPLES);
  }

  /** The global size of the per-sample kernels. */
  private static long[] perSampleItems(PlanContext plan) {
    return new long[] {plan.batch() / samplesPerItem(plan)};
  }

  /** A dense template's tiles, for rows that are the steps of the samples (INPUT_PROJECTION). */
  private static Tiles.Shape flagged(Tiles.Shape tiles) {
    Map<String, String> defines = new LinkedHashMap<>(tiles.defines());
    defines.put("INPUT_PROJECTION", "");
    return new Tiles.Shape(defines, tiles.global());
  }

  /**
   * Per sample and step: the gates (then the gradients of their pre-activations) and what the cell
   * keeps (an LSTM's c, CELL(c) and h; a SimpleRNN's h); then R transposed.
   */
  @Override
  public long workspace(Node node, int batch) {
    return (long) batch * steps(node) * (gates(node) + (long) cell.kept() * units(node))
        + (long) units(node) * gates(node);
  }

  @Override
  public List<String> sharedTemplates() {
    return List.of("recurrent.cl");
  }

  /** Its products work on one step of one sample per row: features in, the four gates out. */
  @Override
  public int rowInputs(Node node) {
    return features(node);
  }

  @Override
  public int rowOutputs(Node node) {
    return gates(node);
  }

  @Override
  public void defines(Node node, Defines defines) {
    Settings.Recurrent lstm = node.settings(Settings.Recurrent.class);
    defines.define("STEPS", steps(node)).define("UNITS", units(node)).define("GATES", gates(node))
        .define("HAS_BIAS", 1).define("ROW_STRIDE", gates(node)).define("ROW_OFFSET", 0)
        .define("PROJECTION_BIAS", (long) (features(node) + units(node)) * gates(node))
        .define("HIDDEN_AT", "((size_t) MAX_BATCH * STEPS * (GATES + " + (cell.kept() - 1) + " * UNITS))")
        .define("RECURRENT_T_AT", "((size_t) MAX_BATCH * STEPS * (GATES + " + cell.kept() + " * UNITS))")
        .define("RETURN_SEQUENCES", lstm.returnSequences() ? 1 : 0)
        .define("GO_BACKWARDS", lstm.goBackwards() ? 1 : 0)
        .define("OUTPUT_STEP(s)", lstm.outputsInInputOrder() ? "(STEPS - 1 - (s))" : "(s)")
        .define("CELL(z)", EdgeCode.forward(lstm.activation(), "z"))
        .define("CELL_DERIVATIVE(a)", EdgeCode.derivative(lstm.activation(), "a"));
    if (cell == Cell.LSTM) {   // c and CELL(c) of each step, before h
      defines.define("CELLS_AT", "((size_t) MAX_BATCH * STEPS * GATES)")
          .define("CELL_OUTPUTS_AT", "((size_t) MAX_BATCH * STEPS * (GATES + UNITS))");
    }
    if (cell == Cell.GRU) {    // the recurrent part of the candidate (or r h_prev, reset before) of each step, before h
      defines.define("CANDIDATE_AT", "((size_t) MAX_BATCH * STEPS * GATES)")
          .define("RESET_AFTER", lstm.resetAfter() ? 1 : 0);
    }
    if (accepts("recurrentActivation")) {
      defines.define("GATE(z)", EdgeCode.forward(lstm.recurrentActivation(), "z"))
          .define("GATE_DERIVATIVE(a)", EdgeCode.derivative(lstm.recurrentActivation(), "a"));
    }
  }

  /** Its gates and direction, and the Embedding that masks its steps: {@code .recurrence(new Recurrence(...))}. */
  @Override
  public CodeBlock describe(Node node) {
    Settings.Recurrent lstm = node.settings(Settings.Recurrent.class);
    Activation gate = lstm.recurrentActivation();
    String mask = ModelGraph.maskOf(node.input()).map(Node::name).orElse(null);
    return CodeBlock.of(".recurrence(new $T($T.$L, $L, $L, $L, $S))", RECURRENCE,
        ClassName.get(ActivationKind.class), gate.kind().name(), gate.alpha(), lstm.goBackwards(),
        lstm.outputsInInputOrder(), mask);
  }

  @Override
  public String headerDetail(Node node) {
    Settings.Recurrent lstm = node.settings(Settings.Recurrent.class);
    return ", " + lstm.activation().lowerName() + (accepts("recurrentActivation") ? " and " + lstm.recurrentActivation().lowerName()
        + " gates" : "") + (lstm.returnSequences() ? ", every step" : ", the last step")
        + (lstm.goBackwards() ? ", backwards" : "") + (lstm.outputsInInputOrder() ? " (outputs in the steps' order)" : "")
        + (lstm.resetAfter() ? "" : ", the reset gate before R");
  }

  private static int steps(Node node) {
    return node.settings(Settings.Recurrent.class).steps();
  }

  private static int units(Node node) {
    return node.settings(Settings.Recurrent.class).units();
  }

  private int gates(Node node) {
    return cell.gates() * units(node);
  }

  private static int features(Node node) {
    return node.parameters().get(0).shape()[0];
  }
}
