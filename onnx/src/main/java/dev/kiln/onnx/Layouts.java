package dev.kiln.onnx;

import java.util.List;

/**
 * Between Kiln's channels-last layout and the channels-first one ONNX's convolution, pooling and
 * batch normalisation operators take: {@code [batch, d1, ..., channels]} and {@code [batch, channels,
 * d1, ...]}. ONNX Runtime removes a transpose that a later one undoes.
 */
final class Layouts {
  private Layouts() {}

  /** {@code value}, of {@code rank} dimensions with the batch, channels first. */
  static String channelsFirst(String value, int rank, String hint, OnnxGraph graph) {
    long[] perm = new long[rank];
    perm[1] = rank - 1;
    for (int d = 2; d < rank; d++) {
      perm[d] = d - 1;
    }
    return graph.node("Transpose", hint, List.of(value), Attr.ints("perm", perm));
  }

  /** {@code value}, of {@code rank} dimensions with the batch, channels last again. */
  static String channelsLast(String value, int rank, String hint, OnnxGraph graph) {
    long[] perm = new long[rank];
    for (int d = 1; d < rank - 1; d++) {
      perm[d] = d + 1;
    }
    perm[rank - 1] = 1;
    return graph.node("Transpose", hint, List.of(value), Attr.ints("perm", perm));
  }
}
