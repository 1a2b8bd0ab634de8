package dev.kiln.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The score's two ends and a case worked by hand. */
class InceptionScoreTest {
  @Test
  void confidentAndEvenlySpreadIsTheNumberOfClasses() {
    float[][] p = new float[40][4];
    for (int i = 0; i < p.length; i++) {
      p[i][i % 4] = 1;
    }
    assertEquals(4, InceptionScore.of(p), 1e-9);
  }

  @Test
  void imagesThatAllLookTheSameScoreOne() {
    float[][] p = new float[10][];
    for (int i = 0; i < p.length; i++) {
      p[i] = new float[] {0.7f, 0.2f, 0.1f};
    }
    assertEquals(1, InceptionScore.of(p), 1e-6);
  }

  @Test
  void aMixedCaseByHand() {
    // p(y) = (0.5, 0.5); KL of each row to it: 0.9 ln 1.8 + 0.1 ln 0.2, the same for both rows
    float[][] p = {{0.9f, 0.1f}, {0.1f, 0.9f}};
    double kl = 0.9 * Math.log(1.8) + 0.1 * Math.log(0.2);
    assertEquals(Math.exp(kl), InceptionScore.of(p), 1e-6);
  }
}
