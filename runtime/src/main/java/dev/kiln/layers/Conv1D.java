package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;
import java.util.Arrays;

/**
 * A convolution over time: {@code y = activation(conv(x, W) + b)} over a sequence (steps, features),
 * each window of {@code kernel} steps giving {@code filters} values,
 * {@code @Layer(filters = 128, kernel = 5) @Activation(RELU) Conv1D conv;}. After the model is opened
 * the field holds this live handle to its weights, {@code [kernel][in features][filters]} as Keras's.
 */
public final class Conv1D extends WeightedLayer {
  /** Made by the generated class when a model is opened. */
  public Conv1D(NodeSpec spec, ParameterStore store) {
    super(spec, store);
  }

  public int filters() {
    return spec.units();
  }

  /** Steps one window spans. */
  public int kernelSize() {
    return spec.parameters().get(0).shape()[0];
  }

  public ActivationKind activation() {
    return spec.activation();
  }

  /** A copy of the kernels, {@code [kernel][in features][filters]}. */
  public float[][][] weights() {
    double[] params = parameters();
    int[] shape = spec.parameters().get(0).shape();
    float[][][] w = new float[shape[0]][shape[1]][shape[2]];
    int i = 0;
    for (float[][] tap : w) {
      for (float[] feature : tap) {
        for (int f = 0; f < feature.length; f++) {
          feature[f] = (float) params[i++];
        }
      }
    }
    return w;
  }

  /** Replaces the kernels; {@code w} must be {@code [kernel][in features][filters]}. */
  public void setWeights(float[][][] w) {
    int[] expected = spec.parameters().get(0).shape();
    double[] flat = new double[spec.weightCount()];
    int i = 0;
    checkLength(w.length, expected, 0);
    for (float[][] tap : w) {
      checkLength(tap.length, expected, 1);
      for (float[] feature : tap) {
        checkLength(feature.length, expected, 2);
        for (float v : feature) {
          flat[i++] = v;
        }
      }
    }
    writeFrom(0, flat);
  }

  private void checkLength(int length, int[] expected, int axis) {
    if (length != expected[axis]) {
      throw new KilnException("layer '" + name() + "' has kernels of shape " + Arrays.toString(expected)
          + " ([kernel][in features][filters]); axis " + axis + " has " + length);
    }
  }

  @Override
  public String toString() {
    return name() + " (Conv1D " + Arrays.toString(spec.inputShape()) + " -> " + Arrays.toString(spec.outputShape())
        + ", " + kernelSize() + " steps, " + activation().name().toLowerCase() + ")";
  }
}
