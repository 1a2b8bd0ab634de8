package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.CompiledModel;
import dev.kiln.engine.ModelSpec;
import dev.kiln.engine.NodeSpec;
import dev.kiln.examples.FashionCaptions_NetCompiled;
import dev.kiln.examples.FashionCnn_NetCompiled;
import dev.kiln.examples.SpamLstm_NetCompiled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second check, where a Python with the onnx and onnxruntime packages is present (the peers'
 * environment, ~/.cache/kiln-peers, or -Dkiln.python): examples/peers/onnx_check.py runs
 * onnx.checker with full_check on every exported model, and the current ONNX Runtime on the inputs
 * predict saw, against predict's outputs. Skipped where there is no such Python (a bare root).
 */
class OnnxPythonCheckTest {
  @TempDir Path dir;

  private static final List<Supplier<CompiledModel>> MODELS = List.of(
      OnnxExportTest_ActivationsCompiled::open, OnnxExportTest_ImagesCompiled::open,
      OnnxExportTest_GrayImagesCompiled::open, OnnxExportTest_TimeConvolutionsCompiled::open,
      OnnxExportTest_MergesCompiled::open, OnnxExportTest_SharedTwoOutputsCompiled::open,
      OnnxExportTest_RecurrentCompiled::open, OnnxExportTest_BothWaysCompiled::open,
      OnnxExportTest_MaskedCompiled::open, FashionCnn_NetCompiled::open, FashionCaptions_NetCompiled::open,
      SpamLstm_NetCompiled::open);

  @Test
  void onnxCheckerAndTheCurrentOnnxRuntimeAccept() throws Exception {
    Path python = Path.of(System.getProperty("kiln.python",
        System.getProperty("user.home") + "/.cache/kiln-peers/bin/python"));
    assumeTrue(Files.isExecutable(python) && run(List.of(python.toString(), "-c", "import onnx, onnxruntime")) == 0,
        "no Python with onnx and onnxruntime at " + python);
    for (Supplier<CompiledModel> open : MODELS) {
      try (CompiledModel model = open.get()) {
        OnnxRuntimeCheck.randomize(model, 11);
        String name = model.spec().name().replace("dev.kiln.", "").replace('.', '_');
        model.exportOnnx(dir.resolve(name + ".onnx"));
        float[][] samples = OnnxRuntimeCheck.samples(model, 9, 12);
        Files.writeString(dir.resolve(name + ".json"), json(model.spec(), samples, model.predict(samples)));
      }
    }
    Path script = Path.of("peers/onnx_check.py");
    assertEquals(0, run(List.of(python.toString(), script.toString(), dir.toString())), "onnx_check.py failed");
  }

  /** Runs {@code command}, its output into the test's, and returns its exit status. */
  private static int run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return -1;
    }
    System.out.print(output);
    return process.exitValue();
  }

  /** The inputs by name, as the exported model takes them, and predict's outputs by name. */
  private static String json(ModelSpec spec, float[][] samples, float[][] predicted) {
    StringBuilder json = new StringBuilder("{\"inputs\": {");
    List<NodeSpec> inputs = spec.inputs();
    for (NodeSpec input : inputs) {
      json.append(input == inputs.get(0) ? "" : ", ").append('"').append(input.name()).append("\": {\"shape\": ")
          .append(shape(samples.length, input.declared())).append(", \"dtype\": \"")
          .append(input.indices() ? "int64" : "float32").append("\", \"values\": ");
      values(json, samples, spec.column(input), input.outputs(), input.indices());
      json.append('}');
    }
    json.append("}, \"outputs\": {");
    List<NodeSpec> outputs = spec.outputs().isEmpty() ? List.of(spec.output()) : spec.outputs();
    int column = 0;
    for (NodeSpec output : outputs) {
      json.append(output == outputs.get(0) ? "" : ", ").append('"').append(output.name()).append("\": {\"shape\": ")
          .append(shape(samples.length, output.outputShape())).append(", \"values\": ");
      values(json, predicted, column, output.outputs(), false);
      json.append('}');
      column += output.outputs();
    }
    return json.append("}}\n").toString();
  }

  private static String shape(int batch, int[] dims) {
    StringBuilder s = new StringBuilder("[").append(batch);
    for (int d : dims) {
      s.append(", ").append(d);
    }
    return s.append(']').toString();
  }

  private static void values(StringBuilder json, float[][] rows, int column, int width, boolean indices) {
    json.append('[');
    for (int r = 0; r < rows.length; r++) {
      for (int i = 0; i < width; i++) {
        json.append(r == 0 && i == 0 ? "" : ",");
        float v = rows[r][column + i];
        json.append(indices ? Long.toString((long) v) : Float.toString(v));
      }
    }
    json.append(']');
  }
}
