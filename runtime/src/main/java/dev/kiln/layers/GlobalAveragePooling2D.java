package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Global average pooling: the mean of each channel over the whole image, so {@code {h, w, c}}
 * becomes {@code {c}}, ready for a Dense layer without Flatten. As a field type it declares the layer
 * ({@code @Layer GlobalAveragePooling2D gap;}); after the model is opened the field holds this handle.
 */
public final class GlobalAveragePooling2D extends PoolingLayer {
  /** Made by the generated class when a model is opened. */
  public GlobalAveragePooling2D(NodeSpec spec) {
    super(spec);
  }
}
