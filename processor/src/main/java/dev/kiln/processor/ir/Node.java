package dev.kiln.processor.ir;

import dev.kiln.processor.layers.NodeKind;
import java.util.List;

/**
 * One node of a model's graph: an input, a layer, a merge, or a view of another node's output
 * (Flatten, Dropout). It knows what it reads, the shape of one sample it gives, and its parameters;
 * what its kind means lives in the kind's definition ({@link NodeKind#definition()}).
 * Nodes are compared by identity: each is one place in one graph.
 */
public final class Node {
  private final int id;
  private final String name;
  private final NodeKind kind;
  private final List<Node> inputs;
  private final Shape shape;
  private final int layer;
  private final String kernelPrefix;
  private final Activation activation;
  private final Settings settings;
  private final List<ParameterBlock> parameters;
  private final boolean frozen;

  /** A node whose parameters, if it has any, training updates. */
  public Node(int id, String name, NodeKind kind, List<Node> inputs, Shape shape, int layer, String kernelPrefix,
              Activation activation, Settings settings, List<ParameterBlock> parameters) {
    this(id, name, kind, inputs, shape, layer, kernelPrefix, activation, settings, parameters, false);
  }

  /**
   * @param id its position in the graph's topological order
   * @param layer its index among the model's layers (their buffers, weights and random streams), or
   *     -1 for inputs and views, which own no buffers
   * @param kernelPrefix the start of its kernels' names: the field name as a unique OpenCL identifier
   * @param frozen whether training leaves its parameters as they are ({@code trainable = false})
   */
  public Node(int id, String name, NodeKind kind, List<Node> inputs, Shape shape, int layer, String kernelPrefix,
              Activation activation, Settings settings, List<ParameterBlock> parameters, boolean frozen) {
    this.id = id;
    this.name = name;
    this.kind = kind;
    this.inputs = List.copyOf(inputs);
    this.shape = shape;
    this.layer = layer;
    this.kernelPrefix = kernelPrefix;
    this.activation = activation;
    this.settings = settings;
    this.parameters = List.copyOf(parameters);
    this.frozen = frozen;
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  public NodeKind kind() {
    return kind;
  }

  public List<Node> inputs() {
    return inputs;
  }

  /** The one node a single-input node reads. */
  public Node input() {
    if (inputs.size() != 1) {
      throw new IllegalStateException(name + " reads " + inputs.size() + " nodes, not one");
    }
    return inputs.get(0);
  }

  /** The shape of one sample it gives. */
  public Shape shape() {
    return shape;
  }

  public int layer() {
    return layer;
  }

  /** Whether it owns buffers (activations, gradients, parameters): every node but inputs and views. */
  public boolean isLayer() {
    return layer >= 0;
  }

  public String kernelPrefix() {
    return kernelPrefix;
  }

  public Activation activation() {
    return activation;
  }

  public Settings settings() {
    return settings;
  }

  /** Its settings as the kind's own type. */
  public <T extends Settings> T settings(Class<T> type) {
    return type.cast(settings);
  }

  /** The layer whose weights it uses when it is a use of a shared layer ({@code shares}), or null. */
  public Node owner() {
    return settings instanceof Settings.Shareable shareable ? shareable.owner() : null;
  }

  /** The layer whose weights its kernels read: its owner's for a use of a shared layer, else its own. */
  public int weightsLayer() {
    return owner() != null ? owner().layer() : layer;
  }

  /** Whether it was declared {@code trainable = false}, itself or as part of a frozen model. */
  public boolean frozen() {
    return frozen;
  }

  /**
   * Whether a training step updates its parameters: a kind with parameters to train, not frozen; a
   * use of a shared layer as its owner does.
   */
  public boolean trains() {
    return owner() != null ? owner().trains() : kind.definition().isTrainable() && !frozen;
  }

  public List<ParameterBlock> parameters() {
    return parameters;
  }

  public int parameterCount() {
    return (int) parameters.stream().mapToLong(ParameterBlock::size).sum();
  }

  /** Parameters that weight decay applies to; they come first in the layer's parameters. */
  public int weightCount() {
    return (int) parameters.stream().filter(ParameterBlock::decays).mapToLong(ParameterBlock::size).sum();
  }

  @Override
  public String toString() {
    return name + " (" + kind.typeName() + " " + shape + ")";
  }
}
