package dev.kiln.onnx;

import dev.kiln.engine.NodeKind;
import dev.kiln.engine.NodeSpec;
import java.util.List;

/**
 * The views: Dropout is the identity outside training; Flatten and Reshape are an ONNX
 * {@code Reshape} to the node's shape, which reads the values in the same (channels-last) order.
 */
final class ViewTranslation implements NodeTranslation {
  @Override
  public String write(NodeSpec node, Export export) {
    String x = export.input(node, 0);
    if (node.kind() == NodeKind.DROPOUT) {
      return x;
    }
    return reshape(x, node.outputShape(), node.name(), export.graph());
  }

  /** {@code x} as {@code [batch, shape...]}. */
  static String reshape(String x, int[] shape, String hint, OnnxGraph graph) {
    long[] dims = new long[shape.length + 1];   // 0: the batch, as it is
    for (int d = 0; d < shape.length; d++) {
      dims[d + 1] = shape[d];
    }
    return graph.node("Reshape", hint, List.of(x, graph.longs(hint + "/shape", dims)));
  }
}
