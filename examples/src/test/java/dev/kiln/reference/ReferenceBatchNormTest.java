package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.reference.ReferenceBatchNorm.BatchNormGradients;
import dev.kiln.reference.ReferenceBatchNorm.Statistics;
import dev.kiln.reference.ReferenceBatchNorm.TrainingForward;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks the batch-normalization oracle: cases by hand, and the backward pass against slopes. */
class ReferenceBatchNormTest {

  // ---------------------------------------------------------------------------------------------
  // By hand.

  /**
   * Two 1x2 images with 2 channels, x(y, x, c) = [(1, 10), (3, 30)] and [(5, 50), (7, 70)]: channel
   * 0 holds {1, 3, 5, 7}, mean 4, biased variance (9 + 1 + 1 + 9) / 4 = 5 (not 20 / 3); channel 1
   * holds ten times as much, mean 40, variance 500.
   */
  @Test
  void statisticsArePerChannelAndBiased() {
    double[][] x = {{1, 10, 3, 30}, {5, 50, 7, 70}};
    Statistics s = ReferenceBatchNorm.statistics(x, 2);
    assertArrayEquals(new double[] {4, 40}, s.mean(), 1e-12);
    assertArrayEquals(new double[] {5, 500}, s.variance(), 1e-12);
  }

  /** Two samples, one channel, x = 0 and 6, gamma 2, beta 0.5, epsilon 7 (so var + eps = 16). */
  private static final double[][] ZERO_AND_SIX = {{0}, {6}};

  private static final double[] GAMMA = {2};
  private static final double[] BETA = {0.5};
  private static final double EPSILON = 7;

  /**
   * mean 3, var ((0 - 3)^2 + (6 - 3)^2) / 2 = 9, xhat = (x - 3) / sqrt(9 + 7) = [-0.75, 0.75],
   * z = 2 * xhat + 0.5 = [-1, 2].
   */
  @Test
  void forwardTrainingByHand() {
    TrainingForward out = ReferenceBatchNorm.forwardTraining(ZERO_AND_SIX, 1, GAMMA, BETA, EPSILON);
    assertArrayEquals(new double[] {3}, out.batch().mean(), 1e-12);
    assertArrayEquals(new double[] {9}, out.batch().variance(), 1e-12);
    assertArrayEquals(new double[] {-1}, out.z()[0], 1e-12);
    assertArrayEquals(new double[] {2}, out.z()[1], 1e-12);
  }

  /**
   * dz = [1, 0]: dgamma = sum dz * xhat = -0.75, dbeta = 1. With s = 1/4, dxhat = 2 * dz = [2, 0],
   * sum(dxhat) = 2, sum(dxhat * xhat) = -1.5: dx = s * (dxhat - 2/2 - xhat * -1.5/2) = [0.109375,
   * -0.109375]. Directly: z0 = 2 * (d/2) / sqrt(d^2/4 + 7) + 0.5 with d = x0 - x1 = -6, whose slope
   * in d is 2 * (0.5 * 4 - (-3) * (-1.5) / 4) / 16 = 0.109375.
   */
  @Test
  void backwardTrainingByHand() {
    double[][] dz = {{1}, {0}};
    BatchNormGradients g = ReferenceBatchNorm.backwardTraining(ZERO_AND_SIX, 1, GAMMA, EPSILON, dz);
    assertArrayEquals(new double[] {-0.75}, g.dgamma(), 1e-12);
    assertArrayEquals(new double[] {1}, g.dbeta(), 1e-12);
    assertArrayEquals(new double[] {0.109375}, g.dx()[0], 1e-12);
    assertArrayEquals(new double[] {-0.109375}, g.dx()[1], 1e-12);
  }

  /**
   * Running mean 2, running variance 9: xhat = (x - 2) / sqrt(9 + 7) = [-0.5, 1], z = [-0.5, 2.5],
   * whatever else is in the batch: x = 6 alone gives 2.5 too.
   */
  @Test
  void forwardInferenceUsesTheRunningStatistics() {
    double[] runningMean = {2};
    double[] runningVariance = {9};
    double[][] z =
        ReferenceBatchNorm.forwardInference(
            ZERO_AND_SIX, 1, GAMMA, BETA, runningMean, runningVariance, EPSILON);
    assertArrayEquals(new double[] {-0.5}, z[0], 1e-12);
    assertArrayEquals(new double[] {2.5}, z[1], 1e-12);
    double[][] alone =
        ReferenceBatchNorm.forwardInference(
            new double[][] {{6}}, 1, GAMMA, BETA, runningMean, runningVariance, EPSILON);
    assertArrayEquals(new double[] {2.5}, alone[0], 1e-12);
  }

  /** Momentum 0.9 from the initial (0, 1) towards the batch's (4, 5): 0.1 * 4 = 0.4, 0.9 + 0.5. */
  @Test
  void movingAverageByHand() {
    assertArrayEquals(
        new double[] {0.4, 1.4},
        ReferenceBatchNorm.movingAverage(new double[] {0, 1}, new double[] {4, 5}, 0.9),
        1e-12);
  }

  /**
   * On any batch, the training-mode z of each channel has mean beta and biased variance gamma^2 *
   * var / (var + epsilon).
   */
  @Test
  void trainingOutputHasMeanBetaAndScaledVariance() {
    Random random = new Random(11);
    int channels = 3;
    double[][] x = new double[4][];
    for (int b = 0; b < x.length; b++) {
      x[b] = uniform(5 * channels, random);
    }
    double[] gamma = uniform(channels, random);
    double[] beta = uniform(channels, random);
    double epsilon = 0.1;
    TrainingForward out = ReferenceBatchNorm.forwardTraining(x, channels, gamma, beta, epsilon);
    Statistics ofZ = ReferenceBatchNorm.statistics(out.z(), channels);
    for (int c = 0; c < channels; c++) {
      double var = out.batch().variance()[c];
      assertEquals(beta[c], ofZ.mean()[c], 1e-12, "mean of channel " + c);
      assertEquals(
          gamma[c] * gamma[c] * var / (var + epsilon),
          ofZ.variance()[c],
          1e-12,
          "variance of channel " + c);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The backward pass against central finite differences of L = sum_{b,k} r[b][k] * z[b][k].

  /** Images (H x W x C, normalized over n * H * W values) and flat rows (1 x 1 x C, over n). */
  @ParameterizedTest(name = "{0} samples of {1}x{2}x{3}")
  @CsvSource({
    "3, 5, 3, 4", // odd image sizes, several channels
    "2, 3, 1, 2",
    "1, 2, 2, 3", // one sample: the image's positions still make a batch
    "5, 1, 1, 3", // flat rows after a dense layer
    "2, 1, 1, 4", // two samples: xhat = -1 or 1 up to epsilon
  })
  void backwardTrainingMatchesFiniteDifferences(int n, int height, int width, int channels) {
    Random random = new Random(5);
    double epsilon = 1e-3;
    double[][] x = new double[n][];
    double[][] r = new double[n][];
    for (int b = 0; b < n; b++) {
      x[b] = uniform(height * width * channels, random);
      r[b] = uniform(height * width * channels, random);
    }
    double[] gamma = uniform(channels, random);
    double[] beta = uniform(channels, random);

    BatchNormGradients analytic =
        ReferenceBatchNorm.backwardTraining(x, channels, gamma, epsilon, r);
    for (int b = 0; b < n; b++) {
      // The helper nudges x[b] in place, so f reads the nudged batch from x.
      FiniteDifferences.assertMatches(
          row -> flatten(ReferenceBatchNorm.forwardTraining(x, channels, gamma, beta, epsilon).z()),
          x[b],
          flatten(r),
          analytic.dx()[b],
          "dx[" + b + "]");
    }
    FiniteDifferences.assertMatches(
        v -> flatten(ReferenceBatchNorm.forwardTraining(x, channels, v, beta, epsilon).z()),
        gamma,
        flatten(r),
        analytic.dgamma(),
        "dgamma");
    FiniteDifferences.assertMatches(
        v -> flatten(ReferenceBatchNorm.forwardTraining(x, channels, gamma, v, epsilon).z()),
        beta,
        flatten(r),
        analytic.dbeta(),
        "dbeta");
  }

  private static double[] flatten(double[][] rows) {
    int width = rows[0].length;
    double[] flat = new double[rows.length * width];
    for (int b = 0; b < rows.length; b++) {
      System.arraycopy(rows[b], 0, flat, b * width, width);
    }
    return flat;
  }

  private static double[] uniform(int length, Random random) {
    double[] a = new double[length];
    for (int k = 0; k < length; k++) {
      a[k] = 2 * random.nextDouble() - 1;
    }
    return a;
  }
}
