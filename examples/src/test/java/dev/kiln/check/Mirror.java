package dev.kiln.check;

import dev.kiln.CompiledModel;
import dev.kiln.data.Dataset;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ModelSpec;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import java.util.Arrays;
import java.util.List;

/** Puts a compiled model and the plain-Java reference side by side, with the same weights and data. */
final class Mirror {
  private Mirror() {}

  /** A reference network with the compiled model's architecture and current parameters. */
  static ReferenceNetwork of(CompiledModel net) {
    ModelSpec spec = net.spec();
    List<DenseSpec> layers = spec.layers().stream()
        .map(l -> new DenseSpec(l.units(), l.activation(), l.alpha(), l.bias()))
        .toList();
    ReferenceNetwork reference = new ReferenceNetwork(spec.inputWidth(), layers, spec.loss(), spec.optimizer(),
        spec.l2());
    copyParameters(net, reference);
    return reference;
  }

  static void copyParameters(CompiledModel net, ReferenceNetwork reference) {
    for (int l = 0; l < net.spec().layers().size(); l++) {
      NodeSpec layer = net.spec().layers().get(l);
      double[] params = net.layers().get(l).parameters();
      reference.setWeights(l, Arrays.copyOfRange(params, 0, layer.weightCount()));
      reference.setBiases(l, Arrays.copyOfRange(params, layer.weightCount(), layer.parameterCount()));
    }
  }

  /** The reference's parameters laid out as the device's: weights, then biases, per layer. */
  static double[] parameters(ReferenceNetwork reference, int layer) {
    return weightsThenBiases(reference.weights(layer), reference.biases(layer));
  }

  /** One layer's weights and biases in the device's layout. */
  static double[] weightsThenBiases(double[] w, double[] b) {
    double[] all = Arrays.copyOf(w, w.length + b.length);
    System.arraycopy(b, 0, all, w.length, b.length);
    return all;
  }

  /** Samples as predict takes them. */
  static float[][] floats(double[][] x) {
    float[][] out = new float[x.length][];
    for (int s = 0; s < x.length; s++) {
      out[s] = new float[x[s].length];
      for (int i = 0; i < x[s].length; i++) {
        out[s][i] = (float) x[s][i];
      }
    }
    return out;
  }

  static double[][] features(Dataset data) {
    double[][] x = new double[data.size()][data.featureWidth()];
    for (int s = 0; s < data.size(); s++) {
      for (int i = 0; i < data.featureWidth(); i++) {
        x[s][i] = data.features()[s * data.featureWidth() + i];
      }
    }
    return x;
  }

  static double[][] labels(Dataset data) {
    double[][] y = new double[data.size()][data.labelWidth()];
    for (int s = 0; s < data.size(); s++) {
      for (int k = 0; k < data.labelWidth(); k++) {
        y[s][k] = data.labels()[s * data.labelWidth() + k];
      }
    }
    return y;
  }
}
