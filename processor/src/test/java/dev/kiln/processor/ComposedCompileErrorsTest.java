package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.assertOnlyError;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.net;

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
}
