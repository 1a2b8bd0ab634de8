package dev.kiln.onnx;

import dev.kiln.engine.NodeKind;

/**
 * The translation of every kind of layer; a new kind does not compile here until it has one. The
 * model's inputs are the graph's own (see OnnxExport).
 */
final class Translations {
  private static final NodeTranslation DENSE = new DenseTranslation();
  private static final NodeTranslation CONVOLUTIONS = new ConvolutionTranslation();
  private static final NodeTranslation POOLS = new PoolTranslation();
  private static final NodeTranslation NORMALIZATION = new BatchNormTranslation();
  private static final NodeTranslation VIEWS = new ViewTranslation();
  private static final NodeTranslation EMBEDDING = new EmbeddingTranslation();
  private static final NodeTranslation RECURRENT = new RecurrentTranslation();
  private static final NodeTranslation MERGES = new MergeTranslation();

  private Translations() {}

  static NodeTranslation of(NodeKind kind) {
    return switch (kind) {
      case DENSE -> DENSE;
      case CONV2D, CONV1D -> CONVOLUTIONS;
      case MAX_POOL2D, AVG_POOL2D, GLOBAL_AVERAGE_POOLING2D, GLOBAL_AVERAGE_POOLING1D, GLOBAL_MAX_POOLING1D -> POOLS;
      case BATCH_NORMALIZATION -> NORMALIZATION;
      case DROPOUT, FLATTEN, RESHAPE -> VIEWS;
      case EMBEDDING -> EMBEDDING;
      case LSTM, GRU, SIMPLE_RNN, BIDIRECTIONAL -> RECURRENT;
      case CONCATENATE, ADD, SUBTRACT, MULTIPLY, AVERAGE, DOT -> MERGES;
      case INPUT -> throw new IllegalArgumentException("a model input is the graph's input, not a translated node");
    };
  }
}
