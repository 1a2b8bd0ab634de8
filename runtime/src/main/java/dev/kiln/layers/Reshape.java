package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;
import java.util.Arrays;

/**
 * Reshape: the same values seen with another shape of the same size, {@code @Layer(shape = {7, 7, 16})
 * Reshape image;}. It costs nothing: samples are stored row-major. After the model is opened the
 * field holds this handle.
 */
public final class Reshape {
  private final String name;
  private final int[] inputShape;
  private final int[] shape;

  /** Made when a model is opened. */
  public Reshape(NodeSpec spec) {
    this.name = spec.name();
    this.inputShape = spec.inputShape().clone();
    this.shape = spec.outputShape().clone();
  }

  public String name() {
    return name;
  }

  public int[] inputShape() {
    return inputShape.clone();
  }

  public int[] shape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return name + " (Reshape " + Arrays.toString(inputShape) + " -> " + Arrays.toString(shape) + ")";
  }
}
