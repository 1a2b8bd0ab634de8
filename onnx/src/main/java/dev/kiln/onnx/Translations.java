package dev.kiln.onnx;

import dev.kiln.engine.NodeKind;
import java.util.EnumMap;
import java.util.Map;

/** The translation of every kind of layer (inputs are the graph's own, see OnnxExport). */
final class Translations {
  private static final Map<NodeKind, NodeTranslation> BY_KIND = new EnumMap<>(NodeKind.class);

  static {
    NodeTranslation views = new ViewTranslation();
    NodeTranslation pools = new PoolTranslation();
    NodeTranslation merges = new MergeTranslation();
    NodeTranslation recurrent = new RecurrentTranslation();
    NodeTranslation convolutions = new ConvolutionTranslation();
    BY_KIND.put(NodeKind.DENSE, new DenseTranslation());
    BY_KIND.put(NodeKind.CONV2D, convolutions);
    BY_KIND.put(NodeKind.CONV1D, convolutions);
    BY_KIND.put(NodeKind.MAX_POOL2D, pools);
    BY_KIND.put(NodeKind.AVG_POOL2D, pools);
    BY_KIND.put(NodeKind.GLOBAL_AVERAGE_POOLING2D, pools);
    BY_KIND.put(NodeKind.GLOBAL_AVERAGE_POOLING1D, pools);
    BY_KIND.put(NodeKind.GLOBAL_MAX_POOLING1D, pools);
    BY_KIND.put(NodeKind.BATCH_NORMALIZATION, new BatchNormTranslation());
    BY_KIND.put(NodeKind.DROPOUT, views);
    BY_KIND.put(NodeKind.FLATTEN, views);
    BY_KIND.put(NodeKind.RESHAPE, views);
    BY_KIND.put(NodeKind.EMBEDDING, new EmbeddingTranslation());
    BY_KIND.put(NodeKind.LSTM, recurrent);
    BY_KIND.put(NodeKind.GRU, recurrent);
    BY_KIND.put(NodeKind.SIMPLE_RNN, recurrent);
    BY_KIND.put(NodeKind.BIDIRECTIONAL, recurrent);
    BY_KIND.put(NodeKind.CONCATENATE, merges);
    BY_KIND.put(NodeKind.ADD, merges);
    BY_KIND.put(NodeKind.SUBTRACT, merges);
    BY_KIND.put(NodeKind.MULTIPLY, merges);
    BY_KIND.put(NodeKind.AVERAGE, merges);
    BY_KIND.put(NodeKind.DOT, merges);
  }

  private Translations() {}

  static NodeTranslation of(NodeKind kind) {
    NodeTranslation translation = BY_KIND.get(kind);
    if (translation == null) {
      throw new IllegalArgumentException("no ONNX translation for " + kind);
    }
    return translation;
  }
}
