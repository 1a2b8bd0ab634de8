package dev.kiln.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer's benchmark script in shared/bench, which runs the same workloads and prints figures in the
 * same JSON lines: torch_anchor.py (every installed PyTorch; run with /usr/bin/python3) and
 * keras_anchor.py (the tutorials' own Keras code; run with the Python that shared/bench/setup-peers.sh
 * prepares, or $KILN_PEER_PYTHON). Scripts are found beside the checkout, or at $KILN_TORCH_ANCHOR and
 * $KILN_KERAS_ANCHOR.
 */
enum PeerAnchor {
  PYTORCH("torch_anchor.py", "KILN_TORCH_ANCHOR",
      List.of("xor", "mlp-small", "mlp-wide", "cnn-seed", "lstm", "recommender", "gan", "infer-mlp-small")),
  KERAS("keras_anchor.py", "KILN_KERAS_ANCHOR", List.of("mlp-small", "cnn-seed", "lstm", "recommender", "gan"));

  private final String script;
  private final String variable;
  private final List<String> workloads;

  PeerAnchor(String script, String variable, List<String> workloads) {
    this.script = script;
    this.variable = variable;
    this.workloads = workloads;
  }

  private String python() {
    if (this == PYTORCH) {
      return "/usr/bin/python3";
    }
    String configured = System.getenv("KILN_PEER_PYTHON");
    return configured != null ? configured : Path.of(System.getProperty("user.home"), ".cache", "kiln-peers", "bin",
        "python").toString();
  }

  /** The figures of the workloads it has among {@code wanted}; none (with a note) when it cannot run. */
  List<Figure> run(List<String> wanted, boolean quick) throws IOException, InterruptedException {
    Path path = Path.of(System.getenv().getOrDefault(variable, "../shared/bench/" + script));
    if (!Files.exists(path)) {
      System.err.println(script + ": " + path.toAbsolutePath() + " not found; set " + variable);
      return List.of();
    }
    List<String> ours = wanted.stream().filter(workloads::contains).toList();
    if (ours.isEmpty()) {
      return List.of();
    }
    if (!Files.isExecutable(Path.of(python()))) {
      System.err.println(script + ": skipped, " + python() + " not found; run ../shared/bench/setup-peers.sh --keras");
      return List.of();
    }
    List<String> command = new ArrayList<>(List.of(python(), path.toString()));
    if (quick) {
      command.add("--quick");
    }
    command.addAll(ours);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<Figure> figures = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Figure figure = Figure.parse(line);
        if (figure != null) {
          System.out.println(line);
          figures.add(figure);
        }
      }
    }
    if (process.waitFor() != 0) {
      System.err.println(script + ": the anchor failed (see ../shared/bench/setup-peers.sh, or apt-get install"
          + " python3-torch libopenblas0-pthread)");
    }
    return figures;
  }
}
