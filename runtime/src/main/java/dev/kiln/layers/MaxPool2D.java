package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Max pooling: each output is the largest value in its window, per channel. As a field type it
 * declares the layer ({@code @Layer(pool = 2) MaxPool2D pool;}); after the model is opened the field holds
 * this handle. In training, the gradient goes to the first position holding the maximum.
 */
public final class MaxPool2D extends PoolingLayer {
  /** Made by the generated class when a model is opened. */
  public MaxPool2D(NodeSpec spec) {
    super(spec);
  }
}
