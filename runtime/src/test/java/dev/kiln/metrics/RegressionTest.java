package dev.kiln.metrics;

import static dev.kiln.metrics.ClassificationTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.KilnException;
import org.junit.jupiter.api.Test;

class RegressionTest {
  private static final double EPS = 1e-12;
  private static final float[][] TARGETS = {{1}, {2}, {3}, {4}}; // mean 2.5, SS_tot = 2.25+0.25+0.25+2.25 = 5

  @Test
  void singleOutputByHand() {
    // errors y - p: -0.5, 0, 1, -1
    Regression m = Regression.of(new float[][] {{1.5f}, {2}, {2}, {5}}, TARGETS);
    assertEquals(4, m.samples());
    assertEquals(1, m.outputs());
    assertEquals(2.5 / 4, m.mae(), EPS); // (0.5 + 0 + 1 + 1) / 4 = 0.625
    assertEquals(2.25 / 4, m.mse(), EPS); // (0.25 + 0 + 1 + 1) / 4 = 0.5625
    assertEquals(0.75, m.rmse(), EPS); // sqrt(0.5625)
    assertEquals(1 - 2.25 / 5, m.r2(), EPS); // 0.55
    assertEquals("Regression[4 samples, 1 output: MAE 0.6250, MSE 0.5625, RMSE 0.7500, R2 0.5500]", m.toString());
  }

  @Test
  void perfectPredictorScoresOne() {
    Regression m = Regression.of(TARGETS, TARGETS);
    assertEquals(0, m.mae(), EPS);
    assertEquals(0, m.mse(), EPS);
    assertEquals(0, m.rmse(), EPS);
    assertEquals(1, m.r2(), EPS);
  }

  @Test
  void constantPredictors() {
    // predicting the mean 2.5: SS_res == SS_tot -> R2 0
    assertEquals(0, Regression.of(new float[][] {{2.5f}, {2.5f}, {2.5f}, {2.5f}}, TARGETS).r2(), EPS);
    // predicting 0: SS_res = 1 + 4 + 9 + 16 = 30 -> R2 = 1 - 30/5 = -5 (worse than the mean)
    Regression zero = Regression.of(new float[][] {{0}, {0}, {0}, {0}}, TARGETS);
    assertEquals(-5, zero.r2(), EPS);
    assertEquals(2.5, zero.mae(), EPS);
    assertEquals(7.5, zero.mse(), EPS);
  }

  @Test
  void constantTargetFollowsForceFinite() {
    float[][] constant = {{3}, {3}, {3}};
    assertEquals(1, Regression.of(new float[][] {{3}, {3}, {3}}, constant).r2(), EPS); // exact: 1
    assertEquals(0, Regression.of(new float[][] {{3}, {3}, {4}}, constant).r2(), EPS); // SS_tot = 0, SS_res > 0: 0
  }

  @Test
  void severalOutputsAreAveragedUniformly() {
    // output 0 as in singleOutputByHand: MAE 0.625, MSE 0.5625, RMSE 0.75, R2 0.55
    // output 1: constant target 10, errors 0, 0, 0, -2: MAE 0.5, MSE 1, RMSE 1, R2 0 (SS_tot = 0, SS_res > 0)
    float[][] predictions = {{1.5f, 10}, {2, 10}, {2, 10}, {5, 12}};
    float[][] targets = {{1, 10}, {2, 10}, {3, 10}, {4, 10}};
    Regression m = Regression.of(predictions, targets);
    assertEquals(2, m.outputs());
    assertEquals((0.625 + 0.5) / 2, m.mae(), EPS);
    assertEquals((0.5625 + 1) / 2, m.mse(), EPS);
    assertEquals((0.75 + 1) / 2, m.rmse(), EPS); // per-output RMSE averaged, as scikit-learn; not sqrt(mse())
    assertEquals((0.55 + 0) / 2, m.r2(), EPS);
  }

  @Test
  void r2NeedsTwoSamples() {
    Regression one = Regression.of(new float[][] {{1}}, new float[][] {{2}});
    assertEquals(1, one.mae(), EPS);
    assertMessage("at least 2 samples", one::r2);
    assertEquals("Regression[1 samples, 1 output: MAE 1.0000, MSE 1.0000, RMSE 1.0000, R2 n/a]", one.toString());
  }

  @Test
  void rejectsBadInput() {
    assertMessage("2 prediction rows but 1 targets", () -> Regression.of(new float[][] {{1}, {2}}, new float[][] {{1}}));
    assertMessage("predictions have 2 outputs per sample but targets have 1",
        () -> Regression.of(new float[][] {{1, 2}}, new float[][] {{1}}));
    assertMessage("predictions has no rows", () -> Regression.of(new float[0][], new float[0][]));
    assertMessage("targets row 1 has NaN", () -> Regression.of(new float[][] {{1}, {2}}, new float[][] {{1}, {Float.NaN}}));
    assertThrows(KilnException.class, () -> Regression.of(null, TARGETS));
  }
}
