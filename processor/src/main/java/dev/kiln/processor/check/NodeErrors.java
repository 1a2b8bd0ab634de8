package dev.kiln.processor.check;

import dev.kiln.processor.ir.Node;

/** Reports an error about a node where the user declared it, for rules that see only the graph. */
public interface NodeErrors {
  /** On the node's field. */
  void error(Node node, String message);

  /** On {@code @annotation(attribute = ...)} of the node's field if the user wrote it, else on the field. */
  void error(Node node, Class<?> annotation, String attribute, String message);
}
