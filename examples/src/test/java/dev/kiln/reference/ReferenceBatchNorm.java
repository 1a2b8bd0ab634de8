package dev.kiln.reference;

/**
 * The test oracle for batch normalization (Keras's {@code BatchNormalization}): plain-Java,
 * double-precision forward and backward passes over a whole batch, since in training mode every
 * output depends on every sample.
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li>A batch is {@code x[n][width]}, {@code width} a multiple of the channel count {@code C};
 *       value {@code x[b][k]} belongs to channel {@code c = k % C}. For an image flattened
 *       channels-last ({@code width = H * W * C}) that is the channel; for a flat row after a dense
 *       layer ({@code width = C}) it is the feature. Channel {@code c} is normalized over its
 *       {@code N = n * width / C} values.
 *   <li>Training mode: {@code mean_c} and the biased {@code var_c} (divided by {@code N}) are the
 *       batch's; inference mode uses the running statistics instead. Either way {@code xhat = (x -
 *       mean_c) / sqrt(var_c + epsilon)} and {@code z = gamma_c * xhat + beta_c}.
 *   <li>These functions return {@code z}, before the layer's activation; the caller applies it.
 *   <li>After a training step the running statistics move towards the batch's: {@code running =
 *       momentum * running + (1 - momentum) * batch}, for the mean and the biased variance alike.
 * </ul>
 */
public final class ReferenceBatchNorm {

  private ReferenceBatchNorm() {}

  /** Per-channel mean and biased variance, length C each. */
  public record Statistics(double[] mean, double[] variance) {}

  /** What {@link #forwardTraining} returns: {@code z[n][width]} and the batch's statistics. */
  public record TrainingForward(double[][] z, Statistics batch) {}

  /** What {@link #backwardTraining} returns: {@code dL/dx[n][width]}, dL/dgamma and dL/dbeta. */
  public record BatchNormGradients(double[][] dx, double[] dgamma, double[] dbeta) {}

  /** The batch's {@code mean_c = sum x / N} and {@code var_c = sum (x - mean_c)^2 / N}. */
  public static Statistics statistics(double[][] x, int channels) {
    int C = channels;
    int N = valuesPerChannel(x, C);
    double[] mean = new double[C];
    for (double[] row : x) {
      for (int k = 0; k < row.length; k++) {
        mean[k % C] += row[k];
      }
    }
    for (int c = 0; c < C; c++) {
      mean[c] /= N;
    }
    double[] variance = new double[C];
    for (double[] row : x) {
      for (int k = 0; k < row.length; k++) {
        double d = row[k] - mean[k % C];
        variance[k % C] += d * d;
      }
    }
    for (int c = 0; c < C; c++) {
      variance[c] /= N;
    }
    return new Statistics(mean, variance);
  }

  /** Training mode: {@code z = gamma * xhat + beta} with the batch's own statistics. */
  public static TrainingForward forwardTraining(
      double[][] x, int channels, double[] gamma, double[] beta, double epsilon) {
    Statistics batch = statistics(x, channels);
    return new TrainingForward(normalize(x, channels, gamma, beta, batch, epsilon), batch);
  }

  /** Inference mode: {@code z = gamma * xhat + beta} with the running statistics; per sample. */
  public static double[][] forwardInference(
      double[][] x,
      int channels,
      double[] gamma,
      double[] beta,
      double[] runningMean,
      double[] runningVariance,
      double epsilon) {
    valuesPerChannel(x, channels);
    checkLength("runningMean", runningMean, channels);
    checkLength("runningVariance", runningVariance, channels);
    return normalize(
        x, channels, gamma, beta, new Statistics(runningMean, runningVariance), epsilon);
  }

  /**
   * The chain rule through {@link #forwardTraining}, given {@code dz = dL/dz} (after the
   * activation's derivative). With {@code s = 1 / sqrt(var + epsilon)} and {@code dxhat = dz *
   * gamma}, per channel over its N values:
   *
   * <pre>
   *   dgamma = sum dz * xhat,   dbeta = sum dz,
   *   dx     = s * (dxhat - sum(dxhat) / N - xhat * sum(dxhat * xhat) / N)
   * </pre>
   *
   * (the last two terms are the paths through the batch mean and variance).
   */
  public static BatchNormGradients backwardTraining(
      double[][] x, int channels, double[] gamma, double epsilon, double[][] dz) {
    int C = channels;
    int N = valuesPerChannel(x, C);
    checkLength("gamma", gamma, C);
    checkSameShape("dz", dz, x);
    Statistics batch = statistics(x, C);
    double[] s = new double[C];
    for (int c = 0; c < C; c++) {
      s[c] = 1 / Math.sqrt(batch.variance()[c] + epsilon);
    }

    int n = x.length;
    double[][] xhat = new double[n][];
    double[][] dxhat = new double[n][];
    double[] dgamma = new double[C];
    double[] dbeta = new double[C];
    double[] sumDxhat = new double[C];
    double[] sumDxhatXhat = new double[C];
    for (int b = 0; b < n; b++) {
      int width = x[b].length;
      xhat[b] = new double[width];
      dxhat[b] = new double[width];
      for (int k = 0; k < width; k++) {
        int c = k % C;
        xhat[b][k] = (x[b][k] - batch.mean()[c]) * s[c];
        dxhat[b][k] = dz[b][k] * gamma[c];
        dgamma[c] += dz[b][k] * xhat[b][k];
        dbeta[c] += dz[b][k];
        sumDxhat[c] += dxhat[b][k];
        sumDxhatXhat[c] += dxhat[b][k] * xhat[b][k];
      }
    }

    double[][] dx = new double[n][];
    for (int b = 0; b < n; b++) {
      dx[b] = new double[x[b].length];
      for (int k = 0; k < x[b].length; k++) {
        int c = k % C;
        dx[b][k] = s[c] * (dxhat[b][k] - sumDxhat[c] / N - xhat[b][k] * sumDxhatXhat[c] / N);
      }
    }
    return new BatchNormGradients(dx, dgamma, dbeta);
  }

  /** {@code momentum * running + (1 - momentum) * batch}, element-wise (a new array). */
  public static double[] movingAverage(double[] running, double[] batch, double momentum) {
    checkLength("batch", batch, running.length);
    double[] updated = new double[running.length];
    for (int c = 0; c < running.length; c++) {
      updated[c] = momentum * running[c] + (1 - momentum) * batch[c];
    }
    return updated;
  }

  /** {@code z = gamma * (x - mean) / sqrt(var + epsilon) + beta} with the given statistics. */
  private static double[][] normalize(
      double[][] x,
      int channels,
      double[] gamma,
      double[] beta,
      Statistics statistics,
      double epsilon) {
    int C = channels;
    checkLength("gamma", gamma, C);
    checkLength("beta", beta, C);
    double[][] z = new double[x.length][];
    for (int b = 0; b < x.length; b++) {
      z[b] = new double[x[b].length];
      for (int k = 0; k < x[b].length; k++) {
        int c = k % C;
        double xhat =
            (x[b][k] - statistics.mean()[c]) / Math.sqrt(statistics.variance()[c] + epsilon);
        z[b][k] = gamma[c] * xhat + beta[c];
      }
    }
    return z;
  }

  /** N: how many values each channel has in the batch, after checking the batch's shape. */
  private static int valuesPerChannel(double[][] x, int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be positive: " + channels);
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    int width = x[0].length;
    if (width == 0 || width % channels != 0) {
      throw new IllegalArgumentException(
          "width " + width + " is not a positive multiple of " + channels + " channels");
    }
    for (int b = 0; b < x.length; b++) {
      if (x[b].length != width) {
        throw new IllegalArgumentException(
            "x[" + b + "] has width " + x[b].length + ", expected " + width);
      }
    }
    return x.length * (width / channels);
  }

  private static void checkSameShape(String name, double[][] a, double[][] x) {
    if (a.length != x.length) {
      throw new IllegalArgumentException(name + " has " + a.length + " rows, expected " + x.length);
    }
    for (int b = 0; b < a.length; b++) {
      checkLength(name + "[" + b + "]", a[b], x[b].length);
    }
  }

  private static void checkLength(String name, double[] a, int expected) {
    if (a.length != expected) {
      throw new IllegalArgumentException(
          name + " has length " + a.length + ", expected " + expected);
    }
  }
}
