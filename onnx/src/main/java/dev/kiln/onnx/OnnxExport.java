package dev.kiln.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.auto.service.AutoService;
import dev.kiln.CompiledModel;
import dev.kiln.KilnException;
import dev.kiln.ModelExport;
import dev.kiln.data.Scaler;
import dev.kiln.engine.ModelSpec;
import dev.kiln.engine.NodeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Kiln model as an ONNX model for inference (opset 17, float32 whatever the model's precision):
 * one graph input per model input, by name, of its declared shape after a batch dimension (index
 * inputs as int64), the input scaler as the first nodes, every layer translated (see
 * Translations), and one graph output per model output, named after its layer, giving what
 * {@code predict} gives. {@code model.exportOnnx(path)} calls it when this module is on the class path.
 */
@AutoService(ModelExport.class)
public final class OnnxExport implements ModelExport {
  /** The operator set written: every operator used has had its present form since 13 at most. */
  static final int OPSET = 17;
  /** The ONNX IR version that opset 17 came with. */
  private static final int IR_VERSION = 8;

  @Override
  public String format() {
    return "onnx";
  }

  @Override
  public void write(CompiledModel model, Path file) {
    byte[] bytes = toModel(model).toByteArray();
    try {
      Path absolute = file.toAbsolutePath();
      Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
      try {
        Files.write(temporary, bytes);
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new KilnException("could not write the ONNX model to " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code model}, with its weights as they are now, as an ONNX model. */
  public static ModelProto toModel(CompiledModel model) {
    ModelSpec spec = model.spec();
    OnnxGraph graph = new OnnxGraph(spec.simpleName());
    List<NodeSpec> outputs = spec.outputs().isEmpty() ? List.of(spec.output()) : spec.outputs();
    spec.inputs().forEach(input -> graph.reserve(input.name()));
    outputs.forEach(output -> graph.reserve(output.name()));
    Export export = new Export(model, graph);
    for (NodeSpec node : spec.nodes()) {
      String value = node.kind().isInput() ? input(node, spec, model.inputScaler(), graph)
          : Translations.of(node.kind()).write(node, export);
      export.give(node.name(), value);
    }
    for (NodeSpec output : outputs) {
      graph.output(export.value(output.name()), output.name(), output.outputShape());
    }
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("Kiln")
        .setDocString("Exported by Kiln from " + spec.name())
        .setGraph(graph.build())
        .build();
  }

  /** A model input: the graph's, scaled as the model scales it, with the shape its readers read. */
  private static String input(NodeSpec node, ModelSpec spec, Optional<Scaler> scaler, OnnxGraph graph) {
    int[] declared = node.declared() == null ? node.outputShape() : node.declared();
    graph.input(node.name(), node.indices() ? DataType.INT64 : DataType.FLOAT, declared);
    String x = node.name();
    if (scaler.isPresent() && !node.indices()) {
      int from = spec.column(node);
      int to = from + node.outputs();
      long[] dims = Arrays.stream(declared).asLongStream().toArray();
      x = graph.node("Sub", node.name() + "/scaler", List.of(x, graph.floats(node.name() + "/scaler/offsets", dims,
          floats(Arrays.copyOfRange(scaler.get().offsets(), from, to)))));
      x = graph.node("Div", node.name() + "/scaler", List.of(x, graph.floats(node.name() + "/scaler/scales", dims,
          floats(Arrays.copyOfRange(scaler.get().scales(), from, to)))));
    }
    return Arrays.equals(declared, node.outputShape()) ? x
        : graph.reshape(x, node.outputShape(), node.name());
  }

  private static float[] floats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }
}
