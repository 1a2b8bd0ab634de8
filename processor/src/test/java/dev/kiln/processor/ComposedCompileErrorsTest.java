package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.assertOnlyError;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.net;
import static dev.kiln.processor.Models.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Frozen layers and models used as layers of others that Kiln refuses: the message, the file and
 * the line, and that it is the only error; where a message proposes a fix, the model with the fix
 * applied compiles.
 */
class ComposedCompileErrorsTest {

  @Test
  void trainableOnALayerWithoutWeights() {
    JavaFileObject net = net(
        "@Model(input = {28, 28}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(filters = 8, kernel = 3) @Activation(RELU) Conv2D conv;",
        "  @Layer(trainable = false) MaxPool2D pool;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}");
    assertOnlyError(net, "trainable = false",
        "[kiln:attribute] 'trainable' does not apply to MaxPool2D layer 'pool'; it has no weights for training to"
            + " change; remove it");
    assertThat(compile(
        "@Model(input = {28, 28}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(filters = 8, kernel = 3) @Activation(RELU) Conv2D conv;",
        "  @Layer MaxPool2D pool;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void aFrozenBatchNormalization() {
    JavaFileObject net = net(
        "@Model(input = 20, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) Dense hidden;",
        "  @Layer(trainable = false) BatchNormalization norm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "trainable = false",
        "[kiln:attribute] 'trainable' does not apply to BatchNormalization layer 'norm'; freezing a"
            + " BatchNormalization is not supported yet");
  }

  @Test
  void trainableOnAUseOfASharedLayer() {
    JavaFileObject net = net(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 4) Input right;",
        "  @Layer(from = \"left\", units = 3) Dense leftCode;",
        "  @Layer(from = \"right\", shares = \"leftCode\",",
        "      trainable = false) Dense rightCode;",
        "  @Layer(from = {\"leftCode\", \"rightCode\"}) Add both;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}");
    assertOnlyError(net, "trainable = false",
        "[kiln:shares] 'rightCode' shares the weights of 'leftCode', so it takes its trainable too;"
            + " remove trainable here");
  }

  @Test
  void everyLayerFrozen() {
    JavaFileObject net = net(
        "@Model(input = 20, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8, trainable = false) Dense hidden;",
        "  @Layer(units = 1,",
        "      trainable = false) Dense out;",
        "}");
    assertOnlyError(net, "      trainable = false",
        "[kiln:trainable] every layer of Net with weights is frozen, so training it would change nothing; remove"
            + " trainable = false from 'out' or another layer to train");
    assertThat(compile(
        "@Model(input = 20, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8, trainable = false) Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  /** The critic of the tests below: 12 values in, a probability out. */
  private static final String[] CRITIC = {
      "@Model(input = 12, loss = Loss.BINARY_CROSS_ENTROPY)",
      "abstract class Critic {",
      "  @Layer(units = 8) @Activation(RELU) Dense hidden;",
      "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
      "}"};

  private static JavaFileObject critic() {
    return source("Critic", CRITIC);
  }

  @Test
  void aPartFedTheWrongShape() {
    JavaFileObject net = net(
        "@Model(input = {4, 4, 1}, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(filters = 3, kernel = 3) @Activation(RELU) Conv2D grow;",
        "  @Layer(trainable = false)",
        "  Critic critic;",
        "}");
    assertOnlyError(compile(net, critic()), net, "Critic critic;",
        "[kiln:shape] 'critic': Critic takes (12), but 'grow' gives (2, 2, 3); put '@Layer(shape = {12}) Reshape"
            + " growAsCritic;' before 'critic'");
    assertThat(compile(source("Net",
        "@Model(input = {4, 4, 1}, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(filters = 3, kernel = 3) @Activation(RELU) Conv2D grow;",
        "  @Layer(shape = {12}) Reshape growAsCritic;",
        "  @Layer(trainable = false)",
        "  Critic critic;",
        "}"), critic())).succeededWithoutWarnings();
  }

  @Test
  void aPartOfAnotherSize() {
    JavaFileObject net = net(
        "@Model(input = 10, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 6) Dense small;",
        "  @Layer Critic critic;",
        "}");
    assertOnlyError(compile(net, critic()), net, "Critic critic;",
        "[kiln:shape] 'critic': Critic takes (12), but 'small' gives (6); their sizes differ (6 and 12)");
  }

  @Test
  void aModelContainingItself() {
    JavaFileObject net = net(
        "@Model(input = 12, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 12) Dense first;",
        "  @Layer Net again;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}");
    assertOnlyError(compile(net), net, "Net again;",
        "[kiln:part] 'again' is a Net, which contains Net: a model cannot contain itself");
  }

  @Test
  void aPartThatDoesNotCompile() {
    JavaFileObject broken = source("Critic",
        "@Model(input = 12, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Critic {",
        "  @Layer(units = 0) Dense hidden;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}");
    JavaFileObject net = net(
        "@Model(input = 12, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 12) Dense first;",
        "  @Layer Critic critic;",
        "}");
    Compilation compilation = compile(net, broken);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[kiln:part] 'critic' is a Critic, which does not compile as a model;"
        + " fix the errors reported in Critic first").inFile(net).onLineContaining("Critic critic;");
    assertThat(compilation).hadErrorContaining("units").inFile(broken).onLineContaining("units = 0");
  }

  @Test
  void aPartOfAnotherPrecision() {
    JavaFileObject net = net(
        "@Model(input = 12, loss = Loss.BINARY_CROSS_ENTROPY, precision = Precision.DOUBLE)",
        "abstract class Net {",
        "  @Layer(units = 12) Dense first;",
        "  @Layer Critic critic;",
        "}");
    assertOnlyError(compile(net, critic()), net, "Critic critic;",
        "[kiln:part] 'critic' is a Critic of precision = FLOAT, but this model computes in DOUBLE; models that share"
            + " weights need one precision, so declare both with precision = DOUBLE");
  }

  @Test
  void attributesAPartDoesNotTake() {
    JavaFileObject net = net(
        "@Model(input = 12, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 12) Dense first;",
        "  @Layer(units = 3) Critic critic;",
        "}");
    assertOnlyError(compile(net, critic()), net, "units = 3",
        "[kiln:attribute] 'units' does not apply to the model Critic used as a layer 'critic'; a model used as a layer"
            + " takes only from and trainable; remove it");
  }

  @Test
  void everyLayerFrozenThroughAPart() {
    JavaFileObject net = net(
        "@Model(input = 12, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(trainable = false) Critic critic;",
        "}");
    assertOnlyError(compile(net, critic()), net, "trainable = false",
        "[kiln:trainable] every layer of Net with weights is frozen");
  }

  @Test
  void aPartWhoseAccessorClashesWithAMethod() {
    JavaFileObject net = net(
        "@Model(input = 12, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 12) Dense first;",
        "  @Layer Critic critic;",
        "  String critic() { return \"mine\"; }",
        "}");
    assertOnlyError(compile(net, critic()), net, "Critic critic;",
        "[kiln:part] the generated class gives the Critic of 'critic' as method critic(), but a method of this class"
            + " has that name; rename the field or the method");
  }

  @Test
  void aComposedModelCompilesWithoutWarnings() {
    assertThat(compile(source("Net",
        "@Model(input = 4, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 12) @Activation(TANH) Dense generator;",
        "  @Layer(trainable = false) Critic critic;",
        "}"), critic())).succeededWithoutWarnings();
  }

  @Test
  void aFrozenPartWithABatchNormalization() {
    JavaFileObject normalized = source("Normalized",
        "@Model(input = 12, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Normalized {",
        "  @Layer(units = 8) Dense hidden;",
        "  @Layer BatchNormalization norm;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}");
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 12) Dense first;",
        "  @Layer(trainable = false) Normalized judge;",
        "}");
    assertOnlyError(compile(net, normalized), net, "trainable = false",
        "[kiln:attribute] 'trainable' does not apply to the model Normalized used as a layer 'judge'; it has"
            + " BatchNormalization layer 'norm', and freezing a BatchNormalization is not supported yet");
  }

  @Test
  void aModelWithoutALossEndsInAnyLayerAndServesAsAPart() {
    JavaFileObject convolutions = source("Convolutions",
        "@Model(input = {8, 8, 1}, loss = Loss.NONE)",
        "abstract class Convolutions {",
        "  @Layer(filters = 4, kernel = 3) @Activation(RELU) Conv2D conv;",
        "  @Layer(pool = 2) MaxPool2D pool;",
        "}");
    assertThat(compile(convolutions, net(
        "@Model(input = {8, 8, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(trainable = false) Convolutions convolutions;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 3) @Activation(SOFTMAX) Dense out;",
        "}"))).succeededWithoutWarnings();
  }

  @Test
  void aModelWithoutALossEndingInAView() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.NONE)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3) @Activation(RELU) Conv2D conv;",
        "  @Layer Flatten flat;",
        "}");
    assertOnlyError(net, "Flatten flat",
        "[kiln:output-layer] the last layer 'flat' is a Flatten, which only views 'conv': end the model at 'conv'"
            + " and declare the Flatten in the model that contains this one");
    assertThat(compile(
        "@Model(input = {8, 8, 1}, loss = Loss.NONE)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3) @Activation(RELU) Conv2D conv;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void anOtherOutputOfAModelWithoutALoss() {
    JavaFileObject net = net(
        "@Model(input = 6, loss = Loss.NONE)",
        "abstract class Net {",
        "  @Layer(units = 4) Dense hidden;",
        "  @Layer(from = \"hidden\", units = 1, loss = Loss.MEAN_SQUARED_ERROR) Dense side;",
        "  @Layer(from = \"hidden\", units = 2) Dense out;",
        "}");
    assertOnlyError(net, "Dense side",
        "[kiln:output-layer] 'side' is an output with a loss of its own, but Net has loss = Loss.NONE");
  }

  @Test
  void noneAsTheLossOfAnOutput() {
    JavaFileObject net = net(
        "@Model(input = 6, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 4) Dense hidden;",
        "  @Layer(from = \"hidden\", units = 1, loss = Loss.NONE) Dense side;",
        "  @Layer(from = \"hidden\", units = 2) Dense out;",
        "}");
    assertOnlyError(net, "Dense side",
        "[kiln:output-layer] an output cannot have loss = Loss.NONE: 'side' would be trained by nothing");
    assertThat(compile(
        "@Model(input = 6, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 4) Dense hidden;",
        "  @Layer(from = \"hidden\", units = 1, loss = Loss.MEAN_ABSOLUTE_ERROR) Dense side;",
        "  @Layer(from = \"hidden\", units = 2) Dense out;",
        "}")).succeededWithoutWarnings();
  }
}
