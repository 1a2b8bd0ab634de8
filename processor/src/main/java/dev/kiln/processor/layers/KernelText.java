package dev.kiln.processor.layers;

import java.util.List;

/**
 * Helps the kinds that write their kernels whole (their shape depends on how many inputs they
 * read): the signature, the per-sample preamble, and the dropout mask of one value.
 */
final class KernelText {
  private final StringBuilder text = new StringBuilder();

  /** {@code kernel void name(params) {} with one parameter per line, and the purpose above it. */
  KernelText(String name, String purpose, List<String> parameters) {
    text.append("/* ").append(name).append(": ").append(purpose).append(" */\n");
    text.append("kernel void ").append(name).append("(\n");
    for (int i = 0; i < parameters.size(); i++) {
      String parameter = parameters.get(i);
      int comment = parameter.indexOf("   /*");
      String declaration = comment < 0 ? parameter : parameter.substring(0, comment);
      text.append("    ").append(declaration).append(i + 1 < parameters.size() ? "," : ") {")
          .append(comment < 0 ? "" : parameter.substring(comment)).append('\n');
    }
  }

  /** One work-item per sample of the batch: {@code b}, returning past the live ones. */
  KernelText perSample() {
    return line("const int n = counters[BATCH];").line("const int b = get_global_id(0);").line("if (b >= n) return;");
  }

  /** A line of the body; an empty one (a dropout where there is none) is left out. */
  KernelText line(String code) {
    if (!code.isBlank()) {
      text.append("  ").append(code).append('\n');
    }
    return this;
  }

  /** The line that applies a dropout mask (rate, layer key) to {@code value}, element {@code element}, in training. */
  static String dropout(String value, double rate, int layer, String element) {
    return "if (counters[TRAINING]) KILN_DROPOUT(1, " + value + ", counters, " + rate + "f, " + layer + "u, "
        + element + ");";
  }

  String end() {
    return text.append("}\n").toString();
  }
}
