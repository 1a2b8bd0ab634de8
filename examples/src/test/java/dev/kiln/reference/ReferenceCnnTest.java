package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Padding;
import dev.kiln.reference.ReferenceCnn.AvgPoolSpec;
import dev.kiln.reference.ReferenceCnn.BatchNormSpec;
import dev.kiln.reference.ReferenceCnn.ConvSpec;
import dev.kiln.reference.ReferenceCnn.GlobalAvgPoolSpec;
import dev.kiln.reference.ReferenceCnn.ImageLayerSpec;
import dev.kiln.reference.ReferenceCnn.MaxPoolSpec;
import dev.kiln.reference.ReferenceCnn.Mode;
import dev.kiln.reference.ReferenceImageLayers.Pool2d;
import dev.kiln.reference.ReferenceImageLayers.Shape;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the whole-network oracle: shapes, layouts, a network by hand, and every gradient. */
class ReferenceCnnTest {

  /**
   * Small networks that between them use every layer, both paddings, odd sizes, strides 1 and 2,
   * convolutions and dense layers without bias, and batch normalizations after a convolution, a
   * pool, a global average pool and a dense layer. Sizes per layer are in {@link
   * #shapesFollowTheLayers} and {@link #batchNormShapesAndParameterCounts}.
   */
  private static ReferenceCnn network(
      String name, ActivationKind hidden, ActivationKind output, Loss loss, double l2) {
    return switch (name) {
      case "conv-maxpool-conv-dense" ->
          new ReferenceCnn(
              new Shape(7, 5, 2),
              List.of(
                  new ConvSpec(3, 3, 2, 1, 1, Padding.VALID, hidden, 0.2, true),
                  new MaxPoolSpec(2, 2, 2, 2, Padding.SAME),
                  new ConvSpec(2, 2, 2, 1, 1, Padding.SAME, hidden, 0.2, false)),
              List.of(new DenseSpec(4, hidden, 0.2, true), new DenseSpec(3, output, 0.2, true)),
              loss,
              l2);
      case "conv-avgpool-conv-globalavg" ->
          new ReferenceCnn(
              new Shape(6, 6, 1),
              List.of(
                  new ConvSpec(2, 3, 3, 2, 2, Padding.SAME, hidden, 0.2, true),
                  new AvgPoolSpec(2, 2, 1, 1, Padding.SAME),
                  new ConvSpec(3, 2, 1, 1, 1, Padding.VALID, hidden, 0.2, true),
                  new GlobalAvgPoolSpec()),
              List.of(new DenseSpec(3, output, 0.2, true)),
              loss,
              l2);
      case "conv-bn-maxpool-dense-bn-dense" ->
          new ReferenceCnn(
              new Shape(5, 7, 2),
              List.of(
                  new ConvSpec(3, 3, 2, 1, 1, Padding.VALID, ActivationKind.LINEAR, 0.2, false),
                  new BatchNormSpec(0.9, 1e-3, hidden, 0.2),
                  new MaxPoolSpec(2, 2, 2, 2, Padding.SAME)),
              List.of(
                  new DenseSpec(4, ActivationKind.LINEAR, 0.2, false),
                  new BatchNormSpec(0.9, 1e-3, hidden, 0.2),
                  new DenseSpec(3, output, 0.2, true)),
              loss,
              l2);
      case "conv-avgpool-bn-conv-globalavg-bn-dense" ->
          new ReferenceCnn(
              new Shape(6, 5, 1),
              List.of(
                  new ConvSpec(2, 3, 3, 2, 2, Padding.SAME, hidden, 0.2, true),
                  new AvgPoolSpec(2, 2, 1, 1, Padding.SAME),
                  new BatchNormSpec(0.9, 1e-3, hidden, 0.2),
                  new ConvSpec(3, 2, 1, 1, 1, Padding.VALID, hidden, 0.2, true),
                  new GlobalAvgPoolSpec(),
                  new BatchNormSpec(0.9, 1e-3, hidden, 0.2)),
              List.of(new DenseSpec(3, output, 0.2, true)),
              loss,
              l2);
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** ReLU, a linear head, MSE, no L2: for tests about shapes and layouts. */
  private static ReferenceCnn plain(String name) {
    return network(name, ActivationKind.RELU, ActivationKind.LINEAR, Loss.MEAN_SQUARED_ERROR, 0);
  }

  @Test
  void shapesFollowTheLayers() {
    ReferenceCnn a = plain("conv-maxpool-conv-dense");
    // 7x5x2 -conv 3x2 VALID-> 5x4x3 -max 2x2/2 SAME-> 3x2x3 -conv 2x2 SAME-> 3x2x2 -> 12.
    assertEquals(
        List.of(new Shape(7, 5, 2), new Shape(5, 4, 3), new Shape(3, 2, 3), new Shape(3, 2, 2)),
        List.of(a.inputShape(0), a.inputShape(1), a.inputShape(2), a.inputShape(3)));
    // conv 3*2*2*3 + 3, pool 0, conv 2*2*3*2 (no bias), dense 12*4 + 4, dense 4*3 + 3.
    int[] counts = new int[a.layerCount()];
    for (int l = 0; l < a.layerCount(); l++) {
      counts[l] = a.parameters(l).length;
    }
    assertArrayEquals(new int[] {39, 0, 24, 52, 15}, counts);

    ReferenceCnn b = plain("conv-avgpool-conv-globalavg");
    // 6x6x1 -conv 3x3/2 SAME-> 3x3x2 -avg 2x2/1 SAME-> 3x3x2 -conv 2x1 VALID-> 2x3x3 -global-> 3.
    assertEquals(
        List.of(
            new Shape(6, 6, 1),
            new Shape(3, 3, 2),
            new Shape(3, 3, 2),
            new Shape(2, 3, 3),
            new Shape(1, 1, 3)),
        List.of(
            b.inputShape(0), b.inputShape(1), b.inputShape(2), b.inputShape(3), b.inputShape(4)));
  }

  @Test
  void batchNormShapesAndParameterCounts() {
    ReferenceCnn a = plain("conv-bn-maxpool-dense-bn-dense");
    // 5x7x2 -conv 3x2 VALID-> 3x6x3 -bn-> 3x6x3 -max 2x2/2 SAME-> 2x3x3 -> 18.
    assertEquals(
        List.of(new Shape(5, 7, 2), new Shape(3, 6, 3), new Shape(3, 6, 3), new Shape(2, 3, 3)),
        List.of(a.inputShape(0), a.inputShape(1), a.inputShape(2), a.inputShape(3)));
    // conv 3*2*2*3 (no bias), bn 4*3, pool 0, dense 18*4 (no bias), bn 4*4, dense 4*3 + 3.
    assertArrayEquals(new int[] {36, 12, 0, 72, 16, 15}, parameterCounts(a));

    ReferenceCnn b = plain("conv-avgpool-bn-conv-globalavg-bn-dense");
    // 6x5x1 -conv 3x3/2 SAME-> 3x3x2 -avg 2x2/1 SAME-> 3x3x2 -bn-> 3x3x2 -conv 2x1 VALID-> 2x3x3
    // -global-> 1x1x3 -bn-> 1x1x3.
    assertEquals(new Shape(3, 3, 2), b.inputShape(3));
    assertEquals(new Shape(1, 1, 3), b.inputShape(6));
    // conv 3*3*1*2 + 2, pool 0, bn 4*2, conv 2*1*2*3 + 3, global 0, bn 4*3, dense 3*3 + 3.
    assertArrayEquals(new int[] {20, 0, 8, 15, 0, 12, 12}, parameterCounts(b));
  }

  private static int[] parameterCounts(ReferenceCnn net) {
    int[] counts = new int[net.layerCount()];
    for (int l = 0; l < net.layerCount(); l++) {
      counts[l] = net.parameters(l).length;
    }
    return counts;
  }

  /** gamma 1, beta 0, running mean 0, running variance 1, per channel. */
  @Test
  void batchNormStartsAsKerasDoes() {
    ReferenceCnn net = plain("conv-bn-maxpool-dense-bn-dense");
    assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1}, net.parameters(1), 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv-maxpool-conv-dense", "conv-bn-maxpool-dense-bn-dense"})
  void parametersRoundTripAsWeightsThenBiases(String name) {
    ReferenceCnn net = plain(name);
    for (int l = 0; l < net.layerCount(); l++) {
      double[] p = new double[net.parameters(l).length];
      for (int k = 0; k < p.length; k++) {
        p[k] = 100 * l + k;
      }
      net.setParameters(l, p);
      assertArrayEquals(p, net.parameters(l), 0);
    }
  }

  /**
   * A 2x2 one-channel image x = [1, 2, 3, 4], a 2x2 linear convolution with w = [1, 0, 0, 1] and
   * bias 0.5, one linear dense unit with w = 2, bias 1; MSE against y = 11; l2 = 0.1.
   *
   * <pre>
   * Forward:
   *   z1 = 1*1 + 4*1 + 0.5                    = 5.5
   *   p  = 2 * 5.5 + 1                        = 12
   *   L  = (12 - 11)^2 + 0.1 * (1 + 1 + 2^2)  = 1.6   (l2 on conv and dense weights, not biases)
   * Backward:
   *   dp  = 2 * (12 - 11)                     = 2
   *   dense: dw = 5.5 * 2 + 2*0.1*2 = 11.4,   dbias = 2
   *   dz1 = 2 * 2                             = 4
   *   conv:  dw = 4 * x + 2*0.1*w = [4.2, 8, 12, 16.2],   dbias = 4
   * </pre>
   */
  @Test
  void smallNetworkByHand() {
    ReferenceCnn net =
        new ReferenceCnn(
            new Shape(2, 2, 1),
            List.of(new ConvSpec(1, 2, 2, 1, 1, Padding.VALID, ActivationKind.LINEAR)),
            List.of(new DenseSpec(1, ActivationKind.LINEAR)),
            Loss.MEAN_SQUARED_ERROR,
            0.1);
    net.setParameters(0, new double[] {1, 0, 0, 1, 0.5});
    net.setParameters(1, new double[] {2, 1});
    double[][] x = {{1, 2, 3, 4}};
    double[][] y = {{11}};

    assertArrayEquals(new double[] {12}, net.forward(x)[0], 1e-12);
    assertArrayEquals(new double[] {5.5}, net.preActivations(x)[0][0], 1e-12);
    assertEquals(1.6, net.loss(x, y), 1e-12);
    double[][] g = net.gradients(x, y);
    assertArrayEquals(new double[] {4.2, 8, 12, 16.2, 4}, g[0], 1e-12);
    assertArrayEquals(new double[] {11.4, 2}, g[1], 1e-12);
  }

  // ---------------------------------------------------------------------------------------------
  // Batch normalization by hand.

  /**
   * A 1x1 one-channel image, a linear batch normalization (gamma 2, beta 0.5, running mean 0,
   * running variance 29, epsilon 7, momentum 0.9), one linear dense unit with w = 2, bias 1; MSE;
   * l2 = 0.1 (on w only, not on gamma). Two samples x = 0 and 6, labels y = 0 and 4.
   *
   * <pre>
   * Training (batch mean 3, variance 9, sqrt(9 + 7) = 4):
   *   xhat = [-0.75, 0.75],  z = 2 * xhat + 0.5 = [-1, 2],  p = 2z + 1 = [-1, 5]
   *   L    = ((-1 - 0)^2 + (5 - 4)^2) / 2 + 0.1 * 2^2 = 1.4
   *   dp   = 2 * (p - y) / 2 = [-1, 1]
   *   dense: dw = sum z * dp + 2*0.1*2 = 3 + 0.4 = 3.4,  dbias = 0
   *   dz   = 2 * dp = [-2, 2]:  dgamma = sum dz * xhat = 3,  dbeta = 0,  running statistics 0
   * Inference (sqrt(29 + 7) = 6):
   *   xhat = [0, 1],  z = [0.5, 2.5],  p = [2, 6],  L = (4 + 4) / 2 + 0.4 = 4.4
   * Running statistics after the step: mean 0.9*0 + 0.1*3 = 0.3, variance 0.9*29 + 0.1*9 = 27.
   * </pre>
   */
  @Test
  void batchNormNetworkByHand() {
    ReferenceCnn net =
        new ReferenceCnn(
            new Shape(1, 1, 1),
            List.of(new BatchNormSpec(0.9, 7, ActivationKind.LINEAR, 0.01)),
            List.of(new DenseSpec(1, ActivationKind.LINEAR)),
            Loss.MEAN_SQUARED_ERROR,
            0.1);
    net.setParameters(0, new double[] {2, 0.5, 0, 29});
    net.setParameters(1, new double[] {2, 1});
    double[][] x = {{0}, {6}};
    double[][] y = {{0}, {4}};

    assertColumnEquals(new double[] {-1, 5}, net.forward(x, Mode.TRAINING));
    assertEquals(1.4, net.loss(x, y, Mode.TRAINING), 1e-12);
    double[][] g = net.gradients(x, y);
    assertArrayEquals(new double[] {3, 0, 0, 0}, g[0], 1e-12);
    assertArrayEquals(new double[] {3.4, 0}, g[1], 1e-12);

    assertColumnEquals(new double[] {2, 6}, net.forward(x));
    assertEquals(4.4, net.loss(x, y), 1e-12);
    assertEquals(4.4, net.loss(x, y, Mode.INFERENCE), 0);

    net.updateRunningStatistics(x);
    assertArrayEquals(new double[] {2, 0.5, 0.3, 27}, net.parameters(0), 1e-12);
    assertArrayEquals(new double[] {2, 1}, net.parameters(1), 0);
  }

  /**
   * Two batch normalizations in a row: the second one's batch statistics come from the first one's
   * training-mode outputs. With the first as in {@link #batchNormNetworkByHand}, those are z = [-1,
   * 2] (mean 0.5, variance 2.25); with momentum 0.5 the second's running statistics become 0.25 and
   * 0.5 * 1 + 0.5 * 2.25 = 1.625. (Inference outputs [0.5, 2.5] would give 0.75 and 1.)
   */
  @Test
  void updateRunningStatisticsUsesTrainingModeInputs() {
    ReferenceCnn net =
        new ReferenceCnn(
            new Shape(1, 1, 1),
            List.of(new BatchNormSpec(0.9, 7, ActivationKind.LINEAR, 0.01)),
            List.of(
                new BatchNormSpec(0.5, 1e-3, ActivationKind.LINEAR, 0.01),
                new DenseSpec(1, ActivationKind.LINEAR)),
            Loss.MEAN_SQUARED_ERROR,
            0);
    net.setParameters(0, new double[] {2, 0.5, 0, 29});
    net.updateRunningStatistics(new double[][] {{0}, {6}});
    assertArrayEquals(new double[] {2, 0.5, 0.3, 27}, net.parameters(0), 1e-12);
    assertArrayEquals(new double[] {1, 0, 0.25, 1.625}, net.parameters(1), 1e-12);
  }

  /**
   * Inference treats every sample on its own (a batch's outputs are each sample's alone); training
   * normalizes with the batch, so a sample's output depends on the others.
   */
  @Test
  void inferenceIsPerSampleAndTrainingIsNot() {
    ReferenceCnn net = plain("conv-bn-maxpool-dense-bn-dense");
    Random random = new Random(1);
    for (int l = 0; l < net.layerCount(); l++) {
      net.setParameters(l, randomParameters(net, l, random));
    }
    double[][] x = new double[3][];
    for (int b = 0; b < x.length; b++) {
      x[b] = uniform(net.inputShape(0).size(), random);
    }
    double[][] batch = net.forward(x);
    for (int b = 0; b < x.length; b++) {
      assertArrayEquals(batch[b], net.forward(new double[][] {x[b]})[0], 1e-12);
    }
    double[][] training = net.forward(x, Mode.TRAINING);
    double[][] firstTwo = net.forward(new double[][] {x[0], x[1]}, Mode.TRAINING);
    assertFalse(Math.abs(training[0][0] - firstTwo[0][0]) < 1e-6);
  }

  /**
   * In training mode a batch normalization's z has, per group it normalizes, mean beta: each image
   * channel over the batch's n * H * W values (layer 1), each dense feature over the n samples
   * (layer 4).
   */
  @Test
  void batchNormNormalizesEachChannelAndEachFeature() {
    ReferenceCnn net = plain("conv-bn-maxpool-dense-bn-dense");
    Random random = new Random(2);
    for (int l = 0; l < net.layerCount(); l++) {
      net.setParameters(l, randomParameters(net, l, random));
    }
    double[][] x = new double[3][];
    for (int b = 0; b < x.length; b++) {
      x[b] = uniform(net.inputShape(0).size(), random);
    }
    double[][][] z = net.preActivations(x, Mode.TRAINING);
    for (int layer : new int[] {1, 4}) {
      int C = net.parameters(layer).length / 4;
      double[] beta = Arrays.copyOfRange(net.parameters(layer), C, 2 * C);
      double[] mean = new double[C];
      for (double[] row : z[layer]) {
        for (int k = 0; k < row.length; k++) {
          mean[k % C] += row[k] / (x.length * row.length / C);
        }
      }
      assertArrayEquals(beta, mean, 1e-12, "layer " + layer);
    }
  }

  /** One output per sample: {@code p[b][0] = expected[b]}. */
  private static void assertColumnEquals(double[] expected, double[][] p) {
    assertEquals(expected.length, p.length, "samples");
    for (int b = 0; b < p.length; b++) {
      assertArrayEquals(new double[] {expected[b]}, p[b], 1e-12, "sample " + b);
    }
  }

  @Test
  void rejectsATailNotEndingInDenseAndBadBatchNorms() {
    Shape in = new Shape(2, 2, 1);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ReferenceCnn(
                in,
                List.of(),
                List.of(new DenseSpec(2, ActivationKind.RELU), new BatchNormSpec()),
                Loss.MEAN_SQUARED_ERROR,
                0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BatchNormSpec(0.9, 1e-3, ActivationKind.SOFTMAX, 0.01));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BatchNormSpec(1, 1e-3, ActivationKind.LINEAR, 0.01));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BatchNormSpec(0.9, 0, ActivationKind.LINEAR, 0.01));
  }

  // ---------------------------------------------------------------------------------------------
  // Every gradient against central finite differences.

  /** Keep every |z| (ReLU kinks) and every max-pool window's top-two gap at least this large. */
  private static final double KINK_MARGIN = 1e-3;

  private static final List<ActivationKind> ELEMENT_WISE =
      List.of(
          ActivationKind.LINEAR,
          ActivationKind.SIGMOID,
          ActivationKind.TANH,
          ActivationKind.RELU,
          ActivationKind.LEAKY_RELU);

  /** Every network × every hidden activation × a regression and each classification head × L2. */
  static Stream<Arguments> gradientCases() {
    List<Object[]> heads =
        List.of(
            new Object[] {ActivationKind.LINEAR, Loss.MEAN_SQUARED_ERROR},
            new Object[] {ActivationKind.SIGMOID, Loss.BINARY_CROSS_ENTROPY},
            new Object[] {ActivationKind.SOFTMAX, Loss.CATEGORICAL_CROSS_ENTROPY},
            new Object[] {ActivationKind.SOFTMAX, Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY});
    List<Arguments> cases = new ArrayList<>();
    for (String name :
        List.of(
            "conv-maxpool-conv-dense",
            "conv-avgpool-conv-globalavg",
            "conv-bn-maxpool-dense-bn-dense",
            "conv-avgpool-bn-conv-globalavg-bn-dense")) {
      for (ActivationKind hidden : ELEMENT_WISE) {
        for (Object[] head : heads) {
          for (double l2 : new double[] {0.0, 0.01}) {
            cases.add(Arguments.of(name, hidden, head[0], head[1], l2));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, hidden {1}, output {2}, {3}, l2 {4}")
  @MethodSource("gradientCases")
  void gradientsMatchFiniteDifferences(
      String name, ActivationKind hidden, ActivationKind output, Loss loss, double l2) {
    ReferenceCnn net = network(name, hidden, output, loss, l2);
    int n = 3;
    // Successive seeds until nothing sits near a kink or a tie (deterministic: the same seed wins).
    for (long seed = 0; seed < 1000; seed++) {
      Random random = new Random(seed);
      for (int l = 0; l < net.layerCount(); l++) {
        net.setParameters(l, randomParameters(net, l, random));
      }
      double[][] x = new double[n][];
      for (int b = 0; b < n; b++) {
        x[b] = uniform(net.inputShape(0).size(), random);
      }
      double[][] y = RandomLabels.of(loss, n, 3, random);
      if (awayFromKinks(net, x) && awayFromTies(net, x)) {
        assertGradientsMatchFiniteDifferences(net, x, y);
        return;
      }
    }
    fail("no seed kept the inputs away from the kinks and ties");
  }

  /**
   * Uniform in [-1, 1], except a batch normalization's running variance, in [0, 2] (inference needs
   * it non-negative; the training loss checked here does not read it).
   */
  private static double[] randomParameters(ReferenceCnn net, int layer, Random random) {
    double[] p = uniform(net.parameters(layer).length, random);
    if (net.layer(layer) instanceof BatchNormSpec) {
      int C = p.length / 4;
      for (int k = 3 * C; k < 4 * C; k++) {
        p[k] += 1;
      }
    }
    return p;
  }

  /** Gradients are training-mode, so the loss they are checked against is too. */
  private static void assertGradientsMatchFiniteDifferences(
      ReferenceCnn net, double[][] x, double[][] y) {
    double[][] analytic = net.gradients(x, y);
    for (int l = 0; l < net.layerCount(); l++) {
      double[] p = net.parameters(l);
      assertEquals(p.length, analytic[l].length, "layer " + l + " gradient length");
      for (int k = 0; k < p.length; k++) {
        int at = k;
        int layer = l;
        double original = p[k];
        double numeric = FiniteDifferences.slope(h -> {
          p[at] = original + h;
          net.setParameters(layer, p);
          return net.loss(x, y, Mode.TRAINING);
        });
        p[k] = original;
        net.setParameters(l, p);
        FiniteDifferences.assertAgrees(analytic[l][k], numeric, "layer " + l + " [" + k + "]");
      }
    }
  }

  private static boolean awayFromKinks(ReferenceCnn net, double[][] x) {
    for (double[][] zLayer : net.preActivations(x, Mode.TRAINING)) {
      for (double[] zRow : zLayer) {
        for (double z : zRow) {
          if (Math.abs(z) < KINK_MARGIN) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * Whether every max-pool window's largest value beats the runner-up by the margin, so a nudge
   * cannot change which position wins. An exact tie at 0 is allowed: it comes from ReLU outputs
   * that stay 0 under a nudge (their |z| is past the kink margin), so their gradient is 0 either
   * way.
   */
  private static boolean awayFromTies(ReferenceCnn net, double[][] x) {
    double[][][] a = net.imageActivations(x, Mode.TRAINING);
    for (int l = 0; l < net.imageLayerCount(); l++) {
      ImageLayerSpec spec = net.imageLayer(l);
      if (!(spec instanceof MaxPoolSpec pool)) {
        continue;
      }
      Pool2d g = pool.geometry(net.inputShape(l));
      Shape in = g.input();
      for (double[] image : a[l]) {
        for (int oy = 0; oy < g.output().height(); oy++) {
          for (int ox = 0; ox < g.output().width(); ox++) {
            for (int c = 0; c < in.channels(); c++) {
              double first = Double.NEGATIVE_INFINITY;
              double second = Double.NEGATIVE_INFINITY;
              for (int ky = 0; ky < g.poolHeight(); ky++) {
                for (int kx = 0; kx < g.poolWidth(); kx++) {
                  int iy = oy * g.strideHeight() + ky - g.padTop();
                  int ix = ox * g.strideWidth() + kx - g.padLeft();
                  if (iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width()) {
                    continue;
                  }
                  double v = image[(iy * in.width() + ix) * in.channels() + c];
                  if (v > first) {
                    second = first;
                    first = v;
                  } else if (v > second) {
                    second = v;
                  }
                }
              }
              boolean zeroTie = first == 0 && second == 0;
              if (first - second < KINK_MARGIN && !zeroTie) {
                return false;
              }
            }
          }
        }
      }
    }
    return true;
  }

  private static double[] uniform(int length, Random random) {
    double[] a = new double[length];
    for (int k = 0; k < length; k++) {
      a[k] = 2 * random.nextDouble() - 1;
    }
    return a;
  }
}
