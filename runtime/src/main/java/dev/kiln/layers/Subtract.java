package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Subtract: the first input minus the second, value by value. As a field type it declares the merge
 * ({@code @Layer(from = {"a", "b"}) Subtract merged;}); after the model is opened the field holds this handle.
 */
public final class Subtract extends MergeLayer {
  /** Made when a model is opened. */
  public Subtract(NodeSpec spec) {
    super(spec);
  }
}
