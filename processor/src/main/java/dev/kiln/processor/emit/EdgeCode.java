package dev.kiln.processor.emit;

import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import java.util.Optional;

/**
 * OpenCL C for one input of a node: where a sample's values start in the buffer it reads, and, for
 * the backward pass, the derivative of the activation that produced them and the dropout mask
 * between (regenerated from the same hash as in the forward pass).
 */
public final class EdgeCode {
  private final ModelGraph graph;
  private final Node read;
  private final Node source;

  private EdgeCode(ModelGraph graph, Node read) {
    this.graph = graph;
    this.read = read;
    this.source = graph.storage(read);
  }

  /** Input {@code input} of {@code node}. */
  public static EdgeCode of(ModelGraph graph, Node node, int input) {
    return new EdgeCode(graph, node.inputs().get(input));
  }

  /** Whether it reads the data set (a model input) rather than a layer's activations. */
  public boolean readsData() {
    return !source.isLayer();
  }

  /**
   * The element offset of sample {@code b}'s values: in the data set, its row through the pass's
   * visiting order and the input's columns; in a layer's activations, row {@code b}; in the table of
   * an Embedding its readers look up themselves, the row of the sample's index (read from {@code
   * indices}, the kernel's parameter for the data set then).
   */
  public String start(String b) {
    int width = read.shape().size();
    if (graph.lookedUpByReaders(read)) { // the table's row at the sample's index (see GATHERED_INPUT)
      return "((size_t) (int) indices[" + EdgeCode.of(graph, read, 0).start(b) + "] * " + width + ")";
    }
    if (!readsData()) {
      return "((size_t) (" + b + ") * " + width + ")";
    }
    String offset = graph.column(source) == 0 ? "" : " + " + graph.column(source);
    return "((size_t) SAMPLE_ROW(" + b + ") * " + graph.rowWidth() + offset + ")";
  }

  /**
   * The derivative of the activation that produced the stored value {@code a} (an expression):
   * none for a model input; through the dropout between, the stored value is f(z) m / (1 - rate),
   * so where kept f(z) is it times (1 - rate).
   */
  public String derivative(String a) {
    if (readsData()) {
      return "LINEAR_DERIVATIVE(" + a + ")";
    }
    Optional<Node> dropout = dropout();
    String value = dropout.isEmpty() ? a
        : "(" + a + ") * (counters[TRAINING] ? (real) " + (1 - rate(dropout.get())) + " : (real) 1)";
    return derivative(source.activation(), value);
  }

  /** The Dropout between the node and what it reads, if any. */
  public Optional<Node> dropout() {
    return readsData() ? Optional.empty() : graph.dropoutOnPath(read);
  }

  /** The layer whose stored output the input is (its dropout masks are keyed by it), or -1 for the data set. */
  public int sourceLayer() {
    return source.layer();
  }

  static double rate(Node dropout) {
    return dropout.settings(Settings.Dropout.class).rate();
  }

  /** The activation table: each function's forward expression at {@code z}. */
  public static String forward(Activation activation, String z) {
    return switch (activation.kind()) {
      case LEAKY_RELU -> "LEAKY_RELU_FORWARD(" + z + ", " + activation.alpha() + ")";
      case SOFTMAX -> throw new IllegalArgumentException("softmax is applied by the head kernel");
      default -> activation.kind().name() + "_FORWARD(" + z + ")";
    };
  }

  /** ... and its derivative in terms of the output {@code a}. */
  public static String derivative(Activation activation, String a) {
    return switch (activation.kind()) {
      case LEAKY_RELU -> "LEAKY_RELU_DERIVATIVE(" + a + ", " + activation.alpha() + ")";
      case SOFTMAX -> throw new IllegalArgumentException("softmax is only on the output layer");
      default -> activation.kind().name() + "_DERIVATIVE(" + a + ")";
    };
  }
}
