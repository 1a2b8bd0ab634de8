package dev.kiln.reference;

import dev.kiln.annotations.Loss;
import java.util.Random;

/** Random labels of the kind a loss takes, for the oracles' tests. */
final class RandomLabels {
  private RandomLabels() {}

  /** {@code n} labels: uniform in [-1, 1] for MSE and MAE, 0/1 for BCE, one-hot for CCE, a class index for sparse CCE. */
  static double[][] of(Loss loss, int n, int width, Random random) {
    double[][] y = new double[n][];
    for (int b = 0; b < n; b++) {
      switch (loss) {
        case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR -> {
          y[b] = new double[width];
          for (int o = 0; o < width; o++) {
            y[b][o] = 2 * random.nextDouble() - 1;
          }
        }
        case BINARY_CROSS_ENTROPY -> {
          y[b] = new double[width];
          for (int o = 0; o < width; o++) {
            y[b][o] = random.nextInt(2);
          }
        }
        case CATEGORICAL_CROSS_ENTROPY -> {
          y[b] = new double[width];
          y[b][random.nextInt(width)] = 1;
        }
        case SPARSE_CATEGORICAL_CROSS_ENTROPY -> y[b] = new double[] {random.nextInt(width)};
      }
    }
    return y;
  }
}
