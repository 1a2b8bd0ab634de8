package dev.kiln.reference;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Padding;
import dev.kiln.reference.ReferenceBatchNorm.BatchNormGradients;
import dev.kiln.reference.ReferenceBatchNorm.Statistics;
import dev.kiln.reference.ReferenceImageLayers.Conv2d;
import dev.kiln.reference.ReferenceImageLayers.Conv2dGradients;
import dev.kiln.reference.ReferenceImageLayers.Pool2d;
import dev.kiln.reference.ReferenceImageLayers.Shape;
import dev.kiln.reference.ReferenceNetwork.Backpropagation;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import dev.kiln.reference.ReferenceNetwork.Gradients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The test oracle for convolutional networks: image layers ({@link ReferenceImageLayers}, {@link
 * ReferenceBatchNorm}), then a flatten, then a tail of dense layers ({@link ReferenceNetwork}) and
 * batch normalizations, in double precision.
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li>A sample is an image flattened channels-last, {@code x[b][((y * W) + x) * C + c]}. The
 *       flatten between the image layers and the tail is the identity on that layout (as Keras's
 *       {@code Flatten} on NHWC).
 *   <li>Layers are numbered image layers first, then the tail's. A layer's parameters are one flat
 *       array, as on the device: weights, then biases; a batch normalization's are {@code [gamma
 *       C][beta C][running mean C][running variance C]}. Convolution weights are {@code
 *       [KH][KW][C][F]}, dense weights {@code [I][O]}; pools have no parameters.
 *   <li>The tail ends with a dense layer. The loss is {@link ReferenceNetwork}'s (mean over the
 *       batch) on its outputs, plus {@code l2 * sum(w^2)} over every weight, convolutions'
 *       included; biases and batch normalizations' values have no L2.
 *   <li>A batch normalization among the image layers normalizes each channel over the batch's
 *       {@code n * H * W} values; in the tail, each feature over the {@code n} samples.
 * </ul>
 *
 * <p>Modes: only batch normalization depends on the {@link Mode}. {@code TRAINING} normalizes with
 * each batch's own statistics (a training step's forward and backward pass), {@code INFERENCE}
 * with the running statistics (evaluation and prediction). The methods without a mode argument
 * ({@link #forward(double[][])}, {@link #loss(double[][], double[][])}, {@link
 * #preActivations(double[][])}, {@link #imageActivations(double[][])}) use {@code INFERENCE};
 * {@link #gradients} exists in training mode only, as the gradient of {@code loss(x, y,
 * TRAINING)}. Without batch normalization the two modes agree.
 *
 * <p>One training step on a batch, at the parameters before the step, is {@link #gradients} for
 * the optimizer and {@link #updateRunningStatistics} for the running statistics.
 *
 * <p>Initial weights are Glorot-uniform from a fixed seed, biases zero, gamma 1, beta 0, running
 * mean 0, running variance 1; tests normally set their own with {@link #setParameters}.
 */
public final class ReferenceCnn {

  /** Which statistics batch normalization uses. */
  public enum Mode {
    /** The batch's own mean and (biased) variance: a training step. */
    TRAINING,
    /** The running mean and variance: evaluation and prediction. */
    INFERENCE
  }

  /** Any layer: an image layer or a tail layer (a batch normalization can be either). */
  public sealed interface LayerSpec permits ImageLayerSpec, TailLayerSpec {}

  /** One image layer. */
  public sealed interface ImageLayerSpec extends LayerSpec
      permits ConvSpec, MaxPoolSpec, AvgPoolSpec, GlobalAvgPoolSpec, BatchNormSpec {}

  /** One layer after the flatten: a dense layer or a batch normalization. */
  public sealed interface TailLayerSpec extends LayerSpec permits DenseSpec, BatchNormSpec {}

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

  /**
   * Batch normalization (Keras's {@code BatchNormalization}, see {@link ReferenceBatchNorm}), then
   * an element-wise activation (no softmax). {@code momentum} is the share of the running
   * statistics each training step keeps.
   */
  public record BatchNormSpec(
      double momentum, double epsilon, ActivationKind activation, double alpha)
      implements ImageLayerSpec, TailLayerSpec {
    public BatchNormSpec {
      Objects.requireNonNull(activation, "activation");
      if (activation == ActivationKind.SOFTMAX) {
        throw new IllegalArgumentException("a batch normalization cannot end in softmax");
      }
      if (!(momentum >= 0 && momentum < 1)) {
        throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
      }
      if (!(epsilon > 0)) {
        throw new IllegalArgumentException("epsilon must be positive: " + epsilon);
      }
    }

    /** Keras's defaults: momentum 0.99, epsilon 0.001, linear. */
    public BatchNormSpec() {
      this(0.99, 1e-3, ActivationKind.LINEAR, 0.01);
    }
  }

  /** A batch normalization's channel count and values: live arrays of length C each. */
  private record BatchNormValues(
      int channels, double[] gamma, double[] beta, double[] runningMean, double[] runningVariance) {
    /** gamma 1, beta 0, running mean 0, running variance 1. */
    static BatchNormValues initial(int channels) {
      double[] gamma = new double[channels];
      double[] runningVariance = new double[channels];
      Arrays.fill(gamma, 1);
      Arrays.fill(runningVariance, 1);
      return new BatchNormValues(
          channels, gamma, new double[channels], new double[channels], runningVariance);
    }
  }

  /** Image layers, then the tail's. */
  private final List<LayerSpec> layers;

  private final int imageLayerCount;

  /** {@code shapes[l]}: image layer l's input shape; the last one is the flatten's. */
  private final Shape[] shapes;

  /** Convolution l's weights {@code [KH][KW][C][F]}; null for other layers. */
  private final double[][] convW;

  /** Convolution l's bias {@code [F]}, or length 0 without one; null for other layers. */
  private final double[][] convBias;

  /** Dense layer l as a one-layer network (the last one's loss is the network's); else null. */
  private final ReferenceNetwork[] dense;

  /** Batch normalization l's values; null for other layers. */
  private final BatchNormValues[] batchNorm;

  private final double l2;

  /**
   * @param tailLayers dense layers and batch normalizations, ending with a dense layer
   */
  public ReferenceCnn(
      Shape input,
      List<? extends ImageLayerSpec> imageLayers,
      List<? extends TailLayerSpec> tailLayers,
      Loss loss,
      double l2) {
    if (tailLayers.isEmpty() || !(tailLayers.get(tailLayers.size() - 1) instanceof DenseSpec)) {
      throw new IllegalArgumentException(
          "the tail must end with a dense layer, whose outputs the loss compares with the labels");
    }
    List<LayerSpec> all = new ArrayList<>(imageLayers);
    all.addAll(tailLayers);
    this.layers = List.copyOf(all);
    this.imageLayerCount = imageLayers.size();
    this.l2 = l2;
    int L = layers.size();
    shapes = new Shape[imageLayerCount + 1];
    shapes[0] = Objects.requireNonNull(input, "input");
    convW = new double[L][];
    convBias = new double[L][];
    dense = new ReferenceNetwork[L];
    batchNorm = new BatchNormValues[L];
    Random random = new Random(0);
    for (int l = 0; l < imageLayerCount; l++) {
      LayerSpec spec = layers.get(l);
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
      } else if (spec instanceof BatchNormSpec) {
        batchNorm[l] = BatchNormValues.initial(shapes[l].channels());
        shapes[l + 1] = shapes[l];
      }
    }
    // Each dense layer gets l2 too, so its loss and gradients carry its own weights' share.
    int width = shapes[imageLayerCount].size();
    for (int l = imageLayerCount; l < L; l++) {
      if (layers.get(l) instanceof DenseSpec spec) {
        dense[l] = new ReferenceNetwork(width, List.of(spec), loss, Optimizer.SGD, l2);
        width = spec.units();
      } else {
        batchNorm[l] = BatchNormValues.initial(width);
      }
    }
  }

  /** Image layers plus tail layers. */
  public int layerCount() {
    return layers.size();
  }

  public int imageLayerCount() {
    return imageLayerCount;
  }

  /** Layer l: image layers first, then the tail's. */
  public LayerSpec layer(int layer) {
    return layers.get(layer);
  }

  public ImageLayerSpec imageLayer(int layer) {
    return (ImageLayerSpec) layers.get(Objects.checkIndex(layer, imageLayerCount));
  }

  /**
   * The image entering {@code imageLayer}; {@code inputShape(imageLayerCount())} is the last image
   * layer's output, which the flatten turns into {@code size()} values.
   */
  public Shape inputShape(int imageLayer) {
    return shapes[imageLayer];
  }

  /**
   * Layer l's parameters (a copy): weights then biases; for a batch normalization gamma, beta,
   * running mean, running variance; empty for a pool.
   */
  public double[] parameters(int layer) {
    return concat(parts(layer));
  }

  /** Copies {@code values} into layer l, laid out as {@link #parameters} returns them. */
  public void setParameters(int layer, double[] values) {
    int expected = parameters(layer).length;
    if (values.length != expected) {
      throw new IllegalArgumentException(
          "layer " + layer + " has " + expected + " parameters, got " + values.length);
    }
    int offset = 0;
    for (double[] part : parts(layer)) {
      System.arraycopy(values, offset, part, 0, part.length);
      offset += part.length;
    }
  }

  /** Inference mode: the outputs {@code p[n][O_last]} for images {@code x[n][H*W*C]}. */
  public double[][] forward(double[][] x) {
    return forward(x, Mode.INFERENCE);
  }

  /** The outputs {@code p[n][O_last]}, with batch normalization in the given mode. */
  public double[][] forward(double[][] x, Mode mode) {
    return trace(x, mode).a[layers.size()];
  }

  /** Inference mode: see {@link #preActivations(double[][], Mode)}. */
  public double[][][] preActivations(double[][] x) {
    return preActivations(x, Mode.INFERENCE);
  }

  /**
   * Every layer's pre-activations {@code z[layer][n][...]}: a convolution's {@code z} (shape of its
   * output, flat), a batch normalization's {@code gamma * xhat + beta}, a dense layer's {@code z};
   * rows of length 0 for pools. For tests that keep inputs away from ReLU's kink at 0.
   */
  public double[][][] preActivations(double[][] x, Mode mode) {
    double[][][] z = trace(x, mode).z;
    for (int l = 0; l < z.length; l++) {
      if (z[l] == null) {
        z[l] = new double[x.length][0];
      }
    }
    return z;
  }

  /** Inference mode: see {@link #imageActivations(double[][], Mode)}. */
  public double[][][] imageActivations(double[][] x) {
    return imageActivations(x, Mode.INFERENCE);
  }

  /**
   * Every image layer's input {@code a[l][n][...]}, {@code a[0] = x}; the last, {@code
   * a[imageLayerCount()]}, is what the flatten passes to the tail. For tests that keep max
   * pooling's windows away from ties.
   */
  public double[][][] imageActivations(double[][] x, Mode mode) {
    return Arrays.copyOf(trace(x, mode).a, imageLayerCount + 1);
  }

  /** Inference mode: the loss that evaluation reports. */
  public double loss(double[][] x, double[][] y) {
    return loss(x, y, Mode.INFERENCE);
  }

  /** The total loss: mean per-sample loss plus {@code l2 * sum(w^2)} over every layer's weights. */
  public double loss(double[][] x, double[][] y, Mode mode) {
    Trace trace = trace(x, mode);
    int last = layers.size() - 1;
    double sumOfSquares = 0;
    for (int l = 0; l < last; l++) {
      for (double w : weights(l)) {
        sumOfSquares += w * w;
      }
    }
    // The last dense layer's loss already holds l2 * its own weights' squares.
    return dense[last].loss(trace.a[last], y) + l2 * sumOfSquares;
  }

  /**
   * Training mode: exact gradients of {@code loss(x, y, TRAINING)} with respect to every layer's
   * parameters, {@code [layer][]} laid out as {@link #parameters} (empty for pools; 0 for the
   * running statistics, which are not trained).
   */
  public double[][] gradients(double[][] x, double[][] y) {
    Trace trace = trace(x, Mode.TRAINING);
    int n = x.length;
    int last = layers.size() - 1; // a dense layer, whose network computes the loss
    double[][] grad = new double[layers.size()][];
    Gradients lastGradients = dense[last].gradients(trace.a[last], y);
    grad[last] = concat(lastGradients.weights()[0], lastGradients.biases()[0]);

    // Walk back through the other layers; on entry da[b] = dL/da for layer l's output.
    double[][] da = dense[last].inputGradients(trace.a[last], y);
    for (int l = last - 1; l >= 0; l--) {
      LayerSpec spec = layers.get(l);
      double[][] daPrev;
      if (spec instanceof DenseSpec) {
        Backpropagation back = dense[l].backward(trace.a[l], da);
        grad[l] = concat(back.parameters().weights()[0], back.parameters().biases()[0]);
        daPrev = back.inputs();
      } else if (spec instanceof BatchNormSpec bn) {
        BatchNormValues v = batchNorm[l];
        double[][] dz = throughActivation(bn.activation(), bn.alpha(), trace.z[l], da);
        BatchNormGradients g =
            ReferenceBatchNorm.backwardTraining(
                trace.a[l], v.channels(), v.gamma(), bn.epsilon(), dz);
        double[] zeros = new double[v.channels()];
        grad[l] = concat(g.dgamma(), g.dbeta(), zeros, zeros);
        daPrev = g.dx();
      } else if (spec instanceof ConvSpec conv) {
        Conv2d geometry = conv.geometry(shapes[l]);
        double[][] dz = throughActivation(conv.activation(), conv.alpha(), trace.z[l], da);
        double[] dw = new double[convW[l].length];
        double[] dbias = new double[convBias[l].length];
        daPrev = new double[n][];
        for (int b = 0; b < n; b++) {
          Conv2dGradients sample =
              ReferenceImageLayers.conv2dBackward(geometry, trace.a[l][b], convW[l], dz[b]);
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
        daPrev = new double[n][];
        for (int b = 0; b < n; b++) {
          daPrev[b] = poolBackward(spec, shapes[l], trace.a[l][b], da[b]);
        }
        grad[l] = new double[0];
      }
      da = daPrev;
    }
    return grad;
  }

  /**
   * What one training step on this batch does to the running statistics: each batch
   * normalization's running mean and variance become {@code momentum * running + (1 - momentum) *
   * batch}, with the batch statistics of the training-mode forward pass at the current parameters.
   */
  public void updateRunningStatistics(double[][] x) {
    Trace trace = trace(x, Mode.TRAINING);
    for (int l = 0; l < layers.size(); l++) {
      if (layers.get(l) instanceof BatchNormSpec bn) {
        BatchNormValues v = batchNorm[l];
        Statistics batch = ReferenceBatchNorm.statistics(trace.a[l], v.channels());
        double[] mean =
            ReferenceBatchNorm.movingAverage(v.runningMean(), batch.mean(), bn.momentum());
        double[] variance =
            ReferenceBatchNorm.movingAverage(v.runningVariance(), batch.variance(), bn.momentum());
        System.arraycopy(mean, 0, v.runningMean(), 0, mean.length);
        System.arraycopy(variance, 0, v.runningVariance(), 0, variance.length);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Forward pass.

  /**
   * {@code a[l][b]}: layer l's input for sample b ({@code a[0] = x}, {@code a[imageLayerCount]} the
   * flatten's input, {@code a[layerCount]} the outputs); {@code z[l]}: layer l's pre-activation,
   * null for pools.
   */
  private record Trace(double[][][] a, double[][][] z) {}

  private Trace trace(double[][] x, Mode mode) {
    checkInputs(x);
    Objects.requireNonNull(mode, "mode");
    int n = x.length;
    int L = layers.size();
    double[][][] a = new double[L + 1][][];
    double[][][] z = new double[L][][];
    a[0] = x;
    for (int l = 0; l < L; l++) {
      LayerSpec spec = layers.get(l);
      if (spec instanceof ConvSpec conv) {
        Conv2d g = conv.geometry(shapes[l]);
        z[l] = new double[n][];
        for (int b = 0; b < n; b++) {
          z[l][b] = ReferenceImageLayers.conv2d(g, a[l][b], convW[l], convBias[l]);
        }
        a[l + 1] = activate(conv.activation(), conv.alpha(), z[l]);
      } else if (spec instanceof BatchNormSpec bn) {
        BatchNormValues v = batchNorm[l];
        z[l] =
            switch (mode) {
              case TRAINING ->
                  ReferenceBatchNorm.forwardTraining(
                          a[l], v.channels(), v.gamma(), v.beta(), bn.epsilon())
                      .z();
              case INFERENCE ->
                  ReferenceBatchNorm.forwardInference(
                      a[l],
                      v.channels(),
                      v.gamma(),
                      v.beta(),
                      v.runningMean(),
                      v.runningVariance(),
                      bn.epsilon());
            };
        a[l + 1] = activate(bn.activation(), bn.alpha(), z[l]);
      } else if (spec instanceof DenseSpec) {
        z[l] = dense[l].preActivations(a[l])[0];
        a[l + 1] = dense[l].forward(a[l]);
      } else {
        a[l + 1] = new double[n][];
        for (int b = 0; b < n; b++) {
          a[l + 1][b] = poolForward(spec, shapes[l], a[l][b]);
        }
      }
    }
    return new Trace(a, z);
  }

  /** {@code act(z)}, element by element. */
  private static double[][] activate(ActivationKind kind, double alpha, double[][] z) {
    double[][] a = new double[z.length][];
    for (int b = 0; b < z.length; b++) {
      a[b] = new double[z[b].length];
      for (int k = 0; k < z[b].length; k++) {
        a[b][k] = ReferenceImageLayers.activation(kind, alpha, z[b][k]);
      }
    }
    return a;
  }

  private static double[] poolForward(LayerSpec spec, Shape in, double[] x) {
    if (spec instanceof MaxPoolSpec pool) {
      return ReferenceImageLayers.maxPool2d(pool.geometry(in), x);
    } else if (spec instanceof AvgPoolSpec pool) {
      return ReferenceImageLayers.avgPool2d(pool.geometry(in), x);
    } else if (spec instanceof GlobalAvgPoolSpec) {
      return ReferenceImageLayers.globalAvgPool(in, x);
    }
    throw new AssertionError(spec);
  }

  // ---------------------------------------------------------------------------------------------
  // Backward pass.

  /** {@code dz = da * act'(z)}, element by element. */
  private static double[][] throughActivation(
      ActivationKind kind, double alpha, double[][] z, double[][] da) {
    double[][] dz = new double[z.length][];
    for (int b = 0; b < z.length; b++) {
      dz[b] = new double[z[b].length];
      for (int k = 0; k < z[b].length; k++) {
        dz[b][k] = da[b][k] * ReferenceImageLayers.activationDerivative(kind, alpha, z[b][k]);
      }
    }
    return dz;
  }

  private static double[] poolBackward(LayerSpec spec, Shape in, double[] x, double[] dy) {
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

  /** Layer l's live parameter arrays, in the order of its flat layout. */
  private double[][] parts(int layer) {
    if (convW[layer] != null) {
      return new double[][] {convW[layer], convBias[layer]};
    } else if (dense[layer] != null) {
      return new double[][] {dense[layer].weights(0), dense[layer].biases(0)};
    } else if (batchNorm[layer] != null) {
      BatchNormValues v = batchNorm[layer];
      return new double[][] {v.gamma(), v.beta(), v.runningMean(), v.runningVariance()};
    }
    return new double[0][]; // a pool
  }

  /** The values L2 applies to: a convolution's or dense layer's weights; none for other layers. */
  private double[] weights(int layer) {
    if (convW[layer] != null) {
      return convW[layer];
    } else if (dense[layer] != null) {
      return dense[layer].weights(0);
    }
    return new double[0];
  }

  private static double[] concat(double[]... parts) {
    double[] all = new double[0];
    for (double[] part : parts) {
      int start = all.length;
      all = Arrays.copyOf(all, start + part.length);
      System.arraycopy(part, 0, all, start, part.length);
    }
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
