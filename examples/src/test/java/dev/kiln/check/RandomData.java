package dev.kiln.check;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.data.Dataset;
import dev.kiln.engine.ModelSpec;
import java.util.Random;

/** Small random data sets whose labels fit a model's loss. */
final class RandomData {
  private RandomData() {}

  static Dataset forModel(ModelSpec spec, int samples, long seed) {
    Random random = new Random(seed);
    int width = spec.inputWidth();
    int units = spec.output().units();
    float[] x = new float[samples * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * random.nextDouble() - 1);
    }
    float[] y = new float[samples * spec.labelWidth()];
    for (int s = 0; s < samples; s++) {
      switch (spec.loss()) {
        case SPARSE_CATEGORICAL_CROSS_ENTROPY -> y[s] = random.nextInt(units);
        case CATEGORICAL_CROSS_ENTROPY -> y[s * units + random.nextInt(units)] = 1;
        case BINARY_CROSS_ENTROPY -> y[s] = random.nextInt(2);
        default -> {
          boolean positive = spec.output().activation() != ActivationKind.LINEAR
              && spec.output().activation() != ActivationKind.TANH;
          for (int o = 0; o < units; o++) {
            double v = positive ? random.nextDouble() : 2 * random.nextDouble() - 1;
            y[s * units + o] = (float) v;
          }
        }
      }
    }
    return Dataset.of(x, new int[] {width}, y, spec.labelWidth());
  }
}
