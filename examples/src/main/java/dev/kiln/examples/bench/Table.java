package dev.kiln.examples.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The readable summary after the JSON lines: Kiln's figure, PyTorch's, and their ratio. */
final class Table {
  private Table() {}

  static void print(List<Figure> kiln, List<Figure> pytorch, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "%-17s %-30s %14s %14s %8s  %s%n", "workload", "metric", "kiln", "pytorch", "ratio",
        "unit");
    for (Figure k : kiln) {
      Figure p = pytorch.stream()
          .filter(f -> f.workload().equals(k.workload()) && f.metric().equals(k.metric()))
          .findFirst().orElse(null);
      String peer = p == null ? "" : Bench.format(p.value());
      String ratio = p == null || p.value() == 0 || k.value() == 0 ? "" : String.format(Locale.ROOT, "%.2fx",
          lowerIsBetter(k.unit()) ? p.value() / k.value() : k.value() / p.value());
      out.printf(Locale.ROOT, "%-17s %-30s %14s %14s %8s  %s%n", k.workload(), k.metric(), Bench.format(k.value()),
          peer, ratio, k.unit());
    }
  }

  /** For times, the ratio is PyTorch/Kiln, so above 1 means Kiln is ahead for every row. */
  private static boolean lowerIsBetter(String unit) {
    return unit.equals("us") || unit.equals("ms");
  }
}
