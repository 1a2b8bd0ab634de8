package dev.kiln.reference;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.reference.ReferenceNetwork.Backpropagation;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The test oracle for graph models: a plain-Java, double-precision directed acyclic graph of nodes
 * over a batch of samples, defining what Kiln's kernels must compute for models with several
 * inputs, merges, shared layers and several outputs: every node's values, the loss, and the
 * gradients of the loss with respect to every parameter and every float input.
 *
 * <p>It is written for obviousness, not speed, in the manner of {@link ReferenceNetwork}: each node
 * has a forward rule and its own chain rule, written out per sample, and the backward pass applies
 * them one node at a time in reverse order, with no fused shortcuts.
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li>Every node's value for one sample is a flat row-major vector of doubles, of the node's
 *       <em>width</em>; over a batch of {@code n} samples it is {@code double[n][width]}.
 *   <li>A node may read only nodes added before it, so the order of addition is a topological order
 *       and the graph is acyclic by construction.
 *   <li>Fan-out: a node read by several nodes (or twice by one) receives the sum of the gradients
 *       they send back. A shared Dense layer's parameter gradients are the sum over its uses.
 *   <li>Dense layers are exactly {@link ReferenceNetwork}'s (weights row-major {@code [I][units]},
 *       then the bias; its activations, Jacobians included); each Dense node is evaluated as a
 *       one-layer {@code ReferenceNetwork} holding the node's current parameters.
 *   <li>Loss: {@code sum_k weight_k * loss_k} over the outputs {@code k}, each {@code loss_k}
 *       exactly {@link ReferenceNetwork}'s on that output node's values and labels: the mean over
 *       the batch of the per-sample losses, MSE, MAE and BCE also averaged over the output's width,
 *       the categorical losses summed over it, cross-entropies clamped with {@link
 *       ReferenceNetwork#CLAMP}, sparse labels one class index per sample as {@code y[b][0]}. Plus
 *       {@code l2 * sum(w^2)} over the weights of every Dense layer, a shared layer's counted once;
 *       biases and embedding tables have no L2.
 *   <li>Parameters: a Dense layer has {@code weights} {@code [I][units]} and {@code biases} {@code
 *       [units]} (length 0 without a bias); an Embedding has a {@code table} {@code
 *       [vocabulary][units]}. Initial values come from the builder's seed: Glorot-uniform weights
 *       and zero biases as in {@link ReferenceNetwork}, embedding tables uniform in {@code [-0.05,
 *       0.05]} as Keras's default.
 * </ul>
 *
 * <p>Example, a recommender (two index inputs, two Embeddings, their dot product, MSE):
 *
 * <pre>{@code
 * ReferenceGraph graph = ReferenceGraph.builder()
 *     .indexInput("user", 1)
 *     .indexInput("item", 1)
 *     .embedding("userVectors", "user", 10, 4)
 *     .embedding("itemVectors", "item", 20, 4)
 *     .dot("rating", false, "userVectors", "itemVectors")
 *     .output("rating", Loss.MEAN_SQUARED_ERROR)
 *     .build();
 * Batch batch = new Batch().indices("user", users).indices("item", items).labels("rating", y);
 * double loss = graph.loss(batch);
 * double[] dTable = graph.gradients(batch).table("userVectors");
 * }</pre>
 */
public final class ReferenceGraph {

  /**
   * Keras's {@code l2_normalize} epsilon: a row is divided by {@code sqrt(max(sum x^2, 1e-12))}.
   */
  public static final double NORMALIZE_EPSILON = 1e-12;

  /** Keras's default embedding initializer: uniform in {@code [-0.05, 0.05]}. */
  private static final double EMBEDDING_INIT_LIMIT = 0.05;

  private static final String WEIGHTS = "weights";
  private static final String BIASES = "biases";
  private static final String TABLE = "table";

  /** One output node, its loss, and the weight of that loss in the total. */
  public record Output(String node, Loss loss, double weight) {
    public Output {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(loss, "loss");
      if (!Double.isFinite(weight)) {
        throw new IllegalArgumentException(
            "the loss weight of " + node + " must be finite: " + weight);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Nodes. Each reads the nodes at the positions inputs() gives; width() is its value's per-sample
  // length. Their semantics are stated on the Builder methods that add them.

  private sealed interface Node
      permits FloatInput, IndexInput, Dense, Embedding, Concatenate, Merge, Dot, Reshape, Dropout {
    String name();

    int width();

    List<Integer> inputs();
  }

  private record FloatInput(String name, int width) implements Node {
    public List<Integer> inputs() {
      return List.of();
    }
  }

  /**
   * {@code width} indices per sample; its value is the indices as doubles; only Embeddings read it.
   */
  private record IndexInput(String name, int width) implements Node {
    public List<Integer> inputs() {
      return List.of();
    }
  }

  /** {@code owner}: the Dense node whose parameters this one uses (its own name unless shared). */
  private record Dense(String name, int input, DenseSpec spec, String owner) implements Node {
    public int width() {
      return spec.units();
    }

    public List<Integer> inputs() {
      return List.of(input);
    }
  }

  private record Embedding(String name, int input, int length, int vocabulary, int units)
      implements Node {
    public int width() {
      return length * units;
    }

    public List<Integer> inputs() {
      return List.of(input);
    }
  }

  private record Concatenate(String name, List<Integer> inputs, int width) implements Node {}

  /** The element-wise merges of equal-width rows. */
  private enum MergeOp {
    ADD,
    SUBTRACT,
    MULTIPLY,
    AVERAGE
  }

  private record Merge(String name, MergeOp op, List<Integer> inputs, int width) implements Node {}

  private record Dot(String name, List<Integer> inputs, boolean normalize) implements Node {
    public int width() {
      return 1;
    }
  }

  private record Reshape(String name, int input, int width) implements Node {
    public List<Integer> inputs() {
      return List.of(input);
    }
  }

  private record Dropout(String name, int input, double rate, int width) implements Node {
    public List<Integer> inputs() {
      return List.of(input);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Building.

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds nodes one at a time; each reads nodes already added, by name. Every method refuses, with
   * an {@link IllegalArgumentException}, a name already taken, an unknown input, and widths that do
   * not fit.
   */
  public static final class Builder {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final List<Output> outputs = new ArrayList<>();
    private double l2;
    private long seed;

    private Builder() {}

    /** A float input: {@code width} values per sample, given in {@link Batch#floats}. */
    public Builder floatInput(String name, int width) {
      requirePositive(width, "the width of " + name);
      return append(new FloatInput(name, width));
    }

    /**
     * An index input: {@code length} integer indices per sample, given in {@link Batch#indices};
     * only an Embedding may read it, and nothing is differentiated with respect to it.
     */
    public Builder indexInput(String name, int length) {
      requirePositive(length, "the length of " + name);
      return append(new IndexInput(name, length));
    }

    /**
     * A Dense layer with a bias and leaky ReLU's default slope 0.01; see {@link #dense(String,
     * String, DenseSpec)}.
     */
    public Builder dense(String name, String input, int units, ActivationKind activation) {
      return dense(name, input, new DenseSpec(units, activation));
    }

    /**
     * A Dense layer, exactly {@link ReferenceNetwork}'s: {@code z[o] = sum_i x[i] * W[i*units + o]
     * + bias[o]}, {@code y = act(z)}. Backward: {@code dz = J^T dy} through the activation, {@code
     * dW[i][o] += x[i] * dz[o]}, {@code dbias[o] += dz[o]}, {@code dx[i] = sum_o W[i][o] * dz[o]}.
     */
    public Builder dense(String name, String input, DenseSpec spec) {
      Objects.requireNonNull(spec, "spec");
      return append(new Dense(name, differentiable(name, input), spec, name));
    }

    /**
     * The Dense layer {@code owner} applied once more, to {@code input}: the same parameters,
     * units, activation and bias (Keras's calling one layer object twice). The input must be as
     * wide as the owner's, so both uses have the same in and out widths. The parameters' gradients
     * are the sum over every use; they are read and set under either node's name.
     */
    public Builder sharedDense(String name, String input, String owner) {
      Dense shared = denseNode(owner);
      int from = differentiable(name, input);
      int expected = nodes.get(shared.input()).width();
      if (nodes.get(from).width() != expected) {
        throw new IllegalArgumentException(
            String.format(
                "%s shares %s, which reads width %d, but %s has width %d",
                name, owner, expected, input, nodes.get(from).width()));
      }
      return append(new Dense(name, from, shared.spec(), shared.owner()));
    }

    /**
     * An Embedding reading an index input of length {@code L}: {@code y[l*units + u] =
     * table[i_l*units + u]}, row {@code i_l} of the table {@code [vocabulary][units]} for each
     * index {@code i_l}, which must lie in {@code [0, vocabulary)}. Backward: {@code
     * dtable[i_l*units + u] += dy[l*units + u]} for every sample and position, so a row used
     * several times (within a sample or across the batch) gets the sum, and unused rows get 0.
     */
    public Builder embedding(String name, String input, int vocabulary, int units) {
      requirePositive(vocabulary, "the vocabulary of " + name);
      requirePositive(units, "the units of " + name);
      int from = position(name, input);
      if (!(nodes.get(from) instanceof IndexInput indices)) {
        throw new IllegalArgumentException(
            name + ": an Embedding reads an index input; " + input + " is not one");
      }
      return append(new Embedding(name, from, indices.width(), vocabulary, units));
    }

    /**
     * Two or more rows joined in the order given: {@code y = [x_0, x_1, ...]}. Backward: each input
     * gets its own slice of {@code dy}.
     */
    public Builder concatenate(String name, String... inputs) {
      List<Integer> from = differentiable(name, inputs);
      requireAtLeastTwo(name, from);
      int width = 0;
      for (int k : from) {
        width += nodes.get(k).width();
      }
      return append(new Concatenate(name, from, width));
    }

    /** {@code y = sum_j x_j} over two or more equal-width rows. Backward: {@code dx_j = dy}. */
    public Builder add(String name, String... inputs) {
      return merge(name, MergeOp.ADD, inputs);
    }

    /**
     * {@code y = x_0 - x_1}, exactly two equal-width rows. Backward: {@code dx_0 = dy, dx_1 = -dy}.
     */
    public Builder subtract(String name, String... inputs) {
      return merge(name, MergeOp.SUBTRACT, inputs);
    }

    /**
     * {@code y = prod_j x_j} element-wise over two or more equal-width rows. Backward: {@code dx_j
     * = dy * prod_{k != j} x_k}.
     */
    public Builder multiply(String name, String... inputs) {
      return merge(name, MergeOp.MULTIPLY, inputs);
    }

    /**
     * {@code y = (sum_j x_j) / J} over {@code J >= 2} equal-width rows. Backward: {@code dx_j = dy
     * / J}.
     */
    public Builder average(String name, String... inputs) {
      return merge(name, MergeOp.AVERAGE, inputs);
    }

    /**
     * One value from exactly two equal-width rows {@code a, b}: {@code y = sum_i a_i b_i}; with
     * {@code normalize}, the cosine similarity as Keras computes it: each row first divided by
     * {@code s = sqrt(max(sum x^2, 1e-12))}. Backward without normalize: {@code da = dy * b},
     * {@code db = dy * a}; with it, through {@code u = x / s}: {@code dx = (du - u * (u . du)) / s}
     * while {@code sum x^2 > 1e-12}, else {@code dx = du / s} (s is then the constant 1e-6).
     */
    public Builder dot(String name, boolean normalize, String... inputs) {
      List<Integer> from = differentiable(name, inputs);
      if (from.size() != 2) {
        throw new IllegalArgumentException(
            name + ": a Dot reads exactly two inputs, not " + from.size());
      }
      equalWidths(name, from);
      return append(new Dot(name, from, normalize));
    }

    /**
     * Keras's Reshape: the identity on the flat row, whose length must be the product of {@code
     * shape}. A node of its own, so that it can be read by several nodes. Backward: {@code dx =
     * dy}.
     */
    public Builder reshape(String name, String input, int... shape) {
      int from = differentiable(name, input);
      int size = 1;
      for (int extent : shape) {
        requirePositive(extent, "every extent of " + name + "'s shape");
        size *= extent;
      }
      if (size != nodes.get(from).width()) {
        throw new IllegalArgumentException(
            String.format(
                "%s: cannot reshape width %d into %s", name, nodes.get(from).width(), size));
      }
      return append(new Reshape(name, from, size));
    }

    /** Keras's Flatten: the identity on the flat row, as {@link #reshape} to its own width. */
    public Builder flatten(String name, String input) {
      int from = differentiable(name, input);
      return append(new Reshape(name, from, nodes.get(from).width()));
    }

    /**
     * Dropout with the mask a {@link Batch} gives ({@link Batch#keep}): {@code y[i] = keep[i] ?
     * x[i] / (1 - rate) : 0}, so {@code dx[i] = keep[i] ? dy[i] / (1 - rate) : 0}. Without a mask
     * in the batch, the identity (inference).
     */
    public Builder dropout(String name, String input, double rate) {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException(name + ": the dropout rate must be in [0, 1): " + rate);
      }
      int from = differentiable(name, input);
      return append(new Dropout(name, from, rate, nodes.get(from).width()));
    }

    /** Makes {@code node} an output with loss weight 1. */
    public Builder output(String node, Loss loss) {
      return output(node, loss, 1);
    }

    /** Makes {@code node} an output: its loss times {@code weight} is one term of the total. */
    public Builder output(String node, Loss loss, double weight) {
      differentiable("an output", node);
      for (Output output : outputs) {
        if (output.node().equals(node)) {
          throw new IllegalArgumentException(node + " is already an output");
        }
      }
      outputs.add(new Output(node, loss, weight));
      return this;
    }

    /** The weight decay {@code l2 * sum(w^2)} over Dense weights (default 0). */
    public Builder l2(double l2) {
      if (!(l2 >= 0)) {
        throw new IllegalArgumentException("l2 must be >= 0: " + l2);
      }
      this.l2 = l2;
      return this;
    }

    /** The seed of the initial parameters (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public ReferenceGraph build() {
      if (outputs.isEmpty()) {
        throw new IllegalArgumentException("a graph needs at least one output");
      }
      return new ReferenceGraph(this);
    }

    private Builder merge(String name, MergeOp op, String[] inputs) {
      List<Integer> from = differentiable(name, inputs);
      if (op == MergeOp.SUBTRACT && from.size() != 2) {
        throw new IllegalArgumentException(
            name + ": a Subtract reads exactly two inputs, not " + from.size());
      }
      requireAtLeastTwo(name, from);
      return append(new Merge(name, op, from, equalWidths(name, from)));
    }

    private Builder append(Node node) {
      Objects.requireNonNull(node.name(), "name");
      if (positions.containsKey(node.name())) {
        throw new IllegalArgumentException("there is already a node named " + node.name());
      }
      positions.put(node.name(), nodes.size());
      nodes.add(node);
      return this;
    }

    private int position(String reader, String input) {
      Integer position = positions.get(input);
      if (position == null) {
        throw new IllegalArgumentException(
            reader + " reads " + input + ", which is not a node (yet)");
      }
      return position;
    }

    /** The position of a node whose values can be differentiated: any node but an index input. */
    private int differentiable(String reader, String input) {
      int position = position(reader, input);
      if (nodes.get(position) instanceof IndexInput) {
        throw new IllegalArgumentException(
            reader + " reads the index input " + input + "; only an Embedding may");
      }
      return position;
    }

    private List<Integer> differentiable(String reader, String[] inputs) {
      List<Integer> from = new ArrayList<>();
      for (String input : inputs) {
        from.add(differentiable(reader, input));
      }
      return List.copyOf(from);
    }

    private Dense denseNode(String name) {
      if (!(nodes.get(position("a shared Dense", name)) instanceof Dense dense)) {
        throw new IllegalArgumentException(name + " is not a Dense layer");
      }
      return dense;
    }

    private int equalWidths(String reader, List<Integer> from) {
      int width = nodes.get(from.get(0)).width();
      for (int k : from) {
        if (nodes.get(k).width() != width) {
          Node first = nodes.get(from.get(0));
          Node other = nodes.get(k);
          throw new IllegalArgumentException(
              String.format(
                  "%s needs inputs of equal width, but %s has %d and %s has %d",
                  reader, first.name(), width, other.name(), other.width()));
        }
      }
      return width;
    }

    private static void requireAtLeastTwo(String reader, List<Integer> from) {
      if (from.size() < 2) {
        throw new IllegalArgumentException(
            reader + " merges two or more inputs, not " + from.size());
      }
    }

    private static void requirePositive(int value, String what) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be positive: " + value);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A batch.

  /**
   * The values fed to the graph for one batch, by node name: every input's, the labels of every
   * output (for the loss and gradients), and optionally a dropout mask per Dropout node. The arrays
   * are held, not copied, so a test can nudge an input in place.
   */
  public static final class Batch {
    private final Map<String, double[][]> floats = new HashMap<>();
    private final Map<String, int[][]> indices = new HashMap<>();
    private final Map<String, double[][]> labels = new HashMap<>();
    private final Map<String, boolean[][]> keep = new HashMap<>();

    /** A float input's values {@code x[n][width]}. */
    public Batch floats(String input, double[][] x) {
      floats.put(input, Objects.requireNonNull(x, input));
      return this;
    }

    /** An index input's indices {@code i[n][length]}. */
    public Batch indices(String input, int[][] i) {
      indices.put(input, Objects.requireNonNull(i, input));
      return this;
    }

    /** An output's labels {@code y[n][width]}, or {@code y[n][1]} class indices for sparse CCE. */
    public Batch labels(String output, double[][] y) {
      labels.put(output, Objects.requireNonNull(y, output));
      return this;
    }

    /** A Dropout node's mask {@code keep[n][width]}: true keeps (and scales) the element. */
    public Batch keep(String dropout, boolean[][] mask) {
      keep.put(dropout, Objects.requireNonNull(mask, dropout));
      return this;
    }

    /** The float inputs' values by input name: the arrays given, live. */
    public Map<String, double[][]> floats() {
      return Collections.unmodifiableMap(floats);
    }

    /** The outputs' labels by output name: the arrays given, live. */
    public Map<String, double[][]> labels() {
      return Collections.unmodifiableMap(labels);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Gradients.

  /** The gradients of the total loss, by parameter array and by float input. */
  public static final class Gradients {
    private final ReferenceGraph graph;
    private final Map<String, double[]> parameters;
    private final Map<String, double[][]> inputs;

    private Gradients(
        ReferenceGraph graph, Map<String, double[]> parameters, Map<String, double[][]> inputs) {
      this.graph = graph;
      this.parameters = Collections.unmodifiableMap(parameters);
      this.inputs = Collections.unmodifiableMap(inputs);
    }

    /** Keyed as {@link ReferenceGraph#parameters()}. */
    public Map<String, double[]> parameters() {
      return parameters;
    }

    /** {@code dL/dW} of a Dense node's weights (a shared layer's: the sum over its uses). */
    public double[] weights(String dense) {
      return parameters.get(graph.weightsKey(dense));
    }

    public double[] biases(String dense) {
      return parameters.get(graph.biasesKey(dense));
    }

    public double[] table(String embedding) {
      return parameters.get(graph.tableKey(embedding));
    }

    /** {@code dL/dx[n][width]} for a float input. */
    public double[][] input(String floatInput) {
      double[][] dx = inputs.get(floatInput);
      if (dx == null) {
        throw new IllegalArgumentException(floatInput + " is not a float input");
      }
      return dx;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The graph.

  /** In the order of addition, a topological order. */
  private final List<Node> nodes;

  private final Map<String, Integer> positions;
  private final List<Output> outputs;
  private final double l2;

  /**
   * Live parameter arrays by key {@code "node/weights"}, {@code "node/biases"}, {@code
   * "node/table"}.
   */
  private final Map<String, double[]> parameters;

  private ReferenceGraph(Builder builder) {
    nodes = List.copyOf(builder.nodes);
    positions = Map.copyOf(builder.positions);
    outputs = List.copyOf(builder.outputs);
    l2 = builder.l2;
    parameters = initialParameters(new Random(builder.seed));
  }

  /**
   * Glorot-uniform Dense weights and zero biases (shared layers once), uniform embedding tables.
   */
  private Map<String, double[]> initialParameters(Random random) {
    Map<String, double[]> initial = new LinkedHashMap<>();
    for (Node node : nodes) {
      if (node instanceof Dense dense && dense.owner().equals(dense.name())) {
        int fanIn = nodes.get(dense.input()).width();
        double limit = Math.sqrt(6.0 / (fanIn + dense.width()));
        initial.put(key(dense.name(), WEIGHTS), uniform(fanIn * dense.width(), limit, random));
        initial.put(key(dense.name(), BIASES), new double[dense.spec().bias() ? dense.width() : 0]);
      } else if (node instanceof Embedding embedding) {
        int size = embedding.vocabulary() * embedding.units();
        initial.put(key(embedding.name(), TABLE), uniform(size, EMBEDDING_INIT_LIMIT, random));
      }
    }
    return initial;
  }

  private static double[] uniform(int size, double limit, Random random) {
    double[] values = new double[size];
    for (int k = 0; k < size; k++) {
      values[k] = (2 * random.nextDouble() - 1) * limit;
    }
    return values;
  }

  public List<Output> outputs() {
    return outputs;
  }

  /** A node's per-sample width. */
  public int width(String node) {
    return node(node).width();
  }

  /**
   * Every parameter array, live, keyed {@code "dense/weights"}, {@code "dense/biases"} and {@code
   * "embedding/table"}; a shared Dense layer appears once, under the node that declared it.
   */
  public Map<String, double[]> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** A Dense node's weights {@code [I][units]}, live (a shared node's are its owner's). */
  public double[] weights(String dense) {
    return parameters.get(weightsKey(dense));
  }

  /** A Dense node's biases {@code [units]}, live; length 0 without a bias. */
  public double[] biases(String dense) {
    return parameters.get(biasesKey(dense));
  }

  /** An Embedding's table {@code [vocabulary][units]}, live. */
  public double[] table(String embedding) {
    return parameters.get(tableKey(embedding));
  }

  public void setWeights(String dense, double[] w) {
    copyInto(weights(dense), w, dense + "'s weights");
  }

  public void setBiases(String dense, double[] b) {
    copyInto(biases(dense), b, dense + "'s biases");
  }

  public void setTable(String embedding, double[] table) {
    copyInto(table(embedding), table, embedding + "'s table");
  }

  // ---------------------------------------------------------------------------------------------
  // Forward pass and loss.

  /** Any node's values {@code [n][width]} on this batch (labels are not needed). */
  public double[][] forward(Batch batch, String node) {
    return trace(batch)[position(node)];
  }

  /**
   * Every Dense node's pre-activations {@code z[n][units]} by node name (a shared layer's uses
   * separately): for tests that must keep inputs away from ReLU's kink before taking finite
   * differences.
   */
  public Map<String, double[][]> preActivations(Batch batch) {
    double[][][] values = trace(batch);
    Map<String, double[][]> z = new LinkedHashMap<>();
    for (Node node : nodes) {
      if (node instanceof Dense dense) {
        z.put(dense.name(), layer(dense).preActivations(values[dense.input()])[0]);
      }
    }
    return z;
  }

  /** The total loss: {@code sum_k weight_k * loss_k + l2 * sum(w^2)}. */
  public double loss(Batch batch) {
    double[][][] values = trace(batch);
    double total = 0;
    for (Output output : outputs) {
      total += output.weight() * outputLoss(output, values, batch);
    }
    return total + l2 * sumOfSquaredWeights();
  }

  /** One output's own loss, before its weight (and without L2). */
  public double loss(Batch batch, String output) {
    return outputLoss(output(output), trace(batch), batch);
  }

  private double outputLoss(Output output, double[][][] values, Batch batch) {
    double[][] p = values[position(output.node())];
    return passThrough(output.loss(), p[0].length).loss(p, labels(batch, output, p.length));
  }

  /** Every node's values, by position: the forward pass. */
  private double[][][] trace(Batch batch) {
    int n = checkBatch(batch);
    double[][][] values = new double[nodes.size()][][];
    for (int k = 0; k < nodes.size(); k++) {
      values[k] = forward(nodes.get(k), values, batch, n);
    }
    return values;
  }

  private double[][] forward(Node node, double[][][] values, Batch batch, int n) {
    if (node instanceof FloatInput) {
      return batch.floats.get(node.name());
    }
    if (node instanceof IndexInput) {
      return asDoubles(batch.indices.get(node.name()));
    }
    if (node instanceof Dense dense) {
      return layer(dense).forward(values[dense.input()]);
    }
    double[][] y = new double[n][];
    for (int b = 0; b < n; b++) {
      y[b] = forwardSample(node, inputRows(node, values, b), batch, b);
    }
    return y;
  }

  /** One sample's row of {@code node}, from its inputs' rows {@code x[j]}. */
  private double[] forwardSample(Node node, double[][] x, Batch batch, int b) {
    if (node instanceof Embedding embedding) {
      return embed(indicesOf(embedding, batch)[b], table(embedding.name()), embedding.units());
    }
    if (node instanceof Concatenate) {
      return concatenate(x);
    }
    if (node instanceof Merge merge) {
      return merge(merge.op(), x);
    }
    if (node instanceof Dot dot) {
      return new double[] {
        dot.normalize() ? dot(l2Normalize(x[0]), l2Normalize(x[1])) : dot(x[0], x[1])
      };
    }
    if (node instanceof Reshape) {
      return x[0].clone();
    }
    if (node instanceof Dropout dropout) {
      double[] y = new double[x[0].length];
      for (int i = 0; i < y.length; i++) {
        y[i] = dropoutFactor(dropout, batch, b, i) * x[0][i];
      }
      return y;
    }
    throw new AssertionError(node);
  }

  /** {@code y[l*units + u] = table[indices[l]*units + u]}. */
  private static double[] embed(int[] indices, double[] table, int units) {
    double[] y = new double[indices.length * units];
    for (int l = 0; l < indices.length; l++) {
      for (int u = 0; u < units; u++) {
        y[l * units + u] = table[indices[l] * units + u];
      }
    }
    return y;
  }

  private static double[] concatenate(double[][] x) {
    int width = 0;
    for (double[] part : x) {
      width += part.length;
    }
    double[] y = new double[width];
    int offset = 0;
    for (double[] part : x) {
      System.arraycopy(part, 0, y, offset, part.length);
      offset += part.length;
    }
    return y;
  }

  private static double[] merge(MergeOp op, double[][] x) {
    int J = x.length;
    double[] y = new double[x[0].length];
    for (int i = 0; i < y.length; i++) {
      y[i] =
          switch (op) {
            case ADD -> sum(x, i);
            case SUBTRACT -> x[0][i] - x[1][i];
            case MULTIPLY -> productExcept(x, i, -1);
            case AVERAGE -> sum(x, i) / J;
          };
    }
    return y;
  }

  /** {@code sum_j x[j][i]}. */
  private static double sum(double[][] x, int i) {
    double sum = 0;
    for (double[] row : x) {
      sum += row[i];
    }
    return sum;
  }

  /** {@code prod_{j != skip} x[j][i]}; {@code skip = -1} for the whole product. */
  private static double productExcept(double[][] x, int i, int skip) {
    double product = 1;
    for (int j = 0; j < x.length; j++) {
      if (j != skip) {
        product *= x[j][i];
      }
    }
    return product;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** {@code s = sqrt(max(sum x^2, 1e-12))}: Keras's {@code l2_normalize} divisor. */
  private static double normalizer(double[] x) {
    return Math.sqrt(Math.max(dot(x, x), NORMALIZE_EPSILON));
  }

  /** {@code u = x / s}. */
  private static double[] l2Normalize(double[] x) {
    double s = normalizer(x);
    double[] u = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      u[i] = x[i] / s;
    }
    return u;
  }

  /**
   * Dropout's {@code dy/dx} for element i: {@code 1 / (1 - rate)} if kept, 0 if dropped, 1 without
   * a mask.
   */
  private static double dropoutFactor(Dropout dropout, Batch batch, int b, int i) {
    boolean[][] keep = batch.keep.get(dropout.name());
    if (keep == null) {
      return 1;
    }
    return keep[b][i] ? 1 / (1 - dropout.rate()) : 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Backward pass.

  /**
   * Exact gradients of {@link #loss(Batch)} with respect to every parameter array and every float
   * input: the chain rule from each output's {@code weight_k * dloss_k/dp} back through the nodes
   * in reverse order.
   */
  public Gradients gradients(Batch batch) {
    double[][][] values = trace(batch);
    // d[k] = dL/d(values[k]), complete once every node reading node k has been visited.
    double[][][] d = new double[nodes.size()][][];
    for (int k = 0; k < nodes.size(); k++) {
      d[k] = new double[values[k].length][nodes.get(k).width()];
    }
    for (Output output : outputs) {
      addInto(
          d[position(output.node())],
          weighted(output.weight(), outputLossGradient(output, values, batch)));
    }

    Map<String, double[]> dParameters = new LinkedHashMap<>();
    parameters.forEach((key, p) -> dParameters.put(key, new double[p.length]));
    for (int k = nodes.size() - 1; k >= 0; k--) {
      Node node = nodes.get(k);
      double[][][] dInputs = backward(node, values, d[k], batch, dParameters);
      for (int j = 0; j < dInputs.length; j++) {
        // Fan-out: every reader's share is added, never assigned.
        addInto(d[node.inputs().get(j)], dInputs[j]);
      }
    }
    addWeightDecayGradient(dParameters);

    Map<String, double[][]> dInputs = new LinkedHashMap<>();
    for (int k = 0; k < nodes.size(); k++) {
      if (nodes.get(k) instanceof FloatInput input) {
        dInputs.put(input.name(), d[k]);
      }
    }
    return new Gradients(this, dParameters, dInputs);
  }

  /** {@code dloss_k/dp[n][width]}, the 1/n of the batch mean included. */
  private double[][] outputLossGradient(Output output, double[][][] values, Batch batch) {
    double[][] p = values[position(output.node())];
    return passThrough(output.loss(), p[0].length)
        .inputGradients(p, labels(batch, output, p.length));
  }

  /**
   * {@code dL/dx_j[n][...]} for each input {@code j} of {@code node}, from {@code dy = dL/dy}; adds
   * the node's parameter gradients into {@code dParameters}.
   */
  private double[][][] backward(
      Node node,
      double[][][] values,
      double[][] dy,
      Batch batch,
      Map<String, double[]> dParameters) {
    if (node instanceof FloatInput || node instanceof IndexInput) {
      return new double[0][][];
    }
    if (node instanceof Dense dense) {
      Backpropagation through = layer(dense).backward(values[dense.input()], dy);
      addInto(dParameters.get(weightsKey(dense.name())), through.parameters().weights()[0]);
      addInto(dParameters.get(biasesKey(dense.name())), through.parameters().biases()[0]);
      return new double[][][] {through.inputs()};
    }
    if (node instanceof Embedding embedding) {
      embeddingBackward(
          embedding, indicesOf(embedding, batch), dy, dParameters.get(tableKey(embedding.name())));
      // Indices are not differentiable: the index input gets nothing.
      return new double[][][] {new double[dy.length][embedding.length()]};
    }
    int n = dy.length;
    double[][][] dx = new double[node.inputs().size()][n][];
    for (int b = 0; b < n; b++) {
      double[][] dxSample = backwardSample(node, inputRows(node, values, b), dy[b], batch, b);
      for (int j = 0; j < dx.length; j++) {
        dx[j][b] = dxSample[j];
      }
    }
    return dx;
  }

  /** {@code dtable[i_l*units + u] += dy[l*units + u]} over every sample and position. */
  private static void embeddingBackward(
      Embedding embedding, int[][] indices, double[][] dy, double[] dTable) {
    int units = embedding.units();
    for (int b = 0; b < dy.length; b++) {
      for (int l = 0; l < embedding.length(); l++) {
        for (int u = 0; u < units; u++) {
          dTable[indices[b][l] * units + u] += dy[b][l * units + u];
        }
      }
    }
  }

  /** One sample's {@code dL/dx_j} for each input row {@code x[j]}, from {@code dy}. */
  private static double[][] backwardSample(
      Node node, double[][] x, double[] dy, Batch batch, int b) {
    if (node instanceof Concatenate) {
      return concatenateBackward(x, dy);
    }
    if (node instanceof Merge merge) {
      return mergeBackward(merge.op(), x, dy);
    }
    if (node instanceof Dot dot) {
      return dot.normalize() ? cosineBackward(x[0], x[1], dy[0]) : dotBackward(x[0], x[1], dy[0]);
    }
    if (node instanceof Reshape) {
      return new double[][] {dy.clone()};
    }
    if (node instanceof Dropout dropout) {
      double[] dx = new double[dy.length];
      for (int i = 0; i < dy.length; i++) {
        dx[i] = dropoutFactor(dropout, batch, b, i) * dy[i];
      }
      return new double[][] {dx};
    }
    throw new AssertionError(node);
  }

  /** Input j gets {@code dy[offset_j .. offset_j + width_j)}. */
  private static double[][] concatenateBackward(double[][] x, double[] dy) {
    double[][] dx = new double[x.length][];
    int offset = 0;
    for (int j = 0; j < x.length; j++) {
      dx[j] = new double[x[j].length];
      System.arraycopy(dy, offset, dx[j], 0, x[j].length);
      offset += x[j].length;
    }
    return dx;
  }

  private static double[][] mergeBackward(MergeOp op, double[][] x, double[] dy) {
    int J = x.length;
    double[][] dx = new double[J][dy.length];
    for (int j = 0; j < J; j++) {
      for (int i = 0; i < dy.length; i++) {
        double dyDx =
            switch (op) {
              case ADD -> 1;
              case SUBTRACT -> j == 0 ? 1 : -1;
              case MULTIPLY -> productExcept(x, i, j);
              case AVERAGE -> 1.0 / J;
            };
        dx[j][i] = dy[i] * dyDx;
      }
    }
    return dx;
  }

  /** {@code y = a . b}: {@code da = dy * b}, {@code db = dy * a}. */
  private static double[][] dotBackward(double[] a, double[] b, double dy) {
    double[] da = new double[a.length];
    double[] db = new double[b.length];
    for (int i = 0; i < a.length; i++) {
      da[i] = dy * b[i];
      db[i] = dy * a[i];
    }
    return new double[][] {da, db};
  }

  /**
   * {@code y = l2Normalize(a) . l2Normalize(b)}: through the dot, then through each normalization.
   */
  private static double[][] cosineBackward(double[] a, double[] b, double dy) {
    double[][] du = dotBackward(l2Normalize(a), l2Normalize(b), dy);
    return new double[][] {l2NormalizeBackward(a, du[0]), l2NormalizeBackward(b, du[1])};
  }

  /**
   * Through {@code u = x / s}, {@code s = sqrt(max(S, 1e-12))}, {@code S = sum x^2}: while {@code S
   * > 1e-12}, {@code du_i/dx_k = delta_ik / s - x_i x_k / s^3}, so {@code dx = (du - u (u . du)) /
   * s}; otherwise s is constant and {@code dx = du / s}.
   */
  private static double[] l2NormalizeBackward(double[] x, double[] du) {
    double s = normalizer(x);
    double[] u = l2Normalize(x);
    double uDotDu = dot(x, x) > NORMALIZE_EPSILON ? dot(u, du) : 0;
    double[] dx = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      dx[k] = (du[k] - u[k] * uDotDu) / s;
    }
    return dx;
  }

  /** {@code l2 * sum(w^2)}'s gradient {@code 2 * l2 * w}, once per Dense weight array. */
  private void addWeightDecayGradient(Map<String, double[]> dParameters) {
    for (Map.Entry<String, double[]> entry : parameters.entrySet()) {
      if (entry.getKey().endsWith("/" + WEIGHTS)) {
        double[] w = entry.getValue();
        double[] dw = dParameters.get(entry.getKey());
        for (int k = 0; k < w.length; k++) {
          dw[k] += 2 * l2 * w[k];
        }
      }
    }
  }

  private double sumOfSquaredWeights() {
    double sum = 0;
    for (Map.Entry<String, double[]> entry : parameters.entrySet()) {
      if (entry.getKey().endsWith("/" + WEIGHTS)) {
        sum += dot(entry.getValue(), entry.getValue());
      }
    }
    return sum;
  }

  // ---------------------------------------------------------------------------------------------
  // ReferenceNetwork's Dense layers and losses.

  /** A Dense node as a one-layer {@link ReferenceNetwork} with the node's current parameters. */
  private ReferenceNetwork layer(Dense dense) {
    int fanIn = nodes.get(dense.input()).width();
    // Only its layer is used: its loss and optimizer never are, and L2 is this graph's.
    ReferenceNetwork layer =
        new ReferenceNetwork(
            fanIn, List.of(dense.spec()), Loss.MEAN_SQUARED_ERROR, Optimizer.SGD, 0.0);
    layer.setWeights(0, weights(dense.name()));
    layer.setBiases(0, biases(dense.name()));
    return layer;
  }

  /**
   * An identity linear layer without bias: its {@code loss(p, y)} is {@link ReferenceNetwork}'s
   * loss of {@code p} itself, and its {@code inputGradients(p, y)} that loss's {@code dL/dp}.
   */
  private static ReferenceNetwork passThrough(Loss loss, int width) {
    ReferenceNetwork identity =
        new ReferenceNetwork(
            width,
            List.of(new DenseSpec(width, ActivationKind.LINEAR, 0.01, false)),
            loss,
            Optimizer.SGD,
            0.0);
    double[] w = new double[width * width];
    for (int i = 0; i < width; i++) {
      w[i * width + i] = 1;
    }
    identity.setWeights(0, w);
    return identity;
  }

  // ---------------------------------------------------------------------------------------------
  // Names, shapes and checks.

  private static String key(String node, String array) {
    return node + "/" + array;
  }

  private String weightsKey(String dense) {
    return key(denseNode(dense).owner(), WEIGHTS);
  }

  private String biasesKey(String dense) {
    return key(denseNode(dense).owner(), BIASES);
  }

  private String tableKey(String embedding) {
    if (!(node(embedding) instanceof Embedding)) {
      throw new IllegalArgumentException(embedding + " is not an Embedding");
    }
    return key(embedding, TABLE);
  }

  private int position(String node) {
    Integer position = positions.get(node);
    if (position == null) {
      throw new IllegalArgumentException("no node named " + node);
    }
    return position;
  }

  private Node node(String name) {
    return nodes.get(position(name));
  }

  private Dense denseNode(String name) {
    if (!(node(name) instanceof Dense dense)) {
      throw new IllegalArgumentException(name + " is not a Dense layer");
    }
    return dense;
  }

  private Output output(String node) {
    for (Output output : outputs) {
      if (output.node().equals(node)) {
        return output;
      }
    }
    throw new IllegalArgumentException(node + " is not an output");
  }

  /** The rows of {@code node}'s inputs for sample b, in the order it reads them. */
  private static double[][] inputRows(Node node, double[][][] values, int b) {
    double[][] x = new double[node.inputs().size()][];
    for (int j = 0; j < x.length; j++) {
      x[j] = values[node.inputs().get(j)][b];
    }
    return x;
  }

  private int[][] indicesOf(Embedding embedding, Batch batch) {
    return batch.indices.get(nodes.get(embedding.input()).name());
  }

  private double[][] labels(Batch batch, Output output, int n) {
    double[][] y = batch.labels.get(output.node());
    if (y == null) {
      throw new IllegalArgumentException("the batch has no labels for the output " + output.node());
    }
    if (y.length != n) {
      throw new IllegalArgumentException(
          y.length + " labels for " + output.node() + ", " + n + " samples");
    }
    return y;
  }

  /**
   * Refuses a batch that misses an input, names a node that takes no such values, or has rows of
   * the wrong count or width, or an index outside an Embedding's vocabulary; returns its size n.
   */
  private int checkBatch(Batch batch) {
    requireKinds(batch.floats, FloatInput.class, "float input");
    requireKinds(batch.indices, IndexInput.class, "index input");
    requireKinds(batch.keep, Dropout.class, "Dropout");
    for (String name : batch.labels.keySet()) {
      output(name);
    }
    int n = -1;
    for (Node node : nodes) {
      if (node instanceof FloatInput) {
        n = checkRows(node.name(), batch.floats.get(node.name()), n);
        for (double[] row : batch.floats.get(node.name())) {
          checkWidth(node, row.length);
        }
      } else if (node instanceof IndexInput) {
        n = checkRows(node.name(), batch.indices.get(node.name()), n);
        for (int[] row : batch.indices.get(node.name())) {
          checkWidth(node, row.length);
        }
      } else if (node instanceof Embedding embedding) {
        checkVocabulary(embedding, indicesOf(embedding, batch));
      } else if (node instanceof Dropout && batch.keep.containsKey(node.name())) {
        boolean[][] mask = batch.keep.get(node.name());
        if (mask.length != n) {
          throw new IllegalArgumentException(
              node.name() + "'s mask has " + mask.length + " rows, not " + n);
        }
        for (boolean[] row : mask) {
          checkWidth(node, row.length);
        }
      }
    }
    if (n < 1) {
      throw new IllegalArgumentException("empty batch");
    }
    return n;
  }

  private void requireKinds(Map<String, ?> values, Class<? extends Node> kind, String what) {
    for (String name : values.keySet()) {
      if (!kind.isInstance(node(name))) {
        throw new IllegalArgumentException(name + " is not a " + what);
      }
    }
  }

  /** The row count of one input's values, which must be every input's. */
  private static int checkRows(String input, Object[] rows, int n) {
    if (rows == null) {
      throw new IllegalArgumentException("the batch has no values for the input " + input);
    }
    if (n >= 0 && rows.length != n) {
      throw new IllegalArgumentException(
          input + " has " + rows.length + " rows, the other inputs " + n);
    }
    return rows.length;
  }

  private static void checkWidth(Node node, int width) {
    if (width != node.width()) {
      throw new IllegalArgumentException(
          node.name() + " takes rows of width " + node.width() + ", not " + width);
    }
  }

  private static void checkVocabulary(Embedding embedding, int[][] indices) {
    for (int[] row : indices) {
      for (int index : row) {
        if (index < 0 || index >= embedding.vocabulary()) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: index %d is outside [0, %d)",
                  embedding.name(), index, embedding.vocabulary()));
        }
      }
    }
  }

  private static double[][] asDoubles(int[][] indices) {
    double[][] values = new double[indices.length][];
    for (int b = 0; b < indices.length; b++) {
      values[b] = new double[indices[b].length];
      for (int l = 0; l < indices[b].length; l++) {
        values[b][l] = indices[b][l];
      }
    }
    return values;
  }

  private static double[][] weighted(double weight, double[][] m) {
    double[][] scaled = new double[m.length][];
    for (int b = 0; b < m.length; b++) {
      scaled[b] = new double[m[b].length];
      for (int i = 0; i < m[b].length; i++) {
        scaled[b][i] = weight * m[b][i];
      }
    }
    return scaled;
  }

  private static void addInto(double[][] target, double[][] source) {
    for (int b = 0; b < target.length; b++) {
      addInto(target[b], source[b]);
    }
  }

  private static void addInto(double[] target, double[] source) {
    for (int k = 0; k < target.length; k++) {
      target[k] += source[k];
    }
  }

  private static void copyInto(double[] target, double[] source, String what) {
    if (source.length != target.length) {
      throw new IllegalArgumentException(
          what + ": " + target.length + " values, got " + source.length);
    }
    System.arraycopy(source, 0, target, 0, source.length);
  }
}
