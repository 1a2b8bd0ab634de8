package dev.kiln;

import dev.kiln.annotations.Optimizer;
import dev.kiln.kernels.DeviceAbi.Hyper;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The default hyper-parameters per optimizer and update rule, laid out in the kernels' hyper slots
 * ({@link Hyper}): Keras 3's, or PyTorch 2's under {@link UpdateRule#PYTORCH}.
 */
final class OptimizerDefaults {
  private static final int SLOTS = Hyper.values().length;

  private OptimizerDefaults() {}

  /** Nothing set: every slot NaN. */
  static double[] unset() {
    double[] hyper = new double[SLOTS];
    Arrays.fill(hyper, Double.NaN);
    return hyper;
  }

  /**
   * The values the user set, the defaults of {@code optimizer} for the rest, and the model's l2.
   *
   * @throws KilnException for a setting {@code optimizer} does not use (momentum for Adam, ...): it
   *     would be ignored without a word
   */
  static double[] resolve(Optimizer optimizer, double[] set, double l2) {
    for (Hyper slot : Hyper.values()) {
      if (slot != Hyper.L2 && !Double.isNaN(set[slot.ordinal()]) && !usedBy(slot, optimizer)) {
        throw new KilnException("Fit." + setter(slot) + "(...) does nothing for " + optimizer + ", the model's"
            + " optimizer: " + setter(slot) + " applies to " + usersOf(slot) + "; " + optimizer + " takes "
            + settingsOf(optimizer) + ". Remove it, or compile the model with another @Model(optimizer = ...)");
      }
    }
    boolean pytorch = set[Hyper.UPDATE_RULE.ordinal()] == UpdateRule.PYTORCH.ordinal();
    double[] defaults = pytorch ? pytorchDefaults(optimizer) : kerasDefaults(optimizer);
    defaults[Hyper.L2.ordinal()] = l2;
    double[] hyper = new double[SLOTS];
    for (int slot = 0; slot < SLOTS; slot++) {
      hyper[slot] = slot == Hyper.L2.ordinal() || Double.isNaN(set[slot]) ? defaults[slot] : set[slot];
    }
    return hyper;
  }

  /** keras.optimizers.SGD, Adam, RMSprop and Adadelta's defaults in Keras 3. */
  private static double[] kerasDefaults(Optimizer optimizer) {
    double[] defaults = new double[SLOTS];
    defaults[Hyper.LEARNING_RATE.ordinal()] = optimizer == Optimizer.SGD ? 0.01 : 0.001;
    defaults[Hyper.BETA1.ordinal()] = 0.9;
    defaults[Hyper.BETA2.ordinal()] = 0.999;
    defaults[Hyper.EPSILON.ordinal()] = 1e-7;
    defaults[Hyper.RHO.ordinal()] = optimizer == Optimizer.ADADELTA ? 0.95 : 0.9;
    defaults[Hyper.UPDATE_RULE.ordinal()] = UpdateRule.KERAS.ordinal();
    return defaults;
  }

  /** torch.optim.SGD, Adam, RMSprop (its alpha is rho) and Adadelta's defaults in PyTorch 2. */
  private static double[] pytorchDefaults(Optimizer optimizer) {
    double[] defaults = new double[SLOTS];
    defaults[Hyper.LEARNING_RATE.ordinal()] = switch (optimizer) {
      case SGD, ADAM -> 0.001;
      case RMSPROP -> 0.01;
      case ADADELTA -> 1.0;
    };
    defaults[Hyper.BETA1.ordinal()] = 0.9;
    defaults[Hyper.BETA2.ordinal()] = 0.999;
    defaults[Hyper.EPSILON.ordinal()] = optimizer == Optimizer.ADADELTA ? 1e-6 : 1e-8;
    defaults[Hyper.RHO.ordinal()] = optimizer == Optimizer.RMSPROP ? 0.99 : 0.9;
    defaults[Hyper.UPDATE_RULE.ordinal()] = UpdateRule.PYTORCH.ordinal();
    return defaults;
  }

  private static boolean usedBy(Hyper slot, Optimizer optimizer) {
    return switch (slot) {
      case LEARNING_RATE, L2, UPDATE_RULE -> true;
      case MOMENTUM, NESTEROV -> optimizer == Optimizer.SGD;
      case BETA1, BETA2 -> optimizer == Optimizer.ADAM;
      case EPSILON -> optimizer != Optimizer.SGD;
      case RHO -> optimizer == Optimizer.RMSPROP || optimizer == Optimizer.ADADELTA;
    };
  }

  /** The Fit method that sets {@code slot}. */
  private static String setter(Hyper slot) {
    return switch (slot) {
      case LEARNING_RATE -> "learningRate";
      case MOMENTUM -> "momentum";
      case NESTEROV -> "nesterov";
      case BETA1, BETA2 -> "betas";
      case EPSILON -> "epsilon";
      case RHO -> "rho";
      case L2 -> "l2";
      case UPDATE_RULE -> "updateRule";
    };
  }

  private static String usersOf(Hyper slot) {
    return Arrays.stream(Optimizer.values()).filter(o -> usedBy(slot, o)).map(Optimizer::name)
        .collect(Collectors.joining(" and "));
  }

  private static String settingsOf(Optimizer optimizer) {
    return Arrays.stream(Hyper.values()).filter(s -> s != Hyper.L2 && s != Hyper.UPDATE_RULE && usedBy(s, optimizer))
        .map(OptimizerDefaults::setter).distinct().collect(Collectors.joining(", "));
  }
}
