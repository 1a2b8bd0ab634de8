package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.NodeSpec;

/** What layers without parameters share (pools, merges): their spec, an empty parameter list, and shapes. */
abstract class ParameterlessLayer implements LayerHandle {
  final NodeSpec spec;

  ParameterlessLayer(NodeSpec spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return spec.name();
  }

  /** The shape of one sample it gives. */
  public int[] outputShape() {
    return spec.outputShape().clone();
  }

  /** None. */
  @Override
  public double[] parameters() {
    return new double[0];
  }

  /** False: it has nothing to train. */
  @Override
  public boolean trainable() {
    return false;
  }

  @Override
  public void setParameters(double[] parameters) {
    if (parameters.length != 0) {
      throw new KilnException("layer '" + name() + "' (" + spec.type() + ") has no parameters, got "
          + parameters.length);
    }
  }
}
