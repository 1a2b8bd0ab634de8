package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Global pooling over time: the mean of each feature over the steps of a sequence, so {@code (steps, features)} becomes
 * {@code (features)}, ready for a Dense layer. As a field type it declares the layer
 * ({@code @Layer GlobalAveragePooling1D pool;}); after the model is opened the field holds this handle.
 */
public final class GlobalAveragePooling1D extends PoolingLayer {
  /** Made by the generated class when a model is opened. */
  public GlobalAveragePooling1D(NodeSpec spec) {
    super(spec);
  }
}
