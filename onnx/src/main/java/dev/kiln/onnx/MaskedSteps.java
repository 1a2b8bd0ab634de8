package dev.kiln.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;

/**
 * Padding steps (index 0 of an Embedding with {@code maskZero}) skipped as Kiln and Keras skip
 * them, anywhere in a sequence, with ONNX's recurrent operators, which skip only the steps past a
 * sequence's length. The kept steps of each sample are moved to its front, in order ({@link
 * #compact}); the operator runs over that many ({@link #lengths}); and each step's output is the one
 * of the last kept step it has seen, 0 before any ({@link #spread}): a padding step carries the state
 * and the output over, whichever way the layer runs.
 */
final class MaskedSteps {
  private final OnnxGraph graph;
  private final String hint;
  private final String keptSteps;   // [batch, steps] int64: 1 for a kept step, 0 for padding
  private final String keptUpTo;    // [batch, steps] int64: kept steps up to and including each
  private final String total;       // [batch, 1] int64: kept steps in all
  private final String positions;   // [batch, steps] int64: where each step goes in the compacted sequence
  private final String lengths;     // [batch] int32

  /** The mask of the Embedding whose indices are {@code indices}, {@code [batch, steps]} int64. */
  MaskedSteps(String indices, int steps, String hint, OnnxGraph graph) {
    this.graph = graph;
    this.hint = hint;
    String kept = graph.node("Not", hint, List.of(graph.node("Equal", hint, List.of(indices,
        graph.longs(hint + "/padding", 0)))));
    keptSteps = graph.node("Cast", hint, List.of(kept), Attr.of("to", DataType.INT64_VALUE));
    keptUpTo = graph.node("CumSum", hint, List.of(keptSteps, graph.longs(hint + "/steps_axis", 1)));
    total = graph.node("ReduceSum", hint, List.of(keptSteps, graph.longs(hint + "/axes", 1)), Attr.of("keepdims", 1));
    long[] step = new long[steps];
    for (int t = 0; t < steps; t++) {
      step[t] = t;
    }
    // a kept step goes to its rank among the kept ones; padding after them all, in order
    String one = graph.longs(hint + "/one", 1);
    String rank = graph.node("Sub", hint, List.of(keptUpTo, one));
    String paddingRank = graph.node("Sub", hint, List.of(graph.node("Add", hint, List.of(total,
        graph.longs(hint + "/step", step))), keptUpTo));
    positions = graph.node("Where", hint, List.of(kept, rank, paddingRank));
    lengths = graph.node("Cast", hint, List.of(graph.node("Squeeze", hint, List.of(total,
        graph.longs(hint + "/squeeze", 1)))), Attr.of("to", DataType.INT32_VALUE));
  }

  /** Each sample's kept steps of {@code x}, {@code [batch, steps, features]}, at its front in order. */
  String compact(String x) {
    String zeros = graph.node("ConstantOfShape", hint, List.of(graph.node("Shape", hint, List.of(x))));
    return graph.node("ScatterElements", hint, List.of(zeros, alongFeatures(positions, x), x), Attr.of("axis", 1));
  }

  /** Kept steps per sample, the operator's {@code sequence_lens}. */
  String lengths() {
    return lengths;
  }

  /**
   * The outputs of every step from {@code y}, {@code [batch, steps, units]}, the operator's outputs
   * over the compacted steps: a step's is the output after the last kept step the layer has read by
   * then (reading {@code backwards}, the first kept one at or after it), 0 where it has read none.
   */
  String spread(String y, int steps, boolean backwards) {
    String source = backwards ? graph.node("Sub", hint, List.of(keptUpTo, keptSteps))
        : graph.node("Sub", hint, List.of(keptUpTo, graph.longs(hint + "/one", 1)));
    String seen = backwards ? graph.node("Less", hint, List.of(source, total))
        : graph.node("Greater", hint, List.of(keptUpTo, graph.longs(hint + "/none", 0)));
    String clamped = graph.node("Min", hint, List.of(graph.node("Max", hint, List.of(source,
        graph.longs(hint + "/first", 0))), graph.longs(hint + "/last", steps - 1)));
    String gathered = graph.node("GatherElements", hint, List.of(y, alongFeatures(clamped, y)), Attr.of("axis", 1));
    String seenAsReal = graph.node("Cast", hint, List.of(graph.node("Unsqueeze", hint, List.of(seen,
        graph.longs(hint + "/features_axis", 2)))), Attr.of("to", DataType.FLOAT_VALUE));
    return graph.node("Mul", hint, List.of(gathered, seenAsReal));
  }

  /** {@code perStep}, {@code [batch, steps]}, repeated over the last axis of {@code like}. */
  private String alongFeatures(String perStep, String like) {
    String column = graph.node("Unsqueeze", hint, List.of(perStep, graph.longs(hint + "/features_axis", 2)));
    return graph.node("Expand", hint, List.of(column, graph.node("Shape", hint, List.of(like))));
  }
}
