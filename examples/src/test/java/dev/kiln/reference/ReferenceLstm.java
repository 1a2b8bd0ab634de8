package dev.kiln.reference;

import java.util.function.DoubleUnaryOperator;

/**
 * A plain-Java LSTM in double precision, as Keras defines it (keras/src/layers/rnn/lstm.py): gates in
 * the order input, forget, candidate, output; {@code z = x_t W + h R + b}; {@code c = f c + i g};
 * {@code h = o act(c)}; h and c start at 0. The oracle the generated kernels are compared with.
 *
 * @param kernel {@code [features][4 units]}
 * @param recurrentKernel {@code [units][4 units]}
 * @param bias {@code [4 units]}
 */
public record ReferenceLstm(double[][] kernel, double[][] recurrentKernel, double[] bias, DoubleUnaryOperator activation,
                            DoubleUnaryOperator recurrentActivation, boolean goBackwards) {
  public static final DoubleUnaryOperator SIGMOID = z -> 1 / (1 + Math.exp(-z));
  public static final DoubleUnaryOperator TANH = Math::tanh;
  public static final DoubleUnaryOperator RELU = z -> Math.max(0, z);

  /** From parameters laid out as the device stores them: kernel, recurrent kernel, bias. */
  public static ReferenceLstm of(double[] params, int features, int units, DoubleUnaryOperator activation,
                                 DoubleUnaryOperator recurrentActivation, boolean goBackwards) {
    int gates = 4 * units;
    double[][] w = new double[features][gates];
    double[][] r = new double[units][gates];
    double[] b = new double[gates];
    int k = 0;
    for (double[] row : w) {
      for (int j = 0; j < gates; j++) {
        row[j] = params[k++];
      }
    }
    for (double[] row : r) {
      for (int j = 0; j < gates; j++) {
        row[j] = params[k++];
      }
    }
    for (int j = 0; j < gates; j++) {
      b[j] = params[k++];
    }
    return new ReferenceLstm(w, r, b, activation, recurrentActivation, goBackwards);
  }

  /** The output of every step, in the order the steps ran, for one sample {@code x [steps][features]}. */
  public double[][] run(double[][] x) {
    int units = recurrentKernel.length;
    int steps = x.length;
    double[] h = new double[units];
    double[] c = new double[units];
    double[][] out = new double[steps][];
    for (int s = 0; s < steps; s++) {
      double[] xt = x[goBackwards ? steps - 1 - s : s];
      double[] z = bias.clone();
      for (int j = 0; j < z.length; j++) {
        for (int f = 0; f < xt.length; f++) {
          z[j] += xt[f] * kernel[f][j];
        }
        for (int k = 0; k < units; k++) {
          z[j] += h[k] * recurrentKernel[k][j];
        }
      }
      double[] next = new double[units];
      for (int u = 0; u < units; u++) {
        double i = recurrentActivation.applyAsDouble(z[u]);
        double f = recurrentActivation.applyAsDouble(z[units + u]);
        double g = activation.applyAsDouble(z[2 * units + u]);
        double o = recurrentActivation.applyAsDouble(z[3 * units + u]);
        c[u] = f * c[u] + i * g;
        next[u] = o * activation.applyAsDouble(c[u]);
      }
      h = next;
      out[s] = h.clone();
    }
    return out;
  }
}
