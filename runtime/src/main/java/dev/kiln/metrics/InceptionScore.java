package dev.kiln.metrics;

import dev.kiln.KilnException;

/**
 * The Inception-score-style figure of a set of images under a classifier: exp(E_x[KL(p(y|x) ||
 * p(y))]), from the classifier's class probabilities for each image. It is high when each image is
 * confidently one class and the set covers the classes evenly: at most the number of classes, 1
 * when every image looks the same to the classifier. For a GAN, compare it with the same figure of
 * real images under the same classifier (the ceiling).
 */
public final class InceptionScore {
  private InceptionScore() {}

  /** @param probabilities one row of class probabilities (each summing to 1) per image */
  public static double of(float[][] probabilities) {
    if (probabilities.length == 0) {
      throw new KilnException("the Inception score needs at least one image's class probabilities");
    }
    int classes = probabilities[0].length;
    double[] marginal = new double[classes];
    for (float[] row : probabilities) {
      if (row.length != classes) {
        throw new KilnException("every row needs " + classes + " class probabilities, one has " + row.length);
      }
      for (int c = 0; c < classes; c++) {
        marginal[c] += row[c] / (double) probabilities.length;
      }
    }
    double klSum = 0;
    for (float[] row : probabilities) {
      for (int c = 0; c < classes; c++) {
        if (row[c] > 0) {
          klSum += row[c] * (Math.log(row[c]) - Math.log(marginal[c]));
        }
      }
    }
    return Math.exp(klSum / probabilities.length);
  }
}
