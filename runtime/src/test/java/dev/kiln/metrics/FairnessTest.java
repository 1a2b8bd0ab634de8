package dev.kiln.metrics;

import static dev.kiln.metrics.ClassificationTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairnessTest {
  private static final boolean T = true;
  private static final boolean F = false;

  @Test
  void positiveRatesPerGroup() {
    // group 5: T F T T -> 3/4; group -1: F F T F -> 1/4; group 2: T -> 1
    boolean[] positive = {T, F, F, T, T, F, T, T, F};
    int[] group = {5, -1, 5, 2, 5, -1, -1, 5, -1};
    Map<Integer, Double> rates = Fairness.positiveRates(positive, group);
    assertEquals(Map.of(-1, 0.25, 2, 1.0, 5, 0.75), rates);
    assertEquals(List.of(-1, 2, 5), List.copyOf(rates.keySet())); // ordered by group id
    assertEquals(1.0 - 0.25, Fairness.demographicParityDifference(positive, group), 1e-12);
  }

  @Test
  void twoGroups() {
    // group 0: T F T T -> 0.75; group 1: F F T F -> 0.25; difference 0.5
    boolean[] positive = {T, F, T, T, F, F, T, F};
    int[] group = {0, 0, 0, 0, 1, 1, 1, 1};
    assertEquals(0.5, Fairness.demographicParityDifference(positive, group), 1e-12);
  }

  @Test
  void equalRatesOrOneGroupGiveZero() {
    assertEquals(0.0, Fairness.demographicParityDifference(new boolean[] {T, F, F, T}, new int[] {0, 0, 1, 1}));
    assertEquals(0.0, Fairness.demographicParityDifference(new boolean[] {T, F, F}, new int[] {7, 7, 7}));
  }

  @Test
  void rejectsBadInput() {
    assertMessage("3 predictions but 2 group ids", () -> Fairness.positiveRates(new boolean[] {T, F, T}, new int[] {0, 1}));
    assertMessage("no samples", () -> Fairness.demographicParityDifference(new boolean[0], new int[0]));
    assertMessage("must not be null", () -> Fairness.positiveRates(null, new int[] {0}));
  }
}
