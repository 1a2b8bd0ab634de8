package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.Window;
import java.util.Arrays;

/** What the pooling layers share: a window over a channels-last image, and no parameters. */
abstract class PoolingLayer implements LayerHandle {
  private final NodeSpec spec;

  PoolingLayer(NodeSpec spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return spec.name();
  }

  public Window window() {
    return spec.window();
  }

  /** {height, width, channels} in. */
  public int[] inputShape() {
    return spec.inputShape().clone();
  }

  /** {height, width, channels} out; {channels} for GlobalAveragePooling2D. */
  public int[] outputShape() {
    return spec.outputShape().clone();
  }

  /** None: pooling has no parameters. */
  @Override
  public double[] parameters() {
    return new double[0];
  }

  @Override
  public void setParameters(double[] parameters) {
    if (parameters.length != 0) {
      throw new KilnException("layer '" + name() + "' (" + spec.type() + ") has no parameters, got "
          + parameters.length);
    }
  }

  @Override
  public String toString() {
    return name() + " (" + spec.type() + " " + Arrays.toString(spec.inputShape()) + " -> "
        + Arrays.toString(spec.outputShape()) + ", " + spec.window() + ")";
  }
}
