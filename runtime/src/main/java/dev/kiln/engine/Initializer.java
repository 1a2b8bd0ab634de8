package dev.kiln.engine;

import java.util.Arrays;

/**
 * Initial parameters, block by block as the processor laid them out: Glorot or He uniform (ReLU
 * layers) with Keras's fans, uniform in +-0.05 (embeddings), orthogonal (recurrent kernels),
 * zeros, ones, or an LSTM's unit forget bias. Random values come from the counter-based generator
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
    switch (block.init()) {
      case ORTHOGONAL -> orthogonal(params, offset, block, layer, seed);
      case UNIT_FORGET_BIAS -> {
        int units = block.size() / 4; // gates i, f, c, o, as Keras orders them
        Arrays.fill(params, offset + units, offset + 2 * units, 1.0);
      }
      case ZEROS -> {}
      case ONES -> Arrays.fill(params, offset, offset + block.size(), 1.0);
      case GLOROT_UNIFORM, HE_UNIFORM, UNIFORM -> {
        double limit = switch (block.init()) {
          case GLOROT_UNIFORM -> Math.sqrt(6.0 / (block.fanIn() + block.fanOut()));
          case HE_UNIFORM -> Math.sqrt(6.0 / block.fanIn());
          default -> 0.05;
        };
        for (int i = 0; i < block.size(); i++) {
          params[offset + i] = (2 * Philox.uniform(seed, layer, offset + i) - 1) * limit;
        }
      }
    }
  }

  /**
   * Keras's Orthogonal: a matrix of standard normal values whose shorter side is made orthonormal
   * (Gram-Schmidt on its rows, or on its columns when it has more rows than columns), which is what
   * Keras's QR decomposition with the signs of R's diagonal gives.
   */
  private static void orthogonal(double[] params, int offset, ParameterBlock block, int layer, long seed) {
    int rows = block.shape()[0];
    int cols = block.size() / rows;
    boolean byRows = rows <= cols;
    int vectors = byRows ? rows : cols;
    int length = byRows ? cols : rows;
    double[][] v = new double[vectors][length];
    for (int i = 0; i < vectors; i++) {
      for (int j = 0; j < length; j++) {
        v[i][j] = normal(seed, layer, offset + (long) i * length + j);
      }
      for (int k = 0; k < i; k++) {
        double dot = 0;
        for (int j = 0; j < length; j++) {
          dot += v[i][j] * v[k][j];
        }
        for (int j = 0; j < length; j++) {
          v[i][j] -= dot * v[k][j];
        }
      }
      double norm = 0;
      for (int j = 0; j < length; j++) {
        norm += v[i][j] * v[i][j];
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < length; j++) {
        v[i][j] /= norm;
      }
    }
    for (int i = 0; i < vectors; i++) {
      for (int j = 0; j < length; j++) {
        params[offset + (byRows ? i * cols + j : j * cols + i)] = v[i][j];
      }
    }
  }

  /** A standard normal value (Box-Muller from two of the generator's uniform values). */
  private static double normal(long seed, int layer, long index) {
    double u1 = 1 - Philox.uniform(seed, layer, 2 * index);
    double u2 = Philox.uniform(seed, layer, 2 * index + 1);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
