package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;
import dev.kiln.engine.Window;
import java.util.Arrays;

/**
 * A 2D convolution over a channels-last image: each of {@code filters} kernels slides over the
 * input, {@code y = activation(conv(x, W) + b)}. As a field type it declares the layer
 * ({@code @Layer(filters = 32, kernel = 3) Conv2D conv;}); after the model is opened the field holds
 * this live handle. Weights are stored as Keras stores them: {@code [height][width][in channels][filters]}.
 */
public final class Conv2D extends WeightedLayer {
  /** Made by the generated class when a model is opened. */
  public Conv2D(NodeSpec spec, ParameterStore store) {
    super(spec, store);
  }

  public int filters() {
    return spec.units();
  }

  public Window window() {
    return spec.window();
  }

  /** {height, width, channels} in. */
  public int[] inputShape() {
    return spec.inputShape().clone();
  }

  /** {height, width, filters} out. */
  public int[] outputShape() {
    return spec.outputShape().clone();
  }

  public ActivationKind activation() {
    return spec.activation();
  }

  /** A copy of the kernels, {@code [height][width][in channels][filters]}. */
  public float[][][][] weights() {
    double[] params = parameters();
    Window k = spec.window();
    int channels = spec.inputShape()[2];
    float[][][][] w = new float[k.height()][k.width()][channels][filters()];
    int i = 0;
    for (float[][][] row : w) {
      for (float[][] tap : row) {
        for (float[] channel : tap) {
          for (int f = 0; f < channel.length; f++) {
            channel[f] = (float) params[i++];
          }
        }
      }
    }
    return w;
  }

  /** Replaces the kernels; {@code w} must be {@code [height][width][in channels][filters]}. */
  public void setWeights(float[][][][] w) {
    Window k = spec.window();
    int[] expected = {k.height(), k.width(), spec.inputShape()[2], filters()};
    double[] flat = new double[spec.weightCount()];
    int i = 0;
    checkLength(w.length, expected, 0);
    for (float[][][] row : w) {
      checkLength(row.length, expected, 1);
      for (float[][] tap : row) {
        checkLength(tap.length, expected, 2);
        for (float[] channel : tap) {
          checkLength(channel.length, expected, 3);
          for (float v : channel) {
            flat[i++] = v;
          }
        }
      }
    }
    writeFrom(0, flat);
  }

  private void checkLength(int length, int[] expected, int axis) {
    if (length != expected[axis]) {
      throw new KilnException("layer '" + name() + "' has kernels of shape " + Arrays.toString(expected)
          + " ([height][width][in channels][filters]); axis " + axis + " has " + length);
    }
  }

  @Override
  public String toString() {
    return name() + " (Conv2D " + Arrays.toString(spec.inputShape()) + " -> " + Arrays.toString(spec.outputShape())
        + ", " + spec.window() + ", " + activation().name().toLowerCase() + ")";
  }
}
