package dev.kiln.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Dense;
import dev.kiln.layers.LayerHandle;

/** The gradient the kernels apply, and central finite differences of the loss they report. */
final class GradientChecks {
  private static final double EPSILON = 1e-6;
  private static final double MAX_RELATIVE_ERROR = 1e-3;
  private static final double MIN_ABSOLUTE_ERROR = 1e-8;

  private GradientChecks() {}

  /** predict and evaluate on {@code batch} give the reference's outputs and loss. */
  static void assertPredictions(CompiledModel net, Dataset batch, double[][] expectedOutputs, double expectedLoss) {
    float[][] outputs = net.predict(Mirror.floats(Mirror.features(batch)));
    for (int s = 0; s < outputs.length; s++) {
      for (int o = 0; o < outputs[s].length; o++) {
        assertEquals(expectedOutputs[s][o], outputs[s][o], 1e-6, "output " + o + " of sample " + s);
      }
    }
    assertEquals(expectedLoss, net.evaluate(batch).loss(), 1e-12, "loss");
  }

  /** The gradient applied by one SGD step with learning rate 1; the parameters are restored after. */
  static double[][] deviceGradients(CompiledModel net, Dataset batch) {
    int layers = net.layers().size();
    double[][] before = new double[layers][];
    for (int l = 0; l < layers; l++) {
      before[l] = net.layers().get(l).parameters();
    }
    net.fit(batch, Fit.epochs(1).shuffle(false).learningRate(1.0).momentum(0).verbose(0));
    double[][] gradients = new double[layers][];
    for (int l = 0; l < layers; l++) {
      double[] after = net.layers().get(l).parameters();
      gradients[l] = new double[after.length];
      for (int k = 0; k < after.length; k++) {
        gradients[l][k] = before[l][k] - after[k];
      }
      net.layers().get(l).setParameters(before[l]);
    }
    return gradients;
  }

  static double finiteDifference(CompiledModel net, Dataset batch, LayerHandle layer, double[] params, int k) {
    double original = params[k];
    params[k] = original + EPSILON;
    layer.setParameters(params);
    double plus = net.evaluate(batch).loss();
    params[k] = original - EPSILON;
    layer.setParameters(params);
    double minus = net.evaluate(batch).loss();
    params[k] = original;
    layer.setParameters(params);
    return (plus - minus) / (2 * EPSILON);
  }

  static void assertClose(double expected, double actual, String what) {
    double error = Math.abs(expected - actual);
    double relative = error / Math.max(Math.abs(expected), Math.abs(actual));
    assertTrue(error <= MIN_ABSOLUTE_ERROR || relative <= MAX_RELATIVE_ERROR,
        what + ": expected " + expected + ", got " + actual + " (relative error " + relative + ")");
  }

  /** Every parameter's gradient the kernels apply equals central finite differences of the loss they report. */
  static void checkAgainstFiniteDifferences(CompiledModel net, Dataset batch) {
    double[][] device = deviceGradients(net, batch);
    for (LayerHandle layer : net.layers()) {
      double[] params = layer.parameters();
      for (int k = 0; k < params.length; k++) {
        double numeric = finiteDifference(net, batch, layer, params, k);
        assertClose(numeric, device[net.layers().indexOf(layer)][k],
            layer.name() + " gradient " + k + " (finite differences)");
      }
    }
  }

  /** x W + b of a Dense layer, from its parameters in double precision: a reference's last step. */
  static double[] dense(double[] x, Dense layer) {
    double[] params = layer.parameters();
    int units = layer.units();
    double[] z = new double[units];
    for (int o = 0; o < units; o++) {
      z[o] = params[x.length * units + o];
      for (int i = 0; i < x.length; i++) {
        z[o] += x[i] * params[i * units + o];
      }
    }
    return z;
  }

  /** A sample of indices as predict takes it. */
  static float[] floats(int[] indices) {
    float[] values = new float[indices.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = indices[i];
    }
    return values;
  }
}
