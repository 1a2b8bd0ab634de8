package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Padding;
import dev.kiln.reference.ReferenceImageLayers.Conv2d;
import dev.kiln.reference.ReferenceImageLayers.Conv2dGradients;
import dev.kiln.reference.ReferenceImageLayers.Pool2d;
import dev.kiln.reference.ReferenceImageLayers.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks the image-layer oracle itself: hand-worked cases, and backward passes against slopes. */
class ReferenceImageLayersTest {

  // ---------------------------------------------------------------------------------------------
  // Geometry.

  /**
   * SAME: out = ceil(n / s), total = max((out - 1) * s + k - n, 0), before = total / 2, after = the
   * rest. VALID: out = floor((n - k) / s) + 1, no padding.
   */
  @ParameterizedTest(name = "n {0}, k {1}, s {2}, {3} -> {4} positions, pad {5} + {6}")
  @CsvSource({
    "5, 3, 2, SAME,  3, 1, 1", // (3-1)*2 + 3 - 5 = 2
    "6, 3, 2, SAME,  3, 0, 1", // (3-1)*2 + 3 - 6 = 1: the odd row goes after
    "5, 3, 1, SAME,  5, 1, 1",
    "3, 2, 1, SAME,  3, 0, 1",
    "4, 2, 2, SAME,  2, 0, 0",
    "2, 5, 1, SAME,  2, 2, 2", // a window larger than the image
    "1, 4, 1, SAME,  1, 1, 2",
    "5, 1, 3, SAME,  2, 0, 0", // (2-1)*3 + 1 - 5 < 0: no padding
    "7, 3, 2, VALID, 3, 0, 0",
    "8, 3, 3, VALID, 2, 0, 0", // floor(5 / 3) + 1
    "5, 2, 1, VALID, 4, 0, 0",
    "3, 3, 1, VALID, 1, 0, 0",
  })
  void outputSizesAndPadding(int n, int k, int s, Padding padding, int out, int before, int after) {
    assertEquals(out, ReferenceImageLayers.outputSize(n, k, s, padding));
    assertEquals(before, ReferenceImageLayers.padBefore(n, k, s, padding));
    assertEquals(before + after, ReferenceImageLayers.padTotal(n, k, s, padding));
  }

  @Test
  void validRejectsAWindowLargerThanTheImage() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ReferenceImageLayers.outputSize(2, 3, 2, Padding.VALID));
  }

  // ---------------------------------------------------------------------------------------------
  // Convolution by hand.

  /** x = 1..9 as a 3x3 one-channel image, row by row. */
  private static final double[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

  /** w = [[1, 2], [3, 4]]: one input channel, one filter. */
  private static final double[] KERNEL_1234 = {1, 2, 3, 4};

  /**
   * VALID: z(oy, ox) = x(oy, ox)*1 + x(oy, ox+1)*2 + x(oy+1, ox)*3 + x(oy+1, ox+1)*4 + 0.5:
   * z(0,0) = 1 + 4 + 12 + 20 + 0.5 = 37.5, z(0,1) = 2 + 6 + 15 + 24 + 0.5 = 47.5, z(1,0) = 67.5,
   * z(1,1) = 77.5.
   */
  @Test
  void convValidByHand() {
    Conv2d g = new Conv2d(new Shape(3, 3, 1), 1, 2, 2, 1, 1, Padding.VALID);
    assertEquals(new Shape(2, 2, 1), g.output());
    double[] z = ReferenceImageLayers.conv2d(g, ONE_TO_NINE, KERNEL_1234, new double[] {0.5});
    assertArrayEquals(new double[] {37.5, 47.5, 67.5, 77.5}, z, 1e-12);
  }

  /**
   * SAME, stride 1: one padding row and column, both after the image (bottom, right), so the
   * top-left output is the VALID one and the last row and column see zeros:
   * z(0,2) = 3*1 + 6*3 = 21, z(2,0) = 7*1 + 8*2 = 23, z(2,2) = 9*1 = 9.
   */
  @Test
  void convSamePadsBottomAndRightByHand() {
    Conv2d g = new Conv2d(new Shape(3, 3, 1), 1, 2, 2, 1, 1, Padding.SAME);
    assertEquals(0, g.padTop());
    assertEquals(0, g.padLeft());
    double[] z = ReferenceImageLayers.conv2d(g, ONE_TO_NINE, KERNEL_1234, new double[0]);
    assertArrayEquals(new double[] {37, 47, 21, 67, 77, 33, 23, 26, 9}, z, 1e-12);
  }

  /**
   * A 5x5 image x(y, x) = 5y + x, a 3x3 kernel of ones, SAME, stride 2: 3x3 outputs, one padding
   * row and column before, windows start at rows and columns -1, 1, 3. z(0,0) = 0 + 1 + 5 + 6 = 12;
   * z(1,1) = the 3x3 block around x(2,2) = 9 * 12 = 108; z(0,2) = 3 + 4 + 8 + 9 = 24;
   * z(2,2) = 18 + 19 + 23 + 24 = 84.
   */
  @Test
  void convSameStrideTwoByHand() {
    double[] x = new double[25];
    for (int k = 0; k < 25; k++) {
      x[k] = k;
    }
    double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    Conv2d g = new Conv2d(new Shape(5, 5, 1), 1, 3, 3, 2, 2, Padding.SAME);
    assertEquals(new Shape(3, 3, 1), g.output());
    double[] z = ReferenceImageLayers.conv2d(g, x, ones, new double[0]);
    assertEquals(12, z[0], 1e-12);
    assertEquals(24, z[2], 1e-12);
    assertEquals(108, z[4], 1e-12);
    assertEquals(84, z[8], 1e-12);
  }

  /**
   * Layouts: a 1x2 image with 2 channels is x = [x(0,0,0), x(0,0,1), x(0,1,0), x(0,1,1)] =
   * [1, 2, 3, 4]; a 1x2 kernel, 2 channels, 1 filter is w = [w(0,0,0), w(0,0,1), w(0,1,0),
   * w(0,1,1)] = [1, 10, 100, 1000]. z = 1*1 + 2*10 + 3*100 + 4*1000 = 4321. Then 1x1 pixels with
   * 2 channels and 3 filters: w[c][f] = [[1, 2, 3], [4, 5, 6]], x = [1, 10]: z = [41, 52, 63].
   */
  @Test
  void convLayoutIsChannelsLastAndHwio() {
    Conv2d wide = new Conv2d(new Shape(1, 2, 2), 1, 1, 2, 1, 1, Padding.VALID);
    double[] z =
        ReferenceImageLayers.conv2d(
            wide, new double[] {1, 2, 3, 4}, new double[] {1, 10, 100, 1000}, new double[0]);
    assertArrayEquals(new double[] {4321}, z, 0);

    Conv2d pointwise = new Conv2d(new Shape(1, 1, 2), 3, 1, 1, 1, 1, Padding.VALID);
    z =
        ReferenceImageLayers.conv2d(
            pointwise, new double[] {1, 10}, new double[] {1, 2, 3, 4, 5, 6}, new double[0]);
    assertArrayEquals(new double[] {41, 52, 63}, z, 0);
  }

  /**
   * The VALID case above with dz = 1 everywhere: dw(ky, kx) = the sum of the 2x2 block at (ky, kx)
   * = [12, 16, 24, 28]; dx(y, x) = the sum of the kernel weights that touched it =
   * [1, 3, 2, 4, 10, 6, 3, 7, 4]; dbias = 4 outputs * 1.
   */
  @Test
  void convBackwardByHand() {
    Conv2d g = new Conv2d(new Shape(3, 3, 1), 1, 2, 2, 1, 1, Padding.VALID);
    Conv2dGradients grads =
        ReferenceImageLayers.conv2dBackward(g, ONE_TO_NINE, KERNEL_1234, new double[] {1, 1, 1, 1});
    assertArrayEquals(new double[] {12, 16, 24, 28}, grads.dw(), 1e-12);
    assertArrayEquals(new double[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, grads.dx(), 1e-12);
    assertArrayEquals(new double[] {4}, grads.dbias(), 1e-12);
  }

  // ---------------------------------------------------------------------------------------------
  // Pools by hand.

  /** Ties go to the first maximum in window order: row ky first, then column kx. */
  @Test
  void maxPoolRoutesTiesToTheFirstMaximum() {
    Pool2d g = new Pool2d(new Shape(2, 2, 1), 2, 2, 2, 2, Padding.VALID);
    double[] dy = {1};
    // All three 5s tie: the first, (0,0), takes it.
    assertArrayEquals(
        new double[] {1, 0, 0, 0},
        ReferenceImageLayers.maxPool2dBackward(g, new double[] {5, 5, 1, 5}, dy),
        0);
    // (0,1) and (1,0) tie: row-major order reaches (0,1) first.
    assertArrayEquals(
        new double[] {0, 1, 0, 0},
        ReferenceImageLayers.maxPool2dBackward(g, new double[] {1, 3, 3, 0}, dy),
        0);
    assertArrayEquals(
        new double[] {3}, ReferenceImageLayers.maxPool2d(g, new double[] {1, 3, 3, 0}), 0);
  }

  /**
   * SAME padding is -infinity for max pooling: on a 3x3 image of negative values, 2x2 windows with
   * stride 2 (one padding row and column after the image) give the in-image maxima, never 0.
   * x = -1..-9: y = [max(-1,-2,-4,-5), max(-3,-6), max(-7,-8), -9] = [-1, -3, -7, -9].
   */
  @Test
  void maxPoolSameNeverPicksPadding() {
    double[] x = new double[9];
    for (int k = 0; k < 9; k++) {
      x[k] = -ONE_TO_NINE[k];
    }
    Pool2d g = new Pool2d(new Shape(3, 3, 1), 2, 2, 2, 2, Padding.SAME);
    assertEquals(new Shape(2, 2, 1), g.output());
    assertArrayEquals(new double[] {-1, -3, -7, -9}, ReferenceImageLayers.maxPool2d(g, x), 0);
    assertArrayEquals(
        new double[] {1, 0, 1, 0, 0, 0, 1, 0, 1},
        ReferenceImageLayers.maxPool2dBackward(g, x, new double[] {1, 1, 1, 1}),
        0);
  }

  /**
   * SAME average pooling counts only the positions inside the image: x = 1..9, 2x2 windows,
   * stride 2: y = [(1+2+4+5)/4, (3+6)/2, (7+8)/2, 9/1] = [3, 4.5, 7.5, 9]; backward with dy = 1
   * gives each position 1/count of its window.
   */
  @Test
  void avgPoolSameCountsOnlyTheImageByHand() {
    Pool2d g = new Pool2d(new Shape(3, 3, 1), 2, 2, 2, 2, Padding.SAME);
    assertArrayEquals(
        new double[] {3, 4.5, 7.5, 9}, ReferenceImageLayers.avgPool2d(g, ONE_TO_NINE), 1e-12);
    assertArrayEquals(
        new double[] {0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1},
        ReferenceImageLayers.avgPool2dBackward(g, new double[] {1, 1, 1, 1}),
        1e-12);
  }

  /** Two channels kept apart: x(y, x, c) = [[(1, 10), (2, 20)], [(3, 30), (6, 60)]]. */
  @Test
  void globalAvgPoolByHand() {
    Shape in = new Shape(2, 2, 2);
    double[] x = {1, 10, 2, 20, 3, 30, 6, 60};
    assertArrayEquals(new double[] {3, 30}, ReferenceImageLayers.globalAvgPool(in, x), 1e-12);
    assertArrayEquals(
        new double[] {0.25, 1, 0.25, 1, 0.25, 1, 0.25, 1},
        ReferenceImageLayers.globalAvgPoolBackward(in, new double[] {1, 4}),
        1e-12);
  }

  // ---------------------------------------------------------------------------------------------
  // Backward passes against central finite differences of L = sum_k r[k] * out[k].

  /** Central-difference step, for the activations' own check. */
  private static final double H = 1e-6;

  @ParameterizedTest(name = "{0}x{1}x{2} input, {3} filters {4}x{5}, stride {6}x{7}, {8}, bias {9}")
  @CsvSource({
    "7, 5, 3, 4, 3, 2, 1, 1, VALID, true",
    "7, 5, 3, 4, 3, 2, 1, 1, SAME,  true",
    "7, 5, 3, 4, 3, 2, 2, 2, VALID, true",
    "7, 5, 3, 4, 3, 2, 2, 2, SAME,  false",
    "6, 6, 2, 3, 3, 3, 2, 2, SAME,  true", // odd padding: the extra row and column after
    "6, 7, 2, 2, 2, 3, 2, 1, SAME,  true", // different strides per dimension
    "8, 8, 1, 2, 2, 2, 3, 3, VALID, true", // stride larger than the kernel: skipped inputs
    "3, 4, 2, 3, 5, 5, 1, 1, SAME,  true", // kernel larger than the image
    "4, 4, 3, 2, 1, 1, 1, 1, VALID, true", // pointwise
  })
  void convBackwardMatchesFiniteDifferences(
      int height,
      int width,
      int channels,
      int filters,
      int kh,
      int kw,
      int sh,
      int sw,
      Padding padding,
      boolean hasBias) {
    Conv2d g = new Conv2d(new Shape(height, width, channels), filters, kh, kw, sh, sw, padding);
    Random random = new Random(42);
    double[] x = uniform(g.input().size(), random);
    double[] w = uniform(g.weightCount(), random);
    double[] bias = hasBias ? uniform(filters, random) : new double[0];
    double[] r = uniform(g.output().size(), random);

    Conv2dGradients analytic = ReferenceImageLayers.conv2dBackward(g, x, w, r);
    FiniteDifferences.assertMatches(
        v -> ReferenceImageLayers.conv2d(g, v, w, bias), x, r, analytic.dx(), "dx");
    FiniteDifferences.assertMatches(
        v -> ReferenceImageLayers.conv2d(g, x, v, bias), w, r, analytic.dw(), "dw");
    double[] anyBias = uniform(filters, random); // z is affine in the bias: its value is irrelevant
    FiniteDifferences.assertMatches(
        v -> ReferenceImageLayers.conv2d(g, x, w, v), anyBias, r, analytic.dbias(), "dbias");
  }

  @ParameterizedTest(name = "{0}x{1}x{2} input, pool {3}x{4}, stride {5}x{6}, {7}")
  @CsvSource({
    "6, 4, 3, 2, 2, 2, 2, VALID",
    "7, 5, 3, 2, 2, 2, 2, VALID", // the last row is never pooled
    "7, 5, 3, 2, 2, 2, 2, SAME",
    "7, 5, 2, 3, 2, 1, 1, SAME", // overlapping windows
    "5, 6, 2, 3, 3, 2, 2, SAME",
    "7, 7, 1, 2, 2, 3, 3, VALID", // stride larger than the window
    "3, 2, 2, 4, 4, 1, 1, SAME", // window larger than the image
  })
  void poolBackwardsMatchFiniteDifferences(
      int height, int width, int channels, int ph, int pw, int sh, int sw, Padding padding) {
    Pool2d g = new Pool2d(new Shape(height, width, channels), ph, pw, sh, sw, padding);
    Random random = new Random(7);
    double[] x = distinctValues(g.input().size(), random);
    double[] r = uniform(g.output().size(), random);

    FiniteDifferences.assertMatches(
        v -> ReferenceImageLayers.maxPool2d(g, v),
        x,
        r,
        ReferenceImageLayers.maxPool2dBackward(g, x, r),
        "max pool dx");
    FiniteDifferences.assertMatches(
        v -> ReferenceImageLayers.avgPool2d(g, v),
        x,
        r,
        ReferenceImageLayers.avgPool2dBackward(g, r),
        "avg pool dx");
  }

  @Test
  void globalAvgPoolBackwardMatchesFiniteDifferences() {
    Shape in = new Shape(5, 3, 4);
    Random random = new Random(3);
    double[] x = uniform(in.size(), random);
    double[] r = uniform(in.channels(), random);
    FiniteDifferences.assertMatches(
        v -> ReferenceImageLayers.globalAvgPool(in, v),
        x,
        r,
        ReferenceImageLayers.globalAvgPoolBackward(in, r),
        "dx");
  }

  @ParameterizedTest
  @EnumSource(names = {"LINEAR", "SIGMOID", "TANH", "RELU", "LEAKY_RELU"})
  void activationDerivativesMatchFiniteDifferences(ActivationKind kind) {
    for (double z : new double[] {-2.5, -0.3, 0.2, 1.7}) {
      double numeric =
          (ReferenceImageLayers.activation(kind, 0.2, z + H)
                  - ReferenceImageLayers.activation(kind, 0.2, z - H))
              / (2 * H);
      assertEquals(
          numeric,
          ReferenceImageLayers.activationDerivative(kind, 0.2, z),
          1e-8,
          kind + " at " + z);
    }
  }

  private static double[] uniform(int length, Random random) {
    double[] a = new double[length];
    for (int k = 0; k < length; k++) {
      a[k] = 2 * random.nextDouble() - 1;
    }
    return a;
  }

  /**
   * Values 0.01 apart in random order, so that no two are within a nudge of each other and max
   * pooling has no ties, even after ±H.
   */
  private static double[] distinctValues(int length, Random random) {
    List<Integer> ranks = new ArrayList<>();
    for (int k = 0; k < length; k++) {
      ranks.add(k);
    }
    Collections.shuffle(ranks, random);
    double[] a = new double[length];
    for (int k = 0; k < length; k++) {
      a[k] = 0.01 * ranks.get(k) - 0.5;
    }
    return a;
  }
}
