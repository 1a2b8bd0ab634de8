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
    if (layer.isBatchNormalization()) {
      return batchNormalization(layer.units());
    }
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

  /** gamma 1, beta 0, running mean 0, running variance 1: the identity until trained. */
  private static double[] batchNormalization(int channels) {
    double[] params = new double[4 * channels];
    java.util.Arrays.fill(params, 0, channels, 1);
    java.util.Arrays.fill(params, 3 * channels, 4 * channels, 1);
    return params;
  }

  private static int fanOut(LayerSpec layer) {
    return layer.isConvolution() ? layer.window().height() * layer.window().width() * layer.units() : layer.units();
  }
}
