package dev.kiln.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.data.Dataset;
import java.util.Arrays;
import java.util.Random;

/**
 * What the recurrent gradient checks share: seven samples (in batches compiled for eight, so the
 * partial-batch path runs), padded word sequences, the checks while training, and the plain-Java
 * pieces their references are built from.
 */
final class SequenceChecks {
  static final int SAMPLES = 7;
  /** The words of each sample (indices 1..6), of 1 to 6 words; padded to 6 before or after them. */
  static final int[][] WORDS = {{3}, {1, 2}, {6, 5, 4}, {2, 2, 3, 1}, {5, 1, 6, 3, 4}, {1, 2, 3, 4, 5, 6}, {4, 4}};

  private SequenceChecks() {}

  /** WORDS padded with 0 to 6 steps, before the words or after them. */
  static int[][] pad(boolean before) {
    int[][] padded = new int[SAMPLES][6];
    for (int s = 0; s < SAMPLES; s++) {
      System.arraycopy(WORDS[s], 0, padded[s], before ? 6 - WORDS[s].length : 0, WORDS[s].length);
    }
    return padded;
  }

  /** The rows of an Embedding's {@code table} that {@code words} pick. */
  static double[][] embedded(double[][] table, int[] words) {
    return Arrays.stream(words).mapToObj(w -> table[w]).toArray(double[][]::new);
  }

  /** Finite differences agree at the weights as they are and again after a few steps of training, twice. */
  static void checkWhileTraining(CompiledModel net, Dataset batch) {
    for (int round = 0; round < 2; round++) {
      GradientChecks.checkAgainstFiniteDifferences(net, batch);
      net.fit(batch, Fit.epochs(3).learningRate(0.1).verbose(0));
    }
  }

  /** The input gradient of each output equals finite differences of predict, through every step. */
  static void checkSaliency(CompiledModel net, float[] sample) {
    for (int o = 0; o < net.spec().outputWidth(); o++) {
      float[] gradient = net.inputGradient(sample, o);
      for (int i = 0; i < sample.length; i++) {
        float original = sample[i];
        float h = 1e-3f;
        sample[i] = original + h;
        double plus = net.predict(sample)[o];
        sample[i] = original - h;
        double minus = net.predict(sample)[o];
        sample[i] = original;
        double numeric = (plus - minus) / ((double) (original + h) - (double) (original - h));
        assertEquals(numeric, gradient[i], 1e-4 * Math.max(1, Math.abs(numeric)), "d output " + o + " / d input " + i);
      }
    }
  }

  static double[] softmax(double[] z) {
    double max = Arrays.stream(z).max().orElseThrow();
    double[] e = Arrays.stream(z).map(v -> Math.exp(v - max)).toArray();
    double sum = Arrays.stream(e).sum();
    return Arrays.stream(e).map(v -> v / sum).toArray();
  }

  /** {@code flat} cut into rows of {@code width}. */
  static double[][] rows(double[] flat, int width) {
    double[][] rows = new double[flat.length / width][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
    }
    return rows;
  }

  static double[] toDouble(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i];
    }
    return d;
  }

  /** SAMPLES rows of {@code width} values uniform in [-1, 1). */
  static float[][] floats(Random random, int width) {
    float[][] rows = new float[SAMPLES][width];
    for (float[] row : rows) {
      for (int i = 0; i < width; i++) {
        row[i] = (float) (2 * random.nextDouble() - 1);
      }
    }
    return rows;
  }
}
