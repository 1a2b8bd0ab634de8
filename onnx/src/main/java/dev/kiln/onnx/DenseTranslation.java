package dev.kiln.onnx;

import dev.kiln.engine.NodeSpec;
import java.util.ArrayList;
import java.util.List;

/** Dense: {@code Gemm(x, kernel, bias)} (a {@code MatMul} without a bias), then its activation. */
final class DenseTranslation implements NodeTranslation {
  @Override
  public String write(NodeSpec node, Export export) {
    List<String> inputs = new ArrayList<>(List.of(export.input(node, 0), export.parameter(node, "kernel")));
    String y;
    if (export.has(node, "bias")) {
      inputs.add(export.parameter(node, "bias"));
      y = export.graph().node("Gemm", node.name(), inputs);
    } else {
      y = export.graph().node("MatMul", node.name(), inputs);
    }
    return Activations.apply(node.activation(), node.alpha(), y, node.name(), export.graph());
  }
}
