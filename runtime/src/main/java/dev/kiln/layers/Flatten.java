package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;
import java.util.Arrays;

/**
 * Flatten: reads an image (the input's, a convolution's or a pool's) as one row of values, as
 * Keras's Flatten does. It costs nothing: samples are stored row-major, so the row is the image. As
 * a field type it declares the layer ({@code @Layer Flatten flat;}); after the model is opened the
 * field holds this handle.
 */
public final class Flatten {
  private final String name;
  private final int[] inputShape;

  /** Made when a model is opened. */
  public Flatten(NodeSpec spec) {
    this.name = spec.name();
    this.inputShape = spec.inputShape().clone();
  }

  public String name() {
    return name;
  }

  /** The shape it flattens, e.g. {28, 28, 1}. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return name + " (Flatten " + Arrays.toString(inputShape) + ")";
  }
}
