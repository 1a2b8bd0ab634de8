package dev.kiln.data;

import dev.kiln.KilnException;
import java.util.Random;

/**
 * Seeded shuffling. The order depends on the seed alone: {@link Random}'s algorithm is fixed by its
 * specification, so a seed gives the same order on every JVM and every run.
 */
public final class Shuffle {
  private Shuffle() {}

  /** A permutation of {@code 0 .. size - 1} fixed by {@code seed} (Fisher-Yates). */
  public static int[] permutation(int size, long seed) {
    if (size < 0) {
      throw new KilnException("permutation size is " + size + "; it must be 0 or more");
    }
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
