package dev.kiln.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.processor.fuzz.RandomModels.FuzzedFile;
import dev.kiln.processor.fuzz.Verdict.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Random model files through javac with Kiln: every one must either compile warning-free, generated
 * code included, or fail with only Kiln's errors on the user's own elements (see {@link Verdict}).
 *
 * <p>Seeded and bounded: {@code -Dkiln.fuzz.seed} (default 13), {@code -Dkiln.fuzz.models} (at most
 * this many, default 4000) and {@code -Dkiln.fuzz.seconds} (stop after this long, default 90). A
 * failure prints the first files that broke the rule ({@code -Dkiln.fuzz.shown}, default 5) and how to
 * run each alone ({@code -Dkiln.fuzz.only=N}).
 */
class ModelFuzzTest {
  private static final long SEED = Long.getLong("kiln.fuzz.seed", 13);
  private static final int MODELS = Integer.getInteger("kiln.fuzz.models", 4000);
  private static final long SECONDS = Long.getLong("kiln.fuzz.seconds", 90);
  private static final int ONLY = Integer.getInteger("kiln.fuzz.only", -1);
  /** Failures printed in full; the rest are counted. */
  private static final int SHOWN = Integer.getInteger("kiln.fuzz.shown", 5);

  @Test
  void everyModelCompilesCleanlyOrGetsOnlyKilnErrorsOnItsOwnElements() {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    List<String> failures = new ArrayList<>();
    long end = System.nanoTime() + SECONDS * 1_000_000_000L;
    int first = ONLY >= 0 ? ONLY : 0;
    int last = ONLY >= 0 ? ONLY : MODELS - 1;
    for (int n = first; n <= last && System.nanoTime() < end; n++) {
      FuzzedFile file = fileNumber(n);
      Verdict verdict = Verdict.of(file);
      counts.merge(verdict.outcome(), 1, Integer::sum);
      if (verdict.outcome() == Outcome.WRONG) {
        failures.add("model " + n + " (-Dkiln.fuzz.seed=" + SEED + " -Dkiln.fuzz.only=" + n + "):\n  "
            + String.join("\n  ", verdict.problems()) + "\n" + numbered(file.source()));
      }
    }
    System.out.println("Fuzzed models, seed " + SEED + ": " + counts);
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + counts.values().stream().mapToInt(Integer::intValue).sum()
          + " models broke the rule; the first " + Math.min(SHOWN, failures.size()) + ":\n\n"
          + String.join("\n\n", failures.subList(0, Math.min(SHOWN, failures.size()))));
    }
    if (ONLY < 0) {
      int generated = counts.getOrDefault(Outcome.GENERATED, 0);
      int refused = counts.getOrDefault(Outcome.REFUSED, 0);
      int notJava = counts.getOrDefault(Outcome.NOT_JAVA, 0);
      assertTrue(generated >= 50 && refused >= 50, "the fuzzer reaches both clean builds and errors: " + counts);
      assertTrue(notJava * 20 < generated + refused, "the generator writes Java: " + counts);
    }
  }

  /** Model {@code n} of the seed: about a quarter written without mistakes, the rest with more and more. */
  static FuzzedFile fileNumber(int n) {
    double mistakes = n % 4 == 0 ? 0 : 0.02 * (n % 10);
    return new RandomModels(SEED * 1_000_003L + n, mistakes).write(n);
  }

  private static String numbered(String source) {
    String[] lines = source.split("\n", -1);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      text.append(String.format("%4d  %s%n", i + 1, lines[i]));
    }
    return text.toString();
  }
}
