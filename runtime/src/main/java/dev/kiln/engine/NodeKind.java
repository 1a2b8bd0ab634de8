package dev.kiln.engine;

import dev.kiln.layers.Add;
import dev.kiln.layers.Average;
import dev.kiln.layers.AvgPool2D;
import dev.kiln.layers.Bidirectional;
import dev.kiln.layers.BatchNormalization;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Conv1D;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dot;
import dev.kiln.layers.Dropout;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.GRU;
import dev.kiln.layers.GlobalAveragePooling1D;
import dev.kiln.layers.GlobalAveragePooling2D;
import dev.kiln.layers.GlobalMaxPooling1D;
import dev.kiln.layers.Input;
import dev.kiln.layers.LayerHandle;
import dev.kiln.layers.MaxPool2D;
import dev.kiln.layers.Multiply;
import dev.kiln.layers.Reshape;
import dev.kiln.layers.SimpleRNN;
import dev.kiln.layers.Subtract;
import java.util.function.Function;

/**
 * The kinds of node a compiled model is made of, each with the handle its field holds once the
 * model is open. The processor's kinds have the same names; the generated description names them.
 */
public enum NodeKind {
  INPUT("Input", Role.INPUT, (spec, store) -> new Input(spec)),
  DENSE("Dense", Role.ACTIVATED, Dense::new),
  CONV2D("Conv2D", Role.ACTIVATED, Conv2D::new),
  CONV1D("Conv1D", Role.ACTIVATED, Conv1D::new),
  MAX_POOL2D("MaxPool2D", Role.LAYER, (spec, store) -> new MaxPool2D(spec)),
  AVG_POOL2D("AvgPool2D", Role.LAYER, (spec, store) -> new AvgPool2D(spec)),
  GLOBAL_AVERAGE_POOLING2D("GlobalAveragePooling2D", Role.LAYER, (spec, store) -> new GlobalAveragePooling2D(spec)),
  GLOBAL_AVERAGE_POOLING1D("GlobalAveragePooling1D", Role.LAYER, (spec, store) -> new GlobalAveragePooling1D(spec)),
  GLOBAL_MAX_POOLING1D("GlobalMaxPooling1D", Role.LAYER, (spec, store) -> new GlobalMaxPooling1D(spec)),
  BATCH_NORMALIZATION("BatchNormalization", Role.ACTIVATED, BatchNormalization::new),
  DROPOUT("Dropout", Role.VIEW, (spec, store) -> new Dropout(spec)),
  FLATTEN("Flatten", Role.VIEW, (spec, store) -> new Flatten(spec)),
  EMBEDDING("Embedding", Role.LAYER, Embedding::new),
  LSTM("LSTM", Role.ACTIVATED, dev.kiln.layers.LSTM::new),
  GRU("GRU", Role.ACTIVATED, GRU::new),
  SIMPLE_RNN("SimpleRNN", Role.ACTIVATED, SimpleRNN::new),
  BIDIRECTIONAL("Bidirectional", (spec, earlier) ->
      new Bidirectional<>(spec, (LayerHandle) earlier.apply(spec.from().get(0)),
          (LayerHandle) earlier.apply(spec.from().get(1)))),
  CONCATENATE("Concatenate", Role.LAYER, (spec, store) -> new Concatenate(spec)),
  ADD("Add", Role.LAYER, (spec, store) -> new Add(spec)),
  SUBTRACT("Subtract", Role.LAYER, (spec, store) -> new Subtract(spec)),
  MULTIPLY("Multiply", Role.LAYER, (spec, store) -> new Multiply(spec)),
  AVERAGE("Average", Role.LAYER, (spec, store) -> new Average(spec)),
  DOT("Dot", Role.LAYER, (spec, store) -> new Dot(spec)),
  RESHAPE("Reshape", Role.VIEW, (spec, store) -> new Reshape(spec));

  /** What a node of a kind is to the runtime. */
  private enum Role {
    /** a model input: the bound data set is its storage */
    INPUT,
    /** a layer with buffers of its own and an activation */
    ACTIVATED,
    /** a layer with buffers of its own, no activation */
    LAYER,
    /** a view of what it reads: no buffers of its own */
    VIEW
  }

  /** Makes the handle a node's field holds. */
  @FunctionalInterface
  public interface HandleFactory {
    Object create(NodeSpec spec, ParameterStore store);
  }

  /** Makes the handle of a node made of nodes before it (a Bidirectional of its two directions), by name. */
  @FunctionalInterface
  public interface CompositeFactory {
    Object create(NodeSpec spec, Function<String, Object> earlier);
  }

  private final String typeName;
  private final Role role;
  private final HandleFactory handles;
  private final CompositeFactory composite;

  NodeKind(String typeName, Role role, HandleFactory handles) {
    this.typeName = typeName;
    this.role = role;
    this.handles = handles;
    this.composite = null;
  }

  /** A kind of layer made of the layers before it, with buffers of its own. */
  NodeKind(String typeName, CompositeFactory composite) {
    this.typeName = typeName;
    this.role = Role.LAYER;
    this.handles = null;
    this.composite = composite;
  }

  /** The class name the summary prints, as Keras does: {@code Conv2D}. */
  public String typeName() {
    return typeName;
  }

  public boolean isInput() {
    return role == Role.INPUT;
  }

  /** Whether nodes of this kind own buffers (activations, gradients, parameters): all but inputs and views. */
  public boolean isLayer() {
    return role == Role.ACTIVATED || role == Role.LAYER;
  }

  /** Whether it applies an activation: Dense, Conv2D and BatchNormalization do. */
  public boolean activates() {
    return role == Role.ACTIVATED;
  }

  /** The handle of {@code spec}'s node; {@code earlier} gives the handles of the nodes before it by name. */
  Object handle(NodeSpec spec, ParameterStore store, Function<String, Object> earlier) {
    return handles != null ? handles.create(spec, store) : composite.create(spec, earlier);
  }
}
