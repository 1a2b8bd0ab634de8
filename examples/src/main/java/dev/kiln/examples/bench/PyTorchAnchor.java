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
 * Runs shared/bench/torch_anchor.py (the same workloads in PyTorch) with /usr/bin/python3 and reads
 * its figures. The script is found at $KILN_TORCH_ANCHOR or ../shared/bench/ beside the checkout.
 */
final class PyTorchAnchor {
  private static final List<String> ITS_WORKLOADS = List.of("xor", "mlp-small", "mlp-wide", "cnn-seed", "infer-mlp-small");

  private PyTorchAnchor() {}

  static List<Figure> run(List<String> workloads, boolean quick) throws IOException, InterruptedException {
    Path script = Path.of(System.getenv().getOrDefault("KILN_TORCH_ANCHOR", "../shared/bench/torch_anchor.py"));
    if (!Files.exists(script)) {
      System.err.println("--compare-pytorch: " + script.toAbsolutePath() + " not found; set KILN_TORCH_ANCHOR");
      return List.of();
    }
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
    if (quick) {
      command.add("--quick");
    }
    workloads.stream().filter(ITS_WORKLOADS::contains).forEach(command::add);
    if (command.size() == (quick ? 3 : 2)) {
      return List.of();
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<Figure> figures = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        System.out.println(line);
        Figure figure = Figure.parse(line);
        if (figure != null) {
          figures.add(figure);
        }
      }
    }
    if (process.waitFor() != 0) {
      System.err.println("--compare-pytorch: the anchor failed (is python3-torch installed? apt-get install python3-torch)");
    }
    return figures;
  }
}
