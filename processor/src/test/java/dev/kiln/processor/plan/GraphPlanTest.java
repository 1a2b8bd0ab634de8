package dev.kiln.processor.plan;

import static com.google.common.truth.Truth.assertThat;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Precision;
import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.ParameterBlock;
import dev.kiln.processor.ir.Placement;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.layers.NodeKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner on graphs built by hand, with no javac and no annotations: the IR is plain Java. */
class GraphPlanTest {
  /** input (4) -> hidden Dense 8 relu -> drop Dropout 0.5 -> out Dense 3 softmax. */
  private static ModelGraph mlpWithDropout(int batch) {
    List<Node> nodes = new ArrayList<>();
    Node input = new Node(0, "input", NodeKind.INPUT, List.of(), Shape.flat(4), -1, "input", Activation.LINEAR,
        new Settings.Input(false, new int[] {4}, false), List.of());
    Node hidden = dense(1, "hidden", input, 8, 0, ActivationKind.RELU);
    Node drop = new Node(2, "drop", NodeKind.DROPOUT, List.of(hidden), hidden.shape(), -1, "drop", Activation.LINEAR,
        new Settings.Dropout(0.5), List.of());
    Node out = dense(3, "out", drop, 3, 1, ActivationKind.SOFTMAX);
    nodes.addAll(List.of(input, hidden, drop, out));
    return ModelGraph.withOneOutput("test.Net", "test", Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, Optimizer.ADAM, batch,
        Precision.FLOAT, 0, nodes);
  }

  private static Node dense(int id, String name, Node input, int units, int layer, ActivationKind activation) {
    return new Node(id, name, NodeKind.DENSE, List.of(input), Shape.flat(units), layer, name,
        new Activation(activation, 0.01), new Settings.Dense(units, true, null),
        List.of(new ParameterBlock("kernel", new int[] {input.shape().size(), units},
                ParameterBlock.Init.GLOROT_UNIFORM, true),
            new ParameterBlock("bias", new int[] {units}, ParameterBlock.Init.ZEROS, false)));
  }

  private static List<String> names(List<Kernel> kernels) {
    return kernels.stream().map(Kernel::name).toList();
  }

  @Test
  void aViewCostsNoKernelAndTheLayersAroundItReadThroughIt() {
    KernelPlan plan = new KernelPlanner().plan(mlpWithDropout(16));
    assertThat(names(plan.trainingStep())).containsExactly("hidden_forward", "out_head", "out_backward",
        "out_update", "hidden_update", "finish_training_step").inOrder();
    assertThat(names(plan.inputGradientStep())).containsExactly("out_backward", "input_gradient").inOrder();
    Kernel backward = plan.kernels().stream().filter(k -> k.name().equals("out_backward")).findFirst().orElseThrow();
    // the gradient goes through the Dropout view to the buffers of the layer it masks
    assertThat(backward.args()).containsAtLeast(Arg.of(Arg.Source.ACTIVATIONS, 0), Arg.of(Arg.Source.DELTA, 0));
  }

  @Test
  void theFirstLayerReadsTheDataSetAndSendsItsGradientOnlyToSaliency() {
    KernelPlan plan = new KernelPlanner().plan(mlpWithDropout(16));
    Kernel forward = plan.forwardStep().get(0);
    assertThat(forward.args().get(0)).isEqualTo(Arg.of(Arg.Source.FEATURES));
    assertThat(names(plan.trainingStep())).doesNotContain(KernelPlan.INPUT_GRADIENT);
    assertThat(names(plan.kernels())).contains(KernelPlan.INPUT_GRADIENT);
  }

  /** Two index inputs, their Embeddings (3 and 2 units) joined by a Concatenate, then Dense 1. */
  private static ModelGraph joinedEmbeddings() {
    Node user = indexInput(0, "user");
    Node movie = indexInput(1, "movie");
    Node userVector = embedding(2, "userVector", user, 3, 0);
    Node movieVector = embedding(3, "movieVector", movie, 2, 1);
    Node joined = new Node(4, "joined", NodeKind.CONCATENATE, List.of(userVector, movieVector), Shape.flat(5), 2,
        "joined", Activation.LINEAR, new Settings.Merge(Settings.MergeOp.CONCATENATE), List.of());
    Node out = dense(5, "out", joined, 1, 3, ActivationKind.LINEAR);
    return ModelGraph.withOneOutput("test.Net", "test", Loss.MEAN_SQUARED_ERROR, Optimizer.ADAM, 8, Precision.FLOAT,
        0, List.of(user, movie, userVector, movieVector, joined, out));
  }

  private static Node indexInput(int id, String name) {
    return new Node(id, name, NodeKind.INPUT, List.of(), Shape.flat(1), -1, name, Activation.LINEAR,
        new Settings.Input(true, new int[] {1}, true), List.of());
  }

  private static Node embedding(int id, String name, Node input, int units, int layer) {
    return new Node(id, name, NodeKind.EMBEDDING, List.of(input), Shape.flat(units), layer, name, Activation.LINEAR,
        new Settings.Embedding(10, false), List.of(new ParameterBlock("embeddings", new int[] {10, units},
            ParameterBlock.Init.UNIFORM, false)));
  }

  @Test
  void embeddingsWriteTheirColumnsOfAConcatenationSoItHasNoKernel() {
    ModelGraph graph = joinedEmbeddings();
    KernelPlan plan = new KernelPlanner().plan(graph);
    assertThat(names(plan.kernels()).stream().filter(n -> n.startsWith("joined")).toList()).isEmpty();
    assertThat(graph.placement(graph.nodes().get(3))).isEqualTo(new Placement(graph.nodes().get(4), 5, 3));
    for (String name : List.of("userVector_forward", "movieVector_forward")) {
      Kernel forward = plan.kernels().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
      assertThat(forward.args()).contains(Arg.of(Arg.Source.ACTIVATIONS, 2)); // the join's buffer
    }
    Kernel scatter = plan.kernels().stream().filter(k -> k.name().equals("movieVector_scatter")).findFirst()
        .orElseThrow();
    assertThat(scatter.args()).contains(Arg.of(Arg.Source.DELTA, 2)); // its gradient, read where the join's is
  }

  @Test
  void denseLayersWriteTheirColumnsOfAConcatenationAndGetTheirGradientThroughTheirActivation() {
    Node input = new Node(0, "input", NodeKind.INPUT, List.of(), Shape.flat(4), -1, "input", Activation.LINEAR,
        new Settings.Input(false, new int[] {4}, false), List.of());
    Node left = dense(1, "left", input, 3, 0, ActivationKind.TANH);
    Node right = dense(2, "right", input, 2, 1, ActivationKind.RELU);
    Node joined = new Node(3, "joined", NodeKind.CONCATENATE, List.of(left, right), Shape.flat(5), 2, "joined",
        Activation.LINEAR, new Settings.Merge(Settings.MergeOp.CONCATENATE), List.of());
    Node out = dense(4, "out", joined, 1, 3, ActivationKind.LINEAR);
    ModelGraph graph = ModelGraph.withOneOutput("test.Net", "test", Loss.MEAN_SQUARED_ERROR, Optimizer.ADAM, 8,
        Precision.FLOAT, 0, List.of(input, left, right, joined, out));
    KernelPlan plan = new KernelPlanner().plan(graph);
    assertThat(graph.placement(right)).isEqualTo(new Placement(joined, 5, 3));
    assertThat(names(plan.forwardStep())).containsExactly("left_forward", "right_forward", "out_head",
        "finish_evaluation_step").inOrder(); // no copy into the join
    Kernel forward = plan.kernels().stream().filter(k -> k.name().equals("right_forward")).findFirst().orElseThrow();
    assertThat(forward.args()).contains(Arg.of(Arg.Source.ACTIVATIONS, 2)); // the join's buffer
    // the join still sends each branch its own gradient, through its activation, from the values in its buffer
    assertThat(names(plan.trainingStep())).containsAtLeast("joined_backward_0", "joined_backward_1");
    Kernel backward = plan.kernels().stream().filter(k -> k.name().equals("joined_backward_1")).findFirst()
        .orElseThrow();
    assertThat(backward.args()).containsAtLeast(Arg.of(Arg.Source.ACTIVATIONS, 2), Arg.of(Arg.Source.DELTA, 1));
  }

  @Test
  void aDenseReadingAnEmbeddingLooksItsRowsUpInTheTable() {
    Node user = indexInput(0, "user");
    Node userVector = embedding(1, "userVector", user, 3, 0);
    Node hidden = dense(2, "hidden", userVector, 4, 1, ActivationKind.TANH);
    Node out = dense(3, "out", hidden, 1, 2, ActivationKind.LINEAR);
    ModelGraph graph = ModelGraph.withOneOutput("test.Net", "test", Loss.MEAN_SQUARED_ERROR, Optimizer.SGD, 8,
        Precision.FLOAT, 0, List.of(user, userVector, hidden, out));
    KernelPlan plan = new KernelPlanner().plan(graph);
    assertThat(graph.lookedUpByReaders(userVector)).isTrue();
    assertThat(names(plan.forwardStep())).containsExactly("hidden_forward", "out_head", "finish_evaluation_step")
        .inOrder(); // no lookup kernel
    for (String name : List.of("hidden_forward", "hidden_update")) {
      Kernel kernel = plan.kernels().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
      // the table, then the indices in the data set
      assertThat(kernel.args().subList(0, 2)).containsExactly(Arg.of(Arg.Source.PARAMS, 0), Arg.of(Arg.Source.FEATURES))
          .inOrder();
    }
    String kernels = new dev.kiln.processor.emit.OpenClEmitter().emit(plan);
    assertThat(kernels).contains("#define INPUT_START(b) ((size_t) (int) indices[((size_t) SAMPLE_ROW(b) * 1)] * 3)\n"
        + "#define GATHERED_INPUT\n");
  }

  @Test
  void tilesFollowTheCompiledBatch() {
    Kernel small = new KernelPlanner().plan(mlpWithDropout(6)).forwardStep().get(0);
    Kernel large = new KernelPlanner().plan(mlpWithDropout(60)).forwardStep().get(0);
    assertThat(small.global()[1]).isEqualTo(1);
    assertThat(large.global()[1]).isEqualTo(10);
  }
}
