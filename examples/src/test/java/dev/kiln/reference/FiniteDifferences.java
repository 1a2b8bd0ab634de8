package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/** The oracles' own check: central finite differences of a function against its analytic gradient. */
final class FiniteDifferences {
  private static final double H = 1e-6;
  private static final double RELATIVE = 1e-6;
  private static final double ABSOLUTE = 1e-8;

  private FiniteDifferences() {}

  /**
   * Nudges each entry of {@code v} by ±H and compares the slope of {@code sum_k r[k] * f(v)[k]}
   * with {@code analytic}; {@code v} is restored afterwards.
   */
  static void assertMatches(
      UnaryOperator<double[]> f, double[] v, double[] r, double[] analytic, String name) {
    assertEquals(v.length, analytic.length, name + " length");
    for (int k = 0; k < v.length; k++) {
      int at = k;
      double original = v[k];
      double numeric = slope(h -> {
        v[at] = original + h;
        return dot(r, f.apply(v));
      });
      v[k] = original;
      assertAgrees(analytic[k], numeric, name + "[" + k + "]");
    }
  }

  /** The central difference of {@code f} at 0: (f(H) - f(-H)) / 2H. */
  static double slope(DoubleUnaryOperator f) {
    return (f.applyAsDouble(H) - f.applyAsDouble(-H)) / (2 * H);
  }

  /** Fails unless the two agree within max(RELATIVE * the larger, ABSOLUTE). */
  static void assertAgrees(double analytic, double numeric, String what) {
    double error = Math.abs(analytic - numeric);
    if (error > Math.max(RELATIVE * Math.max(Math.abs(analytic), Math.abs(numeric)), ABSOLUTE)) {
      fail(what + ": analytic " + analytic + ", numeric " + numeric);
    }
  }

  private static double dot(double[] a, double[] b) {
    assertEquals(a.length, b.length, "dot product lengths");
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += a[k] * b[k];
    }
    return sum;
  }
}
