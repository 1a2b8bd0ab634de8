package dev.kiln.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.KilnException;
import dev.kiln.data.text.Sequences.Padding;
import dev.kiln.data.text.Sequences.Truncating;
import org.junit.jupiter.api.Test;

class SequencesTest {
  private static final int[][] SEQUENCES = {{5, 6}, {1, 2, 3, 4, 5}, {}, {7, 8, 9}};

  @Test
  void byDefaultPadsAndTruncatesAtTheStartAsKerasDoes() {
    // keras.utils.pad_sequences(SEQUENCES, maxlen=3)
    int[][] padded = Sequences.pad(SEQUENCES, 3);
    assertArrayEquals(new int[][] {{0, 5, 6}, {3, 4, 5}, {0, 0, 0}, {7, 8, 9}}, padded);
    assertArrayEquals(padded, Sequences.pad(SEQUENCES, 3, Padding.PRE, Truncating.PRE));
  }

  @Test
  void oneSequenceAsEveryOneIsPadded() {
    assertArrayEquals(new int[] {0, 0, 5, 6}, Sequences.pad(new int[] {5, 6}, 4));
    assertArrayEquals(new int[] {6, 7, 8}, Sequences.pad(new int[] {5, 6, 7, 8}, 3));
  }

  @Test
  void paddingAndTruncatingAtTheEnd() {
    assertArrayEquals(new int[][] {{5, 6, 0}, {1, 2, 3}, {0, 0, 0}, {7, 8, 9}},
        Sequences.pad(SEQUENCES, 3, Padding.POST, Truncating.POST));
    assertArrayEquals(new int[][] {{5, 6, 0}, {3, 4, 5}, {0, 0, 0}, {7, 8, 9}},
        Sequences.pad(SEQUENCES, 3, Padding.POST, Truncating.PRE));
    assertArrayEquals(new int[][] {{0, 5, 6}, {1, 2, 3}, {0, 0, 0}, {7, 8, 9}},
        Sequences.pad(SEQUENCES, 3, Padding.PRE, Truncating.POST));
  }

  @Test
  void longerThanEverySequenceOnlyPadsAndAValueCanBeChosen() {
    assertArrayEquals(new int[][] {{0, 0, 0, 0, 5, 6}, {0, 1, 2, 3, 4, 5}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 7, 8, 9}},
        Sequences.pad(SEQUENCES, 6));
    assertArrayEquals(new int[][] {{5, 6, -1, -1}, {1, 2, 3, 4}, {-1, -1, -1, -1}, {7, 8, 9, -1}},
        Sequences.pad(SEQUENCES, 4, Padding.POST, Truncating.POST, -1));
    assertArrayEquals(new int[][] {{6}, {5}, {0}, {9}}, Sequences.pad(SEQUENCES, 1));
    assertArrayEquals(new int[0][], Sequences.pad(new int[0][], 3));
    assertEquals(5, Sequences.longest(SEQUENCES));
    assertEquals(0, Sequences.longest(new int[][] {{}, {}}));
  }

  @Test
  void theInputIsNotModified() {
    int[][] sequences = {{1, 2, 3}};
    int[][] padded = Sequences.pad(sequences, 2);
    padded[0][0] = 99;
    assertArrayEquals(new int[][] {{1, 2, 3}}, sequences);
    int[][] exact = Sequences.pad(sequences, 3);
    exact[0][0] = 99;
    assertArrayEquals(new int[] {1, 2, 3}, sequences[0], "a row of exactly maxLength is copied too");
  }

  @Test
  void badArgumentsAreClearErrors() {
    assertEquals("pad: maxLength is 0; every sequence needs at least 1 value, e.g. maxLength 200"
        + " (Sequences.longest(sequences) gives the longest length)",
        assertThrows(KilnException.class, () -> Sequences.pad(SEQUENCES, 0)).getMessage());
    assertThrows(KilnException.class, () -> Sequences.pad(SEQUENCES, -3));
    assertEquals("pad: sequence 1 is null; pass an empty int[] for an empty text",
        assertThrows(KilnException.class, () -> Sequences.pad(new int[][] {{1}, null}, 2)).getMessage());
    assertEquals("pad: padding is null; pass PRE (Keras's default) or POST",
        assertThrows(KilnException.class, () -> Sequences.pad(SEQUENCES, 2, null, Truncating.PRE)).getMessage());
    assertEquals("pad: truncating is null; pass PRE (Keras's default) or POST",
        assertThrows(KilnException.class, () -> Sequences.pad(SEQUENCES, 2, Padding.PRE, null)).getMessage());
    assertThrows(KilnException.class, () -> Sequences.pad((int[][]) null, 2));
  }
}
