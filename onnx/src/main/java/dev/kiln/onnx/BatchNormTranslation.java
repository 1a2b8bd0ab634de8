package dev.kiln.onnx;

import dev.kiln.engine.NodeSpec;
import java.util.List;

/**
 * BatchNormalization as ONNX's, in inference mode: the running mean and variance, gamma and beta,
 * over the channels (the last axis in Kiln, the second in ONNX), then its activation.
 */
final class BatchNormTranslation implements NodeTranslation {
  @Override
  public String write(NodeSpec node, Export export) {
    OnnxGraph graph = export.graph();
    int rank = node.inputShape().length + 1;
    String x = export.input(node, 0);
    if (rank > 2) {
      x = Layouts.channelsFirst(x, rank, node.name(), graph);
    }
    String y = graph.node("BatchNormalization", node.name(), List.of(x, export.parameter(node, "gamma"),
        export.parameter(node, "beta"), export.parameter(node, "moving_mean"),
        export.parameter(node, "moving_variance")), Attr.of("epsilon", (float) node.normalization().epsilon()));
    if (rank > 2) {
      y = Layouts.channelsLast(y, rank, node.name(), graph);
    }
    return Activations.apply(node.activation(), node.alpha(), y, node.name(), graph);
  }
}
