package dev.kiln.examples.bench;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The readable summary after the JSON lines: Kiln's figure, the best peer's, and their ratio. */
final class Table {
  private Table() {}

  static void print(List<Figure> kiln, List<Figure> peers, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "%-17s %-30s %14s %14s %8s  %-8s %s%n", "workload", "metric", "kiln", "best peer", "ratio",
        "unit", "peer");
    for (Figure k : kiln) {
      Figure p = peers.stream()
          .filter(f -> f.workload().equals(k.workload()) && f.metric().equals(k.metric()))
          .min(Comparator.comparingDouble(f -> lowerIsBetter(f.unit()) ? f.value() : -f.value()))
          .orElse(null);
      String peer = p == null ? "" : Bench.format(p.value());
      String ratio = p == null || p.value() == 0 || k.value() == 0 ? "" : String.format(Locale.ROOT, "%.2fx",
          lowerIsBetter(k.unit()) ? p.value() / k.value() : k.value() / p.value());
      out.printf(Locale.ROOT, "%-17s %-30s %14s %14s %8s  %-8s %s%n", k.workload(), k.metric(), Bench.format(k.value()),
          peer, ratio, k.unit(), p == null ? "" : p.impl());
    }
  }

  /** For times, the ratio is the peer's over Kiln's, so above 1 means Kiln is ahead for every row. */
  private static boolean lowerIsBetter(String unit) {
    return unit.equals("us") || unit.equals("ms");
  }
}
