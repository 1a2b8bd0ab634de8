package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.Window;
import java.util.Arrays;

/** What the pooling layers share: a window over a channels-last image, and no parameters. */
abstract class PoolingLayer extends ParameterlessLayer {
  PoolingLayer(NodeSpec spec) {
    super(spec);
  }

  public Window window() {
    return spec.window();
  }

  /** {height, width, channels} in. */
  public int[] inputShape() {
    return spec.inputShape().clone();
  }

  /** {height, width, channels} out; {channels} for GlobalAveragePooling2D. */
  @Override
  public int[] outputShape() {
    return super.outputShape();
  }

  @Override
  public String toString() {
    return name() + " (" + spec.type() + " " + Arrays.toString(spec.inputShape()) + " -> "
        + Arrays.toString(spec.outputShape()) + ", " + spec.window() + ")";
  }
}
