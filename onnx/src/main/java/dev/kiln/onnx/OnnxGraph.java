package dev.kiln.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph being written: nodes, constant tensors (initializers), inputs and outputs, with a
 * fresh name for every value it makes. Every tensor but the model's inputs and outputs is named
 * after the Kiln node it belongs to, so a viewer (Netron) shows where each part came from.
 */
final class OnnxGraph {
  /** The name of the batch dimension, left open in the inputs and outputs. */
  static final String BATCH = "batch";

  private final GraphProto.Builder graph;
  private final Set<String> names = new HashSet<>();
  /** The small constants (shapes, axes, scalars) written so far, by value: each is written once. */
  private final Map<String, String> smallConstants = new HashMap<>();

  OnnxGraph(String name) {
    graph = GraphProto.newBuilder().setName(name);
  }

  /** A name not used yet: {@code hint}, or {@code hint_2}, {@code hint_3}, ... */
  String fresh(String hint) {
    String name = hint;
    for (int n = 2; !names.add(name); n++) {
      name = hint + "_" + n;
    }
    return name;
  }

  /** Adds a node of one output, named from {@code hint}; returns that output's name. */
  String node(String op, String hint, List<String> inputs, Attr... attributes) {
    return nodeOfOutputs(op, hint, inputs, new String[] {fresh(hint)}, attributes)[0];
  }

  /** Adds a node of several outputs; an empty name in {@code outputs} is an output it does not give. */
  String[] nodeOfOutputs(String op, String hint, List<String> inputs, String[] outputs, Attr... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(fresh(hint + "/" + op))
        .addAllInput(inputs).addAllOutput(Arrays.asList(outputs));
    for (Attr attribute : attributes) {
      node.addAttribute(attribute.proto());
    }
    graph.addNode(node);
    return outputs;
  }

  /** A constant float tensor; returns its name. */
  String floats(String hint, long[] dims, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    return constant(hint, DataType.FLOAT, dims, bytes);
  }

  /** A constant 1-D int64 tensor (a shape, axes, a permutation), written once per value; returns its name. */
  String longs(String hint, long... values) {
    return smallConstants.computeIfAbsent("int64 " + Arrays.toString(values), key -> {
      ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (long v : values) {
        bytes.putLong(v);
      }
      return constant(hint, DataType.INT64, new long[] {values.length}, bytes);
    });
  }

  /** A constant scalar float, written once per value. */
  String scalar(String hint, float value) {
    return smallConstants.computeIfAbsent("float " + value,
        key -> floats(hint, new long[0], new float[] {value}));
  }

  /** {@code x} as {@code [batch, shape...]}: the same values in the same order. */
  String reshape(String x, int[] shape, String hint) {
    long[] dims = new long[shape.length + 1];   // 0: the batch, as it is
    for (int d = 0; d < shape.length; d++) {
      dims[d + 1] = shape[d];
    }
    return node("Reshape", hint, List.of(x, longs(hint + "/shape", dims)));
  }

  private String constant(String hint, DataType type, long[] dims, ByteBuffer bytes) {
    String name = fresh(hint);
    bytes.flip();
    graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
        .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(bytes)));
    return name;
  }

  /** Keeps {@code name} for an input or output: no other value gets it. */
  void reserve(String name) {
    names.add(name);
  }

  /** Declares a graph input of {@code [batch, dims...]}, its name reserved. */
  void input(String name, DataType type, int[] dims) {
    graph.addInput(valueInfo(name, type, dims));
  }

  /** Gives {@code value}, of {@code [batch, dims...]}, as the graph output {@code name} (reserved). */
  void output(String value, String name, int[] dims) {
    nodeOfOutputs("Identity", name, List.of(value), new String[] {name});
    graph.addOutput(valueInfo(name, DataType.FLOAT, dims));
  }

  private static ValueInfoProto valueInfo(String name, DataType type, int[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (int d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
  }

  GraphProto build() {
    return graph.build();
  }
}
