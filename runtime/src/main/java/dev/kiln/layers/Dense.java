package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.engine.LayerSpec;
import dev.kiln.engine.ParameterStore;

/**
 * A fully connected layer: {@code y = activation(x W + b)}. As a field type it declares the layer;
 * after the model is opened the field holds this live handle, to read or set its weights.
 */
public final class Dense implements LayerHandle {
  private final LayerSpec spec;
  private final int index;
  private final ParameterStore store;

  /** Made by the generated class when a model is opened. */
  public Dense(LayerSpec spec, int index, ParameterStore store) {
    this.spec = spec;
    this.index = index;
    this.store = store;
  }

  @Override
  public String name() {
    return spec.name();
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
    double[] params = store.read(index);
    float[][] w = new float[spec.inputs()][spec.units()];
    for (int i = 0; i < spec.inputs(); i++) {
      for (int o = 0; o < spec.units(); o++) {
        w[i][o] = (float) params[i * spec.units() + o];
      }
    }
    return w;
  }

  /** A copy of the biases; empty when the layer has none. */
  public float[] biases() {
    double[] params = store.read(index);
    float[] b = new float[spec.bias() ? spec.units() : 0];
    for (int o = 0; o < b.length; o++) {
      b[o] = (float) params[spec.weightCount() + o];
    }
    return b;
  }

  /** Replaces the weights; {@code w} must be {@code [inputs][units]}. */
  public void setWeights(float[][] w) {
    if (w.length != spec.inputs()) {
      throw new KilnException("layer '" + name() + "' has " + spec.inputs() + " weight rows, got " + w.length);
    }
    double[] params = store.read(index);
    for (int i = 0; i < spec.inputs(); i++) {
      if (w[i].length != spec.units()) {
        throw new KilnException("layer '" + name() + "' has " + spec.units() + " weight columns, row " + i
            + " has " + w[i].length);
      }
      for (int o = 0; o < spec.units(); o++) {
        params[i * spec.units() + o] = w[i][o];
      }
    }
    store.write(index, params);
  }

  /** Replaces the biases; {@code b} must have {@code units} values. */
  public void setBiases(float[] b) {
    if (!spec.bias()) {
      throw new KilnException("layer '" + name() + "' has no bias (@Layer(bias = false))");
    }
    if (b.length != spec.units()) {
      throw new KilnException("layer '" + name() + "' has " + spec.units() + " biases, got " + b.length);
    }
    double[] params = store.read(index);
    for (int o = 0; o < b.length; o++) {
      params[spec.weightCount() + o] = b[o];
    }
    store.write(index, params);
  }

  /** All parameters (weights row-major, then biases) in full precision; for tests and tools. */
  @Override
  public double[] parameters() {
    return store.read(index);
  }

  /** Replaces all parameters, laid out as {@link #parameters()}. */
  @Override
  public void setParameters(double[] params) {
    if (params.length != spec.parameterCount()) {
      throw new KilnException("layer '" + name() + "' has " + spec.parameterCount() + " parameters, got "
          + params.length);
    }
    store.write(index, params.clone());
  }

  @Override
  public String toString() {
    return name() + " (Dense " + inputs() + " -> " + units() + ", " + activation().name().toLowerCase() + ")";
  }
}
