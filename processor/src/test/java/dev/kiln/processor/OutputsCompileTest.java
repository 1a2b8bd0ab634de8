package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.assertOnlyError;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.generatedJava;
import static dev.kiln.processor.Models.generatedKernels;
import static dev.kiln.processor.Models.net;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Models with several outputs ({@code @Layer(loss = ..., lossWeight = ...)}): what Kiln generates for
 * one it accepts, and every way of asking for an output Kiln refuses, with its message and line.
 */
class OutputsCompileTest {

  private static final String[] TWO_OUTPUTS = {
      "@Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
      "abstract class Net {",
      "  @Layer(shape = 4) Input features;",
      "  @Layer(units = 8) @Activation(RELU) Dense trunk;",
      "  @Layer(from = \"trunk\", units = 1, loss = Loss.BINARY_CROSS_ENTROPY, lossWeight = 0.5)",
      "  @Activation(SIGMOID) Dense risk;",
      "  @Layer(from = \"trunk\", units = 3) @Activation(SOFTMAX) Dense kind;",
      "}"};

  @Test
  void twoOutputsEachWithItsOwnLossAndWeight() {
    Compilation compilation = compile(TWO_OUTPUTS);
    assertThat(compilation).succeededWithoutWarnings();
    String kernels = generatedKernels(compilation, "Net");
    // risk is the first output: its labels come first in a label row, it writes the sample's loss
    assertThat(kernels).contains("#define LABEL_WIDTH 2\n");
    // each output's own loss and metric are summed too, in their own rows of the per-sample buffers
    assertThat(kernels).contains("#define REPORTED_OUTPUTS 2 ");
    assertThat(kernels).contains("#define LOSS_BINARY_CROSS_ENTROPY\n#define LABEL_COLUMN 0\n"
        + "#define LOSS_WEIGHT ((real) 0.5)\n#define OUTPUT_ROW 1\n/*");
    // kind, the model's output, adds its loss and reports its accuracy
    assertThat(kernels).contains("#define LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY\n#define LABEL_COLUMN 1\n"
        + "#define ADD_LOSS\n#define MAIN_OUTPUT\n#define OUTPUT_ROW 2\n/*");
    String java = generatedJava(compilation, "Net");
    assertThat(java).contains(".output(Loss.BINARY_CROSS_ENTROPY, 0.5, 0)");
    assertThat(java).contains(".output(Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, 1.0, 1)");
    assertThat(java).contains("public static Dataset dataset(float[][] features, float[] riskLabels, int[] kindLabels)");
  }

  @Test
  void theFixForAnUnreadLayerCompiles() {
    assertThat(compile(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 3, loss = Loss.MEAN_SQUARED_ERROR) Dense side;",
        "  @Layer(from = \"features\", units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void aDotCanBeASecondOutput() {
    assertThat(compile(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(shape = 1, indices = true) Input item;",
        "  @Layer(from = \"user\", vocabulary = 10, units = 4) Embedding userVector;",
        "  @Layer(from = \"item\", vocabulary = 10, units = 4) Embedding itemVector;",
        "  @Layer(from = {\"userVector\", \"itemVector\"}, loss = Loss.MEAN_SQUARED_ERROR) Dot rating;",
        "  @Layer(from = {\"userVector\", \"itemVector\"}) Concatenate both;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense liked;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void twoLosses() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1,",
        "      loss = {Loss.MEAN_SQUARED_ERROR, Loss.MEAN_ABSOLUTE_ERROR})",
        "  Dense side;",
        "  @Layer(from = \"features\", units = 1) Dense out;",
        "}");
    assertOnlyError(net, "loss = {",
        "[kiln:loss] 'side' names 2 losses; an output has one, e.g. loss = Loss.BINARY_CROSS_ENTROPY");
  }

  @Test
  void aWeightOfZero() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1, loss = Loss.MEAN_SQUARED_ERROR,",
        "      lossWeight = 0)",
        "  Dense side;",
        "  @Layer(from = \"features\", units = 1) Dense out;",
        "}");
    assertOnlyError(net, "lossWeight = 0)",
        "[kiln:loss] lossWeight = 0.0 on 'side'", "must be a finite number > 0; e.g. lossWeight = 0.5");
  }

  @Test
  void aWeightWithoutALoss() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 3,",
        "      lossWeight = 2)",
        "  Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "lossWeight = 2)",
        "[kiln:loss] 'hidden' has a lossWeight but no loss, so it is not an output",
        "give it a loss too (loss = Loss.MEAN_SQUARED_ERROR), or remove lossWeight");
  }

  @Test
  void theLastLayersWeightNeedsNoLossOfItsOwn() {
    assertThat(compile(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 3, loss = Loss.MEAN_ABSOLUTE_ERROR) Dense side;",
        "  @Layer(from = \"features\", units = 1, lossWeight = 2) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void aLossOnAView() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = {2, 2}) Input features;",
        "  @Layer(",
        "      loss = Loss.MEAN_ABSOLUTE_ERROR)",
        "  Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "loss = Loss.MEAN_ABSOLUTE_ERROR)",
        "[kiln:attribute] 'loss' does not apply to Flatten layer 'flat'; remove it");
  }

  @Test
  void aSecondOutputWhoseActivationDoesNotFitItsLoss() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1, loss = Loss.BINARY_CROSS_ENTROPY)",
        "  @Activation(TANH)",
        "  Dense risk;",
        "  @Layer(from = \"features\", units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Activation(TANH)",
        "[kiln:output-loss] the output 'risk' ends in TANH, which does not fit loss BINARY_CROSS_ENTROPY",
        "use @Activation(SIGMOID) on 'risk'");
  }

  @Test
  void aSecondOutputWithTooManyUnits() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(",
        "      units = 3, loss = Loss.BINARY_CROSS_ENTROPY)",
        "  @Activation(SIGMOID) Dense risk;",
        "  @Layer(from = \"features\", units = 1) Dense out;",
        "}");
    assertOnlyError(net, "units = 3",
        "[kiln:output-size] the output 'risk' has 3 outputs, but loss BINARY_CROSS_ENTROPY needs exactly 1");
  }

  @Test
  void aConvolutionAsASecondOutput() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = {6, 6, 1}) Input image;",
        "  @Layer(filters = 2, kernel = 3, loss = Loss.MEAN_SQUARED_ERROR)",
        "  Conv2D edges;",
        "  @Layer(from = \"image\") Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Conv2D edges;",
        "[kiln:output-layer] the output 'edges' is a Conv2D, but an output is a Dense layer or a Dot",
        "move its loss to a Dense layer that reads it, e.g. '@Layer(from = \"edges\", units = 1, loss = ...)"
            + " Dense edgesOut;'");
  }

  @Test
  void softmaxOnASecondOutput() {
    assertThat(compile(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 3, loss = Loss.CATEGORICAL_CROSS_ENTROPY) @Activation(SOFTMAX) Dense kind;",
        "  @Layer(from = \"features\", units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void aDotOutputWithACategoricalLoss() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 4) Input right;",
        "  @Layer(from = {\"left\", \"right\"}, loss = Loss.BINARY_CROSS_ENTROPY)",
        "  Dot similar;",
        "  @Layer(from = \"left\", units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dot similar;",
        "[kiln:output-loss] the output 'similar' is a Dot, whose output is a score, not a probability,"
            + " so it does not fit loss BINARY_CROSS_ENTROPY");
  }
}
