package dev.kiln.processor.ir;

import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Precision;
import dev.kiln.processor.layers.NodeKind;
import java.util.List;
import java.util.Optional;

/**
 * A whole model, the one place its meaning lives at compile time: its nodes in topological order
 * (every node after the nodes it reads), its outputs with their losses, and what shapes the kernels
 * (optimizer, compiled batch, precision, weight decay). Plain Java: planner tests build graphs directly.
 *
 * @param qualifiedName the model class, e.g. {@code dev.kiln.examples.FashionMlp}
 * @param packageName its package, empty for the unnamed one
 * @param loss the loss of outputs that name none, as {@code @Model(loss)} says
 * @param outputs the outputs, in the nodes' order; the last is the model's main output
 * @param parts the models used as its layers, whose nodes it holds inlined
 */
public record ModelGraph(String qualifiedName, String packageName, Loss loss, Optimizer optimizer, int batch,
                         Precision precision, double l2, List<Node> nodes, List<Output> outputs, List<Part> parts) {
  public ModelGraph {
    nodes = List.copyOf(nodes);
    outputs = List.copyOf(outputs);
    parts = List.copyOf(parts);
  }

  /** A model of no parts. */
  public ModelGraph(String qualifiedName, String packageName, Loss loss, Optimizer optimizer, int batch,
                    Precision precision, double l2, List<Node> nodes, List<Output> outputs) {
    this(qualifiedName, packageName, loss, optimizer, batch, precision, l2, nodes, outputs, List.of());
  }

  /** The part whose nodes include {@code node}, if it is one of a part's. */
  public Optional<Part> partOf(Node node) {
    return parts.stream().filter(p -> node.name().startsWith(p.field() + ".")).findFirst();
  }

  /** A model whose one output is its last node, trained with {@code loss}. */
  public static ModelGraph withOneOutput(String qualifiedName, String packageName, Loss loss, Optimizer optimizer,
                                         int batch, Precision precision, double l2, List<Node> nodes) {
    return new ModelGraph(qualifiedName, packageName, loss, optimizer, batch, precision, l2, nodes,
        List.of(new Output(lastLayerOf(nodes), loss, 1, 0, true)));
  }

  /** The loss of the model's main output (its last layer): {@code Loss.NONE} for a model trained only as a part. */
  public Loss mainLoss() {
    return outputs.stream().filter(Output::main).findFirst().map(Output::loss).orElse(loss);
  }

  /**
   * The output of {@code node}, if it is one with a loss (its head computes it). The last layer of a
   * model of {@code Loss.NONE} is an ordinary layer: nothing computes a loss there.
   */
  public Optional<Output> outputOf(Node node) {
    return outputs.stream().filter(o -> o.node() == node && o.loss() != Loss.NONE).findFirst();
  }

  /** Outputs whose own loss and metric the training log shows beside the total: every output, when there are several. */
  public int reportedOutputs() {
    return outputs.size() > 1 ? outputs.size() : 0;
  }

  /** The row of the per-sample loss and metric buffers that holds {@code output}'s own figures (row 0 is the model's). */
  public int outputRow(Output output) {
    return outputs.indexOf(output) + 1;
  }

  /** The class name with enclosing classes, e.g. {@code Outer.Net}. */
  public String nestedName() {
    return packageName.isEmpty() ? qualifiedName : qualifiedName.substring(packageName.length() + 1);
  }

  /** The generated class: {@code Outer_NetCompiled} for a nested {@code Outer.Net}. */
  public String compiledName() {
    return nestedName().replace('.', '_') + "Compiled";
  }

  /** The nodes that own buffers, in order: {@code layers().get(l).layer() == l}. */
  public List<Node> layers() {
    return nodes.stream().filter(Node::isLayer).toList();
  }

  /** The layers whose weights L2 weight decay applies to: those with weights a training step updates. */
  public List<Node> decayedLayers() {
    return layers().stream().filter(l -> l.weightCount() > 0 && l.trains()).toList();
  }

  /** The model's inputs, in declaration order. */
  public List<Node> inputs() {
    return nodes.stream().filter(n -> n.kind().isInput()).toList();
  }

  /** The node whose output is the model's main one: the last that is not an input. */
  public Node output() {
    return lastLayerOf(nodes);
  }

  /** The last of {@code nodes} that is not an input (the first node when all are). */
  public static Node lastLayerOf(List<Node> nodes) {
    for (int n = nodes.size() - 1; n > 0; n--) {
      if (!nodes.get(n).kind().isInput()) {
        return nodes.get(n);
      }
    }
    return nodes.get(0);
  }

  /** The nodes that read {@code node}, in order. */
  public List<Node> consumers(Node node) {
    return nodes.stream().filter(n -> n.inputs().contains(node)).toList();
  }

  /** The layers that use {@code owner}'s weights ({@code shares}), in order. */
  public List<Node> sharers(Node owner) {
    return nodes.stream().filter(n -> n.owner() == owner).toList();
  }

  /** The node whose buffer holds {@code node}'s values: itself, or for a view what it views. */
  public Node storage(Node node) {
    return node.kind().definition().isView() ? storage(node.input()) : node;
  }

  /**
   * Where {@code node}'s values are written: its own buffer, or, for a kind that can write into a
   * Concatenate (an Embedding, a Dense, a Conv2D) whose only reader is one, its columns of the
   * Concatenate's buffer, so the join copies nothing. Not when a Dropout masks either (the
   * Concatenate's kernel applies that), nor for an output, whose values predict reads.
   */
  public Placement placement(Node node) {
    List<Node> readers = consumers(node);
    if (node.kind().definition().writesIntoAConcatenation() && readers.size() == 1 && outputOf(node).isEmpty()) {
      Node join = readers.get(0);
      boolean once = join.inputs().indexOf(node) == join.inputs().lastIndexOf(node);
      if (join.kind() == NodeKind.CONCATENATE && once && dropoutOf(join).isEmpty()) {
        int column = join.inputs().subList(0, join.inputs().indexOf(node)).stream()
            .mapToInt(n -> n.shape().channels()).sum();
        return new Placement(join, join.shape().channels(), column);
      }
    }
    return new Placement(node, node.shape().channels(), 0);
  }

  /**
   * Whether {@code node}'s values (rows of a table, one index per sample: an Embedding's) are never
   * stored, because every node that reads it looks its rows up in the table itself: a fused gather.
   * (A Dropout or a view reading it cannot, so then its values are stored.)
   */
  public boolean lookedUpByReaders(Node node) {
    List<Node> readers = consumers(node);
    return node.kind().definition().isALookup() && node.shape().isFlat() && !readers.isEmpty()
        && readers.stream().allMatch(r -> r.kind().definition().looksUpRows());
  }

  /**
   * The Embedding whose padding (index 0, {@code maskZero}) masks {@code node}'s values, if any:
   * through views, and through a recurrent layer (or Bidirectional) that gives every step of a masked sequence.
   */
  public static Optional<Node> maskOf(Node node) {
    if (node.settings() instanceof Settings.Embedding embedding) {
      return embedding.maskZero() ? Optional.of(node) : Optional.empty();
    }
    if (node.kind().definition().isView()
        || node.settings() instanceof Settings.Recurrent recurrent && recurrent.returnSequences()) {
      return maskOf(node.input());
    }
    if (node.kind().isBidirectional()) {   // its directions' steps, side by side
      return maskOf(node.inputs().get(0));
    }
    return Optional.empty();
  }

  /** Whether {@code node} or any node before it has parameters a training step updates. */
  public boolean trainsUpTo(Node node) {
    boolean[] trains = new boolean[nodes.size()];
    for (Node n : nodes) {
      trains[n.id()] = n.trains() || n.inputs().stream().anyMatch(i -> trains[i.id()]);
      if (n == node) {
        break;
      }
    }
    return trains[node.id()];
  }

  /**
   * The Dropout that masks {@code node}'s stored output in training, if any: one that reads it, or
   * reads a view of it (a Flatten after a convolution).
   */
  public Optional<Node> dropoutOf(Node node) {
    for (Node reader : consumers(node)) {
      if (reader.kind().isDropout()) {
        return Optional.of(reader);
      }
      if (reader.kind().definition().isView()) {
        Optional<Node> further = dropoutOf(reader);
        if (further.isPresent()) {
          return further;
        }
      }
    }
    return Optional.empty();
  }

  /** The Dropout between {@code input} and the node that stores its values (the views it passes through), if any. */
  public Optional<Node> dropoutOnPath(Node input) {
    for (Node n = input; n.kind().definition().isView(); n = n.input()) {
      if (n.kind().isDropout()) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** Values per sample in a data set's row: every input's, side by side in declaration order. */
  public int rowWidth() {
    return inputs().stream().mapToInt(n -> n.shape().size()).sum();
  }

  /** Where {@code input}'s values start in a data set's row. */
  public int column(Node input) {
    int column = 0;
    for (Node n : inputs()) {
      if (n == input) {
        return column;
      }
      column += n.shape().size();
    }
    throw new IllegalArgumentException(input.name() + " is not an input of " + qualifiedName);
  }

  /** Values per sample in a label row: every output's label, side by side. */
  public int labelWidth() {
    return outputs.stream().mapToInt(Output::labelWidth).sum();
  }
}
