package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Concatenate: the inputs joined along the last axis (a row's features, an image's channels). As a field type it declares the merge
 * ({@code @Layer(from = {"a", "b"}) Concatenate merged;}); after the model is opened the field holds this handle.
 */
public final class Concatenate extends MergeLayer {
  /** Made when a model is opened. */
  public Concatenate(NodeSpec spec) {
    super(spec);
  }
}
