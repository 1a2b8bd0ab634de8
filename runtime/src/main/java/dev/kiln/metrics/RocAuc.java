package dev.kiln.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve as a rank statistic (Mann-Whitney U): the probability that a random positive
 * scores higher than a random negative, ties counted half.
 */
final class RocAuc {
  private RocAuc() {}

  /**
   * {@code AUC = (R+ - P(P+1)/2) / (P * N)}, where {@code R+} is the sum of the positives' ranks (tied
   * scores share their average rank), {@code P} the number of positives and {@code N} of negatives.
   *
   * @return NaN when there are no positives or no negatives
   */
  static double of(double[] scores, boolean[] positive) {
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double positiveRankSum = 0;
    long positives = 0;
    int start = 0;
    while (start < order.length) {
      int end = start;
      while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1; // ranks are 1-based
      for (int k = start; k <= end; k++) {
        if (positive[order[k]]) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      start = end + 1;
    }
    long negatives = scores.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
