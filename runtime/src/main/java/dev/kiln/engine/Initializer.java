package dev.kiln.engine;

import dev.kiln.annotations.ActivationKind;

/**
 * Initial weights: He uniform for (leaky) ReLU layers, Glorot uniform for the rest, biases zero, with
 * Keras's fans (a Conv2D's are its window times its input channels, and times its filters);
 * drawn from the counter-based generator keyed by seed and layer, so the same seed gives the same
 * weights on every device.
 */
final class Initializer {
  private Initializer() {}

  static double[] parameters(LayerSpec layer, int index, long seed) {
    boolean relu = layer.activation() == ActivationKind.RELU || layer.activation() == ActivationKind.LEAKY_RELU;
    double limit = relu
        ? Math.sqrt(6.0 / layer.fanIn())
        : Math.sqrt(6.0 / (layer.fanIn() + fanOut(layer)));
    double[] params = new double[layer.parameterCount()];
    for (int k = 0; k < layer.weightCount(); k++) {
      params[k] = (2 * Philox.uniform(seed, index, k) - 1) * limit;
    }
    return params;
  }

  private static int fanOut(LayerSpec layer) {
    return layer.isConvolution() ? layer.window().height() * layer.window().width() * layer.units() : layer.units();
  }
}
