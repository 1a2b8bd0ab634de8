package dev.kiln.engine;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the processor compiled: the description the generated class carries so the runtime can
 * allocate buffers, print a summary and check checkpoints against it. Its nodes are in the graph's
 * topological order, with every shape and parameter count as the processor found them.
 *
 * @param extraGradients values per sample of each extra gradient buffer: where the readers of a node
 *     read by several put their gradients, before a sum adds them to the node's own
 * @param kernels distinct kernels in the model's program
 * @param launchesPerTrainingStep kernels one training step enqueues
 */
public record ModelSpec(String name, Loss loss, Optimizer optimizer, int batch, Precision precision, double l2,
                        List<NodeSpec> nodes, List<Integer> extraGradients, int kernels,
                        int launchesPerTrainingStep) {

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String simpleName() {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** The nodes that own buffers and parameters, in order: {@code layers().get(l).layer() == l}. */
  public List<NodeSpec> layers() {
    return nodes.stream().filter(n -> n.layer() >= 0).toList();
  }

  /** Whether another node uses {@code layer}'s weights (a shared layer). */
  public boolean isShared(NodeSpec layer) {
    return nodes.stream().anyMatch(n -> layer.name().equals(n.shares()));
  }

  /** The node named {@code name}. */
  public NodeSpec node(String nodeName) {
    return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " has no node " + nodeName));
  }

  /** The model's inputs, in declaration order: their values sit side by side in a data set's rows. */
  public List<NodeSpec> inputs() {
    return nodes.stream().filter(n -> n.kind().isInput()).toList();
  }

  /**
   * The shape of one input sample as declared, e.g. {28, 28} or {784}; for a model of several
   * inputs, the row they make side by side.
   */
  public int[] inputShape() {
    List<NodeSpec> inputs = inputs();
    return inputs.size() == 1 ? inputs.get(0).declared().clone() : new int[] {inputWidth()};
  }

  /** Values per sample in a data set's row: every input's. */
  public int inputWidth() {
    return inputs().stream().mapToInt(NodeSpec::outputs).sum();
  }

  /** Where input {@code input}'s values start in a data set's row. */
  public int column(NodeSpec input) {
    int column = 0;
    for (NodeSpec n : inputs()) {
      if (n == input) {
        return column;
      }
      column += n.outputs();
    }
    throw new IllegalArgumentException(input.name() + " is not an input of " + name);
  }

  /** The model's outputs, in order; the last is its main output. */
  public List<NodeSpec> outputs() {
    return nodes.stream().filter(n -> n.output() != null).toList();
  }

  /** The node whose output is the model's main one: the last layer. */
  public NodeSpec output() {
    List<NodeSpec> outputs = outputs();
    return outputs.isEmpty() ? nodes.get(nodes.size() - 1) : outputs.get(outputs.size() - 1);
  }

  /** Values per sample that predict gives: every output's, side by side. */
  public int outputWidth() {
    List<NodeSpec> outputs = outputs();
    return outputs.isEmpty() ? output().outputs() : outputs.stream().mapToInt(NodeSpec::outputs).sum();
  }

  /** Values per sample in a label row: every output's label (1 for an integer class, else its width), side by side. */
  public int labelWidth() {
    List<NodeSpec> outputs = outputs();
    return outputs.isEmpty() ? loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY ? 1 : output().units()
        : outputs.stream().mapToInt(o -> o.output().labelWidth(o.units())).sum();
  }

  public boolean isClassifier() {
    return isClassification(loss);
  }

  /** The metric reported beside the loss: accuracy for classifiers, mean absolute error otherwise. */
  public String metricName() {
    return metricOf(loss);
  }

  static String metricOf(Loss loss) {
    return isClassification(loss) ? "accuracy" : "mae";
  }

  private static boolean isClassification(Loss loss) {
    return loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY || loss == Loss.CATEGORICAL_CROSS_ENTROPY
        || loss == Loss.BINARY_CROSS_ENTROPY;
  }

  /**
   * Outputs whose own loss and metric are reported beside the total: every output of a model of
   * several, none of a model of one (its figures are the total).
   */
  public List<NodeSpec> reportedOutputs() {
    List<NodeSpec> outputs = outputs();
    return outputs.size() > 1 ? outputs : List.of();
  }

  /** Bytes per number on the device. */
  public int realBytes() {
    return precision == Precision.DOUBLE ? 8 : 4;
  }

  /** Slots of optimizer state each parameter carries. */
  public int optimizerSlots() {
    return switch (optimizer) {
      case SGD, RMSPROP -> 1;
      case ADAM, ADADELTA -> 2;
    };
  }

  public long parameterCount() {
    return layers().stream().mapToLong(NodeSpec::parameterCount).sum();
  }

  /** Parameters of frozen layers ({@code trainable = false}), which training leaves alone. */
  public long frozenParameterCount() {
    return layers().stream().filter(NodeSpec::frozen).mapToLong(NodeSpec::parameterCount).sum();
  }

  /**
   * A one-line description that identifies the architecture, for checkpoint checks. Its form is
   * that of the first model files (a layer's shapes, window, activation; Dropout after the layer it
   * masks), so that files saved then still load.
   */
  public String describe() {
    StringBuilder d = new StringBuilder(name).append(" input ").append(Arrays.toString(inputShape()))
        .append(' ').append(loss).append(' ').append(optimizer).append(' ').append(precision);
    NodeSpec previous = null;
    for (NodeSpec node : nodes) {
      boolean chained = previous != null && node.from().equals(List.of(previous.name()));
      previous = node;
      if (node.kind().isInput() && inputs().size() > 1 || node.kind().isInput() && node.indices()) {
        d.append(" | ").append(node.name()).append(" Input ").append(Arrays.toString(node.declared()))
            .append(node.indices() ? " indices" : "");
      }
      if (node.kind() == NodeKind.DROPOUT) {
        d.append(" | ").append(node.name()).append(" Dropout ").append(node.rate());
      }
      if (node.layer() < 0) {
        continue;
      }
      d.append(" | ").append(node.name()).append(' ').append(node.type()).append(' ');
      if (!chained) {
        d.append("from ").append(node.from()).append(' ');
      }
      if (node.kind() == NodeKind.DENSE) {
        d.append(node.inputs()).append("->").append(node.units());
        d.append(node.shares() == null ? "" : " shares " + node.shares());
      } else {
        d.append(Arrays.toString(node.inputShape())).append("->").append(Arrays.toString(node.outputShape()));
        d.append(node.window() == null ? "" : " " + node.window());
        d.append(node.normalization() == null ? "" : " " + node.normalization());
        d.append(node.normalize() ? " normalized" : "");
      }
      if (node.output() != null && node != output()) {
        d.append("output ").append(node.output().loss()).append(' ').append(node.output().weight()).append(' ');
      }
      if (node.kind().activates()) {
        boolean noBias = !node.bias() && node.kind() != NodeKind.BATCH_NORMALIZATION;
        d.append(' ').append(node.activation()).append(noBias ? " nobias" : "");
      }
    }
    return d.toString();
  }

  /**
   * Collects a spec; the generated code calls it in one chained expression, a {@code node(...)}
   * call and its settings per node, in the graph's order.
   */
  public static final class Builder {
    private final String name;
    private Loss loss;
    private Optimizer optimizer;
    private int batch;
    private Precision precision;
    private double l2;
    private final List<NodeSpec> nodes = new ArrayList<>();
    private final Map<String, NodeSpec> byName = new HashMap<>();
    private List<Integer> extraGradients = List.of();
    private int layers;
    private NodeBuilder current;
    private int kernels;
    private int launches;

    private Builder(String name) {
      this.name = name;
    }

    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder batch(int batch) {
      this.batch = batch;
      return this;
    }

    public Builder precision(Precision precision) {
      this.precision = precision;
      return this;
    }

    public Builder l2(double l2) {
      this.l2 = l2;
      return this;
    }

    /** Starts the next node; the calls after it, up to the next node, describe it. */
    public Builder node(NodeKind kind, String nodeName) {
      commit();
      current = new NodeBuilder(kind, nodeName);
      return this;
    }

    /** The nodes it reads, by name; they come before it. */
    public Builder from(String... inputs) {
      current.inputs = List.of(inputs);
      return this;
    }

    /** The shape of one sample it gives. */
    public Builder shape(int... shape) {
      current.shape = shape.clone();
      return this;
    }

    /** A model input's shape as the user declared it. */
    public Builder declared(int... shape) {
      current.declared = shape.clone();
      return this;
    }

    /** A model input of integer indices. */
    public Builder indices() {
      current.indices = true;
      return this;
    }

    /** Makes the node one of the model's outputs (see {@link NodeSpec.Output}). */
    public Builder output(Loss loss, double weight, int labelColumn) {
      current.output = new NodeSpec.Output(loss, weight, labelColumn);
      return this;
    }

    /** A layer that uses the weights of the earlier layer {@code owner}. */
    public Builder shares(String owner) {
      current.shares = owner;
      return this;
    }

    /** A layer whose parameters training leaves alone ({@code trainable = false}). */
    public Builder frozen() {
      current.frozen = true;
      return this;
    }

    /** A Dot of unit vectors: the cosine. */
    public Builder normalize() {
      current.normalize = true;
      return this;
    }

    /** Values per sample of each extra gradient buffer (see {@link ModelSpec#extraGradients}). */
    public Builder extraGradients(int... widths) {
      commit();
      this.extraGradients = Arrays.stream(widths).boxed().toList();
      return this;
    }

    public Builder activation(ActivationKind activation, double alpha) {
      current.activation = activation;
      current.alpha = alpha;
      return this;
    }

    public Builder window(Window window) {
      current.window = window;
      return this;
    }

    public Builder normalization(Normalization normalization) {
      current.normalization = normalization;
      return this;
    }

    /** A recurrent layer's gates and direction. */
    public Builder recurrence(Recurrence recurrence) {
      current.recurrence = recurrence;
      return this;
    }

    /** An Embedding whose index 0 is padding (see {@link NodeSpec#masksZero}). */
    public Builder masksZero() {
      current.masksZero = true;
      return this;
    }

    public Builder rate(double rate) {
      current.rate = rate;
      return this;
    }

    /** Reals the node's kernels keep between them in a step (see {@link NodeSpec#workspace}). */
    public Builder workspace(long reals) {
      current.workspace = reals;
      return this;
    }

    /** A block of parameters weight decay applies to (a kernel). */
    public Builder weights(String block, ParameterBlock.Init init, int... shape) {
      current.parameters.add(new ParameterBlock(block, init, true, shape));
      return this;
    }

    /** A block of parameters weight decay leaves alone (a bias, batch normalisation's values). */
    public Builder parameter(String block, ParameterBlock.Init init, int... shape) {
      current.parameters.add(new ParameterBlock(block, init, false, shape));
      return this;
    }

    public Builder kernels(int kernelCount, int launchesPerTrainingStep) {
      commit();
      this.kernels = kernelCount;
      this.launches = launchesPerTrainingStep;
      return this;
    }

    public ModelSpec build() {
      commit();
      return new ModelSpec(name, Objects.requireNonNull(loss), Objects.requireNonNull(optimizer), batch,
          Objects.requireNonNull(precision), l2, List.copyOf(nodes), extraGradients, kernels, launches);
    }

    private void commit() {
      if (current == null) {
        return;
      }
      NodeBuilder n = current;
      current = null;
      List<int[]> inputShapes = n.inputs.stream().map(input -> {
        NodeSpec read = byName.get(input);
        if (read == null) {
          throw new IllegalStateException(n.name + " reads " + input + ", which is not described before it");
        }
        return read.outputShape();
      }).toList();
      NodeSpec spec = new NodeSpec(n.name, n.kind, n.inputs, inputShapes, Objects.requireNonNull(n.shape, "shape"),
          n.kind.isLayer() ? layers++ : -1, List.copyOf(n.parameters), n.activation, n.alpha, n.window,
          n.normalization, n.recurrence, n.rate, n.declared, n.indices, n.masksZero, n.normalize, n.shares,
          n.output, n.workspace, n.frozen);
      nodes.add(spec);
      byName.put(n.name, spec);
    }
  }

  /** The node being described. */
  private static final class NodeBuilder {
    private final NodeKind kind;
    private final String name;
    private List<String> inputs = List.of();
    private int[] shape;
    private int[] declared;
    private boolean indices;
    private boolean masksZero;
    private boolean normalize;
    private String shares;
    private NodeSpec.Output output;
    private ActivationKind activation = ActivationKind.LINEAR;
    private double alpha = 0.01;
    private Window window;
    private Normalization normalization;
    private Recurrence recurrence;
    private double rate;
    private long workspace;
    private boolean frozen;
    private final List<ParameterBlock> parameters = new ArrayList<>();

    NodeBuilder(NodeKind kind, String name) {
      this.kind = kind;
      this.name = name;
    }
  }
}
