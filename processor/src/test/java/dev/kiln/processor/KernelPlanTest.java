package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.compile;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fusion, checked with no device: compile a model and count the kernels in its {@code .cl} and the
 * launches in its training step. A 2-layer model's step is forward, head (output + loss + gradient),
 * backward, two updates (weight gradient + optimizer), finish: 6 launches, and its program holds those
 * plus {@code finish_evaluation_step}: 7 kernels. Each further layer adds a forward, a backward and
 * an update: 3 kernels and 3 launches. There is never a kernel of its own for an activation or a loss.
 */
class KernelPlanTest {
  private static final Pattern KERNEL = Pattern.compile("(?m)^kernel void (\\w+)\\(");
  private static final Pattern FUSED_KERNEL_NAME =
      Pattern.compile("\\w+_(forward|head|backward|update)|finish_\\w+|input_gradient");

  /** A compiled {@code test.Net}: its kernels in program order and the launches of its steps. */
  private record Compiled(String kernels, List<String> kernelNames, List<String> trainingStep,
                          List<String> forwardStep, String java) {
    static Compiled of(String... lines) {
      Compilation compilation = compile(lines);
      assertThat(compilation).succeeded();
      String cl = Models.generatedKernels(compilation, "Net");
      String java = Models.generatedJava(compilation, "Net");
      return new Compiled(cl, KERNEL.matcher(cl).results().map(m -> m.group(1)).toList(),
          launches(java, "enqueueTrainingStep"), launches(java, "enqueueForwardStep"), java);
    }

    /** The kernel fields that {@code method} launches, in order. */
    private static List<String> launches(String java, String method) {
      int start = java.indexOf("public void " + method + "(");
      assertThat(start).isAtLeast(0);
      String body = java.substring(start, java.indexOf('}', start));
      return Pattern.compile("cl\\.launch\\((\\w+),").matcher(body).results().map(m -> m.group(1)).toList();
    }

    /** The text of kernel {@code name}, from its signature to the next kernel or the end. */
    String kernel(String name) {
      Matcher m = Pattern.compile("(?m)^kernel void " + name + "\\(").matcher(kernels);
      assertThat(m.find()).isTrue();
      Matcher next = KERNEL.matcher(kernels);
      return kernels.substring(m.start(), next.find(m.end()) ? next.start() : kernels.length());
    }
  }

  private static Compiled twoLayers() {
    return Compiled.of(
        "@Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 8)",
        "abstract class Net {",
        "  @Layer(units = 3) @Activation(RELU) Dense hidden;",
        "  @Layer(units = 2) @Activation(SOFTMAX) Dense out;",
        "}");
  }

  @Test
  void twoLayersAreEightKernelsAndSixLaunchesPerTrainingStep() {
    Compiled net = twoLayers();
    assertThat(net.kernelNames()).containsExactly("finish_training_step", "finish_evaluation_step",
        "hidden_forward", "hidden_update", "out_head", "out_backward", "out_update", "input_gradient");
    assertThat(net.trainingStep()).containsExactly(
        "hiddenForward", "outHead", "outBackward", "outUpdate", "hiddenUpdate", "finishTrainingStep").inOrder();
    assertThat(net.forwardStep()).containsExactly("hiddenForward", "outHead", "finishEvaluationStep").inOrder();
    assertThat(net.java()).contains(".kernels(8, 6)");
    // saliency reuses the training step's backward kernels, then carries the gradient to the input
    assertThat(net.java()).contains("public void enqueueInputGradientStep(ClContext cl) {\n"
        + "            cl.launch(outBackward, OUT_BACKWARD_GLOBAL, OUT_BACKWARD_LOCAL);\n"
        + "            cl.launch(inputGradient, INPUT_GRADIENT_GLOBAL, INPUT_GRADIENT_LOCAL);\n");
  }

  @Test
  void threeLayersAreElevenKernelsAndNineLaunchesPerTrainingStep() {
    Compiled net = Compiled.of(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) @Activation(TANH) Dense first;",
        "  @Layer(units = 8) @Activation(RELU) Dense second;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertThat(net.kernelNames()).hasSize(11);
    assertThat(net.trainingStep()).containsExactly("firstForward", "secondForward", "outHead",
        "outBackward", "outUpdate", "secondBackward", "secondUpdate", "firstUpdate", "finishTrainingStep").inOrder();
    assertThat(net.forwardStep()).hasSize(4);
    assertThat(net.java()).contains(".kernels(11, 9)");
  }

  @Test
  void oneLayerHasNoBackwardKernel() {
    Compiled net = Compiled.of(
        "@Model(input = 2, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}");
    assertThat(net.kernelNames()).containsExactly(
        "finish_training_step", "finish_evaluation_step", "out_head", "out_update", "input_gradient");
    assertThat(net.trainingStep()).containsExactly("outHead", "outUpdate", "finishTrainingStep").inOrder();
  }

  @Test
  void noKernelOfItsOwnForAnActivationOrALoss() {
    Compiled net = Compiled.of(
        "@Model(input = 6, loss = Loss.CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 5) @Activation(SIGMOID) Dense a;",
        "  @Layer(units = 5) @Activation(value = LEAKY_RELU, alpha = 0.1) Dense b;",
        "  @Layer(units = 5) @Activation(TANH) Dense c;",
        "  @Layer(units = 3) @Activation(SOFTMAX) Dense out;",
        "}");
    assertThat(net.kernelNames()).hasSize(4 * 3 + 2);
    for (String name : net.kernelNames()) {
      assertThat(name).matches(FUSED_KERNEL_NAME);
    }
  }

  @Test
  void softmaxWithSparseCrossEntropyIsTheClosedFormInTheHead() {
    Compiled net = twoLayers();
    assertThat(net.kernels()).contains("#define LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY\n");
    assertThat(net.kernels()).contains("/* ---- layer 1 'out': Dense (3) -> (2), softmax ---- */\n"
        + "#define IN 3\n#define OUT 2\n#define PARAMS 8\n#define INPUT_START(b) ((size_t) (b) * 3)\n#define HAS_BIAS 1\n"
        + "#define SOFTMAX_OUTPUT\n");
    assertThat(net.kernel("out_head")).contains("delta[b * OUT + o] = HD_WEIGHTED((out[o] - t) / n);");
  }

  @Test
  void hiddenActivationDerivativeIsInTheNextLayersBackward() {
    Compiled net = twoLayers();
    assertThat(net.kernels()).contains("#define PREVIOUS_DERIVATIVE(a) RELU_DERIVATIVE(a)\n");
    assertThat(net.kernel("out_backward")).contains("PREVIOUS_DERIVATIVE(vload_real(BWD_TC)(0, a_prev + b * IN + i0))");
  }

  @Test
  void doublePrecisionDefinesKilnDouble() {
    Compiled fp64 = Compiled.of(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertThat(fp64.kernels()).contains("\n#define KILN_DOUBLE\n");
    assertThat(twoLayers().kernels()).doesNotContain("#define KILN_DOUBLE");
  }

  @Test
  void tileSizesAndWorkSizesFollowTheShapes() {
    Compiled fashion = Compiled.of(
        "@Model(input = 784, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 128)",
        "abstract class Net {",
        "  @Layer(units = 128) @Activation(RELU) Dense hidden;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}");
    // 16 outputs x 6 samples per work-item, 4 row tiles (784 inputs of W exceed L1), one work-item per group
    assertThat(fashion.java()).contains("HIDDEN_FORWARD_GLOBAL = {8, 6};");
    assertThat(fashion.java()).contains("HIDDEN_FORWARD_LOCAL = {1, 1};");
    assertThat(fashion.kernels()).contains("#define FORWARD_ROW_TILES 4\n");
    // 10 outputs: 8-wide vectors, 2 column tiles; 129 parameter rows in tiles of 6 x 8
    assertThat(fashion.java()).contains("OUT_UPDATE_GLOBAL = {2, 3};");
    // the head keeps 4 samples' rows of 10 outputs in registers
    assertThat(fashion.java()).contains("OUT_HEAD_GLOBAL = {32};");
    // fp64 halves the vector width
    Compiled fp64 = Compiled.of(
        "@Model(input = 784, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 128, precision = Precision.DOUBLE)",
        "abstract class Net {",
        "  @Layer(units = 128) @Activation(RELU) Dense hidden;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}");
    assertThat(fp64.java()).contains("HIDDEN_FORWARD_GLOBAL = {16, 6};");
    assertThat(fp64.kernels()).contains("#define FORWARD_TILE_COLS 8\n");
  }

  @Test
  void weightDecayAddsItsLossTermOnTheDeviceAfterEachStep() {
    Compiled net = Compiled.of(
        "@Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, l2 = 0.01)",
        "abstract class Net {",
        "  @Layer(units = 8) @Activation(RELU) Dense hidden;",
        "  @Layer(units = 3) @Activation(SOFTMAX) Dense out;",
        "}");
    assertThat(net.kernel("l2_penalty")).contains("for (int k = 0; k < 32; k++) sum += w0[k] * w0[k];");
    assertThat(net.kernel("l2_penalty")).contains("for (int k = 0; k < 24; k++) sum += w1[k] * w1[k];");
    assertThat(net.java()).contains("cl.launch(l2Penalty, L2_PENALTY_GLOBAL, L2_PENALTY_LOCAL);");
    assertThat(twoLayers().kernelNames()).doesNotContain("l2_penalty");
  }

  @Test
  void dropoutMasksTheLayerBeforeItAndItsGradientWithoutAKernelOfItsOwn() {
    Compiled net = Compiled.of(
        "@Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 8) @Activation(SIGMOID) Dense hidden;",
        "  @Layer(rate = 0.25) Dropout drop;",
        "  @Layer(units = 3) @Activation(SOFTMAX) Dense out;",
        "}");
    assertThat(net.kernelNames()).hasSize(8);
    assertThat(net.kernels()).contains("#define DROPOUT_RATE 0.25f\n#define DROPOUT_LAYER 0u\n");
    assertThat(net.kernel("hidden_forward")).contains("KILN_DROPOUT(");
    // the next layer's backward pass regenerates the mask, and sees f(z) through the kept outputs' scale
    assertThat(net.kernels()).contains("#define PREVIOUS_DERIVATIVE(a) "
        + "SIGMOID_DERIVATIVE((a) * (counters[TRAINING] ? (real) 0.75 : (real) 1))\n"
        + "#define PREVIOUS_DROPOUT_RATE 0.25f\n#define PREVIOUS_DROPOUT_LAYER 0u\n");
    assertThat(net.kernel("out_backward")).contains("KILN_DROPOUT(");
    assertThat(net.java()).contains(".node(NodeKind.DROPOUT, \"drop\").from(\"hidden\").shape(8).rate(0.25)\n");
    assertThat(net.java()).contains("super.drop = engine.node(\"drop\", Dropout.class);");
  }
}
