package dev.kiln.engine;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"): a counter-based
 * generator. The same (key, counter) always gives the same numbers, so initialisation and shuffling
 * are reproducible bit for bit and need no state; the same function can run inside a kernel.
 */
public final class Philox {
  private static final int M0 = 0xD2511F53;
  private static final int M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;

  private Philox() {}

  /** Four random 32-bit words for {@code counter} under {@code key}. */
  public static int[] block(long key, long counter) {
    int c0 = (int) counter;
    int c1 = (int) (counter >>> 32);
    int c2 = 0;
    int c3 = 0;
    int k0 = (int) key;
    int k1 = (int) (key >>> 32);
    for (int round = 0; round < 10; round++) {
      long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
      long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      int n1 = (int) p1;
      int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      int n3 = (int) p0;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      k0 += W0;
      k1 += W1;
    }
    return new int[] {c0, c1, c2, c3};
  }

  /** A uniform double in [0, 1) for position {@code index} of stream {@code stream} under {@code seed}. */
  public static double uniform(long seed, long stream, long index) {
    int[] words = block(seed ^ (stream * 0x9E3779B97F4A7C15L), index);
    long bits = ((words[0] & 0xFFFFFFFFL) << 21) ^ (words[1] & 0xFFFFFFFFL);
    return (bits & ((1L << 53) - 1)) * 0x1.0p-53;
  }
}
