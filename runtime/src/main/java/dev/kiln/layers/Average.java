package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Average: the mean of the inputs, value by value. As a field type it declares the merge
 * ({@code @Layer(from = {"a", "b"}) Average merged;}); after the model is opened the field holds this handle.
 */
public final class Average extends MergeLayer {
  /** Made when a model is opened. */
  public Average(NodeSpec spec) {
    super(spec);
  }
}
