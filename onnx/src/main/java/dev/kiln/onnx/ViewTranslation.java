package dev.kiln.onnx;

import dev.kiln.engine.NodeKind;
import dev.kiln.engine.NodeSpec;

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
    return export.graph().reshape(x, node.outputShape(), node.name());
  }
}
