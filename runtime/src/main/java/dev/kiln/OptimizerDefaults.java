package dev.kiln;

import dev.kiln.annotations.Optimizer;
import java.util.Arrays;

/** Keras's default hyper-parameters per optimizer, laid out as the kernels' hyper buffer (common.cl). */
final class OptimizerDefaults {
  static final int LEARNING_RATE = 0;
  static final int MOMENTUM = 1;
  static final int NESTEROV = 2;
  static final int BETA1 = 3;
  static final int BETA2 = 4;
  static final int EPSILON = 5;
  static final int RHO = 6;
  private static final int L2 = 7;
  private static final int SLOTS = 8;

  private OptimizerDefaults() {}

  /** Nothing set: every slot NaN. */
  static double[] unset() {
    double[] hyper = new double[SLOTS];
    Arrays.fill(hyper, Double.NaN);
    return hyper;
  }

  /** The values the user set, the defaults of {@code optimizer} for the rest, and the model's l2. */
  static double[] resolve(Optimizer optimizer, double[] set, double l2) {
    double learningRate = switch (optimizer) {
      case SGD -> 0.01;
      case ADAM, RMSPROP -> 0.001;
      case ADADELTA -> 1.0;
    };
    double[] defaults = {learningRate, 0.0, 0, 0.9, 0.999, 1e-7, optimizer == Optimizer.ADADELTA ? 0.95 : 0.9, l2};
    double[] hyper = new double[SLOTS];
    for (int slot = 0; slot < SLOTS; slot++) {
      hyper[slot] = slot == L2 || Double.isNaN(set[slot]) ? defaults[slot] : set[slot];
    }
    return hyper;
  }
}
