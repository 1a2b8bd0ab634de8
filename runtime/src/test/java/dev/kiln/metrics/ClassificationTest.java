package dev.kiln.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationTest {
  private static final double EPS = 1e-12;

  /**
   * scikit-learn's confusion_matrix example: y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2].
   * Confusion [true][pred] = [[2, 0, 0], [0, 0, 1], [1, 0, 2]].
   */
  static final int[] LABELS = {2, 0, 2, 2, 0, 1};
  static final float[][] PROBABILITIES = {
    {0.5f, 0.2f, 0.3f}, // true 2, predicted 0; class 2 is 2nd
    {0.7f, 0.2f, 0.1f}, // true 0, predicted 0
    {0.1f, 0.2f, 0.7f}, // true 2, predicted 2
    {0.2f, 0.2f, 0.6f}, // true 2, predicted 2
    {0.6f, 0.3f, 0.1f}, // true 0, predicted 0
    {0.45f, 0.05f, 0.5f}, // true 1, predicted 2; class 1 is 3rd
  };

  @Test
  void threeClassConfusionMatrixAndAccuracy() {
    Classification m = Classification.of(PROBABILITIES, LABELS);
    assertEquals(3, m.classes());
    assertEquals(6, m.samples());
    assertArrayEquals(new long[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}}, m.confusionMatrix());
    assertEquals(4.0 / 6, m.accuracy(), EPS); // diagonal 2 + 0 + 2 of 6
  }

  @Test
  void confusionMatrixIsACopy() {
    Classification m = Classification.of(PROBABILITIES, LABELS);
    m.confusionMatrix()[0][0] = 99;
    assertEquals(2, m.confusionMatrix()[0][0]);
  }

  @Test
  void perClassPrecisionRecallF1() {
    Classification m = Classification.of(PROBABILITIES, LABELS);
    // class 0: TP 2, predicted 3 (column sum), support 2 -> P 2/3, R 1, F1 = 2*2/(3+2) = 0.8
    assertEquals(2.0 / 3, m.precision(0), EPS);
    assertEquals(1.0, m.recall(0), EPS);
    assertEquals(0.8, m.f1(0), EPS);
    // class 1: TP 0, never predicted (0/0 -> 0), support 1 -> P 0, R 0, F1 = 0/(0+1) = 0
    assertEquals(0.0, m.precision(1), EPS);
    assertEquals(0.0, m.recall(1), EPS);
    assertEquals(0.0, m.f1(1), EPS);
    // class 2: TP 2, predicted 3, support 3 -> P 2/3, R 2/3, F1 = 4/6
    assertEquals(2.0 / 3, m.precision(2), EPS);
    assertEquals(2.0 / 3, m.recall(2), EPS);
    assertEquals(2.0 / 3, m.f1(2), EPS);
  }

  @Test
  void macroAndWeightedAverages() {
    Classification m = Classification.of(PROBABILITIES, LABELS);
    assertEquals((2.0 / 3 + 0 + 2.0 / 3) / 3, m.macroPrecision(), EPS); // 4/9 = 0.4444
    assertEquals((1 + 0 + 2.0 / 3) / 3, m.macroRecall(), EPS); // 5/9 = 0.5556
    assertEquals((0.8 + 0 + 2.0 / 3) / 3, m.macroF1(), EPS); // 22/45 = 0.4889
    // supports 2, 1, 3: (2 * 0.8 + 1 * 0 + 3 * 2/3) / 6 = 3.6 / 6
    assertEquals(0.6, m.weightedF1(), EPS);
  }

  @Test
  void topKAccuracy() {
    Classification m = Classification.of(PROBABILITIES, LABELS);
    assertEquals(m.accuracy(), m.topKAccuracy(1), EPS);
    // top 2: sample 0 (true class 2nd) now counts, sample 5 (true class 3rd) does not -> 5/6
    assertEquals(5.0 / 6, m.topKAccuracy(2), EPS);
    assertEquals(1.0, m.topKAccuracy(3), EPS);
  }

  @Test
  void topKBreaksTiesTowardsTheLowerClassLikeArgmax() {
    // all three scores equal: argmax says class 0; class 1 is 2nd, class 2 is 3rd
    float[][] tied = {{0.3f, 0.3f, 0.3f}, {0.3f, 0.3f, 0.3f}, {0.3f, 0.3f, 0.3f}};
    Classification m = Classification.of(tied, new int[] {0, 1, 2});
    assertEquals(1.0 / 3, m.topKAccuracy(1), EPS);
    assertEquals(2.0 / 3, m.topKAccuracy(2), EPS);
    assertEquals(1.0, m.topKAccuracy(3), EPS);
    assertArrayEquals(new long[][] {{1, 0, 0}, {1, 0, 0}, {1, 0, 0}}, m.confusionMatrix());
  }

  @Test
  void topKRejectsKOutOfRange() {
    Classification m = Classification.of(PROBABILITIES, LABELS);
    assertTrue(assertThrows(KilnException.class, () -> m.topKAccuracy(0)).getMessage().contains("[1, 3]"));
    assertThrows(KilnException.class, () -> m.topKAccuracy(4));
    Classification binary = Classification.of(new float[][] {{0.2f}, {0.7f}}, new int[] {0, 1});
    assertEquals(1.0, binary.topKAccuracy(1), EPS);
    assertTrue(assertThrows(KilnException.class, () -> binary.topKAccuracy(2)).getMessage().contains("k = 1"));
  }

  @Test
  void multiClassRocAucIsMacroOneVsRest() {
    Classification m = Classification.of(PROBABILITIES, LABELS);
    // class 0: positives score 0.7, 0.6; negatives 0.5, 0.1, 0.2, 0.45 -> every pair ranked right: 1
    // class 1: positive 0.05 below every negative (0.2, 0.2, 0.2, 0.2, 0.3): 0
    // class 2: positives 0.3, 0.7, 0.6 vs negatives 0.1, 0.1, 0.5: 0.3 beats 2 of 3, the others 3 -> 8/9
    assertEquals((1 + 0 + 8.0 / 9) / 3, m.rocAuc(), 1e-9); // 17/27 = 0.6296
  }

  @Test
  void binaryMatchesScikitLearnsDocumentedExample() {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75: of the 4 positive/negative pairs only
    // (0.35, 0.4) is ranked wrong
    float[][] p = {{0.1f}, {0.4f}, {0.35f}, {0.8f}};
    Classification m = Classification.of(p, new int[] {0, 0, 1, 1});
    assertEquals(2, m.classes());
    assertEquals(0.75, m.rocAuc(), EPS);
    // threshold 0.5 -> predicted [0, 0, 0, 1]; confusion [[2, 0], [1, 1]]
    assertArrayEquals(new long[][] {{2, 0}, {1, 1}}, m.confusionMatrix());
    assertEquals(0.75, m.accuracy(), EPS);
    assertEquals(1.0, m.precision(1), EPS); // 1 / 1
    assertEquals(0.5, m.recall(1), EPS); // 1 / 2
    assertEquals(2.0 / 3, m.f1(1), EPS); // 2*1 / (2*1 + 0 + 1)
    assertEquals(2.0 / 3, m.precision(0), EPS); // 2 / 3
    assertEquals(1.0, m.recall(0), EPS);
    assertEquals(0.8, m.f1(0), EPS); // 2*2 / (2*2 + 1 + 0)
  }

  @Test
  void binaryRocAucCountsTiesHalf() {
    // positives 0.5 and 0.9, negatives 0.5 and 0.2: pairs (0.5, 0.5) = 1/2, (0.5, 0.2) = 1, (0.9, *) = 2
    // -> 3.5 / 4 = 0.875. Ranks: 0.2 -> 1, 0.5 and 0.5 -> 2.5, 0.9 -> 4; (2.5 + 4 - 3) / 4 = 0.875
    float[][] p = {{0.5f}, {0.5f}, {0.2f}, {0.9f}};
    assertEquals(0.875, Classification.of(p, new int[] {0, 1, 0, 1}).rocAuc(), EPS);
    // all scores equal: every pair is a tie -> 0.5
    float[][] flat = {{0.3f}, {0.3f}, {0.3f}};
    assertEquals(0.5, Classification.of(flat, new int[] {0, 1, 1}).rocAuc(), EPS);
  }

  @Test
  void binaryThresholdIsStrict() {
    float[][] p = {{0.1f}, {0.4f}, {0.35f}, {0.8f}};
    int[] y = {0, 0, 1, 1};
    // threshold 0.3 -> predicted [0, 1, 1, 1]; confusion [[1, 1], [0, 2]]
    Classification low = Classification.of(p, y, 0.3);
    assertArrayEquals(new long[][] {{1, 1}, {0, 2}}, low.confusionMatrix());
    assertEquals(2.0 / 3, low.precision(1), EPS);
    assertEquals(1.0, low.recall(1), EPS);
    // p == threshold is negative (p > threshold, as Keras): 0.4 at threshold 0.4 -> [0, 0, 0, 1]
    assertArrayEquals(new long[][] {{2, 0}, {1, 1}}, Classification.of(p, y, 0.4f).confusionMatrix());
    // the threshold does not change the ranking
    assertEquals(0.75, low.rocAuc(), EPS);
  }

  @Test
  void zeroDivisionGivesZero() {
    // nothing predicted positive: precision(1) = 0/0 -> 0, recall(1) = 0/2 = 0, F1 = 0/(0+0+2) = 0
    Classification m = Classification.of(new float[][] {{0.1f}, {0.2f}, {0.3f}}, new int[] {0, 1, 1});
    assertEquals(0.0, m.precision(1));
    assertEquals(0.0, m.recall(1));
    assertEquals(0.0, m.f1(1));
    // class 0: TP 1, predicted 3, support 1 -> P 1/3, R 1, F1 2/(2+2+0) = 0.5
    assertEquals(1.0 / 3, m.precision(0), EPS);
    assertEquals(0.5, m.f1(0), EPS);
    assertEquals((1.0 / 3 + 0) / 2, m.macroPrecision(), EPS);
    assertEquals((0.5 + 0) / 2, m.macroF1(), EPS);
    assertEquals((1 * 0.5 + 2 * 0) / 3, m.weightedF1(), EPS);

    // class 2 neither occurs nor is predicted: TP + FP + FN = 0 -> all 0, and it still counts in the macro mean
    Classification absent = Classification.of(new float[][] {{0.9f, 0.1f, 0f}, {0.2f, 0.8f, 0f}}, new int[] {0, 1});
    assertEquals(0.0, absent.precision(2));
    assertEquals(0.0, absent.recall(2));
    assertEquals(0.0, absent.f1(2));
    assertEquals(2.0 / 3, absent.macroF1(), EPS); // (1 + 1 + 0) / 3
    assertEquals(1.0, absent.weightedF1(), EPS); // class 2 has no support, so no weight
  }

  @Test
  void rocAucIsUndefinedWithoutBothClasses() {
    Classification oneClass = Classification.of(new float[][] {{0.2f}, {0.7f}}, new int[] {1, 1});
    KilnException e = assertThrows(KilnException.class, oneClass::rocAuc);
    assertTrue(e.getMessage().contains("every sample is of class 1"), e.getMessage());
    Classification absent = Classification.of(new float[][] {{0.9f, 0.1f, 0f}, {0.2f, 0.8f, 0f}}, new int[] {0, 1});
    assertTrue(assertThrows(KilnException.class, absent::rocAuc).getMessage().contains("no sample is of class 2"));
    assertTrue(absent.toString().contains("AUC n/a"), absent.toString());
  }

  @Test
  void reportListsEveryClassTheAveragesAndTheConfusionMatrix() {
    String report = Classification.of(PROBABILITIES, LABELS).report(List.of("cat", "dog", "bird"));
    List<String> lines = Arrays.asList(report.split("\\R"));
    assertTrue(lines.contains("              precision    recall  f1-score   support"), report);
    assertTrue(lines.contains("         cat     0.6667    1.0000    0.8000         2"), report);
    assertTrue(lines.contains("         dog     0.0000    0.0000    0.0000         1"), report);
    assertTrue(lines.contains("        bird     0.6667    0.6667    0.6667         3"), report);
    assertTrue(lines.contains("    accuracy                         0.6667         6"), report);
    // macro: 4/9, 5/9, 22/45; weighted: precision (2*2/3 + 0 + 3*2/3)/6 = 5/9, recall 4/6, F1 0.6
    assertTrue(lines.contains("   macro avg     0.4444    0.5556    0.4889         6"), report);
    assertTrue(lines.contains("weighted avg     0.5556    0.6667    0.6000         6"), report);
    assertTrue(lines.contains("confusion matrix (rows: true class, columns: predicted class)"), report);
    assertTrue(lines.contains("       cat   dog  bird"), report);
    assertTrue(lines.contains(" cat     2     0     0"), report);
    assertTrue(lines.contains(" dog     0     0     1"), report);
    assertTrue(lines.contains("bird     1     0     2"), report);
  }

  @Test
  void reportWithoutNamesUsesClassNumbers() {
    String report = Classification.of(PROBABILITIES, LABELS).report(null);
    List<String> lines = Arrays.asList(report.split("\\R"));
    assertTrue(lines.contains("           0     0.6667    1.0000    0.8000         2"), report);
    assertTrue(lines.contains("           2     0.6667    0.6667    0.6667         3"), report);
    assertTrue(lines.contains("   0  1  2"), report);
    assertTrue(lines.contains("2  1  0  2"), report);
    KilnException e = assertThrows(KilnException.class,
        () -> Classification.of(PROBABILITIES, LABELS).report(List.of("cat", "dog")));
    assertTrue(e.getMessage().contains("2 class names for 3 classes"), e.getMessage());
  }

  @Test
  void toStringIsShort() {
    assertEquals("Classification[6 samples, 3 classes: accuracy 0.6667, macro F1 0.4889, AUC 0.6296]",
        Classification.of(PROBABILITIES, LABELS).toString());
  }

  @Test
  void inputsAreCopied() {
    float[][] p = {{0.9f, 0.1f}, {0.2f, 0.8f}};
    int[] y = {0, 1};
    Classification m = Classification.of(p, y);
    p[0][0] = 0f;
    y[1] = 0;
    assertEquals(1.0, m.accuracy(), EPS);
    assertEquals(1.0, m.topKAccuracy(1), EPS);
  }

  @Test
  void rejectsBadInput() {
    assertMessage("2 probability rows but 3 labels", () -> Classification.of(new float[][] {{0.1f}, {0.9f}}, new int[] {0, 1, 1}));
    assertMessage("labels[1] = 3 is out of range [0, 3)", () -> Classification.of(new float[][] {{1, 0, 0}, {0, 1, 0}}, new int[] {0, 3}));
    assertMessage("labels[0] = -1", () -> Classification.of(new float[][] {{1, 0, 0}}, new int[] {-1}));
    assertMessage("binary labels must be 0 or 1", () -> Classification.of(new float[][] {{0.3f}}, new int[] {2}));
    assertMessage("no rows", () -> Classification.of(new float[0][], new int[0]));
    assertMessage("row 0 is empty", () -> Classification.of(new float[][] {{}}, new int[] {0}));
    assertMessage("row 1 has 2 values but row 0 has 3", () -> Classification.of(new float[][] {{1, 0, 0}, {1, 0}}, new int[] {0, 0}));
    assertMessage("row 1 has NaN at column 0", () -> Classification.of(new float[][] {{0.2f}, {Float.NaN}}, new int[] {0, 1}));
    assertMessage("Infinity", () -> Classification.of(new float[][] {{0, Float.POSITIVE_INFINITY}}, new int[] {0}));
    assertMessage("only to binary predictions", () -> Classification.of(new float[][] {{0.2f, 0.8f}}, new int[] {1}, 0.5));
    assertMessage("threshold is NaN", () -> Classification.of(new float[][] {{0.2f}}, new int[] {1}, Double.NaN));
    assertMessage("labels is null", () -> Classification.of(new float[][] {{0.2f}}, null));
    Classification m = Classification.of(PROBABILITIES, LABELS);
    assertMessage("class 3 is out of range [0, 3)", () -> m.precision(3));
    assertMessage("class -1", () -> m.f1(-1));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    KilnException e = assertThrows(KilnException.class, call);
    assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
  }
}
