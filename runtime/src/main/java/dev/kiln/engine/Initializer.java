package dev.kiln.engine;

/**
 * Initial parameters, block by block as the processor laid them out: Glorot or He uniform (ReLU
 * layers) with Keras's fans, uniform in +-0.05 (embeddings), zeros, or ones. Random values come from the counter-based generator
 * keyed by seed, layer and position in the layer's parameters, so the same seed gives the same
 * weights on every device.
 */
final class Initializer {
  private Initializer() {}

  static double[] parameters(NodeSpec layer, long seed) {
    double[] params = new double[layer.parameterCount()];
    int offset = 0;
    for (ParameterBlock block : layer.parameters()) {
      fill(params, offset, block, layer.layer(), seed);
      offset += block.size();
    }
    return params;
  }

  private static void fill(double[] params, int offset, ParameterBlock block, int layer, long seed) {
    double limit = switch (block.init()) {
      case GLOROT_UNIFORM -> Math.sqrt(6.0 / (block.fanIn() + block.fanOut()));
      case HE_UNIFORM -> Math.sqrt(6.0 / block.fanIn());
      case UNIFORM -> 0.05;
      case ZEROS, ONES -> 0;
    };
    for (int i = 0; i < block.size(); i++) {
      int k = offset + i;
      params[k] = switch (block.init()) {
        case GLOROT_UNIFORM, HE_UNIFORM, UNIFORM -> (2 * Philox.uniform(seed, layer, k) - 1) * limit;
        case ZEROS -> 0;
        case ONES -> 1;
      };
    }
  }
}
