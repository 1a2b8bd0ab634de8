package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

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
      double original = v[k];
      v[k] = original + H;
      double plus = dot(r, f.apply(v));
      v[k] = original - H;
      double minus = dot(r, f.apply(v));
      v[k] = original;

      double numeric = (plus - minus) / (2 * H);
      double error = Math.abs(analytic[k] - numeric);
      double tolerance =
          Math.max(RELATIVE * Math.max(Math.abs(analytic[k]), Math.abs(numeric)), ABSOLUTE);
      if (error > tolerance) {
        fail(name + "[" + k + "]: analytic " + analytic[k] + ", numeric " + numeric);
      }
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
