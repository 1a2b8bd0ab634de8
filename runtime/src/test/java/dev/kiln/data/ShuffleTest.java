package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.KilnException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShuffleTest {
  @Test
  void permutationHoldsEveryIndexOnce() {
    int[] order = Shuffle.permutation(1000, 99);
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
  }

  @Test
  void theSameSeedGivesTheSameOrderOnEveryJvm() {
    // Pinned: java.util.Random's sequence is part of its specification, so this must never change.
    assertArrayEquals(new int[] {2, 6, 3, 1, 4, 0, 7, 5}, Shuffle.permutation(8, 42));
    assertArrayEquals(Shuffle.permutation(8, 42), Shuffle.permutation(8, 42));
  }

  @Test
  void edgeSizes() {
    assertArrayEquals(new int[0], Shuffle.permutation(0, 1));
    assertArrayEquals(new int[] {0}, Shuffle.permutation(1, 1));
    assertThrows(KilnException.class, () -> Shuffle.permutation(-1, 1));
  }
}
