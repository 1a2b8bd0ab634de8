package dev.kiln.reference;

import java.util.function.DoubleUnaryOperator;

/**
 * A plain-Java GRU in double precision, as Keras defines it (keras/src/layers/rnn/gru.py): gates in
 * the order update z, reset r, candidate; {@code z = ga(x W_z + b_z + m_z)}, {@code r = ga(x W_r + b_r + m_r)};
 * with reset_after (Keras's default) {@code m = h R + b_rec} and {@code g = a(x W_g + b_g + r m_g)},
 * else {@code m = h R} and {@code g = a(x W_g + b_g + (r h) R_g)}; {@code h = z h + (1 - z) g}; h
 * starts at 0. The oracle the generated kernels are compared with.
 *
 * @param bias {@code [2][3 units]}: the input bias, then the recurrent one; {@code [1][3 units]}
 *     without reset_after
 */
public record ReferenceGru(double[][] kernel, double[][] recurrentKernel, double[][] bias, DoubleUnaryOperator activation,
                           DoubleUnaryOperator recurrentActivation, boolean goBackwards, boolean resetAfter) {
  /** From parameters laid out as the device stores them: kernel, recurrent kernel, the bias rows. */
  public static ReferenceGru of(double[] params, int features, int units, DoubleUnaryOperator activation,
                                DoubleUnaryOperator recurrentActivation, boolean goBackwards, boolean resetAfter) {
    int gates = 3 * units;
    double[][] w = new double[features][gates];
    double[][] r = new double[units][gates];
    double[][] b = new double[resetAfter ? 2 : 1][gates];
    int k = 0;
    for (double[][] block : new double[][][] {w, r, b}) {
      for (double[] row : block) {
        for (int j = 0; j < gates; j++) {
          row[j] = params[k++];
        }
      }
    }
    return new ReferenceGru(w, r, b, activation, recurrentActivation, goBackwards, resetAfter);
  }

  /** The output of every step, in the order the steps ran, for one sample {@code x [steps][features]}. */
  public double[][] run(double[][] x) {
    int units = recurrentKernel.length;
    int steps = x.length;
    double[] h = new double[units];
    double[][] out = new double[steps][];
    for (int s = 0; s < steps; s++) {
      double[] xt = x[goBackwards ? steps - 1 - s : s];
      double[] p = bias[0].clone();
      double[] m = resetAfter ? bias[1].clone() : new double[p.length];
      for (int j = 0; j < p.length; j++) {
        for (int f = 0; f < xt.length; f++) {
          p[j] += xt[f] * kernel[f][j];
        }
        for (int k = 0; k < units; k++) {
          m[j] += h[k] * recurrentKernel[k][j];
        }
      }
      double[] r = new double[units];
      for (int u = 0; u < units; u++) {
        r[u] = recurrentActivation.applyAsDouble(p[units + u] + m[units + u]);
      }
      double[] next = new double[units];
      for (int u = 0; u < units; u++) {
        double z = recurrentActivation.applyAsDouble(p[u] + m[u]);
        double candidate = resetAfter ? r[u] * m[2 * units + u] : resetProduct(r, h, 2 * units + u);
        double g = activation.applyAsDouble(p[2 * units + u] + candidate);
        next[u] = z * h[u] + (1 - z) * g;
      }
      h = next;
      out[s] = h.clone();
    }
    return out;
  }

  /** Column j of (r h) R: the candidate's recurrent part with the reset gate applied before R. */
  private double resetProduct(double[] r, double[] h, int j) {
    double sum = 0;
    for (int k = 0; k < h.length; k++) {
      sum += r[k] * h[k] * recurrentKernel[k][j];
    }
    return sum;
  }
}
