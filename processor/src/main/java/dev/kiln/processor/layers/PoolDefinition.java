package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.ORDER;

import com.palantir.javapoet.CodeBlock;
import dev.kiln.annotations.Padding;
import dev.kiln.processor.emit.Defines;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.report.Messages;
import dev.kiln.processor.ir.Window;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.GradientEdge;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import dev.kiln.processor.plan.Tiles;
import java.util.List;
import java.util.Optional;

/**
 * Max and average pooling over windows of a channels-last image, global average pooling (the
 * whole image as one window, {@code {h, w, c}} to {@code {c}}), and global max and average pooling
 * over the steps of a sequence (an image one pixel high). No parameters; pool_forward, and
 * pool_backward, which finds the maximum again from the input instead of storing its position.
 */
final class PoolDefinition extends LayerDefinition {
  private final boolean max;
  private final boolean global;
  private final boolean overTime;

  private PoolDefinition(String qualifiedName, boolean max, boolean global, boolean overTime, String... attributes) {
    super(qualifiedName, attributes);
    this.max = max;
    this.global = global;
    this.overTime = overTime;
  }

  static PoolDefinition max() {
    return new PoolDefinition("dev.kiln.layers.MaxPool2D", true, false, false, "pool", "stride", "padding");
  }

  static PoolDefinition average() {
    return new PoolDefinition("dev.kiln.layers.AvgPool2D", false, false, false, "pool", "stride", "padding");
  }

  static PoolDefinition globalAverage() {
    return new PoolDefinition("dev.kiln.layers.GlobalAveragePooling2D", false, true, false);
  }

  /** The mean of each feature over the steps of a sequence: (steps, features) to (features). */
  static PoolDefinition globalAverageOverTime() {
    return new PoolDefinition("dev.kiln.layers.GlobalAveragePooling1D", false, true, true);
  }

  /** The largest value of each feature over the steps of a sequence: (steps, features) to (features). */
  static PoolDefinition globalMaxOverTime() {
    return new PoolDefinition("dev.kiln.layers.GlobalMaxPooling1D", true, true, true);
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node input = inputs.get(0);
    Shape in = input.shape();
    if (global) {
      boolean image = overTime ? requireSequence(field, input) : Reading.requireImage(field, simpleName(), input);
      Window whole = new Window(in.height(), in.width(), in.height(), in.width(), 0, 0);
      return NodeContent.plain(image ? Shape.flat(in.channels()) : Shape.unknown(), new Settings.Pool(whole));
    }
    int[] pool = Reading.pair(field, "pool", new int[] {2, 2});
    int[] stride = Reading.pair(field, "stride", pool == null ? new int[] {2, 2} : pool);
    Optional<Window.Placed> placed = Reading.place(field, simpleName(), input, "pool", pool, stride,
        field.choice("padding", Padding.class) == Padding.SAME);
    return NodeContent.plain(Reading.imageOut(placed, in.channels()),
        new Settings.Pool(placed.map(Window.Placed::window).orElse(Reading.STAND_IN)));
  }

  private boolean requireSequence(FieldReading field, Node input) {
    if (input.shape().known() && input.shape().form() != Shape.Form.SEQUENCE) {
      field.error(Messages.recurrentOnNonSequence(field.name(), simpleName(), Reading.source(input),
          input.shape().described(), simpleName() + " reads an Embedding of several indices, a Conv1D, or a recurrent"
              + " layer with returnSequences = true" + (input.shape().image() ? "; for an image use the 2D pooling" : "")));
      return false;
    }
    return input.shape().known();
  }

  @Override
  public void planForward(Node node, PlanContext plan) {
    Window w = window(node);
    plan.forward(Kernel.tiled(node.kernelPrefix() + "_forward", node.layer(), "pool_forward.cl",
        node.name() + ": " + (max ? "max" : "mean") + " over " + w.height() + "x" + w.width() + " windows",
        List.of(plan.source(node, 0), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(ACTIVATIONS, node.layer())),
        Tiles.pool(node.shape().height(), plan.batch())));
  }

  @Override
  public void planBackward(Node node, PlanContext plan) {
    GradientEdge edge = plan.edge(node, 0);
    // pool_backward.cl: windows that do not overlap scatter per output row, others gather per input row
    int rows = overlaps(window(node)) ? node.input().shape().height() : node.shape().height();
    plan.gradient(edge, Kernel.tiled(edge.kernelName(), node.layer(), "pool_backward.cl", edge.purpose(),
        List.of(Arg.of(COUNTERS), Arg.of(ORDER), Arg.of(DELTA, node.layer()), edge.reads(), edge.target()),
        Tiles.pool(rows, plan.batch())));
  }

  private static boolean overlaps(Window window) {
    return window.strideHeight() < window.height() || window.strideWidth() < window.width();
  }

  private static Window window(Node node) {
    return node.settings(Settings.Pool.class).window();
  }

  @Override
  public void defines(Node node, Defines defines) {
    ImageDefines.write(node, window(node), defines);
    if (max) {
      defines.flag("POOL_MAX");
    }
  }

  @Override
  public CodeBlock describe(Node node) {
    return WindowCode.of(window(node));
  }
}
