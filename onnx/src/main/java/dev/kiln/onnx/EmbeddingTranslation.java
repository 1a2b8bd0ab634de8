package dev.kiln.onnx;

import dev.kiln.engine.NodeSpec;
import java.util.List;

/** Embedding: {@code Gather} of its table's rows at the input's int64 indices. */
final class EmbeddingTranslation implements NodeTranslation {
  @Override
  public String write(NodeSpec node, Export export) {
    OnnxGraph graph = export.graph();
    String rows = graph.node("Gather", node.name(), List.of(export.parameter(node, "embeddings"),
        export.input(node, 0)), Attr.of("axis", 0));
    // [batch, indices, units]: one index gives a flat row
    return graph.reshape(rows, node.outputShape(), node.name());
  }
}
