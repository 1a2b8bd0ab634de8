package dev.kiln.layers;

import java.util.Arrays;

/**
 * Flatten: reads an image input ({@code input = {28, 28}}) as one row of values, as Keras's Flatten
 * does. It costs nothing: samples are stored row-major, so the row is the image. As a field type it
 * declares the layer ({@code @Layer Flatten flat;}, first); after the model is opened the field holds
 * this handle.
 */
public final class Flatten {
  private final String name;
  private final int[] inputShape;

  /** Made by the generated class when a model is opened. */
  public Flatten(String name, int[] inputShape) {
    this.name = name;
    this.inputShape = inputShape.clone();
  }

  public String name() {
    return name;
  }

  /** The shape it flattens, e.g. {28, 28}. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return name + " (Flatten " + Arrays.toString(inputShape) + ")";
  }
}
