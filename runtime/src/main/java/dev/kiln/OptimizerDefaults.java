package dev.kiln;

import dev.kiln.annotations.Optimizer;

/** Keras's default hyper-parameters per optimizer, laid out as the kernels' hyper buffer. */
final class OptimizerDefaults {
  private OptimizerDefaults() {}

  /** [learning rate, momentum, nesterov, beta1, beta2, epsilon, rho, l2], as in common.cl. */
  static double[] resolve(Optimizer optimizer, Fit.Hyper set, double l2) {
    double learningRate = switch (optimizer) {
      case SGD -> 0.01;
      case ADAM, RMSPROP -> 0.001;
      case ADADELTA -> 1.0;
    };
    double rho = optimizer == Optimizer.ADADELTA ? 0.95 : 0.9;
    return new double[] {
        or(set.learningRate(), learningRate),
        or(set.momentum(), 0.0),
        set.nesterov() ? 1 : 0,
        or(set.beta1(), 0.9),
        or(set.beta2(), 0.999),
        or(set.epsilon(), 1e-7),
        or(set.rho(), rho),
        l2
    };
  }

  private static double or(double value, double fallback) {
    return Double.isNaN(value) ? fallback : value;
  }
}
