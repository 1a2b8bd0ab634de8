package dev.kiln.onnx;

import dev.kiln.engine.NodeSpec;

/** How one kind of Kiln node becomes ONNX nodes. */
@FunctionalInterface
interface NodeTranslation {
  /**
   * Writes {@code node}'s ONNX nodes into {@code export}'s graph, reading the values of the nodes it
   * reads; returns the value it gives, in Kiln's layout: {@code [batch, node's output shape...]},
   * channels last.
   */
  String write(NodeSpec node, Export export);
}
