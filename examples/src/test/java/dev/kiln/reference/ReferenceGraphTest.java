package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.reference.ReferenceGraph.Batch;
import dev.kiln.reference.ReferenceGraph.Builder;
import dev.kiln.reference.ReferenceGraph.Gradients;
import dev.kiln.reference.ReferenceGraph.Output;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the graph oracle itself: slopes for every node kind, worked examples, refused graphs. */
class ReferenceGraphTest {

  private static final ActivationKind LINEAR = ActivationKind.LINEAR;
  private static final ActivationKind SIGMOID = ActivationKind.SIGMOID;
  private static final ActivationKind TANH = ActivationKind.TANH;
  private static final ActivationKind RELU = ActivationKind.RELU;
  private static final Loss MSE = Loss.MEAN_SQUARED_ERROR;
  private static final Loss BCE = Loss.BINARY_CROSS_ENTROPY;

  /** Samples per batch in the finite-difference checks. */
  private static final int N = 3;

  // ---------------------------------------------------------------------------------------------
  // The merges, as the output and inside the graph.

  /** The merges, each with the inputs it is checked on: three where it takes any number. */
  enum MergeKind {
    CONCATENATE,
    ADD,
    SUBTRACT,
    MULTIPLY,
    AVERAGE;

    private Builder apply(Builder builder, String name, String... inputs) {
      return switch (this) {
        case CONCATENATE -> builder.concatenate(name, inputs);
        case ADD -> builder.add(name, inputs);
        case SUBTRACT -> builder.subtract(name, inputs);
        case MULTIPLY -> builder.multiply(name, inputs);
        case AVERAGE -> builder.average(name, inputs);
      };
    }

    /** Float inputs of width 3: two for Subtract, three for the others. */
    private List<String> floatInputs() {
      return this == SUBTRACT ? List.of("a", "b") : List.of("a", "b", "c");
    }

    /**
     * The merge "m" of {@code da}, a tanh Dense layer on {@code a}, and the other float inputs
     * themselves, so that both kinds of gradient path are checked.
     */
    Builder merged() {
      Builder builder = ReferenceGraph.builder();
      for (String input : floatInputs()) {
        builder.floatInput(input, 3);
      }
      builder.dense("da", "a", 3, TANH);
      List<String> read = new ArrayList<>(floatInputs());
      read.set(0, "da");
      return apply(builder, "m", read.toArray(String[]::new));
    }

    Batch inputs(Random random) {
      Batch batch = new Batch();
      for (String input : floatInputs()) {
        batch.floats(input, uniform(N, 3, random));
      }
      return batch;
    }
  }

  @ParameterizedTest
  @EnumSource(MergeKind.class)
  void mergeAsTheOutput(MergeKind kind) {
    ReferenceGraph graph = kind.merged().output("m", MSE).build();
    int width = graph.width("m");
    assertGradientsMatchFiniteDifferences(
        graph, random -> kind.inputs(random).labels("m", uniform(N, width, random)));
  }

  @ParameterizedTest
  @EnumSource(MergeKind.class)
  void mergeInsideTheGraph(MergeKind kind) {
    ReferenceGraph graph = kind.merged().dense("out", "m", 2, SIGMOID).output("out", BCE).build();
    assertGradientsMatchFiniteDifferences(
        graph, random -> kind.inputs(random).labels("out", RandomLabels.of(BCE, N, 2, random)));
  }

  // ---------------------------------------------------------------------------------------------
  // Dot, plain and normalized, as the output and inside the graph.

  /** {@code dot(dense(a), b)}: a Dense layer's output against a raw input. */
  private static Builder dotOfTwoInputs(boolean normalize) {
    return ReferenceGraph.builder()
        .floatInput("a", 3)
        .floatInput("b", 4)
        .dense("ea", "a", 4, TANH)
        .dot("score", normalize, "ea", "b");
  }

  private static Batch dotInputs(Random random) {
    return new Batch().floats("a", uniform(N, 3, random)).floats("b", uniform(N, 4, random));
  }

  @ParameterizedTest(name = "normalize {0}")
  @ValueSource(booleans = {false, true})
  void dotAsTheOutput(boolean normalize) {
    ReferenceGraph graph = dotOfTwoInputs(normalize).output("score", MSE).build();
    assertGradientsMatchFiniteDifferences(
        graph, random -> dotInputs(random).labels("score", uniform(N, 1, random)));
  }

  @ParameterizedTest(name = "normalize {0}")
  @ValueSource(booleans = {false, true})
  void dotInsideTheGraph(boolean normalize) {
    ReferenceGraph graph =
        dotOfTwoInputs(normalize)
            .floatInput("c", 2)
            .concatenate("joined", "score", "c")
            .dense("out", "joined", 2, TANH)
            .output("out", MSE)
            .build();
    assertGradientsMatchFiniteDifferences(
        graph,
        random ->
            dotInputs(random)
                .floats("c", uniform(N, 2, random))
                .labels("out", uniform(N, 2, random)));
  }

  // ---------------------------------------------------------------------------------------------
  // Embedding.

  /**
   * Row 1 twice in sample 0 and again in sample 1, row 3 in both samples, row 0 once, row 2 never:
   * its gradient must be exactly 0.
   */
  @Test
  void embeddingWithRepeatedIndices() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .indexInput("words", 3)
            .embedding("vectors", "words", 4, 2)
            .flatten("flat", "vectors")
            .dense("out", "flat", 2, TANH)
            .output("out", MSE)
            .build();
    int[][] words = {{1, 1, 3}, {3, 0, 1}};
    assertGradientsMatchFiniteDifferences(
        graph, random -> new Batch().indices("words", words).labels("out", uniform(2, 2, random)));
    Batch batch = new Batch().indices("words", words).labels("out", uniform(2, 2, new Random(0)));
    double[] dTable = graph.gradients(batch).table("vectors");
    assertArrayEquals(new double[] {0, 0}, Arrays.copyOfRange(dTable, 4, 6), 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Fan-out.

  /**
   * {@code h} is read by two Dense layers and by the Add that merges them, so it gets three
   * gradients; for every activation of {@code h}, with a bias-less consumer and leaky slope 0.2.
   */
  @ParameterizedTest
  @EnumSource(ActivationKind.class)
  void fanOutOfADenseOutput(ActivationKind activation) {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("x", 3)
            .dense("h", "x", new DenseSpec(4, activation, 0.2, true))
            .dense("c1", "h", 4, TANH)
            .dense("c2", "h", new DenseSpec(4, SIGMOID, 0.01, false))
            .add("sum", "c1", "c2", "h")
            .output("sum", MSE)
            .build();
    assertGradientsMatchFiniteDifferences(
        graph,
        random ->
            new Batch().floats("x", uniform(N, 3, random)).labels("sum", uniform(N, 4, random)));
  }

  /** {@code x} is read by two Dense layers, a Multiply, and twice by another Multiply. */
  @Test
  void fanOutOfAnInput() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("x", 3)
            .dense("d1", "x", 3, TANH)
            .dense("d2", "x", 3, LINEAR)
            .multiply("m", "d1", "d2", "x")
            .multiply("square", "x", "x")
            .concatenate("all", "m", "square")
            .dense("out", "all", 2, LINEAR)
            .output("out", MSE)
            .build();
    assertGradientsMatchFiniteDifferences(
        graph,
        random ->
            new Batch().floats("x", uniform(N, 3, random)).labels("out", uniform(N, 2, random)));
  }

  /** A Reshape read by two Dense layers and a Flatten: fan-out through the identity. */
  @Test
  void fanOutThroughAReshape() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("x", 6)
            .reshape("grid", "x", 2, 3)
            .dense("p", "grid", 2, TANH)
            .dense("q", "grid", 2, SIGMOID)
            .flatten("flat", "grid")
            .subtract("difference", "p", "q")
            .concatenate("joined", "difference", "flat")
            .output("joined", MSE)
            .build();
    assertGradientsMatchFiniteDifferences(
        graph,
        random ->
            new Batch().floats("x", uniform(N, 6, random)).labels("joined", uniform(N, 8, random)));
  }

  // ---------------------------------------------------------------------------------------------
  // Shared layers.

  /** One encoder applied to two inputs; both uses feed a Concatenate and a Dense output. */
  private static Builder sharedEncoder() {
    return ReferenceGraph.builder()
        .floatInput("left", 3)
        .floatInput("right", 3)
        .dense("encoder", "left", 4, TANH)
        .sharedDense("encoderRight", "right", "encoder");
  }

  private static Batch leftAndRight(Random random, String output, Loss loss, int width) {
    return new Batch()
        .floats("left", uniform(N, 3, random))
        .floats("right", uniform(N, 3, random))
        .labels(output, RandomLabels.of(loss, N, width, random));
  }

  @Test
  void sharedDenseUsedFromTwoInputs() {
    ReferenceGraph graph =
        sharedEncoder()
            .concatenate("both", "encoder", "encoderRight")
            .dense("out", "both", 2, LINEAR)
            .output("out", MSE)
            .build();
    assertSame(graph.weights("encoder"), graph.weights("encoderRight"));
    assertSame(graph.biases("encoder"), graph.biases("encoderRight"));
    assertEquals(
        List.of("encoder/weights", "encoder/biases", "out/weights", "out/biases"),
        List.copyOf(graph.parameters().keySet()));
    assertGradientsMatchFiniteDifferences(graph, random -> leftAndRight(random, "out", MSE, 2));
  }

  /**
   * The shared layer's gradient is the sum of what two separate layers holding the same values get:
   * checked against a twin graph that does not share.
   */
  @Test
  void sharedGradientIsTheSumOverUses() {
    ReferenceGraph shared =
        sharedEncoder().add("sum", "encoder", "encoderRight").output("sum", MSE).build();
    ReferenceGraph twin =
        ReferenceGraph.builder()
            .floatInput("left", 3)
            .floatInput("right", 3)
            .dense("encoder", "left", 4, TANH)
            .dense("encoderRight", "right", 4, TANH)
            .add("sum", "encoder", "encoderRight")
            .output("sum", MSE)
            .build();
    twin.setWeights("encoderRight", shared.weights("encoder"));
    twin.setWeights("encoder", shared.weights("encoder"));
    twin.setBiases("encoderRight", new double[] {0.1, -0.2, 0.3, 0});
    twin.setBiases("encoder", new double[] {0.1, -0.2, 0.3, 0});
    shared.setBiases("encoder", new double[] {0.1, -0.2, 0.3, 0});
    Batch batch = leftAndRight(new Random(1), "sum", MSE, 4);

    Gradients g = shared.gradients(batch);
    Gradients separate = twin.gradients(batch);
    assertEquals(twin.loss(batch), shared.loss(batch), 1e-12);
    assertArrayEquals(
        sum(separate.weights("encoder"), separate.weights("encoderRight")),
        g.weights("encoder"),
        1e-12);
    assertArrayEquals(
        sum(separate.biases("encoder"), separate.biases("encoderRight")),
        g.biases("encoderRight"),
        1e-12);
  }

  /** Two float inputs, one shared ReLU Dense layer, Subtract, a sigmoid Dense output, BCE. */
  @Test
  void siameseGraph() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("left", 3)
            .floatInput("right", 3)
            .dense("embed", "left", 4, RELU)
            .sharedDense("embedRight", "right", "embed")
            .subtract("difference", "embed", "embedRight")
            .dense("same", "difference", 1, SIGMOID)
            .output("same", BCE)
            .build();
    assertGradientsMatchFiniteDifferences(graph, random -> leftAndRight(random, "same", BCE, 1));
  }

  // ---------------------------------------------------------------------------------------------
  // Recommenders: two index inputs, two Embeddings.

  /** User 2 and item 1 appear twice in the batch, so rows accumulate across samples. */
  private static final int[][] USERS = {{2}, {0}, {2}, {4}};

  private static final int[][] ITEMS = {{1}, {1}, {5}, {0}};

  private static Builder userAndItemVectors() {
    return ReferenceGraph.builder()
        .indexInput("user", 1)
        .indexInput("item", 1)
        .embedding("userVectors", "user", 5, 3)
        .embedding("itemVectors", "item", 6, 3);
  }

  private static Batch usersAndItems(Random random, String output) {
    return new Batch()
        .indices("user", USERS)
        .indices("item", ITEMS)
        .labels(output, uniform(USERS.length, 1, random));
  }

  @ParameterizedTest(name = "normalize {0}")
  @ValueSource(booleans = {false, true})
  void recommenderWithDot(boolean normalize) {
    ReferenceGraph graph =
        userAndItemVectors()
            .dot("rating", normalize, "userVectors", "itemVectors")
            .output("rating", MSE)
            .build();
    assertGradientsMatchFiniteDifferences(graph, random -> usersAndItems(random, "rating"));
  }

  @Test
  void recommenderWithConcatenateThenMlp() {
    ReferenceGraph graph =
        userAndItemVectors()
            .concatenate("pair", "userVectors", "itemVectors")
            .dense("hidden", "pair", 4, RELU)
            .dense("rating", "hidden", 1, LINEAR)
            .output("rating", MSE)
            .build();
    assertGradientsMatchFiniteDifferences(graph, random -> usersAndItems(random, "rating"));
  }

  // ---------------------------------------------------------------------------------------------
  // Several outputs, dropout, weight decay.

  /**
   * A head with the given loss (weight 0.3), and a second, MSE head (weight 1.7) that reads the
   * first as well as the trunk: an output that is also an inner node.
   */
  @ParameterizedTest
  @EnumSource(value = Loss.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void twoOutputsWithDifferentLossesAndWeights(Loss loss) {
    ActivationKind activation =
        switch (loss) {
          case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR -> TANH;
          case BINARY_CROSS_ENTROPY -> SIGMOID;
          case CATEGORICAL_CROSS_ENTROPY, SPARSE_CATEGORICAL_CROSS_ENTROPY ->
              ActivationKind.SOFTMAX;
          case NONE -> throw new IllegalArgumentException("an output has a loss");
        };
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("x", 3)
            .dense("trunk", "x", 4, TANH)
            .dense("head", "trunk", 3, activation)
            .concatenate("trunkAndHead", "trunk", "head")
            .dense("value", "trunkAndHead", 2, LINEAR)
            .output("head", loss, 0.3)
            .output("value", MSE, 1.7)
            .build();
    Function<Random, Batch> draw =
        random ->
            new Batch()
                .floats("x", uniform(N, 3, random))
                .labels("head", RandomLabels.of(loss, N, 3, random))
                .labels("value", uniform(N, 2, random));
    assertGradientsMatchFiniteDifferences(graph, draw);

    Batch batch = draw.apply(new Random(0));
    double total = 0.3 * graph.loss(batch, "head") + 1.7 * graph.loss(batch, "value");
    assertEquals(total, graph.loss(batch), 1e-12);
  }

  /** Sample 0 drops two of four values, sample 1 none, sample 2 all but one. */
  private static final boolean[][] MASK = {
    {true, false, true, false}, {true, true, true, true}, {false, false, true, false}
  };

  @Test
  void dropoutWithAFixedMaskAfterAMerge() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("a", 3)
            .floatInput("b", 4)
            .dense("da", "a", 4, TANH)
            .add("sum", "da", "b")
            .dropout("dropped", "sum", 0.4)
            .dense("out", "dropped", 2, LINEAR)
            .output("out", MSE)
            .build();
    assertGradientsMatchFiniteDifferences(
        graph,
        random ->
            new Batch()
                .floats("a", uniform(N, 3, random))
                .floats("b", uniform(N, 4, random))
                .keep("dropped", MASK)
                .labels("out", uniform(N, 2, random)));
  }

  /** L2 on the Dense weights, a shared layer's among them, with ReLU and no-bias layers. */
  @Test
  void weightDecayWithASharedLayer() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("left", 3)
            .floatInput("right", 3)
            .dense("encoder", "left", new DenseSpec(4, RELU, 0.01, false))
            .sharedDense("encoderRight", "right", "encoder")
            .average("mean", "encoder", "encoderRight")
            .dense("out", "mean", 2, ActivationKind.SOFTMAX)
            .output("out", Loss.CATEGORICAL_CROSS_ENTROPY)
            .l2(0.05)
            .build();
    assertGradientsMatchFiniteDifferences(
        graph, random -> leftAndRight(random, "out", Loss.CATEGORICAL_CROSS_ENTROPY, 2));
  }

  /** A chain of Dense layers is a ReferenceNetwork: same loss, same gradients. */
  @Test
  void aChainIsAReferenceNetwork() {
    List<DenseSpec> layers =
        List.of(new DenseSpec(4, RELU), new DenseSpec(3, ActivationKind.SOFTMAX));
    ReferenceNetwork net =
        new ReferenceNetwork(2, layers, Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, Optimizer.SGD, 0.01);
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("x", 2)
            .dense("hidden", "x", layers.get(0))
            .dense("out", "hidden", layers.get(1))
            .output("out", Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)
            .l2(0.01)
            .build();
    graph.setWeights("hidden", net.weights(0));
    graph.setBiases("hidden", new double[] {0.1, -0.1, 0.2, 0.05});
    net.setBiases(0, graph.biases("hidden"));
    graph.setWeights("out", net.weights(1));
    double[][] x = {{0.5, -1}, {1.5, 0.25}};
    double[][] y = {{2}, {0}};
    Batch batch = new Batch().floats("x", x).labels("out", y);

    assertEquals(net.loss(x, y), graph.loss(batch), 1e-12);
    Gradients g = graph.gradients(batch);
    ReferenceNetwork.Gradients expected = net.gradients(x, y);
    assertArrayEquals(expected.weights()[0], g.weights("hidden"), 1e-12);
    assertArrayEquals(expected.biases()[0], g.biases("hidden"), 1e-12);
    assertArrayEquals(expected.weights()[1], g.weights("out"), 1e-12);
    assertArrayEquals(expected.biases()[1], g.biases("out"), 1e-12);
  }

  // ---------------------------------------------------------------------------------------------
  // Forward values by hand.

  /** Two float inputs {@code a, b} of width w, merged by {@code merge} into the output "m". */
  private static ReferenceGraph twoInputs(int width, Function<Builder, Builder> merge) {
    Builder builder = ReferenceGraph.builder().floatInput("a", width).floatInput("b", width);
    return merge.apply(builder).output("m", MSE).build();
  }

  /** [1, 2, 3] . [4, -5, 6] = 4 - 10 + 18 = 12. */
  @Test
  void dotByHand() {
    ReferenceGraph graph = twoInputs(3, builder -> builder.dot("m", false, "a", "b"));
    Batch batch =
        new Batch()
            .floats("a", new double[][] {{1, 2, 3}})
            .floats("b", new double[][] {{4, -5, 6}});
    assertArrayEquals(new double[] {12}, graph.forward(batch, "m")[0], 1e-12);
  }

  /**
   * [3, 4] . [4, 3] / (5 * 5) = 24 / 25 = 0.96; [1, 0] and [0, 2] are orthogonal, 0; a zero row is
   * divided by sqrt(1e-12), not by 0, so its cosine is 0 rather than NaN.
   */
  @Test
  void cosineDotByHand() {
    ReferenceGraph graph = twoInputs(2, builder -> builder.dot("m", true, "a", "b"));
    Batch batch =
        new Batch()
            .floats("a", new double[][] {{3, 4}, {1, 0}, {0, 0}})
            .floats("b", new double[][] {{4, 3}, {0, 2}, {1, 1}});
    double[][] cosine = graph.forward(batch, "m");
    assertArrayEquals(new double[] {0.96}, cosine[0], 1e-12);
    assertArrayEquals(new double[] {0}, cosine[1], 1e-12);
    assertArrayEquals(new double[] {0}, cosine[2], 0);
  }

  /**
   * a = [1e-7, 1e-7] has sum a^2 = 2e-14 < 1e-12, so it is divided by the constant 1e-6: u_a =
   * [0.1, 0.1]; b = [3, 4], u_b = [0.6, 0.8]; cos = 0.06 + 0.08 = 0.14. MSE against 0 over one
   * sample: L = 0.0196, dL/dcos = 0.28. da = 0.28 * u_b / 1e-6 = [168000, 224000] (no term through
   * the constant normalizer); db = 0.28 * (u_a - u_b (u_b . u_a)) / 5 = 0.28 * ([0.1, 0.1] -
   * [0.084, 0.112]) / 5 = [0.000896, -0.000672].
   */
  @Test
  void cosineOfATinyRowByHand() {
    ReferenceGraph graph = twoInputs(2, builder -> builder.dot("m", true, "a", "b"));
    Batch batch =
        new Batch()
            .floats("a", new double[][] {{1e-7, 1e-7}})
            .floats("b", new double[][] {{3, 4}})
            .labels("m", new double[][] {{0}});
    assertEquals(0.14, graph.forward(batch, "m")[0][0], 1e-12);
    assertEquals(0.0196, graph.loss(batch), 1e-12);
    Gradients g = graph.gradients(batch);
    assertArrayEquals(new double[] {168000, 224000}, g.input("a")[0], 1e-4);
    assertArrayEquals(new double[] {0.000896, -0.000672}, g.input("b")[0], 1e-12);
  }

  /** [1, 2] then [3] then [4, 5], in the order given (not the order of addition). */
  @Test
  void concatenateByHand() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("first", 2)
            .floatInput("last", 2)
            .floatInput("middle", 1)
            .concatenate("m", "first", "middle", "last")
            .output("m", MSE)
            .build();
    Batch batch =
        new Batch()
            .floats("first", new double[][] {{1, 2}})
            .floats("middle", new double[][] {{3}})
            .floats("last", new double[][] {{4, 5}});
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, graph.forward(batch, "m")[0], 0);
  }

  /** ([1, 2] + [3, 6] + [5, 1]) / 3 = [3, 3]. */
  @Test
  void averageByHand() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("a", 2)
            .floatInput("b", 2)
            .floatInput("c", 2)
            .average("m", "a", "b", "c")
            .output("m", MSE)
            .build();
    Batch batch =
        new Batch()
            .floats("a", new double[][] {{1, 2}})
            .floats("b", new double[][] {{3, 6}})
            .floats("c", new double[][] {{5, 1}});
    assertArrayEquals(new double[] {3, 3}, graph.forward(batch, "m")[0], 1e-12);
  }

  /**
   * a = [2, -3], b = [5, 4]: a + b = [7, 1], a - b = [-3, -7], b - a = [3, 7], a * b = [10, -12].
   */
  @Test
  void addSubtractMultiplyByHand() {
    Batch batch =
        new Batch().floats("a", new double[][] {{2, -3}}).floats("b", new double[][] {{5, 4}});
    assertArrayEquals(
        new double[] {7, 1}, twoInputs(2, b -> b.add("m", "a", "b")).forward(batch, "m")[0], 0);
    assertArrayEquals(
        new double[] {-3, -7},
        twoInputs(2, b -> b.subtract("m", "a", "b")).forward(batch, "m")[0],
        0);
    assertArrayEquals(
        new double[] {3, 7},
        twoInputs(2, b -> b.subtract("m", "b", "a")).forward(batch, "m")[0],
        0);
    assertArrayEquals(
        new double[] {10, -12},
        twoInputs(2, b -> b.multiply("m", "a", "b")).forward(batch, "m")[0],
        0);
  }

  /**
   * table = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]; indices [2, 0, 2] give rows 2, 0, 2 and [1, 1, 1]
   * row 1 three times. MSE against 0 over n = 2 samples of width 6: dL/de = 2e / (2 * 6) = e / 6,
   * and each row's gradient is its value / 6 times the number of its uses in the whole batch: row 0
   * once, [1/60, 2/60]; row 1 three times, [0.15, 0.2]; row 2 twice, [1/6, 0.2].
   */
  @Test
  void embeddingByHand() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .indexInput("words", 3)
            .embedding("vectors", "words", 3, 2)
            .output("vectors", MSE)
            .build();
    graph.setTable("vectors", new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
    Batch batch =
        new Batch()
            .indices("words", new int[][] {{2, 0, 2}, {1, 1, 1}})
            .labels("vectors", new double[2][6]);
    double[][] vectors = graph.forward(batch, "vectors");
    assertArrayEquals(new double[] {0.5, 0.6, 0.1, 0.2, 0.5, 0.6}, vectors[0], 0);
    assertArrayEquals(new double[] {0.3, 0.4, 0.3, 0.4, 0.3, 0.4}, vectors[1], 0);
    assertArrayEquals(
        new double[] {1 / 60.0, 2 / 60.0, 0.15, 0.2, 1 / 6.0, 0.2},
        graph.gradients(batch).table("vectors"),
        1e-12);
  }

  /**
   * x = [1, 2, 3, 4], rate 0.5, keep [yes, no, yes, no]: y = [2, 0, 6, 0]. MSE against 0: L = (4 +
   * 36) / 4 = 10, dL/dy = 2y / 4 = [1, 0, 3, 0], dx = dy * [2, 0, 2, 0] = [2, 0, 6, 0]. Without a
   * mask, the identity.
   */
  @Test
  void dropoutByHand() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("x", 4)
            .dropout("dropped", "x", 0.5)
            .output("dropped", MSE)
            .build();
    Batch batch =
        new Batch()
            .floats("x", new double[][] {{1, 2, 3, 4}})
            .keep("dropped", new boolean[][] {{true, false, true, false}})
            .labels("dropped", new double[1][4]);
    assertArrayEquals(new double[] {2, 0, 6, 0}, graph.forward(batch, "dropped")[0], 1e-12);
    assertEquals(10, graph.loss(batch), 1e-12);
    assertArrayEquals(new double[] {2, 0, 6, 0}, graph.gradients(batch).input("x")[0], 1e-12);

    Batch inference = new Batch().floats("x", new double[][] {{1, 2, 3, 4}});
    assertArrayEquals(new double[] {1, 2, 3, 4}, graph.forward(inference, "dropped")[0], 0);
  }

  /**
   * Two outputs straight on two inputs: p = [0.8, 0.1] against [1, 0] by MSE, weight 2: (0.04 +
   * 0.01) / 2 = 0.025; q = 0.3 against 1 by MAE, weight 0.5: 0.7. Total 2 * 0.025 + 0.5 * 0.7 =
   * 0.4. dL/dp = 2 * 2 (p - y) / 2 = [-0.4, 0.2]; dL/dq = 0.5 * sign(0.3 - 1) = -0.5.
   */
  @Test
  void lossWeightsByHand() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("p", 2)
            .floatInput("q", 1)
            .output("p", MSE, 2)
            .output("q", Loss.MEAN_ABSOLUTE_ERROR, 0.5)
            .build();
    Batch batch =
        new Batch()
            .floats("p", new double[][] {{0.8, 0.1}})
            .floats("q", new double[][] {{0.3}})
            .labels("p", new double[][] {{1, 0}})
            .labels("q", new double[][] {{1}});
    assertEquals(0.025, graph.loss(batch, "p"), 1e-12);
    assertEquals(0.7, graph.loss(batch, "q"), 1e-12);
    assertEquals(0.4, graph.loss(batch), 1e-12);
    Gradients g = graph.gradients(batch);
    assertArrayEquals(new double[] {-0.4, 0.2}, g.input("p")[0], 1e-12);
    assertArrayEquals(new double[] {-0.5}, g.input("q")[0], 1e-12);
    assertEquals(
        List.of(new Output("p", MSE, 2), new Output("q", Loss.MEAN_ABSOLUTE_ERROR, 0.5)),
        graph.outputs());
  }

  /**
   * A shared Dense layer's weights [1, 2] count once: l2 0.5 adds 0.5 * (1 + 4) = 2.5 to the loss
   * (not 5), and 2 * 0.5 * w = [1, 2] to the gradient; the bias [3] adds nothing.
   */
  @Test
  void weightDecayCountsASharedLayerOnceByHand() {
    Function<Double, ReferenceGraph> withL2 =
        l2 ->
            ReferenceGraph.builder()
                .floatInput("a", 2)
                .floatInput("b", 2)
                .dense("d", "a", 1, LINEAR)
                .sharedDense("e", "b", "d")
                .add("m", "d", "e")
                .output("m", MSE)
                .l2(l2)
                .build();
    ReferenceGraph decayed = withL2.apply(0.5);
    ReferenceGraph plain = withL2.apply(0.0);
    for (ReferenceGraph graph : List.of(decayed, plain)) {
      graph.setWeights("e", new double[] {1, 2});
      graph.setBiases("d", new double[] {3});
    }
    Batch batch =
        new Batch()
            .floats("a", new double[][] {{1, -1}})
            .floats("b", new double[][] {{0.5, 0.25}})
            .labels("m", new double[][] {{4}});
    assertEquals(plain.loss(batch) + 2.5, decayed.loss(batch), 1e-12);
    assertEquals(plain.loss(batch, "m"), decayed.loss(batch, "m"), 0);
    double[] extra =
        sum(decayed.gradients(batch).weights("d"), scaled(-1, plain.gradients(batch).weights("d")));
    assertArrayEquals(new double[] {1, 2}, extra, 1e-12);
    assertArrayEquals(plain.gradients(batch).biases("d"), decayed.gradients(batch).biases("e"), 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Initialisation.

  @Test
  void defaultParametersAreSeededGlorotZeroAndSmallUniform() {
    Function<Long, ReferenceGraph> seeded =
        seed ->
            ReferenceGraph.builder()
                .floatInput("x", 6)
                .indexInput("word", 2)
                .dense("d", "x", 4, TANH)
                .embedding("vectors", "word", 10, 3)
                .output("d", MSE)
                .seed(seed)
                .build();
    ReferenceGraph graph = seeded.apply(7L);
    assertArrayEquals(graph.weights("d"), seeded.apply(7L).weights("d"), 0);
    assertArrayEquals(graph.table("vectors"), seeded.apply(7L).table("vectors"), 0);
    assertNotEquals(graph.weights("d")[0], seeded.apply(8L).weights("d")[0]);

    double glorot = Math.sqrt(6.0 / (6 + 4));
    assertEquals(24, graph.weights("d").length);
    assertTrue(Arrays.stream(graph.weights("d")).allMatch(w -> Math.abs(w) <= glorot));
    assertArrayEquals(new double[4], graph.biases("d"), 0);
    assertEquals(30, graph.table("vectors").length);
    assertTrue(Arrays.stream(graph.table("vectors")).allMatch(w -> Math.abs(w) <= 0.05));
    assertTrue(Arrays.stream(graph.table("vectors")).anyMatch(w -> w != 0));
  }

  // ---------------------------------------------------------------------------------------------
  // Refused graphs and batches.

  @Test
  void refusesAnUnknownInputName() {
    assertRefused(
        "not a node",
        () -> ReferenceGraph.builder().floatInput("x", 2).dense("d", "typo", 3, TANH));
  }

  @Test
  void refusesANameTakenTwice() {
    assertRefused(
        "already a node",
        () -> ReferenceGraph.builder().floatInput("x", 2).dense("x", "x", 3, TANH));
  }

  @Test
  void refusesMergesOfDisagreeingWidths() {
    Builder builder = ReferenceGraph.builder().floatInput("a", 2).floatInput("b", 3);
    assertRefused("equal width", () -> builder.add("m", "a", "b"));
    assertRefused("equal width", () -> builder.subtract("m", "a", "b"));
    assertRefused("equal width", () -> builder.multiply("m", "a", "b"));
    assertRefused("equal width", () -> builder.average("m", "a", "b"));
    assertRefused("equal width", () -> builder.dot("m", false, "a", "b"));
    assertRefused("equal width", () -> builder.dot("m", true, "a", "b"));
  }

  @Test
  void refusesTheWrongNumberOfInputs() {
    Builder builder =
        ReferenceGraph.builder().floatInput("a", 2).floatInput("b", 2).floatInput("c", 2);
    assertRefused("exactly two", () -> builder.dot("m", false, "a"));
    assertRefused("exactly two", () -> builder.dot("m", true, "a", "b", "c"));
    assertRefused("exactly two", () -> builder.subtract("m", "a", "b", "c"));
    assertRefused("exactly two", () -> builder.subtract("m", "a"));
    assertRefused("two or more", () -> builder.add("m", "a"));
    assertRefused("two or more", () -> builder.concatenate("m", "a"));
    assertRefused("two or more", () -> builder.average("m"));
  }

  @Test
  void refusesSharedLayersOfDifferingWidths() {
    Builder builder =
        ReferenceGraph.builder()
            .floatInput("a", 3)
            .floatInput("b", 4)
            .dense("d", "a", 2, TANH)
            .add("sum", "a", "a");
    assertRefused("reads width 3", () -> builder.sharedDense("e", "b", "d"));
    assertRefused("not a Dense layer", () -> builder.sharedDense("e", "a", "sum"));
  }

  @Test
  void refusesIndexInputsOutsideEmbeddings() {
    Builder builder = ReferenceGraph.builder().floatInput("x", 2).indexInput("word", 2);
    assertRefused("only an Embedding", () -> builder.dense("d", "word", 2, TANH));
    assertRefused("only an Embedding", () -> builder.concatenate("m", "x", "word"));
    assertRefused("only an Embedding", () -> builder.output("word", MSE));
    assertRefused("not one", () -> builder.embedding("vectors", "x", 5, 2));
  }

  @Test
  void refusesBadOutputsReshapesAndRates() {
    Builder builder = ReferenceGraph.builder().floatInput("x", 6);
    assertRefused("at least one output", builder::build);
    assertRefused("not a node", () -> builder.output("y", MSE));
    assertRefused("cannot reshape", () -> builder.reshape("r", "x", 4, 2));
    assertRefused("[0, 1)", () -> builder.dropout("drop", "x", 1));
    builder.output("x", MSE);
    assertRefused("already an output", () -> builder.output("x", BCE));
  }

  @Test
  void refusesBadBatches() {
    ReferenceGraph graph =
        ReferenceGraph.builder()
            .floatInput("x", 2)
            .indexInput("word", 1)
            .embedding("vectors", "word", 3, 2)
            .add("sum", "x", "vectors")
            .dropout("dropped", "sum", 0.5)
            .output("dropped", MSE)
            .build();
    double[][] x = {{1, 2}};
    int[][] word = {{2}};
    assertRefused(
        "no values for the input x", () -> graph.forward(new Batch().indices("word", word), "sum"));
    Batch wide = new Batch().floats("x", new double[][] {{1, 2, 3}}).indices("word", word);
    assertRefused("width 2, not 3", () -> graph.forward(wide, "sum"));
    Batch outside = new Batch().floats("x", x).indices("word", new int[][] {{3}});
    assertRefused("outside [0, 3)", () -> graph.forward(outside, "sum"));
    Batch twoRows = new Batch().floats("x", x).indices("word", new int[][] {{0}, {1}});
    assertRefused("2 rows", () -> graph.forward(twoRows, "sum"));
    Batch misnamed = new Batch().floats("x", x).indices("word", word).floats("word", x);
    assertRefused("not a float input", () -> graph.forward(misnamed, "sum"));
    Batch badMask =
        new Batch().floats("x", x).indices("word", word).keep("dropped", new boolean[][] {{true}});
    assertRefused("width 2, not 1", () -> graph.forward(badMask, "dropped"));
    Batch unlabelled = new Batch().floats("x", x).indices("word", word);
    assertRefused("no labels", () -> graph.loss(unlabelled));
  }

  private static void assertRefused(String message, Executable executable) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
    assertTrue(
        e.getMessage().contains(message), "\"" + e.getMessage() + "\" lacks \"" + message + "\"");
  }

  // ---------------------------------------------------------------------------------------------
  // Finite differences.

  /** Keep every Dense pre-activation (ReLU's kink) and every MAE residual this far from 0. */
  private static final double KINK_MARGIN = 1e-3;

  /**
   * Draws every parameter uniformly in [-1, 1] and a batch from successive seeds until nothing sits
   * near a kink, so that no finite difference straddles one (deterministic: the same seed wins
   * every run), then checks the gradients of the total loss with respect to every parameter and
   * every float input against central differences.
   */
  private static void assertGradientsMatchFiniteDifferences(
      ReferenceGraph graph, Function<Random, Batch> draw) {
    for (long seed = 0; seed < 1000; seed++) {
      Random random = new Random(seed);
      for (double[] parameters : graph.parameters().values()) {
        fillUniform(parameters, random);
      }
      Batch batch = draw.apply(random);
      if (awayFromKinks(graph, batch)) {
        assertGradientsMatch(graph, batch);
        return;
      }
    }
    fail("no seed kept the values away from the kinks");
  }

  private static boolean awayFromKinks(ReferenceGraph graph, Batch batch) {
    for (double[][] z : graph.preActivations(batch).values()) {
      if (anyNearZero(z)) {
        return false;
      }
    }
    for (Output output : graph.outputs()) {
      if (output.loss() == Loss.MEAN_ABSOLUTE_ERROR) {
        double[][] p = graph.forward(batch, output.node());
        double[][] y = batch.labels().get(output.node());
        if (anyNearZero(sum(p, scaled(-1, y)))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean anyNearZero(double[][] m) {
    return Arrays.stream(m)
        .flatMapToDouble(Arrays::stream)
        .anyMatch(v -> Math.abs(v) < KINK_MARGIN);
  }

  /**
   * Nudges every parameter and every float input value in place and compares the slope of the total
   * loss with the analytic gradient; also requires each gradient to be non-zero somewhere, so that
   * no check passes vacuously.
   */
  private static void assertGradientsMatch(ReferenceGraph graph, Batch batch) {
    Gradients analytic = graph.gradients(batch);
    UnaryOperator<double[]> loss = unused -> new double[] {graph.loss(batch)};
    double[] one = {1};
    for (Map.Entry<String, double[]> entry : graph.parameters().entrySet()) {
      double[] gradient = analytic.parameters().get(entry.getKey());
      FiniteDifferences.assertMatches(loss, entry.getValue(), one, gradient, entry.getKey());
      assertSomewhereNonZero(gradient, entry.getKey());
    }
    for (Map.Entry<String, double[][]> entry : batch.floats().entrySet()) {
      double[][] x = entry.getValue();
      double[][] dx = analytic.input(entry.getKey());
      for (int b = 0; b < x.length; b++) {
        FiniteDifferences.assertMatches(loss, x[b], one, dx[b], entry.getKey() + "[" + b + "]");
      }
      assertSomewhereNonZero(
          Arrays.stream(dx).flatMapToDouble(Arrays::stream).toArray(), entry.getKey());
    }
  }

  private static void assertSomewhereNonZero(double[] gradient, String name) {
    if (gradient.length > 0) {
      assertTrue(Arrays.stream(gradient).anyMatch(g -> g != 0), name + "'s gradient is all 0");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Numbers.

  private static void fillUniform(double[] a, Random random) {
    for (int k = 0; k < a.length; k++) {
      a[k] = 2 * random.nextDouble() - 1;
    }
  }

  /** {@code [rows][width]} uniform in [-1, 1]. */
  private static double[][] uniform(int rows, int width, Random random) {
    double[][] m = new double[rows][width];
    for (double[] row : m) {
      fillUniform(row, random);
    }
    return m;
  }

  private static double[] sum(double[] a, double[] b) {
    double[] sum = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      sum[k] = a[k] + b[k];
    }
    return sum;
  }

  private static double[][] sum(double[][] a, double[][] b) {
    double[][] sum = new double[a.length][];
    for (int r = 0; r < a.length; r++) {
      sum[r] = sum(a[r], b[r]);
    }
    return sum;
  }

  private static double[] scaled(double factor, double[] a) {
    return Arrays.stream(a).map(v -> factor * v).toArray();
  }

  private static double[][] scaled(double factor, double[][] a) {
    return Arrays.stream(a).map(row -> scaled(factor, row)).toArray(double[][]::new);
  }
}
