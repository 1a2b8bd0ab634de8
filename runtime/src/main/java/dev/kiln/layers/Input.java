package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;
import java.util.Arrays;

/** A model input: the shape of one sample, as declared and as the layers reading it see it. */
public final class Input {
  private final String name;
  private final int[] declared;
  private final int[] shape;

  /** Made when a model is opened. */
  public Input(NodeSpec spec) {
    this.name = spec.name();
    this.declared = spec.declared().clone();
    this.shape = spec.outputShape().clone();
  }

  public String name() {
    return name;
  }

  /** The shape as declared, e.g. {28, 28}. */
  public int[] declaredShape() {
    return declared.clone();
  }

  /** The shape the layers reading it see: {28, 28, 1} for a one-channel image. */
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return name + " (Input " + Arrays.toString(declared) + ")";
  }
}
