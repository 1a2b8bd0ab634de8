package dev.kiln.examples.bench;

import java.util.Locale;

/** One measured number, printed as a JSON line like the PyTorch anchor's. */
record Figure(String impl, String workload, String metric, double value, String unit) {
  String json() {
    return String.format(Locale.ROOT, "{\"impl\": \"%s\", \"workload\": \"%s\", \"metric\": \"%s\", \"value\": %.4f,"
        + " \"unit\": \"%s\"}", impl, workload, metric, value, unit);
  }

  /** Reads a line an anchor printed, its impl the peer's version where it names one; null when it is not a figure. */
  static Figure parse(String line) {
    String s = line.trim();
    if (!s.startsWith("{") || !s.contains("\"metric\"")) {
      return null;
    }
    String impl = s.contains("\"peer\"") ? field(s, "peer") : field(s, "impl");
    return new Figure(impl, field(s, "workload"), field(s, "metric"), Double.parseDouble(field(s, "value")),
        field(s, "unit"));
  }

  private static String field(String json, String name) {
    int key = json.indexOf("\"" + name + "\"");
    int colon = json.indexOf(':', key);
    int end = colon + 1;
    while (end < json.length() && json.charAt(end) == ' ') {
      end++;
    }
    if (json.charAt(end) == '"') {
      return json.substring(end + 1, json.indexOf('"', end + 1));
    }
    int stop = end;
    while (stop < json.length() && ",}".indexOf(json.charAt(stop)) < 0) {
      stop++;
    }
    return json.substring(end, stop).trim();
  }
}
