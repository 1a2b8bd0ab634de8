package dev.kiln.reference;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Padding;
import dev.kiln.reference.ReferenceImageLayers.Conv2d;
import dev.kiln.reference.ReferenceImageLayers.Conv2dGradients;
import dev.kiln.reference.ReferenceImageLayers.Pool2d;
import dev.kiln.reference.ReferenceImageLayers.Shape;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import dev.kiln.reference.ReferenceNetwork.Gradients;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The test oracle for convolutional networks: image layers ({@link ReferenceImageLayers}), then a
 * flatten, then a dense tail ({@link ReferenceNetwork}), in double precision, one sample at a time.
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li>A sample is an image flattened channels-last, {@code x[b][((y * W) + x) * C + c]}. The
 *       flatten between the image layers and the dense tail is the identity on that layout (as
 *       Keras's {@code Flatten} on NHWC).
 *   <li>Layers are numbered image layers first, then dense layers. A layer's parameters are one
 *       flat array, as on the device: weights, then biases. Convolution weights are {@code
 *       [KH][KW][C][F]}, dense weights {@code [I][O]}; pools have no parameters.
 *   <li>The loss is {@link ReferenceNetwork}'s (mean over the batch) plus {@code l2 *
 *       sum(w^2)} over every weight, convolutions' included, biases not.
 * </ul>
 *
 * <p>Initial weights are Glorot-uniform from a fixed seed, biases zero; tests normally set their
 * own with {@link #setParameters}.
 */
public final class ReferenceCnn {

  /** One image layer. */
  public sealed interface ImageLayerSpec
      permits ConvSpec, MaxPoolSpec, AvgPoolSpec, GlobalAvgPoolSpec {}

  /** A 2-D convolution with F filters of KH x KW, then an element-wise activation (no softmax). */
  public record ConvSpec(
      int filters,
      int kernelHeight,
      int kernelWidth,
      int strideHeight,
      int strideWidth,
      Padding padding,
      ActivationKind activation,
      double alpha,
      boolean bias)
      implements ImageLayerSpec {
    public ConvSpec {
      Objects.requireNonNull(padding, "padding");
      Objects.requireNonNull(activation, "activation");
      if (activation == ActivationKind.SOFTMAX) {
        throw new IllegalArgumentException("a convolution cannot end in softmax");
      }
    }

    /** With a bias and the default leaky ReLU slope 0.01. */
    public ConvSpec(
        int filters,
        int kernelHeight,
        int kernelWidth,
        int strideHeight,
        int strideWidth,
        Padding padding,
        ActivationKind activation) {
      this(
          filters,
          kernelHeight,
          kernelWidth,
          strideHeight,
          strideWidth,
          padding,
          activation,
          0.01,
          true);
    }

    public Conv2d geometry(Shape input) {
      return new Conv2d(
          input, filters, kernelHeight, kernelWidth, strideHeight, strideWidth, padding);
    }
  }

  /** Max pooling over PH x PW windows. */
  public record MaxPoolSpec(
      int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding)
      implements ImageLayerSpec {
    public Pool2d geometry(Shape input) {
      return new Pool2d(input, poolHeight, poolWidth, strideHeight, strideWidth, padding);
    }
  }

  /** Average pooling over PH x PW windows (SAME: over the positions inside the image). */
  public record AvgPoolSpec(
      int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding)
      implements ImageLayerSpec {
    public Pool2d geometry(Shape input) {
      return new Pool2d(input, poolHeight, poolWidth, strideHeight, strideWidth, padding);
    }
  }

  /** The mean of each channel over the whole image: (H, W, C) to (1, 1, C). */
  public record GlobalAvgPoolSpec() implements ImageLayerSpec {}

  private final List<ImageLayerSpec> imageLayers;

  /** {@code shapes[l]}: image layer l's input shape; the last one is the flatten's. */
  private final Shape[] shapes;

  /** Convolution l's weights {@code [KH][KW][C][F]}; null for pools. */
  private final double[][] convW;

  /** Convolution l's bias {@code [F]}, or length 0 without one; null for pools. */
  private final double[][] convBias;

  private final double l2;

  /** The dense tail, fed the flattened image. */
  private final ReferenceNetwork dense;

  public ReferenceCnn(
      Shape input,
      List<ImageLayerSpec> imageLayers,
      List<DenseSpec> denseLayers,
      Loss loss,
      double l2) {
    this.imageLayers = List.copyOf(imageLayers);
    this.l2 = l2;
    int L = this.imageLayers.size();
    shapes = new Shape[L + 1];
    shapes[0] = Objects.requireNonNull(input, "input");
    convW = new double[L][];
    convBias = new double[L][];
    Random random = new Random(0);
    for (int l = 0; l < L; l++) {
      ImageLayerSpec spec = this.imageLayers.get(l);
      if (spec instanceof ConvSpec conv) {
        Conv2d g = conv.geometry(shapes[l]);
        shapes[l + 1] = g.output();
        // Glorot uniform with Keras's fans: KH*KW*C in, KH*KW*F out.
        int window = conv.kernelHeight() * conv.kernelWidth();
        double limit = Math.sqrt(6.0 / (window * shapes[l].channels() + window * conv.filters()));
        convW[l] = new double[g.weightCount()];
        for (int k = 0; k < convW[l].length; k++) {
          convW[l][k] = (2 * random.nextDouble() - 1) * limit;
        }
        convBias[l] = new double[conv.bias() ? conv.filters() : 0];
      } else if (spec instanceof MaxPoolSpec pool) {
        shapes[l + 1] = pool.geometry(shapes[l]).output();
      } else if (spec instanceof AvgPoolSpec pool) {
        shapes[l + 1] = pool.geometry(shapes[l]).output();
      } else if (spec instanceof GlobalAvgPoolSpec) {
        shapes[l + 1] = new Shape(1, 1, shapes[l].channels());
      }
    }
    // l2 goes to the dense tail too, so its loss and gradients carry the dense weights' share.
    dense = new ReferenceNetwork(shapes[L].size(), denseLayers, loss, Optimizer.SGD, l2);
  }

  /** Image layers plus dense layers. */
  public int layerCount() {
    return imageLayers.size() + dense.layerCount();
  }

  public int imageLayerCount() {
    return imageLayers.size();
  }

  public ImageLayerSpec imageLayer(int layer) {
    return imageLayers.get(layer);
  }

  /**
   * The image entering {@code imageLayer}; {@code inputShape(imageLayerCount())} is the last image
   * layer's output, which the flatten turns into {@code size()} values.
   */
  public Shape inputShape(int imageLayer) {
    return shapes[imageLayer];
  }

  /** Layer l's parameters, weights then biases (a copy); empty for a pool. */
  public double[] parameters(int layer) {
    if (layer < imageLayers.size()) {
      return convW[layer] == null ? new double[0] : concat(convW[layer], convBias[layer]);
    }
    int d = layer - imageLayers.size();
    return concat(dense.weights(d), dense.biases(d));
  }

  /** Copies {@code weightsThenBiases} into layer l, laid out as {@link #parameters} returns it. */
  public void setParameters(int layer, double[] weightsThenBiases) {
    int expected = parameters(layer).length;
    if (weightsThenBiases.length != expected) {
      throw new IllegalArgumentException(
          "layer " + layer + " has " + expected + " parameters, got " + weightsThenBiases.length);
    }
    double[] w;
    double[] bias;
    if (layer < imageLayers.size()) {
      w = convW[layer];
      bias = convBias[layer];
      if (w == null) {
        return; // a pool: nothing to set
      }
    } else {
      w = dense.weights(layer - imageLayers.size());
      bias = dense.biases(layer - imageLayers.size());
    }
    System.arraycopy(weightsThenBiases, 0, w, 0, w.length);
    System.arraycopy(weightsThenBiases, w.length, bias, 0, bias.length);
  }

  /** The network's outputs {@code p[n][O_last]} for images {@code x[n][H*W*C]}. */
  public double[][] forward(double[][] x) {
    return dense.forward(trace(x).flat());
  }

  /**
   * Every layer's pre-activations {@code z[layer][n][...]}: a convolution's {@code z} (shape of its
   * output, flat), a dense layer's {@code z}; rows of length 0 for pools. For tests that keep
   * inputs away from ReLU's kink at 0.
   */
  public double[][][] preActivations(double[][] x) {
    Trace trace = trace(x);
    int L = imageLayers.size();
    double[][][] z = new double[layerCount()][][];
    for (int l = 0; l < L; l++) {
      z[l] = trace.z[l] != null ? trace.z[l] : new double[x.length][0];
    }
    double[][][] denseZ = dense.preActivations(trace.flat());
    System.arraycopy(denseZ, 0, z, L, denseZ.length);
    return z;
  }

  /**
   * Every image layer's input {@code a[l][n][...]}, {@code a[0] = x}; the last, {@code
   * a[imageLayerCount()]}, is what the flatten passes to the dense tail. For tests that keep max
   * pooling's windows away from ties.
   */
  public double[][][] imageActivations(double[][] x) {
    return trace(x).a;
  }

  /** The total loss: mean per-sample loss plus {@code l2 * sum(w^2)} over every layer's weights. */
  public double loss(double[][] x, double[][] y) {
    double sumOfSquares = 0;
    for (double[] w : convW) {
      if (w != null) {
        for (double wk : w) {
          sumOfSquares += wk * wk;
        }
      }
    }
    // The dense tail's loss already holds l2 * its own weights' squares.
    return dense.loss(trace(x).flat(), y) + l2 * sumOfSquares;
  }

  /**
   * Exact gradients of {@link #loss} with respect to every layer's parameters, {@code [layer][]}
   * laid out as {@link #parameters} (empty for pools).
   */
  public double[][] gradients(double[][] x, double[][] y) {
    Trace trace = trace(x);
    int n = x.length;
    int L = imageLayers.size();
    double[][] grad = new double[layerCount()][];

    Gradients denseGradients = dense.gradients(trace.flat(), y);
    for (int d = 0; d < dense.layerCount(); d++) {
      grad[L + d] = concat(denseGradients.weights()[d], denseGradients.biases()[d]);
    }

    // Walk back through the image layers; on entry da[b] = dL/da for layer l's output (first the
    // flatten's, which is the dense tail's dL/dx).
    double[][] da = dense.inputGradients(trace.flat(), y);
    for (int l = L - 1; l >= 0; l--) {
      ImageLayerSpec spec = imageLayers.get(l);
      Shape in = shapes[l];
      double[][] daPrev = new double[n][];
      if (spec instanceof ConvSpec conv) {
        Conv2d g = conv.geometry(in);
        double[] dw = new double[convW[l].length];
        double[] dbias = new double[convBias[l].length];
        for (int b = 0; b < n; b++) {
          double[] z = trace.z[l][b];
          double[] dz = new double[z.length];
          for (int k = 0; k < z.length; k++) {
            double slope =
                ReferenceImageLayers.activationDerivative(conv.activation(), conv.alpha(), z[k]);
            dz[k] = da[b][k] * slope;
          }
          Conv2dGradients sample =
              ReferenceImageLayers.conv2dBackward(g, trace.a[l][b], convW[l], dz);
          daPrev[b] = sample.dx();
          addInto(dw, sample.dw());
          if (conv.bias()) {
            addInto(dbias, sample.dbias());
          }
        }
        // d/dw of l2 * w^2.
        for (int k = 0; k < dw.length; k++) {
          dw[k] += 2 * l2 * convW[l][k];
        }
        grad[l] = concat(dw, dbias);
      } else {
        for (int b = 0; b < n; b++) {
          daPrev[b] = poolBackward(spec, in, trace.a[l][b], da[b]);
        }
        grad[l] = new double[0];
      }
      da = daPrev;
    }
    return grad;
  }

  // ---------------------------------------------------------------------------------------------
  // Forward pass.

  /**
   * {@code a[l][b]}: image layer l's input for sample b ({@code a[0] = x}, {@code a[L]} the
   * flatten's input); {@code z[l][b]}: convolution l's pre-activation, null for pools.
   */
  private record Trace(double[][][] a, double[][][] z) {
    double[][] flat() {
      return a[a.length - 1];
    }
  }

  private Trace trace(double[][] x) {
    checkInputs(x);
    int n = x.length;
    int L = imageLayers.size();
    double[][][] a = new double[L + 1][n][];
    double[][][] z = new double[L][][];
    a[0] = x;
    for (int l = 0; l < L; l++) {
      ImageLayerSpec spec = imageLayers.get(l);
      if (spec instanceof ConvSpec conv) {
        Conv2d g = conv.geometry(shapes[l]);
        z[l] = new double[n][];
        for (int b = 0; b < n; b++) {
          z[l][b] = ReferenceImageLayers.conv2d(g, a[l][b], convW[l], convBias[l]);
          a[l + 1][b] = new double[z[l][b].length];
          for (int k = 0; k < z[l][b].length; k++) {
            a[l + 1][b][k] =
                ReferenceImageLayers.activation(conv.activation(), conv.alpha(), z[l][b][k]);
          }
        }
      } else {
        for (int b = 0; b < n; b++) {
          a[l + 1][b] = poolForward(spec, shapes[l], a[l][b]);
        }
      }
    }
    return new Trace(a, z);
  }

  private static double[] poolForward(ImageLayerSpec spec, Shape in, double[] x) {
    if (spec instanceof MaxPoolSpec pool) {
      return ReferenceImageLayers.maxPool2d(pool.geometry(in), x);
    } else if (spec instanceof AvgPoolSpec pool) {
      return ReferenceImageLayers.avgPool2d(pool.geometry(in), x);
    } else if (spec instanceof GlobalAvgPoolSpec) {
      return ReferenceImageLayers.globalAvgPool(in, x);
    }
    throw new AssertionError(spec);
  }

  private static double[] poolBackward(ImageLayerSpec spec, Shape in, double[] x, double[] dy) {
    if (spec instanceof MaxPoolSpec pool) {
      return ReferenceImageLayers.maxPool2dBackward(pool.geometry(in), x, dy);
    } else if (spec instanceof AvgPoolSpec pool) {
      return ReferenceImageLayers.avgPool2dBackward(pool.geometry(in), dy);
    } else if (spec instanceof GlobalAvgPoolSpec) {
      return ReferenceImageLayers.globalAvgPoolBackward(in, dy);
    }
    throw new AssertionError(spec);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.

  private static double[] concat(double[] w, double[] bias) {
    double[] all = Arrays.copyOf(w, w.length + bias.length);
    System.arraycopy(bias, 0, all, w.length, bias.length);
    return all;
  }

  private static void addInto(double[] sum, double[] term) {
    for (int k = 0; k < sum.length; k++) {
      sum[k] += term[k];
    }
  }

  private void checkInputs(double[][] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    for (int b = 0; b < x.length; b++) {
      if (x[b].length != shapes[0].size()) {
        throw new IllegalArgumentException(
            "x[" + b + "] has length " + x[b].length + ", expected " + shapes[0].size());
      }
    }
  }
}
