package dev.kiln.data.text;

import dev.kiln.KilnException;

/**
 * Sequences of indices of different lengths (a {@link Tokenizer}'s texts) made one length, as an
 * Embedding's input needs, with the semantics of Keras's {@code pad_sequences}: by default a short
 * sequence gets zeros ({@link Tokenizer#PADDING}) in front and a long one loses its start, so the
 * end of every text, next to the model's last step, is kept.
 *
 * <pre>{@code
 * Sequences.pad(new int[][] {{5, 6}, {1, 2, 3, 4}}, 3)              // {{0, 5, 6}, {2, 3, 4}}
 * Sequences.pad(new int[][] {{5, 6}, {1, 2, 3, 4}}, 3, POST, POST)  // {{5, 6, 0}, {1, 2, 3}}
 * }</pre>
 *
 * The rows then go to a model as one input, e.g. {@code Column.indices("words", padded)}.
 */
public final class Sequences {
  /** Where a short sequence gets its padding. */
  public enum Padding {
    /** In front of the sequence (Keras's default {@code padding='pre'}). */
    PRE,
    /** After the sequence ({@code padding='post'}). */
    POST
  }

  /** Which end of a long sequence is cut off. */
  public enum Truncating {
    /** The start: the last {@code maxLength} values are kept (Keras's default {@code truncating='pre'}). */
    PRE,
    /** The end: the first {@code maxLength} values are kept ({@code truncating='post'}). */
    POST
  }

  private Sequences() {}

  /** One sequence, as {@link #pad(int[][], int)} pads each: to predict on one encoded text. */
  public static int[] pad(int[] sequence, int maxLength) {
    return pad(new int[][] {sequence}, maxLength)[0];
  }

  /** Every sequence as {@code maxLength} values: padded with 0 in front, long ones cut at the start. */
  public static int[][] pad(int[][] sequences, int maxLength) {
    return pad(sequences, maxLength, Padding.PRE, Truncating.PRE, Tokenizer.PADDING);
  }

  /** Every sequence as {@code maxLength} values, padded with 0 where {@code padding} says, cut where {@code truncating} says. */
  public static int[][] pad(int[][] sequences, int maxLength, Padding padding, Truncating truncating) {
    return pad(sequences, maxLength, padding, truncating, Tokenizer.PADDING);
  }

  /**
   * Every sequence as {@code maxLength} values, padded with {@code value} where {@code padding} says,
   * cut where {@code truncating} says; returns a new {@code int[sequences.length][maxLength]} (an empty
   * sequence becomes a row of {@code value}). The sequences are not modified.
   */
  public static int[][] pad(int[][] sequences, int maxLength, Padding padding, Truncating truncating, int value) {
    if (sequences == null) {
      throw new KilnException("pad: sequences is null; pass an int[][] of index sequences, e.g. tokenizer.encode(texts)");
    }
    if (maxLength < 1) {
      throw new KilnException("pad: maxLength is " + maxLength + "; every sequence needs at least 1 value, e.g."
          + " maxLength 200 (Sequences.longest(sequences) gives the longest length)");
    }
    if (padding == null || truncating == null) {
      throw new KilnException("pad: " + (padding == null ? "padding" : "truncating") + " is null; pass PRE"
          + " (Keras's default) or POST");
    }
    int[][] padded = new int[sequences.length][maxLength];
    for (int s = 0; s < sequences.length; s++) {
      int[] sequence = sequences[s];
      if (sequence == null) {
        throw new KilnException("pad: sequence " + s + " is null; pass an empty int[] for an empty text");
      }
      int kept = Math.min(sequence.length, maxLength);
      int from = truncating == Truncating.PRE ? sequence.length - kept : 0;
      int to = padding == Padding.PRE ? maxLength - kept : 0;
      int[] row = padded[s];
      if (value != 0) {
        java.util.Arrays.fill(row, value);
      }
      System.arraycopy(sequence, from, row, to, kept);
    }
    return padded;
  }

  /** The length of the longest sequence, 0 when there are none or all are empty. */
  public static int longest(int[][] sequences) {
    int longest = 0;
    for (int s = 0; s < sequences.length; s++) {
      if (sequences[s] == null) {
        throw new KilnException("longest: sequence " + s + " is null; pass an empty int[] for an empty text");
      }
      longest = Math.max(longest, sequences[s].length);
    }
    return longest;
  }
}
