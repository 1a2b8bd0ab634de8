package dev.kiln.processor.layers;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The kinds of node a model is made of, each with its one definition. */
public enum NodeKind {
  INPUT(new InputDefinition()),
  DENSE(new DenseDefinition()),
  CONV2D(Conv2DDefinition.images()),
  CONV1D(Conv2DDefinition.sequences()),
  MAX_POOL2D(PoolDefinition.max()),
  AVG_POOL2D(PoolDefinition.average()),
  GLOBAL_AVERAGE_POOLING2D(PoolDefinition.globalAverage()),
  GLOBAL_AVERAGE_POOLING1D(PoolDefinition.globalAverageOverTime()),
  GLOBAL_MAX_POOLING1D(PoolDefinition.globalMaxOverTime()),
  BATCH_NORMALIZATION(new BatchNormalizationDefinition()),
  DROPOUT(new DropoutDefinition()),
  FLATTEN(new FlattenDefinition()),
  EMBEDDING(new EmbeddingDefinition()),
  LSTM(new RecurrentDefinition(Cell.LSTM)),
  GRU(new RecurrentDefinition(Cell.GRU)),
  SIMPLE_RNN(new RecurrentDefinition(Cell.SIMPLE_RNN)),
  BIDIRECTIONAL(new BidirectionalDefinition()),
  CONCATENATE(MergeDefinition.concatenate()),
  ADD(MergeDefinition.add()),
  SUBTRACT(MergeDefinition.subtract()),
  MULTIPLY(MergeDefinition.multiply()),
  AVERAGE(MergeDefinition.average()),
  DOT(new DotDefinition()),
  RESHAPE(new ReshapeDefinition());

  private final LayerDefinition definition;

  NodeKind(LayerDefinition definition) {
    this.definition = definition;
  }

  public LayerDefinition definition() {
    return definition;
  }

  /** The class name users write and the summary prints, e.g. {@code Conv2D}. */
  public String typeName() {
    return definition.simpleName();
  }

  public boolean isInput() {
    return this == INPUT;
  }

  public boolean isDropout() {
    return this == DROPOUT;
  }

  /** Whether its field wraps a recurrent layer given as the type argument, {@code Bidirectional<LSTM>}. */
  public boolean isBidirectional() {
    return this == BIDIRECTIONAL;
  }

  /** The kind a field of type {@code qualifiedName} declares. */
  public static Optional<NodeKind> forFieldType(String qualifiedName) {
    return Arrays.stream(values()).filter(k -> k.definition.qualifiedName().equals(qualifiedName)).findFirst();
  }

  /** The field types that declare nodes, layers first, for messages. */
  public static String fieldTypes() {
    return Stream.concat(Arrays.stream(values()).filter(k -> k != INPUT), Stream.of(INPUT))
        .map(k -> k.definition.qualifiedName()).collect(Collectors.joining(", "));
  }
}
