package dev.kiln;

import dev.kiln.engine.Philox;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seeded noise that a model draws on its device, such as a GAN generator's input: normal or
 * uniform values from a counter-based generator (Philox4x32-10), so a step on noise needs no
 * upload. Each use takes the next draw; a new {@code Noise} with the same seed repeats the
 * sequence, and {@link #sample} draws the same numbers on the host (for a fixed set of inputs to
 * look at, or to check).
 */
public final class Noise {
  private final boolean normal;
  private final long seed;
  private final float first;
  private final float second;
  private final AtomicLong draws = new AtomicLong();

  private Noise(boolean normal, long seed, double first, double second) {
    this.normal = normal;
    this.seed = seed;
    this.first = (float) first;
    this.second = (float) second;
  }

  /** Standard normal values (mean 0, standard deviation 1), as GAN tutorials draw their noise. */
  public static Noise normal(long seed) {
    return normal(seed, 0, 1);
  }

  public static Noise normal(long seed, double mean, double stddev) {
    if (!Double.isFinite(mean) || !(stddev > 0) || !Double.isFinite(stddev)) {
      throw new KilnException("normal noise needs a finite mean and a positive, finite standard deviation; got mean "
          + mean + ", stddev " + stddev);
    }
    return new Noise(true, seed, mean, stddev);
  }

  /** Values uniform in [low, high). */
  public static Noise uniform(long seed, double low, double high) {
    if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
      throw new KilnException("uniform noise needs finite low < high; got [" + low + ", " + high + ")");
    }
    return new Noise(false, seed, low, high);
  }

  /** Takes the next draw: its number, which with the seed fixes its values. */
  public long nextDraw() {
    return draws.getAndIncrement();
  }

  public boolean isNormal() {
    return normal;
  }

  public long seed() {
    return seed;
  }

  /** The mean of normal noise, or the low end of uniform noise. */
  public float first() {
    return first;
  }

  /** The standard deviation of normal noise, or the high end of uniform noise. */
  public float second() {
    return second;
  }

  /** Takes the next draw on the host: {@code rows} rows of {@code width} values, row-major as a device draw fills them. */
  public float[][] sample(int rows, int width) {
    long draw = nextDraw();
    float[][] out = new float[rows][width];
    for (int j = 0; j < rows * width; j++) {
      out[j / width][j % width] = value(draw, j);
    }
    return out;
  }

  /** Value {@code j} of draw {@code draw}, computed as the device's noise kernels do (in float). */
  float value(long draw, int j) {
    int[] words = Philox.block(seed, (draw << 32) | (j >>> 2));
    int lane = j & 3;
    if (!normal) {
      return first + (second - first) * unit(words[lane]);
    }
    int pair = lane / 2;
    float u1 = unit(words[2 * pair]) + 1.0f / 16777216.0f;
    float u2 = unit(words[2 * pair + 1]);
    float radius = (float) Math.sqrt(-2.0f * (float) Math.log(u1));
    float angle = 6.2831853071795864f * u2;
    float z = lane % 2 == 0 ? (float) Math.cos(angle) : (float) Math.sin(angle);
    return first + second * (radius * z);
  }

  private static float unit(int word) {
    return (word >>> 8) * (1.0f / 16777216.0f);
  }
}
