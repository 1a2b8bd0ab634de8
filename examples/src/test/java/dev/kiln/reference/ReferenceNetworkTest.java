package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import dev.kiln.reference.ReferenceNetwork.Gradients;
import dev.kiln.reference.ReferenceNetwork.OptimizerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the oracle itself, so that the kernels' tests can trust it. */
class ReferenceNetworkTest {

  // ---------------------------------------------------------------------------------------------
  // Gradients against central finite differences.

  /** Keep every |z| (ReLU kinks) and, for MAE, every |p - y| at least this far from 0. */
  private static final double KINK_MARGIN = 1e-3;

  private static final List<ActivationKind> ELEMENT_WISE =
      List.of(
          ActivationKind.LINEAR,
          ActivationKind.SIGMOID,
          ActivationKind.TANH,
          ActivationKind.RELU,
          ActivationKind.LEAKY_RELU);

  /**
   * Every hidden activation × every (output activation, loss) pair that makes sense: anything
   * element-wise with MSE and MAE, sigmoid with BCE, softmax with the categorical losses; each with
   * and without L2.
   */
  static Stream<Arguments> gradientCases() {
    List<Object[]> outputAndLoss = new ArrayList<>();
    for (ActivationKind output : ELEMENT_WISE) {
      outputAndLoss.add(new Object[] {output, Loss.MEAN_SQUARED_ERROR});
      outputAndLoss.add(new Object[] {output, Loss.MEAN_ABSOLUTE_ERROR});
    }
    outputAndLoss.add(new Object[] {ActivationKind.SIGMOID, Loss.BINARY_CROSS_ENTROPY});
    outputAndLoss.add(new Object[] {ActivationKind.SOFTMAX, Loss.CATEGORICAL_CROSS_ENTROPY});
    outputAndLoss.add(new Object[] {ActivationKind.SOFTMAX, Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY});

    List<Arguments> cases = new ArrayList<>();
    for (ActivationKind hidden : ELEMENT_WISE) {
      for (Object[] pair : outputAndLoss) {
        for (double l2 : new double[] {0.0, 0.01}) {
          cases.add(Arguments.of(hidden, pair[0], pair[1], l2));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "hidden {0}, output {1}, {2}, l2 {3}")
  @MethodSource("gradientCases")
  void gradientsMatchFiniteDifferences(
      ActivationKind hidden, ActivationKind output, Loss loss, double l2) {
    // 3 -> 4 (bias) -> 5 (no bias) -> 3 (bias). Alpha 0.2 so a wrong leaky slope would show.
    ReferenceNetwork net =
        new ReferenceNetwork(
            3,
            List.of(
                new DenseSpec(4, hidden, 0.2, true),
                new DenseSpec(5, hidden, 0.2, false),
                new DenseSpec(3, output, 0.2, true)),
            loss,
            Optimizer.SGD,
            l2);
    int n = 3;

    // Draw weights, inputs and labels from successive seeds until nothing sits near a kink, so that
    // the finite difference never straddles one (deterministic: the same seed wins every run).
    for (long seed = 0; seed < 1000; seed++) {
      Random random = new Random(seed);
      for (int l = 0; l < net.layerCount(); l++) {
        fillUniform(net.weights(l), -1, 1, random);
        fillUniform(net.biases(l), -0.5, 0.5, random);
      }
      double[][] x = uniformMatrix(n, 3, -1, 1, random);
      double[][] y = RandomLabels.of(loss, n, 3, random);
      if (awayFromKinks(net, x, y, loss)) {
        assertGradientsMatchFiniteDifferences(net, x, y);
        return;
      }
    }
    fail("no seed kept the inputs away from the kinks");
  }

  private static void assertGradientsMatchFiniteDifferences(
      ReferenceNetwork net, double[][] x, double[][] y) {
    Gradients analytic = net.gradients(x, y);
    for (int l = 0; l < net.layerCount(); l++) {
      assertMatchesFiniteDifferences(net, x, y, net.weights(l), analytic.weights()[l], "W" + l);
      assertMatchesFiniteDifferences(net, x, y, net.biases(l), analytic.biases()[l], "bias" + l);
    }
  }

  /** Nudges each entry of the live {@code parameters} array and compares the slopes. */
  private static void assertMatchesFiniteDifferences(
      ReferenceNetwork net,
      double[][] x,
      double[][] y,
      double[] parameters,
      double[] analytic,
      String name) {
    assertEquals(parameters.length, analytic.length, name + " gradient length");
    for (int k = 0; k < parameters.length; k++) {
      int at = k;
      double original = parameters[k];
      double numeric = FiniteDifferences.slope(h -> {
        parameters[at] = original + h;
        return net.loss(x, y);
      });
      parameters[k] = original;
      FiniteDifferences.assertAgrees(analytic[k], numeric, name + "[" + k + "]");
    }
  }

  private static boolean awayFromKinks(
      ReferenceNetwork net, double[][] x, double[][] y, Loss loss) {
    for (double[][] zLayer : net.preActivations(x)) {
      for (double[] zRow : zLayer) {
        for (double z : zRow) {
          if (Math.abs(z) < KINK_MARGIN) {
            return false;
          }
        }
      }
    }
    if (loss == Loss.MEAN_ABSOLUTE_ERROR) {
      double[][] p = net.forward(x);
      for (int b = 0; b < p.length; b++) {
        for (int o = 0; o < p[b].length; o++) {
          if (Math.abs(p[b][o] - y[b][o]) < KINK_MARGIN) {
            return false;
          }
        }
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Loss values by hand.

  /**
   * A 2 -> 2 linear layer with identity weights and no bias passes x through, so x is p and each
   * loss can be checked on numbers worked out by hand. Two samples, two outputs:
   * p = [[0.8, 0.1], [0.3, 0.6]], y = [[1, 0], [0, 1]] (sparse: classes 0 and 1).
   */
  private static final double[][] P = {{0.8, 0.1}, {0.3, 0.6}};

  private static final double[][] ONE_HOT = {{1, 0}, {0, 1}};

  private static ReferenceNetwork passThrough(Loss loss, double l2) {
    ReferenceNetwork net =
        new ReferenceNetwork(
            2,
            List.of(new DenseSpec(2, ActivationKind.LINEAR, 0.01, false)),
            loss,
            Optimizer.SGD,
            l2);
    net.setWeights(0, new double[] {1, 0, 0, 1});
    return net;
  }

  @Test
  void lossValuesByHand() {
    // MSE: sample 0 (0.2^2 + 0.1^2) / 2 = 0.025, sample 1 (0.3^2 + 0.4^2) / 2 = 0.125; mean 0.075.
    assertEquals(0.075, passThrough(Loss.MEAN_SQUARED_ERROR, 0).loss(P, ONE_HOT), 1e-12);
    // MAE: sample 0 (0.2 + 0.1) / 2 = 0.15, sample 1 (0.3 + 0.4) / 2 = 0.35; mean 0.25.
    assertEquals(0.25, passThrough(Loss.MEAN_ABSOLUTE_ERROR, 0).loss(P, ONE_HOT), 1e-12);
    // BCE: sample 0 -(ln 0.8 + ln 0.9) / 2, sample 1 -(ln 0.7 + ln 0.6) / 2; mean of the two.
    double bce =
        ((-(Math.log(0.8) + Math.log(0.9)) / 2) + (-(Math.log(0.7) + Math.log(0.6)) / 2)) / 2;
    assertEquals(bce, passThrough(Loss.BINARY_CROSS_ENTROPY, 0).loss(P, ONE_HOT), 1e-12);
    // CCE: sample 0 -ln 0.8, sample 1 -ln 0.6 (summed over outputs, not averaged); mean.
    double cce = (-Math.log(0.8) - Math.log(0.6)) / 2;
    assertEquals(cce, passThrough(Loss.CATEGORICAL_CROSS_ENTROPY, 0).loss(P, ONE_HOT), 1e-12);
    double[][] classes = {{0}, {1}};
    assertEquals(
        cce, passThrough(Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, 0).loss(P, classes), 1e-12);
    // L2 0.5 on identity weights adds 0.5 * (1^2 + 0^2 + 0^2 + 1^2) = 1.
    assertEquals(1.075, passThrough(Loss.MEAN_SQUARED_ERROR, 0.5).loss(P, ONE_HOT), 1e-12);
  }

  @Test
  void crossEntropiesClampProbabilities() {
    // p = [0, 1] against y = [1, 0]: both terms are clamped to ln(1e-7) = -7 ln 10.
    double[][] p = {{0, 1}};
    double[][] y = {{1, 0}};
    double clamped = 7 * Math.log(10);
    // BCE: (-ln 1e-7 - ln(1 - (1 - 1e-7))) / 2 = 7 ln 10 (up to rounding of 1 - 1e-7).
    assertEquals(clamped, passThrough(Loss.BINARY_CROSS_ENTROPY, 0).loss(p, y), 1e-6);
    assertEquals(clamped, passThrough(Loss.CATEGORICAL_CROSS_ENTROPY, 0).loss(p, y), 1e-9);
    // Where the clamp is active the gradient is 0, not -1/p = -infinity.
    Gradients g = passThrough(Loss.CATEGORICAL_CROSS_ENTROPY, 0).gradients(p, y);
    assertArrayEquals(new double[] {0, 0, 0, 0}, g.weights()[0], 0);
  }

  // ---------------------------------------------------------------------------------------------
  // A 2-2-1 network by hand.

  /**
   * x = [1, 2], y = 2; hidden ReLU with W1 = [[0.5, -1], [0.25, 0.5]] (row-major [i][o]),
   * b1 = [0.1, -0.2]; linear output with W2 = [[2], [3]], b2 = [0.5]; MSE; SGD lr 0.1.
   *
   * <pre>
   * Forward:
   *   z1 = [1*0.5 + 2*0.25 + 0.1, 1*(-1) + 2*0.5 - 0.2] = [1.1, -0.2]
   *   a1 = relu(z1)                                    = [1.1, 0]
   *   p  = 1.1*2 + 0*3 + 0.5                           = 2.7
   *   L  = (2.7 - 2)^2                                 = 0.49
   * Backward (n = 1, O = 1):
   *   dL/dp = 2 * (2.7 - 2)                            = 1.4   = dz2 (linear)
   *   dW2   = a1 * dz2  = [1.54, 0]     db2 = 1.4
   *   da1   = W2 * dz2  = [2.8, 4.2]
   *   dz1   = da1 * relu'(z1) = [2.8 * 1, 4.2 * 0]     = [2.8, 0]
   *   dW1   = x[i] * dz1[o] = [[2.8, 0], [5.6, 0]]     db1 = [2.8, 0]
   * SGD step (w -= 0.1 * g):
   *   W1 = [[0.5 - 0.28, -1], [0.25 - 0.56, 0.5]]      = [[0.22, -1], [-0.31, 0.5]]
   *   b1 = [0.1 - 0.28, -0.2]                          = [-0.18, -0.2]
   *   W2 = [[2 - 0.154], [3]]                          = [[1.846], [3]]
   *   b2 = [0.5 - 0.14]                                = [0.36]
   * </pre>
   */
  @Test
  void smallNetworkByHand() {
    ReferenceNetwork net =
        new ReferenceNetwork(
            2,
            List.of(
                new DenseSpec(2, ActivationKind.RELU), new DenseSpec(1, ActivationKind.LINEAR)),
            Loss.MEAN_SQUARED_ERROR,
            Optimizer.SGD,
            0.0);
    net.setWeights(0, new double[] {0.5, -1, 0.25, 0.5});
    net.setBiases(0, new double[] {0.1, -0.2});
    net.setWeights(1, new double[] {2, 3});
    net.setBiases(1, new double[] {0.5});
    double[][] x = {{1, 2}};
    double[][] y = {{2}};

    assertEquals(2.7, net.forward(x)[0][0], 1e-12);
    assertEquals(0.49, net.loss(x, y), 1e-12);

    Gradients g = net.gradients(x, y);
    assertArrayEquals(new double[] {2.8, 0, 5.6, 0}, g.weights()[0], 1e-12);
    assertArrayEquals(new double[] {2.8, 0}, g.biases()[0], 1e-12);
    assertArrayEquals(new double[] {1.54, 0}, g.weights()[1], 1e-12);
    assertArrayEquals(new double[] {1.4}, g.biases()[1], 1e-12);

    net.step(x, y, OptimizerSettings.defaults(Optimizer.SGD).withLearningRate(0.1));
    assertArrayEquals(new double[] {0.22, -1, -0.31, 0.5}, net.weights(0), 1e-12);
    assertArrayEquals(new double[] {-0.18, -0.2}, net.biases(0), 1e-12);
    assertArrayEquals(new double[] {1.846, 3}, net.weights(1), 1e-12);
    assertArrayEquals(new double[] {0.36}, net.biases(1), 1e-12);
    assertEquals(1, net.steps());
  }

  // ---------------------------------------------------------------------------------------------
  // Each optimizer's first two steps on one scalar weight.

  /**
   * One weight, no bias, linear, MSE, x = 1, y = 0: L = w^2, so g = 2w. Starts at w = 1; returns w
   * after step 1 and after step 2.
   */
  private static double[] twoSteps(Optimizer optimizer, OptimizerSettings settings) {
    ReferenceNetwork net =
        new ReferenceNetwork(
            1,
            List.of(new DenseSpec(1, ActivationKind.LINEAR, 0.01, false)),
            Loss.MEAN_SQUARED_ERROR,
            optimizer,
            0.0);
    net.setWeights(0, new double[] {1});
    double[][] x = {{1}};
    double[][] y = {{0}};
    net.step(x, y, settings);
    double w1 = net.weights(0)[0];
    net.step(x, y, settings);
    double w2 = net.weights(0)[0];
    return new double[] {w1, w2};
  }

  @Test
  void plainSgdByHand() {
    // g = 2 -> w = 1 - 0.1*2 = 0.8; g = 1.6 -> w = 0.8 - 0.16 = 0.64.
    OptimizerSettings settings = OptimizerSettings.defaults(Optimizer.SGD).withLearningRate(0.1);
    assertArrayEquals(new double[] {0.8, 0.64}, twoSteps(Optimizer.SGD, settings), 1e-12);
  }

  @Test
  void momentumSgdByHand() {
    // Step 1: g = 2,   v = 0.9*0 - 0.1*2 = -0.2,              w = 1 - 0.2 = 0.8.
    // Step 2: g = 1.6, v = 0.9*(-0.2) - 0.1*1.6 = -0.34,      w = 0.8 - 0.34 = 0.46.
    OptimizerSettings settings =
        OptimizerSettings.defaults(Optimizer.SGD).withLearningRate(0.1).withMomentum(0.9);
    assertArrayEquals(new double[] {0.8, 0.46}, twoSteps(Optimizer.SGD, settings), 1e-12);
  }

  @Test
  void nesterovSgdByHand() {
    // Step 1: g = 2,    v = -0.2,   w += 0.9*(-0.2) - 0.1*2 = -0.38          -> w = 0.62.
    // Step 2: g = 1.24, v = 0.9*(-0.2) - 0.124 = -0.304,
    //                   w += 0.9*(-0.304) - 0.124 = -0.3976                  -> w = 0.2224.
    OptimizerSettings settings =
        OptimizerSettings.defaults(Optimizer.SGD)
            .withLearningRate(0.1)
            .withMomentum(0.9)
            .withNesterov(true);
    assertArrayEquals(new double[] {0.62, 0.2224}, twoSteps(Optimizer.SGD, settings), 1e-12);
  }

  @Test
  void adamByHand() {
    // lr 0.1, beta1 0.9, beta2 0.999, eps 1e-7.
    // Step 1: g = 2, m = 0.1*2 = 0.2, v = 0.001*4 = 0.004,
    //         mhat = 0.2/0.1 = 2, vhat = 0.004/0.001 = 4,
    //         w = 1 - 0.1*2/(2 + 1e-7) = 0.900000005.
    // Step 2: g = 1.80000001, m = 0.18 + 0.180000001 = 0.360000001,
    //         v = 0.003996 + 0.001*3.24000004 = 0.007236000036,
    //         mhat = m/(1 - 0.81) = 1.8947368474, vhat = v/(1 - 0.998001) = 3.6198099230,
    //         w = 0.900000005 - 0.1*1.8947368474/(1.9025798073 + 1e-7) = 0.80041223788.
    OptimizerSettings settings = OptimizerSettings.defaults(Optimizer.ADAM).withLearningRate(0.1).asInPyTorch();
    assertArrayEquals(
        new double[] {0.900000005, 0.80041223788}, twoSteps(Optimizer.ADAM, settings), 1e-10);
  }

  @Test
  void adamAsKerasComputesItByHand() {
    // lr 0.1, b1 0.9, b2 0.999, eps 1e-7; epsilon before the bias correction.
    // Step 1: g = 2, m = 0.2, v = 0.004, alpha = 0.1 sqrt(0.001) / 0.1 = 0.0316227766,
    //         w = 1 - 0.2*0.0316227766/(0.0632455532 + 1e-7) = 0.90000015811.
    // Step 2: g = 1.80000031623, m = 0.36000003162, v = 0.00723600114,
    //         alpha = 0.1 sqrt(0.001999) / 0.19 = 0.02353167253,
    //         w = 0.90000015811 - 0.36000003162*0.02353167253/(0.08506468 + 1e-7) = 0.80041250194.
    OptimizerSettings settings = OptimizerSettings.defaults(Optimizer.ADAM).withLearningRate(0.1);
    assertArrayEquals(
        new double[] {0.90000015811, 0.80041250194}, twoSteps(Optimizer.ADAM, settings), 1e-10);
  }

  @Test
  void rmspropByHand() {
    // lr 0.01, rho 0.9, eps 1e-7.
    // Step 1: g = 2, s = 0.1*4 = 0.4, w = 1 - 0.01*2/(0.63245553 + 1e-7) = 0.96837722840.
    // Step 2: g = 1.9367544568, s = 0.36 + 0.1*3.7510178259 = 0.73510178259,
    //         w = 0.9683772284 - 0.01*1.9367544568/(0.85738076873 + 1e-7) = 0.94578803231.
    OptimizerSettings settings =
        OptimizerSettings.defaults(Optimizer.RMSPROP).withLearningRate(0.01).asInPyTorch();
    double[] w = twoSteps(Optimizer.RMSPROP, settings);
    assertArrayEquals(new double[] {0.96837722840, 0.94578803231}, w, 1e-10);
  }

  @Test
  void rmspropAsKerasComputesItByHand() {
    // lr 0.01, rho 0.9, eps 1e-7 inside the root.
    // Step 1: g = 2, s = 0.4, w = 1 - 0.01*2/sqrt(0.4 + 1e-7) = 0.96837722735.
    // Step 2: g = 1.9367544547, s = 0.73510178178, w = 0.96837722735 - 0.01*g/sqrt(s + 1e-7) = 0.94578803017.
    OptimizerSettings settings = OptimizerSettings.defaults(Optimizer.RMSPROP).withLearningRate(0.01);
    assertArrayEquals(new double[] {0.96837722735, 0.94578803017}, twoSteps(Optimizer.RMSPROP, settings), 1e-10);
  }

  @Test
  void adadeltaByHand() {
    // lr 1.0, rho 0.95, eps 1e-7.
    // Step 1: g = 2, Eg = 0.05*4 = 0.2, dx = -sqrt(0 + 1e-7)/sqrt(0.2 + 1e-7)*2 = -0.0014142132,
    //         Edx = 0.05*dx^2 = 9.999995e-8, w = 1 + dx = 0.99858578679.
    // Step 2: g = 1.9971715736, Eg = 0.19 + 0.05*g^2 = 0.38943471472,
    //         dx = -sqrt(Edx + 1e-7)/sqrt(Eg + 1e-7)*g = -0.0014312415,
    //         w = 0.99858578679 - 0.0014312415 = 0.99715454525.
    OptimizerSettings settings = OptimizerSettings.defaults(Optimizer.ADADELTA).withLearningRate(1.0);
    double[] w = twoSteps(Optimizer.ADADELTA, settings);
    assertArrayEquals(new double[] {0.99858578679, 0.99715454525}, w, 1e-10);
  }

  @Test
  void defaultsAreKeras3s() {
    assertEquals(
        new OptimizerSettings(0.01, 0, false, 0.9, 0.999, 1e-7, 0.9, false),
        OptimizerSettings.defaults(Optimizer.SGD));
    assertEquals(
        new OptimizerSettings(0.001, 0, false, 0.9, 0.999, 1e-7, 0.9, false),
        OptimizerSettings.defaults(Optimizer.ADAM));
    assertEquals(
        new OptimizerSettings(0.001, 0, false, 0.9, 0.999, 1e-7, 0.9, false),
        OptimizerSettings.defaults(Optimizer.RMSPROP));
    assertEquals(
        new OptimizerSettings(0.001, 0, false, 0.9, 0.999, 1e-7, 0.95, false),
        OptimizerSettings.defaults(Optimizer.ADADELTA));
  }

  // ---------------------------------------------------------------------------------------------
  // It learns.

  @Test
  void learnsXor() {
    ReferenceNetwork net =
        new ReferenceNetwork(
            2,
            List.of(
                new DenseSpec(8, ActivationKind.SIGMOID), new DenseSpec(1, ActivationKind.SIGMOID)),
            Loss.MEAN_SQUARED_ERROR,
            Optimizer.SGD,
            0.0);
    double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    double[][] y = {{0}, {1}, {1}, {0}};
    OptimizerSettings settings =
        OptimizerSettings.defaults(Optimizer.SGD).withLearningRate(0.5).withMomentum(0.9);

    // From the constructor's fixed Glorot init this reaches a loss of about 2e-4; 1e-3 leaves room.
    double before = net.loss(x, y);
    for (int step = 0; step < 2000; step++) {
      net.step(x, y, settings);
    }
    double after = net.loss(x, y);

    assertTrue(after < 1e-3, "XOR loss went from " + before + " to " + after);
    double[][] p = net.forward(x);
    for (int b = 0; b < x.length; b++) {
      assertEquals(y[b][0] == 1, p[b][0] > 0.5, "sample " + b + ": p = " + p[b][0]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Random numbers.

  private static void fillUniform(double[] a, double low, double high, Random random) {
    for (int k = 0; k < a.length; k++) {
      a[k] = low + (high - low) * random.nextDouble();
    }
  }

  private static double[] uniformRow(int width, double low, double high, Random random) {
    double[] row = new double[width];
    fillUniform(row, low, high, random);
    return row;
  }

  private static double[][] uniformMatrix(
      int rows, int width, double low, double high, Random random) {
    double[][] m = new double[rows][];
    for (int r = 0; r < rows; r++) {
      m[r] = uniformRow(width, low, high, random);
    }
    return m;
  }
}
