package dev.kiln.engine;

/**
 * The gradient of one output of the last layer with respect to that layer's pre-activations z,
 * written in terms of the outputs p: where saliency's backward pass starts.
 */
final class OutputGradient {
  private OutputGradient() {}

  static double[] of(NodeSpec layer, double[] p, int output) {
    double[] g = new double[p.length];
    double pc = p[output];
    switch (layer.activation()) {
      case SOFTMAX -> {
        for (int j = 0; j < p.length; j++) {
          g[j] = pc * ((j == output ? 1 : 0) - p[j]);
        }
      }
      case SIGMOID -> g[output] = pc * (1 - pc);
      case TANH -> g[output] = 1 - pc * pc;
      case RELU -> g[output] = pc > 0 ? 1 : 0;
      case LEAKY_RELU -> g[output] = pc > 0 ? 1 : layer.alpha();
      case LINEAR -> g[output] = 1;
    }
    return g;
  }
}
