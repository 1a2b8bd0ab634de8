package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;

/**
 * A fully connected layer: {@code y = activation(x W + b)}. As a field type it declares the layer;
 * after the model is opened the field holds this live handle, to read or set its weights.
 */
public final class Dense extends WeightedLayer {
  /** Made by the generated class when a model is opened. */
  public Dense(NodeSpec spec, ParameterStore store) {
    super(spec, store);
  }

  public int inputs() {
    return spec.inputs();
  }

  public int units() {
    return spec.units();
  }

  public ActivationKind activation() {
    return spec.activation();
  }

  /** A copy of the weights, {@code [inputs][units]}. */
  public float[][] weights() {
    double[] params = parameters();
    float[][] w = new float[spec.inputs()][spec.units()];
    for (int i = 0; i < spec.inputs(); i++) {
      for (int o = 0; o < spec.units(); o++) {
        w[i][o] = (float) params[i * spec.units() + o];
      }
    }
    return w;
  }

  /** Replaces the weights; {@code w} must be {@code [inputs][units]}. */
  public void setWeights(float[][] w) {
    if (w.length != spec.inputs()) {
      throw new KilnException("layer '" + name() + "' has " + spec.inputs() + " weight rows, got " + w.length);
    }
    double[] flat = new double[spec.weightCount()];
    for (int i = 0; i < spec.inputs(); i++) {
      if (w[i].length != spec.units()) {
        throw new KilnException("layer '" + name() + "' has " + spec.units() + " weight columns, row " + i
            + " has " + w[i].length);
      }
      for (int o = 0; o < spec.units(); o++) {
        flat[i * spec.units() + o] = w[i][o];
      }
    }
    writeFrom(0, flat);
  }

  @Override
  public String toString() {
    return name() + " (Dense " + inputs() + " -> " + units() + ", " + activation().name().toLowerCase() + ")";
  }
}
