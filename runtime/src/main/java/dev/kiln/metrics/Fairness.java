package dev.kiln.metrics;

import dev.kiln.KilnException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Group fairness checks of binary decisions, as in fairlearn: how often each group (e.g. a sensitive
 * attribute's value) is predicted positive, and how far apart those rates are.
 */
public final class Fairness {
  private Fairness() {}

  /**
   * Demographic parity difference: {@code max_g rate(g) - min_g rate(g)} over the groups in
   * {@code group}, where {@code rate(g)} is the mean predicted-positive rate of group g (see {@link
   * #positiveRates}). 0 means every group is predicted positive equally often; one group alone gives 0.
   *
   * @throws KilnException for empty input or arrays of different lengths
   */
  public static double demographicParityDifference(boolean[] predictedPositive, int[] group) {
    Map<Integer, Double> rates = positiveRates(predictedPositive, group);
    return Collections.max(rates.values()) - Collections.min(rates.values());
  }

  /**
   * The predicted-positive rate of each group: {@code rate(g) = #{i : group[i] = g and
   * predictedPositive[i]} / #{i : group[i] = g}}.
   *
   * @param predictedPositive whether each sample is predicted positive, e.g. {@code p > 0.5}
   * @param group each sample's group id, any int
   * @return an unmodifiable map from group id to rate, ordered by group id
   * @throws KilnException for empty input or arrays of different lengths
   */
  public static Map<Integer, Double> positiveRates(boolean[] predictedPositive, int[] group) {
    if (predictedPositive == null || group == null) {
      throw new KilnException("predictedPositive and group must not be null; pass one entry per sample in each");
    }
    if (predictedPositive.length != group.length) {
      throw new KilnException(predictedPositive.length + " predictions but " + group.length
          + " group ids; give one group id per sample, in the same order");
    }
    if (group.length == 0) {
      throw new KilnException("no samples; fairness rates need at least one sample");
    }
    Map<Integer, long[]> counts = new TreeMap<>(); // group -> {positives, total}
    for (int i = 0; i < group.length; i++) {
      long[] count = counts.computeIfAbsent(group[i], g -> new long[2]);
      count[0] += predictedPositive[i] ? 1 : 0;
      count[1]++;
    }
    Map<Integer, Double> rates = new TreeMap<>();
    counts.forEach((g, count) -> rates.put(g, (double) count[0] / count[1]));
    return Collections.unmodifiableMap(rates);
  }
}
