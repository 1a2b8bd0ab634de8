package dev.kiln.reference;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The test oracle: a plain-Java, double-precision, loop-by-loop dense network that defines what
 * Kiln's generated kernels must compute (forward pass, loss, gradients, one optimizer step).
 *
 * <p>It is written for obviousness, not speed: every formula is the textbook one, variable names
 * follow the math ({@code z}, {@code a}, {@code p}, {@code y}, {@code W}, {@code dz}, ...), and the
 * backward pass is the generic chain rule (loss derivative, then each activation's Jacobian, then
 * the affine map) with no fused shortcuts such as softmax + cross-entropy = {@code p - y}, so that
 * it stays independent of the closed forms the kernels use.
 *
 * <p>Semantics (Kiln's, matching Keras):
 *
 * <ul>
 *   <li>Dense layer {@code l} with fan-in {@code I} and {@code O} units: {@code z[b][o] = sum_i
 *       a_prev[b][i] * W[i*O + o] + bias[o]}, {@code a = act(z)}. {@code W} is row-major
 *       {@code [I][O]}.
 *   <li>Loss over a batch of {@code n} samples is the mean of the per-sample losses, plus {@code
 *       l2 * sum(w^2)} over every layer's weights (not biases). MSE, MAE and BCE also average over
 *       the {@code O} outputs; the categorical losses sum over them. The cross-entropies clamp
 *       probabilities with {@value #CLAMP} as Keras does.
 *   <li>Sparse categorical labels are class indices stored as {@code y[b][0]}.
 * </ul>
 *
 * <p>Initial weights are Glorot-uniform from a fixed seed (so runs are reproducible) and biases
 * are zero, as in Keras; tests that compare against kernels normally copy weights in with {@link
 * #setWeights} / {@link #setBiases}.
 */
public final class ReferenceNetwork {

  /** Keras's backend epsilon: cross-entropies clamp probabilities into {@code [1e-7, 1 - 1e-7]}. */
  public static final double CLAMP = 1e-7;

  /**
   * One dense layer: its width, its activation, leaky ReLU's slope, and whether it has a bias; also
   * one of the layers {@link ReferenceCnn}'s tail can hold.
   */
  public record DenseSpec(int units, ActivationKind activation, double alpha, boolean bias)
      implements ReferenceCnn.TailLayerSpec {
    public DenseSpec {
      if (units < 1) {
        throw new IllegalArgumentException("units must be positive: " + units);
      }
      Objects.requireNonNull(activation, "activation");
    }

    /** A layer with a bias and the default leaky ReLU slope 0.01. */
    public DenseSpec(int units, ActivationKind activation) {
      this(units, activation, 0.01, true);
    }
  }

  /** Analytic gradients, shaped like {@link #weights(int)} and {@link #biases(int)} per layer. */
  public record Gradients(double[][] weights, double[][] biases) {}

  /**
   * Optimizer hyper-parameters. Each optimizer reads only the ones it uses: SGD {@code
   * learningRate, momentum, nesterov}; Adam {@code learningRate, beta1, beta2, epsilon}; RMSprop
   * and Adadelta {@code learningRate, rho, epsilon}.
   *
   * @param pytorch PyTorch's update formulas instead of Keras's (see {@code update})
   */
  public record OptimizerSettings(
      double learningRate,
      double momentum,
      boolean nesterov,
      double beta1,
      double beta2,
      double epsilon,
      double rho,
      boolean pytorch) {

    /**
     * Keras 3's defaults and formulas: SGD lr 0.01, momentum 0, no Nesterov; Adam lr 0.001, beta1
     * 0.9, beta2 0.999, eps 1e-7; RMSprop lr 0.001, rho 0.9, eps 1e-7; Adadelta lr 0.001, rho 0.95,
     * eps 1e-7. Fields an optimizer does not read still get sensible values.
     */
    public static OptimizerSettings defaults(Optimizer kind) {
      double learningRate = kind == Optimizer.SGD ? 0.01 : 0.001;
      double rho = kind == Optimizer.ADADELTA ? 0.95 : 0.9;
      return new OptimizerSettings(learningRate, 0.0, false, 0.9, 0.999, 1e-7, rho, false);
    }

    /**
     * PyTorch 2's defaults and formulas: SGD lr 0.001; Adam lr 0.001, betas 0.9 and 0.999, eps 1e-8;
     * RMSprop lr 0.01, alpha (rho) 0.99, eps 1e-8; Adadelta lr 1.0, rho 0.9, eps 1e-6.
     */
    public static OptimizerSettings pytorchDefaults(Optimizer kind) {
      double learningRate = switch (kind) {
        case SGD, ADAM -> 0.001;
        case RMSPROP -> 0.01;
        case ADADELTA -> 1.0;
      };
      double epsilon = kind == Optimizer.ADADELTA ? 1e-6 : 1e-8;
      double rho = kind == Optimizer.RMSPROP ? 0.99 : 0.9;
      return new OptimizerSettings(learningRate, 0.0, false, 0.9, 0.999, epsilon, rho, true);
    }

    /** The same values with PyTorch's formulas. */
    public OptimizerSettings asInPyTorch() {
      return new OptimizerSettings(learningRate, momentum, nesterov, beta1, beta2, epsilon, rho, true);
    }

    public OptimizerSettings withLearningRate(double learningRate) {
      return new OptimizerSettings(learningRate, momentum, nesterov, beta1, beta2, epsilon, rho, pytorch);
    }

    public OptimizerSettings withMomentum(double momentum) {
      return new OptimizerSettings(learningRate, momentum, nesterov, beta1, beta2, epsilon, rho, pytorch);
    }

    public OptimizerSettings withNesterov(boolean nesterov) {
      return new OptimizerSettings(learningRate, momentum, nesterov, beta1, beta2, epsilon, rho, pytorch);
    }

    public OptimizerSettings withBeta1(double beta1) {
      return new OptimizerSettings(learningRate, momentum, nesterov, beta1, beta2, epsilon, rho, pytorch);
    }

    public OptimizerSettings withBeta2(double beta2) {
      return new OptimizerSettings(learningRate, momentum, nesterov, beta1, beta2, epsilon, rho, pytorch);
    }

    public OptimizerSettings withEpsilon(double epsilon) {
      return new OptimizerSettings(learningRate, momentum, nesterov, beta1, beta2, epsilon, rho, pytorch);
    }

    public OptimizerSettings withRho(double rho) {
      return new OptimizerSettings(learningRate, momentum, nesterov, beta1, beta2, epsilon, rho, pytorch);
    }
  }

  private final int inputWidth;
  private final List<DenseSpec> layers;
  private final Loss loss;
  private final Optimizer optimizer;
  private final double l2;

  /** {@code W[l]}: layer l's weights, row-major {@code [I][O]}. */
  private final double[][] W;
  /** {@code bias[l]}: layer l's bias, length O, or length 0 when the layer has none. */
  private final double[][] bias;

  /*
   * Optimizer state, one array per parameter array, same shapes as W and bias. What they hold:
   *   SGD:      state1 = velocity v               (state2 unused)
   *   Adam:     state1 = first moment m_t,        state2 = second moment v_t
   *   RMSprop:  state1 = mean square s            (state2 unused)
   *   Adadelta: state1 = E[g^2],                  state2 = E[dx^2]
   */
  private final double[][] wState1;
  private final double[][] wState2;
  private final double[][] biasState1;
  private final double[][] biasState2;

  /** Optimizer steps taken so far; the step being taken is {@code t} after the increment. */
  private int t;

  public ReferenceNetwork(
      int inputWidth, List<DenseSpec> layers, Loss loss, Optimizer optimizer, double l2) {
    if (inputWidth < 1) {
      throw new IllegalArgumentException("inputWidth must be positive: " + inputWidth);
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least one layer");
    }
    if (!(l2 >= 0)) {
      throw new IllegalArgumentException("l2 must be >= 0: " + l2);
    }
    this.inputWidth = inputWidth;
    this.layers = List.copyOf(layers);
    this.loss = Objects.requireNonNull(loss, "loss");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.l2 = l2;

    int L = this.layers.size();
    W = new double[L][];
    bias = new double[L][];
    wState1 = new double[L][];
    wState2 = new double[L][];
    biasState1 = new double[L][];
    biasState2 = new double[L][];
    Random random = new Random(0);
    for (int l = 0; l < L; l++) {
      int I = fanIn(l);
      int O = this.layers.get(l).units();
      // Glorot (Xavier) uniform: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)).
      double limit = Math.sqrt(6.0 / (I + O));
      W[l] = new double[I * O];
      for (int k = 0; k < W[l].length; k++) {
        W[l][k] = (2 * random.nextDouble() - 1) * limit;
      }
      bias[l] = new double[this.layers.get(l).bias() ? O : 0];
      wState1[l] = new double[I * O];
      wState2[l] = new double[I * O];
      biasState1[l] = new double[bias[l].length];
      biasState2[l] = new double[bias[l].length];
    }
  }

  public int layerCount() {
    return layers.size();
  }

  /** Layer l's weights, row-major {@code [I][O]}: the live array, so writes change the network. */
  public double[] weights(int layer) {
    return W[layer];
  }

  /** Layer l's bias: the live array, length 0 when the layer has no bias. */
  public double[] biases(int layer) {
    return bias[layer];
  }

  /** Copies {@code w} into layer l's weights (earlier {@link #weights} references stay live). */
  public void setWeights(int layer, double[] w) {
    if (w.length != W[layer].length) {
      throw new IllegalArgumentException(
          "layer " + layer + " has " + W[layer].length + " weights, got " + w.length);
    }
    System.arraycopy(w, 0, W[layer], 0, w.length);
  }

  /** Copies {@code b} into layer l's bias (earlier {@link #biases} references stay live). */
  public void setBiases(int layer, double[] b) {
    if (b.length != bias[layer].length) {
      throw new IllegalArgumentException(
          "layer " + layer + " has " + bias[layer].length + " biases, got " + b.length);
    }
    System.arraycopy(b, 0, bias[layer], 0, b.length);
  }

  /** Optimizer steps taken so far (Adam's {@code t} of the last step). */
  public int steps() {
    return t;
  }

  /** The network's outputs {@code p[n][O_last]} for inputs {@code x[n][inputWidth]}. */
  public double[][] forward(double[][] x) {
    return trace(x).a[layers.size()];
  }

  /**
   * Every layer's pre-activations {@code z[l][n][O_l]}; for tests that must keep inputs away from
   * the kinks of ReLU (z = 0) before taking finite differences.
   */
  public double[][][] preActivations(double[][] x) {
    return trace(x).z;
  }

  /** The total loss on this batch: mean per-sample loss plus {@code l2 * sum(w^2)}. */
  public double loss(double[][] x, double[][] y) {
    double[][] p = forward(x);
    checkLabels(y, p.length);
    int n = p.length;

    double dataLoss = 0;
    for (int b = 0; b < n; b++) {
      dataLoss += sampleLoss(p[b], y[b]);
    }
    dataLoss /= n;

    double sumOfSquares = 0;
    for (double[] w : W) {
      for (double wk : w) {
        sumOfSquares += wk * wk;
      }
    }
    return dataLoss + l2 * sumOfSquares;
  }

  /** Exact gradients of {@link #loss} with respect to every weight and bias, by backpropagation. */
  public Gradients gradients(double[][] x, double[][] y) {
    return backpropagate(x, y).parameters();
  }

  /**
   * Exact gradients of {@link #loss} with respect to the inputs, {@code dL/dx[n][inputWidth]}: what
   * a network feeding this one (such as {@link ReferenceCnn}'s image layers) receives.
   */
  public double[][] inputGradients(double[][] x, double[][] y) {
    return backpropagate(x, y).inputs();
  }

  /** The gradients with respect to the parameters, and with respect to the inputs. */
  public record Backpropagation(Gradients parameters, double[][] inputs) {}

  /**
   * Backpropagation from a given {@code dp = dL/dp[n][O_last]} instead of from this network's own
   * loss: for a network whose outputs feed further layers (such as a dense layer before a batch
   * normalization in {@link ReferenceCnn}). The weight gradients include {@code l2}'s share, as
   * {@link #gradients}'s do.
   */
  public Backpropagation backward(double[][] x, double[][] dp) {
    Trace trace = trace(x);
    if (dp.length != x.length) {
      throw new IllegalArgumentException(
          dp.length + " output gradients for " + x.length + " samples");
    }
    for (int b = 0; b < dp.length; b++) {
      if (dp[b].length != outputWidth()) {
        throw new IllegalArgumentException(
            "dp[" + b + "] has width " + dp[b].length + ", expected " + outputWidth());
      }
    }
    return backpropagate(trace, dp);
  }

  private Backpropagation backpropagate(double[][] x, double[][] y) {
    Trace trace = trace(x);
    double[][] p = trace.a[layers.size()];
    int n = p.length;
    checkLabels(y, n);

    // dL/dp: the derivative of the mean per-sample loss with respect to every output.
    double[][] dp = new double[n][];
    for (int b = 0; b < n; b++) {
      dp[b] = sampleLossGradient(p[b], y[b]);
      for (int o = 0; o < dp[b].length; o++) {
        dp[b][o] /= n;
      }
    }
    return backpropagate(trace, dp);
  }

  /** The chain rule from {@code da = dL/dp} back through every layer of the traced batch. */
  private Backpropagation backpropagate(Trace trace, double[][] da) {
    int L = layers.size();
    int n = da.length;
    double[][] gradW = new double[L][];
    double[][] gradBias = new double[L][];
    // Walk back through the layers; on entry da = dL/da for layer l's output.
    for (int l = L - 1; l >= 0; l--) {
      DenseSpec spec = layers.get(l);
      int I = fanIn(l);
      int O = spec.units();
      double[][] aPrev = trace.a[l];

      // Through the activation: dz = J^T da, J = da/dz.
      double[][] dz = new double[n][];
      for (int b = 0; b < n; b++) {
        dz[b] = activationBackward(spec, trace.z[l][b], trace.a[l + 1][b], da[b]);
      }

      // Through z = aPrev W + bias.
      gradW[l] = new double[I * O];
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < I; i++) {
          for (int o = 0; o < O; o++) {
            gradW[l][i * O + o] += aPrev[b][i] * dz[b][o];
          }
        }
      }
      // d/dw of l2 * w^2.
      for (int k = 0; k < I * O; k++) {
        gradW[l][k] += 2 * l2 * W[l][k];
      }

      gradBias[l] = new double[bias[l].length];
      if (spec.bias()) {
        for (int b = 0; b < n; b++) {
          for (int o = 0; o < O; o++) {
            gradBias[l][o] += dz[b][o];
          }
        }
      }

      double[][] daPrev = new double[n][I];
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < I; i++) {
          for (int o = 0; o < O; o++) {
            daPrev[b][i] += W[l][i * O + o] * dz[b][o];
          }
        }
      }
      da = daPrev;
    }
    return new Backpropagation(new Gradients(gradW, gradBias), da);
  }

  /**
   * One optimizer step on this batch: computes the gradients at the current weights, then updates
   * every weight and bias. The step count and optimizer state carry over between calls.
   */
  public void step(double[][] x, double[][] y, OptimizerSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Gradients g = gradients(x, y);
    t++;
    for (int l = 0; l < layers.size(); l++) {
      update(W[l], g.weights()[l], wState1[l], wState2[l], settings);
      update(bias[l], g.biases()[l], biasState1[l], biasState2[l], settings);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Forward pass.

  /** Everything the backward pass needs: {@code a[0] = x}, {@code a[l+1] = act(z[l])}. */
  private record Trace(double[][][] a, double[][][] z) {}

  private Trace trace(double[][] x) {
    checkInputs(x);
    int n = x.length;
    int L = layers.size();
    double[][][] a = new double[L + 1][][];
    double[][][] z = new double[L][][];
    a[0] = x;
    for (int l = 0; l < L; l++) {
      DenseSpec spec = layers.get(l);
      int I = fanIn(l);
      int O = spec.units();
      z[l] = new double[n][O];
      a[l + 1] = new double[n][];
      for (int b = 0; b < n; b++) {
        for (int o = 0; o < O; o++) {
          double sum = 0;
          for (int i = 0; i < I; i++) {
            sum += a[l][b][i] * W[l][i * O + o];
          }
          if (spec.bias()) {
            sum += bias[l][o];
          }
          z[l][b][o] = sum;
        }
        a[l + 1][b] = activate(spec, z[l][b]);
      }
    }
    return new Trace(a, z);
  }

  /** {@code act(z)} for one sample's row of pre-activations. */
  private static double[] activate(DenseSpec spec, double[] z) {
    int O = z.length;
    double[] a = new double[O];
    if (spec.activation() == ActivationKind.SOFTMAX) {
      // Subtracting the max changes nothing mathematically and keeps exp() from overflowing.
      double max = Double.NEGATIVE_INFINITY;
      for (int o = 0; o < O; o++) {
        max = Math.max(max, z[o]);
      }
      double sum = 0;
      for (int o = 0; o < O; o++) {
        a[o] = Math.exp(z[o] - max);
        sum += a[o];
      }
      for (int o = 0; o < O; o++) {
        a[o] /= sum;
      }
      return a;
    }
    for (int o = 0; o < O; o++) {
      a[o] =
          switch (spec.activation()) {
            case LINEAR -> z[o];
            case SIGMOID -> 1 / (1 + Math.exp(-z[o]));
            case TANH -> Math.tanh(z[o]);
            case RELU -> Math.max(0, z[o]);
            case LEAKY_RELU -> z[o] > 0 ? z[o] : spec.alpha() * z[o];
            case SOFTMAX -> throw new AssertionError("handled above");
          };
    }
    return a;
  }

  // ---------------------------------------------------------------------------------------------
  // Backward pass.

  /**
   * {@code dz[o] = sum_k da[k] * J[k][o]} with {@code J[k][o] = d a[k] / d z[o]}: the full Jacobian
   * for softmax, the diagonal {@code act'(z)} for the element-wise activations.
   */
  private static double[] activationBackward(DenseSpec spec, double[] z, double[] a, double[] da) {
    int O = z.length;
    double[] dz = new double[O];
    if (spec.activation() == ActivationKind.SOFTMAX) {
      for (int o = 0; o < O; o++) {
        for (int k = 0; k < O; k++) {
          double kronecker = k == o ? 1 : 0;
          double J = a[k] * (kronecker - a[o]); // d softmax_k / d z_o
          dz[o] += da[k] * J;
        }
      }
      return dz;
    }
    for (int o = 0; o < O; o++) {
      double derivative =
          switch (spec.activation()) {
            case LINEAR -> 1;
            case SIGMOID -> a[o] * (1 - a[o]);
            case TANH -> 1 - a[o] * a[o];
            case RELU -> z[o] > 0 ? 1 : 0; // 0 at z = 0
            case LEAKY_RELU -> z[o] > 0 ? 1 : spec.alpha();
            case SOFTMAX -> throw new AssertionError("handled above");
          };
      dz[o] = da[o] * derivative;
    }
    return dz;
  }

  // ---------------------------------------------------------------------------------------------
  // Loss.

  /** One sample's loss (before averaging over the batch). */
  private double sampleLoss(double[] p, double[] y) {
    int O = p.length;
    double sum = 0;
    switch (loss) {
      case MEAN_SQUARED_ERROR -> {
        for (int o = 0; o < O; o++) {
          sum += (p[o] - y[o]) * (p[o] - y[o]);
        }
        return sum / O;
      }
      case MEAN_ABSOLUTE_ERROR -> {
        for (int o = 0; o < O; o++) {
          sum += Math.abs(p[o] - y[o]);
        }
        return sum / O;
      }
      case BINARY_CROSS_ENTROPY -> {
        for (int o = 0; o < O; o++) {
          double pc = Math.min(Math.max(p[o], CLAMP), 1 - CLAMP);
          sum += -(y[o] * Math.log(pc) + (1 - y[o]) * Math.log(1 - pc));
        }
        return sum / O;
      }
      case CATEGORICAL_CROSS_ENTROPY -> {
        for (int o = 0; o < O; o++) {
          sum += -y[o] * Math.log(Math.max(p[o], CLAMP));
        }
        return sum;
      }
      case SPARSE_CATEGORICAL_CROSS_ENTROPY -> {
        int c = (int) y[0];
        return -Math.log(Math.max(p[c], CLAMP));
      }
    }
    throw new AssertionError(loss);
  }

  /**
   * d(sampleLoss)/dp. Where a clamp is active its derivative is 0; inside the clamp it is the
   * derivative of the unclamped expression. MAE's derivative is sign(p - y), 0 at equality.
   */
  private double[] sampleLossGradient(double[] p, double[] y) {
    int O = p.length;
    double[] dp = new double[O];
    for (int o = 0; o < O; o++) {
      dp[o] =
          switch (loss) {
            case MEAN_SQUARED_ERROR -> 2 * (p[o] - y[o]) / O;
            case MEAN_ABSOLUTE_ERROR -> Math.signum(p[o] - y[o]) / O;
            case BINARY_CROSS_ENTROPY ->
                p[o] > CLAMP && p[o] < 1 - CLAMP
                    ? -(y[o] / p[o] - (1 - y[o]) / (1 - p[o])) / O
                    : 0;
            case CATEGORICAL_CROSS_ENTROPY -> p[o] > CLAMP ? -y[o] / p[o] : 0;
            case SPARSE_CATEGORICAL_CROSS_ENTROPY ->
                o == (int) y[0] && p[o] > CLAMP ? -1 / p[o] : 0;
            case NONE -> throw new IllegalStateException("the reference trains models with a loss");
          };
    }
    return dp;
  }

  // ---------------------------------------------------------------------------------------------
  // Optimizer.

  /**
   * Updates one parameter array in place from its gradient and its own state arrays, with Keras
   * 3's formulas (keras/src/optimizers) or, when {@code s.pytorch()}, PyTorch 2's (torch/optim):
   * they differ in where Adam's and RMSprop's epsilon goes, and in SGD's momentum buffer.
   */
  private void update(
      double[] w, double[] grad, double[] state1, double[] state2, OptimizerSettings s) {
    double lr = s.learningRate();
    for (int k = 0; k < w.length; k++) {
      double g = grad[k];
      switch (optimizer) {
        case SGD -> {
          double m = s.momentum();
          if (s.pytorch()) { // buf = m buf + g; w -= lr (g + m buf) with Nesterov, else lr buf
            double[] buf = state1;
            buf[k] = m * buf[k] + g;
            w[k] -= lr * (s.nesterov() ? g + m * buf[k] : buf[k]);
          } else { // velocity = m velocity - lr g; w += m velocity - lr g with Nesterov, else velocity
            double[] v = state1;
            v[k] = m * v[k] - lr * g;
            w[k] += s.nesterov() ? m * v[k] - lr * g : v[k];
          }
        }
        case ADAM -> {
          double b1 = s.beta1();
          double b2 = s.beta2();
          double[] mt = state1;
          double[] vt = state2;
          mt[k] = b1 * mt[k] + (1 - b1) * g;
          vt[k] = b2 * vt[k] + (1 - b2) * g * g;
          if (s.pytorch()) { // w -= lr mhat / (sqrt(vhat) + eps)
            double mHat = mt[k] / (1 - Math.pow(b1, t));
            double vHat = vt[k] / (1 - Math.pow(b2, t));
            w[k] -= lr * mHat / (Math.sqrt(vHat) + s.epsilon());
          } else { // w -= alpha m / (sqrt(v) + eps), alpha = lr sqrt(1 - b2^t) / (1 - b1^t)
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            w[k] -= alpha * mt[k] / (Math.sqrt(vt[k]) + s.epsilon());
          }
        }
        case RMSPROP -> {
          double rho = s.rho();
          double[] meanSquare = state1;
          meanSquare[k] = rho * meanSquare[k] + (1 - rho) * g * g;
          double root = s.pytorch() ? Math.sqrt(meanSquare[k]) + s.epsilon()
              : Math.sqrt(meanSquare[k] + s.epsilon());
          w[k] -= lr * g / root;
        }
        case ADADELTA -> {
          double rho = s.rho();
          double eps = s.epsilon();
          double[] Eg = state1;
          double[] Edx = state2;
          Eg[k] = rho * Eg[k] + (1 - rho) * g * g;
          double dx = -Math.sqrt(Edx[k] + eps) / Math.sqrt(Eg[k] + eps) * g;
          Edx[k] = rho * Edx[k] + (1 - rho) * dx * dx;
          w[k] += lr * dx;
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Shapes.

  private int fanIn(int layer) {
    return layer == 0 ? inputWidth : layers.get(layer - 1).units();
  }

  private int outputWidth() {
    return layers.get(layers.size() - 1).units();
  }

  private void checkInputs(double[][] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    for (int b = 0; b < x.length; b++) {
      if (x[b].length != inputWidth) {
        throw new IllegalArgumentException(
            "x[" + b + "] has width " + x[b].length + ", expected " + inputWidth);
      }
    }
  }

  private void checkLabels(double[][] y, int n) {
    if (y.length != n) {
      throw new IllegalArgumentException(y.length + " labels for " + n + " samples");
    }
    int O = outputWidth();
    for (int b = 0; b < n; b++) {
      if (loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY) {
        double c = y[b].length == 1 ? y[b][0] : Double.NaN;
        if (!(c >= 0 && c < O && c == Math.rint(c))) {
          throw new IllegalArgumentException(
              "sparse label y[" + b + "] must be one class index in [0, " + O + ")");
        }
      } else if (y[b].length != O) {
        throw new IllegalArgumentException(
            "y[" + b + "] has width " + y[b].length + ", expected " + O);
      }
    }
  }
}
