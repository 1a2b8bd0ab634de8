package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.LayerSpec;
import dev.kiln.engine.ParameterStore;

/** What Dense and Conv2D share: parameters stored on the device, read and written in full precision. */
abstract class ParameterizedLayer implements LayerHandle {
  final LayerSpec spec;
  private final int index;
  private final ParameterStore store;

  ParameterizedLayer(LayerSpec spec, int index, ParameterStore store) {
    this.spec = spec;
    this.index = index;
    this.store = store;
  }

  @Override
  public String name() {
    return spec.name();
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

  /** A copy of the biases; empty when the layer has none. */
  public float[] biases() {
    double[] params = store.read(index);
    float[] b = new float[spec.bias() ? spec.units() : 0];
    for (int o = 0; o < b.length; o++) {
      b[o] = (float) params[spec.weightCount() + o];
    }
    return b;
  }

  /** Replaces the biases; {@code b} must have one value per output (Dense) or filter (Conv2D). */
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

  /** The weights as one row-major array, for subclasses to shape. */
  double[] weightValues() {
    return store.read(index);
  }

  /** Writes {@code w} (row-major, weightCount long) over the weights, keeping the biases. */
  void writeWeights(double[] w) {
    double[] params = store.read(index);
    System.arraycopy(w, 0, params, 0, spec.weightCount());
    store.write(index, params);
  }
}
