package dev.kiln.onnx;

import dev.kiln.engine.NodeKind;
import dev.kiln.engine.NodeSpec;
import java.util.List;

/**
 * The pools: MaxPool2D and AvgPool2D as {@code MaxPool} and {@code AveragePool} between transposes
 * (an average over the window's values inside the image, as Keras's SAME padding counts them); the
 * global ones as a {@code ReduceMean} or {@code ReduceMax} over the image's or sequence's axes.
 */
final class PoolTranslation implements NodeTranslation {
  @Override
  public String write(NodeSpec node, Export export) {
    OnnxGraph graph = export.graph();
    String x = export.input(node, 0);
    List<String> inputs = List.of(x);
    return switch (node.kind()) {
      case GLOBAL_AVERAGE_POOLING2D -> graph.node("ReduceMean", node.name(), inputs, Attr.ints("axes", 1, 2),
          Attr.of("keepdims", 0));
      case GLOBAL_AVERAGE_POOLING1D -> graph.node("ReduceMean", node.name(), inputs, Attr.ints("axes", 1),
          Attr.of("keepdims", 0));
      case GLOBAL_MAX_POOLING1D -> graph.node("ReduceMax", node.name(), inputs, Attr.ints("axes", 1),
          Attr.of("keepdims", 0));
      default -> window(node, x, graph);
    };
  }

  private static String window(NodeSpec node, String x, OnnxGraph graph) {
    String op = node.kind() == NodeKind.MAX_POOL2D ? "MaxPool" : "AveragePool";
    String first = Layouts.channelsFirst(x, 4, node.name(), graph);
    String y = graph.node(op, node.name(), List.of(first),
        WindowAttrs.of(node.window(), node.inputShape(), node.outputShape(), false));
    return Layouts.channelsLast(y, 4, node.name(), graph);
  }
}
