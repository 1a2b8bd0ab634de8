package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Padding;
import dev.kiln.reference.ReferenceCnn.AvgPoolSpec;
import dev.kiln.reference.ReferenceCnn.ConvSpec;
import dev.kiln.reference.ReferenceCnn.GlobalAvgPoolSpec;
import dev.kiln.reference.ReferenceCnn.ImageLayerSpec;
import dev.kiln.reference.ReferenceCnn.MaxPoolSpec;
import dev.kiln.reference.ReferenceImageLayers.Pool2d;
import dev.kiln.reference.ReferenceImageLayers.Shape;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the whole-network oracle: shapes, layouts, a network by hand, and every gradient. */
class ReferenceCnnTest {

  /**
   * Two small networks that between them use every image layer, both paddings, odd sizes, strides
   * 1 and 2, and a convolution without bias. Sizes per layer are in {@link #shapesFollowTheLayers}.
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
  void parametersRoundTripAsWeightsThenBiases() {
    ReferenceCnn net = plain("conv-maxpool-conv-dense");
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
  // Every gradient against central finite differences.

  private static final double H = 1e-6;
  private static final double RELATIVE = 1e-6;
  private static final double ABSOLUTE = 1e-8;

  /** Keep every |z| (ReLU kinks) and every max-pool window's top-two gap at least this large. */
  private static final double KINK_MARGIN = 1e-3;

  private static final List<ActivationKind> ELEMENT_WISE =
      List.of(
          ActivationKind.LINEAR,
          ActivationKind.SIGMOID,
          ActivationKind.TANH,
          ActivationKind.RELU,
          ActivationKind.LEAKY_RELU);

  /** Both networks × every hidden activation × a regression and each classification head × L2. */
  static Stream<Arguments> gradientCases() {
    List<Object[]> heads =
        List.of(
            new Object[] {ActivationKind.LINEAR, Loss.MEAN_SQUARED_ERROR},
            new Object[] {ActivationKind.SIGMOID, Loss.BINARY_CROSS_ENTROPY},
            new Object[] {ActivationKind.SOFTMAX, Loss.CATEGORICAL_CROSS_ENTROPY},
            new Object[] {ActivationKind.SOFTMAX, Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY});
    List<Arguments> cases = new ArrayList<>();
    for (String name : List.of("conv-maxpool-conv-dense", "conv-avgpool-conv-globalavg")) {
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
        net.setParameters(l, uniform(net.parameters(l).length, random));
      }
      double[][] x = new double[n][];
      for (int b = 0; b < n; b++) {
        x[b] = uniform(net.inputShape(0).size(), random);
      }
      double[][] y = randomLabels(loss, n, 3, random);
      if (awayFromKinks(net, x) && awayFromTies(net, x)) {
        assertGradientsMatchFiniteDifferences(net, x, y);
        return;
      }
    }
    fail("no seed kept the inputs away from the kinks and ties");
  }

  private static void assertGradientsMatchFiniteDifferences(
      ReferenceCnn net, double[][] x, double[][] y) {
    double[][] analytic = net.gradients(x, y);
    for (int l = 0; l < net.layerCount(); l++) {
      double[] p = net.parameters(l);
      assertEquals(p.length, analytic[l].length, "layer " + l + " gradient length");
      for (int k = 0; k < p.length; k++) {
        double original = p[k];
        p[k] = original + H;
        net.setParameters(l, p);
        double lossPlus = net.loss(x, y);
        p[k] = original - H;
        net.setParameters(l, p);
        double lossMinus = net.loss(x, y);
        p[k] = original;
        net.setParameters(l, p);

        double numeric = (lossPlus - lossMinus) / (2 * H);
        double error = Math.abs(analytic[l][k] - numeric);
        double tolerance =
            Math.max(RELATIVE * Math.max(Math.abs(analytic[l][k]), Math.abs(numeric)), ABSOLUTE);
        if (error > tolerance) {
          fail("layer " + l + " [" + k + "]: analytic " + analytic[l][k] + ", numeric " + numeric);
        }
      }
    }
  }

  private static boolean awayFromKinks(ReferenceCnn net, double[][] x) {
    for (double[][] zLayer : net.preActivations(x)) {
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
    double[][][] a = net.imageActivations(x);
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

  /** Labels of the right kind: 0/1 for BCE, one-hot for CCE, a class index for sparse CCE. */
  private static double[][] randomLabels(Loss loss, int n, int width, Random random) {
    double[][] y = new double[n][];
    for (int b = 0; b < n; b++) {
      switch (loss) {
        case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR -> y[b] = uniform(width, random);
        case BINARY_CROSS_ENTROPY -> {
          y[b] = new double[width];
          for (int o = 0; o < width; o++) {
            y[b][o] = random.nextInt(2);
          }
        }
        case CATEGORICAL_CROSS_ENTROPY -> {
          y[b] = new double[width];
          y[b][random.nextInt(width)] = 1;
        }
        case SPARSE_CATEGORICAL_CROSS_ENTROPY -> y[b] = new double[] {random.nextInt(width)};
      }
    }
    return y;
  }

  private static double[] uniform(int length, Random random) {
    double[] a = new double[length];
    for (int k = 0; k < length; k++) {
      a[k] = 2 * random.nextDouble() - 1;
    }
    return a;
  }
}
