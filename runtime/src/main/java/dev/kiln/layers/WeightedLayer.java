package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;

/** Dense and Conv2D: weights, then a bias per output or filter (unless {@code bias = false}). */
abstract class WeightedLayer extends ParameterizedLayer {
  WeightedLayer(NodeSpec spec, ParameterStore store) {
    super(spec, store);
  }

  /** A copy of the biases; empty when the layer has none. */
  public float[] biases() {
    double[] params = parameters();
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
    double[] values = new double[b.length];
    for (int o = 0; o < b.length; o++) {
      values[o] = b[o];
    }
    writeFrom(spec.weightCount(), values);
  }
}
