package dev.kiln;

import dev.kiln.annotations.Optimizer;
import dev.kiln.kernels.DeviceAbi.Hyper;
import java.util.Arrays;

/** Keras's default hyper-parameters per optimizer, laid out in the kernels' hyper slots ({@link Hyper}). */
final class OptimizerDefaults {
  private static final int SLOTS = Hyper.values().length;

  private OptimizerDefaults() {}

  /** Nothing set: every slot NaN. */
  static double[] unset() {
    double[] hyper = new double[SLOTS];
    Arrays.fill(hyper, Double.NaN);
    return hyper;
  }

  /** The values the user set, the defaults of {@code optimizer} for the rest, and the model's l2. */
  static double[] resolve(Optimizer optimizer, double[] set, double l2) {
    double[] defaults = new double[SLOTS];
    defaults[Hyper.LEARNING_RATE.ordinal()] = switch (optimizer) {
      case SGD -> 0.01;
      case ADAM, RMSPROP -> 0.001;
      case ADADELTA -> 1.0;
    };
    defaults[Hyper.BETA1.ordinal()] = 0.9;
    defaults[Hyper.BETA2.ordinal()] = 0.999;
    defaults[Hyper.EPSILON.ordinal()] = 1e-7;
    defaults[Hyper.RHO.ordinal()] = optimizer == Optimizer.ADADELTA ? 0.95 : 0.9;
    defaults[Hyper.L2.ordinal()] = l2;
    double[] hyper = new double[SLOTS];
    for (int slot = 0; slot < SLOTS; slot++) {
      hyper[slot] = slot == Hyper.L2.ordinal() || Double.isNaN(set[slot]) ? defaults[slot] : set[slot];
    }
    return hyper;
  }
}
