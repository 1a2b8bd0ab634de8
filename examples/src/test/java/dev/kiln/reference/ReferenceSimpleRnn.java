package dev.kiln.reference;

import java.util.function.DoubleUnaryOperator;

/**
 * A plain-Java SimpleRNN in double precision, as Keras defines it (keras/src/layers/rnn/simple_rnn.py):
 * {@code h = activation(x_t W + h R + b)}, h starting at 0. The oracle the generated kernels are
 * compared with.
 */
public record ReferenceSimpleRnn(double[][] kernel, double[][] recurrentKernel, double[] bias,
                                 DoubleUnaryOperator activation, boolean goBackwards) {
  /** From parameters laid out as the device stores them: kernel, recurrent kernel, bias. */
  public static ReferenceSimpleRnn of(double[] params, int features, int units, DoubleUnaryOperator activation,
                                      boolean goBackwards) {
    double[][] w = new double[features][units];
    double[][] r = new double[units][units];
    double[] b = new double[units];
    int k = 0;
    for (double[] row : w) {
      for (int j = 0; j < units; j++) {
        row[j] = params[k++];
      }
    }
    for (double[] row : r) {
      for (int j = 0; j < units; j++) {
        row[j] = params[k++];
      }
    }
    for (int j = 0; j < units; j++) {
      b[j] = params[k++];
    }
    return new ReferenceSimpleRnn(w, r, b, activation, goBackwards);
  }

  /** The output of every step, in the order the steps ran, for one sample {@code x [steps][features]}. */
  public double[][] run(double[][] x) {
    int units = bias.length;
    int steps = x.length;
    double[] h = new double[units];
    double[][] out = new double[steps][];
    for (int s = 0; s < steps; s++) {
      double[] xt = x[goBackwards ? steps - 1 - s : s];
      double[] next = new double[units];
      for (int j = 0; j < units; j++) {
        double z = bias[j];
        for (int f = 0; f < xt.length; f++) {
          z += xt[f] * kernel[f][j];
        }
        for (int k = 0; k < units; k++) {
          z += h[k] * recurrentKernel[k][j];
        }
        next[j] = activation.applyAsDouble(z);
      }
      h = next;
      out[s] = h.clone();
    }
    return out;
  }
}
