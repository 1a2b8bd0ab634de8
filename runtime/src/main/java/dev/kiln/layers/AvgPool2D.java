package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Average pooling: each output is the mean of its window, per channel (with SAME padding, of the
 * positions inside the image). As a field type it declares the layer ({@code @Layer(pool = 2) AvgPool2D
 * pool;}); after the model is opened the field holds this handle.
 */
public final class AvgPool2D extends PoolingLayer {
  /** Made by the generated class when a model is opened. */
  public AvgPool2D(NodeSpec spec) {
    super(spec);
  }
}
