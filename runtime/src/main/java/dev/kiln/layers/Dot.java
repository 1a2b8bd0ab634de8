package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Dot: the dot product of two vectors (with {@code normalize = true}, their cosine similarity), one value per sample. As a field type it declares the merge
 * ({@code @Layer(from = {"a", "b"}) Dot merged;}); after the model is opened the field holds this handle.
 */
public final class Dot extends MergeLayer {
  /** Made when a model is opened. */
  public Dot(NodeSpec spec) {
    super(spec);
  }
}
