package dev.kiln.onnx;

import dev.kiln.CompiledModel;
import dev.kiln.engine.ModelSpec;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterBlock;
import dev.kiln.layers.LayerHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One model being written: its ONNX graph, the value each Kiln node gives in it, and its
 * parameters as constant tensors, read once from the device.
 */
final class Export {
  private final ModelSpec spec;
  private final OnnxGraph graph;
  private final Map<String, LayerHandle> handles = new HashMap<>();
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, double[]> parameters = new HashMap<>();
  private final Map<String, String> constants = new HashMap<>();
  private final Map<String, MaskedSteps> masks = new HashMap<>();

  Export(CompiledModel model, OnnxGraph graph) {
    this.spec = model.spec();
    this.graph = graph;
    for (LayerHandle handle : model.layers()) {
      handles.put(handle.name(), handle);
    }
  }

  ModelSpec spec() {
    return spec;
  }

  OnnxGraph graph() {
    return graph;
  }

  /** Records the value {@code node} gives. */
  void give(String node, String value) {
    values.put(node, value);
  }

  /** The value Kiln node {@code node} gives. */
  String value(String node) {
    String value = values.get(node);
    if (value == null) {
      throw new IllegalStateException(node + " is read before it is written");
    }
    return value;
  }

  /** The value of the {@code i}-th node {@code node} reads. */
  String input(NodeSpec node, int i) {
    return value(node.from().get(i));
  }

  /** The padding mask of Embedding {@code embedding} ({@code maskZero}), written once for all its readers. */
  MaskedSteps mask(String embedding) {
    return masks.computeIfAbsent(embedding, name -> {
      NodeSpec lookup = spec.node(name);
      return new MaskedSteps(input(lookup, 0), lookup.inputs(), name + "/mask", graph);
    });
  }

  /** The node whose parameters {@code node} uses: its own, or the owner's of a shared layer. */
  NodeSpec owner(NodeSpec node) {
    return node.shares() == null ? node : spec.node(node.shares());
  }

  /** Whether {@code node} (or the layer whose weights it shares) has a parameter block named {@code block}. */
  boolean has(NodeSpec node, String block) {
    return owner(node).parameters().stream().anyMatch(p -> p.name().equals(block));
  }

  /** Block {@code block} of {@code node}'s parameters as a constant tensor of its own shape. */
  String parameter(NodeSpec node, String block) {
    return parameter(node, block, "", values -> values, shapeOf(node, block));
  }

  /**
   * Block {@code block} of {@code node}'s parameters, rearranged by {@code arrange} into a constant
   * tensor of {@code dims}; {@code layout} names the arrangement, so that layers sharing the weights
   * share the tensor.
   */
  String parameter(NodeSpec node, String block, String layout, UnaryOperator<float[]> arrange, long[] dims) {
    NodeSpec owner = owner(node);
    String key = owner.name() + "/" + block + "/" + layout;
    return constants.computeIfAbsent(key, k -> graph.floats(owner.name() + "/" + block + layout,
        dims, arrange.apply(values(owner, block))));
  }

  /** Block {@code block} of {@code node}'s parameters (or its owner's), row-major. */
  float[] values(NodeSpec node, String block) {
    NodeSpec owner = owner(node);
    double[] all = parameters.computeIfAbsent(owner.name(), name -> handles.get(name).parameters());
    int offset = owner.offsetOf(block);
    float[] values = new float[sizeOf(owner, block)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) all[offset + i];
    }
    return values;
  }

  private static int sizeOf(NodeSpec node, String block) {
    return blockOf(node, block).size();
  }

  private long[] shapeOf(NodeSpec node, String block) {
    int[] shape = blockOf(owner(node), block).shape();
    long[] dims = new long[shape.length];
    for (int d = 0; d < shape.length; d++) {
      dims[d] = shape[d];
    }
    return dims;
  }

  private static ParameterBlock blockOf(NodeSpec node, String block) {
    return node.parameters().stream().filter(p -> p.name().equals(block)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(node.name() + " has no parameters named " + block));
  }
}
