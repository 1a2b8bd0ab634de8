package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Add: the inputs added value by value. As a field type it declares the merge
 * ({@code @Layer(from = {"a", "b"}) Add merged;}); after the model is opened the field holds this handle.
 */
public final class Add extends MergeLayer {
  /** Made when a model is opened. */
  public Add(NodeSpec spec) {
    super(spec);
  }
}
