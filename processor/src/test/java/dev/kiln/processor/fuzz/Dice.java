package dev.kiln.processor.fuzz;

import java.util.List;
import java.util.Random;

/** The fuzzer's choices, all from one seeded generator, so a seed gives the same models every run. */
final class Dice {
  private final Random random;

  Dice(long seed) {
    this.random = new Random(seed);
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** A number from {@code low} to {@code high}, both included. */
  int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  double between(double low, double high) {
    return low + random.nextDouble() * (high - low);
  }

  @SafeVarargs
  final <T> T oneOf(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  <T> T oneOf(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  /** A size as users write them: mostly small, sometimes zero, negative or past what an int product holds. */
  String size(int low, int high, double extremes) {
    if (chance(extremes)) {
      return oneOf("0", "-1", "-3", "1", "65536", "1 << 20", "100000", "46341", "Integer.MAX_VALUE", "Integer.MIN_VALUE");
    }
    return Integer.toString(between(low, high));
  }

  /** A real attribute as users write them: mostly in {@code [low, high]}, sometimes not finite or out of range. */
  String real(double low, double high, double extremes) {
    if (chance(extremes)) {
      return oneOf("Double.NaN", "Double.POSITIVE_INFINITY", "Double.NEGATIVE_INFINITY", "-1.0", "0.0", "1.0", "2.5",
          "1e300", "-1e-300", "Double.MIN_VALUE", "Double.MAX_VALUE", "1.0 / 0.0");
    }
    return Double.toString(Math.round(between(low, high) * 1000) / 1000.0);
  }
}
