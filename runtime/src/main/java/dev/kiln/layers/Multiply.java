package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Multiply: the inputs multiplied value by value. As a field type it declares the merge
 * ({@code @Layer(from = {"a", "b"}) Multiply merged;}); after the model is opened the field holds this handle.
 */
public final class Multiply extends MergeLayer {
  /** Made when a model is opened. */
  public Multiply(NodeSpec spec) {
    super(spec);
  }
}
