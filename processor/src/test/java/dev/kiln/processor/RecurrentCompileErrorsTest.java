package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.assertOnlyError;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.net;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every LSTM model Kiln refuses: the message (its tag, what is wrong and what to do), the file and
 * the line, and that it is the only error; where a message proposes a fix, the model with the fix
 * applied compiles. The LSTM models Kiln must accept come last.
 */
class RecurrentCompileErrorsTest {

  @Test
  void anLstmFedAFlatModelInput() {
    JavaFileObject net = net(
        "@Model(input = 260, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 64)",
        "  LSTM lstm;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}");
    assertOnlyError(net, "LSTM lstm;",
        "[kiln:shape] LSTM layer 'lstm' needs a sequence (steps, features), but the model input gives a flat (260)",
        "declare the input as {steps, features}, e.g. {20, 13} for 20 steps of 13 features");
    assertThat(compile(
        "@Model(input = {20, 13}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 64) LSTM lstm;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void anLstmFedTheLastStepOfAnother() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) LSTM first;",
        "  @Layer(units = 4)",
        "  LSTM second;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "LSTM second;",
        "[kiln:shape] LSTM layer 'second' needs a sequence (steps, features), but 'first' gives a flat (8)",
        "set returnSequences = true on 'first' to give every step's output");
    assertThat(compile(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8, returnSequences = true) LSTM first;",
        "  @Layer(units = 4) LSTM second;",
        "  @Layer(units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void anLstmReadingIndicesWithoutAnEmbedding() {
    JavaFileObject net = net(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(units = 64)",
        "  LSTM lstm;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}");
    assertOnlyError(net, "LSTM lstm;", "[kiln:indices] LSTM 'lstm' reads input 'words', which holds integer indices",
        "put '@Layer(from = \"words\", vocabulary = ..., units = ...) Embedding ...;' between them");
    assertThat(compile(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(vocabulary = 10000, units = 128) Embedding embedding;",
        "  @Layer(units = 64) LSTM lstm;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void anLstmFedAnImageOfSeveralChannels() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 3}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 4)",
        "  LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "LSTM lstm;",
        "[kiln:shape] LSTM layer 'lstm' needs a sequence (steps, features), but the model input gives an image"
            + " (8, 8, 3)", "declare the input as {steps, features}");
  }

  @Test
  void aDenseFedEveryStepOfAnLstm() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8, returnSequences = true) LSTM lstm;",
        "  @Layer(units = 1)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "Dense out;",
        "[kiln:shape] Dense layer 'out' needs a flat input, but 'lstm' gives a sequence (20, 8)",
        "remove returnSequences = true from 'lstm' to give only its last step (units), or add"
            + " '@Layer Flatten flat;' before 'out'");
    assertThat(compile(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
    assertThat(compile(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8, returnSequences = true) LSTM lstm;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void unitsOfZero() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(",
        "      units = 0) LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "units = 0", "units = 0 in layer 'lstm', but it must be at least 1", "e.g. units = 64");
  }

  @Test
  void noUnits() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(returnSequences = false) LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Layer(returnSequences = false) LSTM lstm;", "'lstm'", "units", "e.g. units = 64");
  }

  @Test
  void softmaxGates() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8,",
        "      recurrentActivation = SOFTMAX) LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "recurrentActivation = SOFTMAX",
        "[kiln:activation] recurrentActivation of LSTM layer 'lstm' is SOFTMAX, which applies to a whole row, not"
            + " to one gate; use e.g. recurrentActivation = SIGMOID, Keras's default");
  }

  @Test
  void aSoftmaxCell() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) @Activation(SOFTMAX)",
        "  LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "LSTM lstm;",
        "[kiln:activation] @Activation of LSTM layer 'lstm' is SOFTMAX", "use e.g. @Activation(TANH), Keras's default");
  }

  @Test
  void anLstmAsTheLastLayer() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1)",
        "  LSTM lstm;",
        "}");
    assertOnlyError(net, "LSTM lstm;", "[kiln:output-layer] the last layer 'lstm' is an LSTM",
        "add e.g. '@Layer(units = 1) Dense out;' after it");
  }

  @Test
  void attributesOfOtherLayers() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8,",
        "      filters = 8) LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "filters = 8", "filters", "'lstm'", "LSTM");
  }

  @Test
  void returnSequencesOnADense() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8,",
        "      returnSequences = true) Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "returnSequences = true", "returnSequences", "'hidden'", "Dense");
  }

  @Test
  void paddingMaskedForALayerThatCannotSkipIt() {
    JavaFileObject net = net(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(vocabulary = 10000, units = 16, maskZero = true) Embedding embedding;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) @Activation(SIGMOID)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "Dense out;",
        "[kiln:mask] Dense layer 'out' reads the vectors of 'embedding', whose index 0 is padding (maskZero = true),"
            + " but only a recurrent layer (LSTM, GRU, SimpleRNN) skips padded steps", "remove maskZero = true from 'embedding'");
    assertThat(compile(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(vocabulary = 10000, units = 16) Embedding embedding;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void everyStepOfAMaskedSequenceReadBackwards() {
    JavaFileObject net = net(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(vocabulary = 10000, units = 16, maskZero = true) Embedding embedding;",
        "  @Layer(units = 8, returnSequences = true,",
        "      goBackwards = true) LSTM first;",
        "  @Layer(units = 4) LSTM second;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}");
    assertOnlyError(net, "goBackwards = true",
        "[kiln:mask] LSTM layer 'first' reads the steps of 'embedding' (maskZero = true) from the last and gives every"
            + " step's output, whose padding Kiln cannot mask yet", "remove goBackwards = true");
  }

  @Test
  void maskZeroOnALayerOtherThanAnEmbedding() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8,",
        "      maskZero = true) LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "maskZero = true", "maskZero", "'lstm'", "LSTM");
  }

  @Test
  void theGateSettingsOfAnLstmOnASimpleRnn() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8,",
        "      recurrentActivation = TANH) SimpleRNN rnn;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "recurrentActivation = TANH", "recurrentActivation", "'rnn'", "SimpleRNN");
  }

  @Test
  void resetAfterOnALayerOtherThanAGru() {
    JavaFileObject lstm = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8,",
        "      resetAfter = false) LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(lstm, "resetAfter = false",
        "[kiln:attribute] 'resetAfter' does not apply to LSTM layer 'lstm'; remove it");
    JavaFileObject rnn = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8,",
        "      resetAfter = false) SimpleRNN rnn;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(rnn, "resetAfter = false",
        "[kiln:attribute] 'resetAfter' does not apply to SimpleRNN layer 'rnn'; remove it");
  }

  @Test
  void aConv1DFedAFeatureSequenceInput() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 8, kernel = 3)",
        "  Conv1D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Conv1D conv;",
        "[kiln:shape] Conv1D layer 'conv' needs a sequence (steps, features), but the model input gives an image"
            + " (20, 13, 1)", "read it with a Conv2D of kernel = {k, 13}, which is the same convolution");
    assertThat(compile(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 8, kernel = {3, 13}) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void aConv1DWindowOfTwoNumbers() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(vocabulary = 1000, units = 16) Embedding embedding;",
        "  @Layer(filters = 8,",
        "      kernel = {3, 3}) Conv1D conv;",
        "  @Layer GlobalMaxPooling1D pool;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "kernel = {3, 3}", "[kiln:kernel] kernel = {3, 3} in layer 'conv' must be one number, the"
        + " steps a window spans over time, e.g. kernel = 5");
  }

  @Test
  void aConv1DWindowLongerThanTheSequence() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4, indices = true) Input words;",
        "  @Layer(vocabulary = 1000, units = 16) Embedding embedding;",
        "  @Layer(filters = 8,",
        "      kernel = 5) Conv1D conv;",
        "  @Layer GlobalAveragePooling1D pool;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "kernel = 5", "'conv'", "5 steps", "(4, 16)");
  }

  @Test
  void aPoolingOverTimeOfAFlatRow() {
    JavaFileObject net = net(
        "@Model(input = 20, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) Dense hidden;",
        "  @Layer",
        "  GlobalMaxPooling1D pool;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "GlobalMaxPooling1D pool;",
        "[kiln:shape] GlobalMaxPooling1D layer 'pool' needs a sequence (steps, features), but 'hidden' gives a flat (8)");
  }

  @Test
  void aBidirectionalThatDoesNotSayWhatItRuns() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @SuppressWarnings(\"rawtypes\")",
        "  @Layer(units = 8) Bidirectional encoder;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Bidirectional encoder;",
        "[kiln:layer-type] Bidirectional field 'encoder' does not say which recurrent layer it runs both ways",
        "declare it Bidirectional<LSTM>, Bidirectional<GRU> or Bidirectional<SimpleRNN>");
    assertThat(compile(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) Bidirectional<LSTM> encoder;",
        "  @Layer(units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void aBidirectionalAroundALayerThatIsNotRecurrent() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8)",
        "  Bidirectional<Dense> encoder;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Bidirectional<Dense> encoder;",
        "[kiln:layer-type] field 'encoder' is a Bidirectional of Dense, but a Bidirectional runs a recurrent layer"
            + " over a sequence both ways",
        "declare it Bidirectional<LSTM>, Bidirectional<GRU> or Bidirectional<SimpleRNN>, or make the field a Dense");
    assertThat(compile(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) Bidirectional<GRU> encoder;",
        "  @Layer(units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void goBackwardsOnABidirectional() {
    JavaFileObject net = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8,",
        "      goBackwards = true) Bidirectional<SimpleRNN> encoder;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "goBackwards = true",
        "[kiln:attribute] 'goBackwards' does not apply to Bidirectional layer 'encoder'",
        "a Bidirectional reads the steps both ways already; remove it");
  }

  @Test
  void aBidirectionalChecksWhatItReadsAndItsAttributesAsTheLayerItRuns() {
    JavaFileObject flat = net(
        "@Model(input = 260, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8)",
        "  Bidirectional<LSTM> encoder;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(flat, "Bidirectional<LSTM> encoder;",
        "[kiln:shape] LSTM layer 'encoder' needs a sequence (steps, features), but the model input gives a flat (260)");
    JavaFileObject gates = net(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8,",
        "      unitForgetBias = false) Bidirectional<GRU> encoder;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(gates, "unitForgetBias = false", "[kiln:attribute] 'unitForgetBias' does not apply to GRU layer"
        + " 'encoder'");
  }

  @Test
  void everyMaskedStepOfABidirectionalReadByADense() {
    JavaFileObject net = net(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(vocabulary = 10000, units = 16, maskZero = true) Embedding embedding;",
        "  @Layer(units = 8, returnSequences = true) Bidirectional<LSTM> encoder;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) @Activation(SIGMOID)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "Dense out;", "[kiln:mask] Dense layer 'out' reads the vectors of 'embedding'");
  }

  // ---- accepted ----

  @Test
  void theTutorialsModelsCompileWithoutWarnings() {
    Compilation text = compile(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 64)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(vocabulary = 10000, units = 128, maskZero = true) Embedding embedding;",
        "  @Layer(units = 64, returnSequences = true) LSTM first;",
        "  @Layer(units = 64, goBackwards = true) LSTM lstm;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}");
    assertThat(text).succeededWithoutWarnings();
    Compilation speech = compile(
        "@Model(input = {20, 13}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 64, returnSequences = true, goBackwards = true) @Activation(RELU) LSTM first;",
        "  @Layer(units = 32, recurrentActivation = TANH, unitForgetBias = false) LSTM second;",
        "  @Layer(rate = 0.2) Dropout drop;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}");
    assertThat(speech).succeededWithoutWarnings();
    Compilation rnn = compile(
        "@Model(input = {20, 13}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 16, returnSequences = true) SimpleRNN first;",
        "  @Layer(units = 8, goBackwards = true) @Activation(RELU) LSTM second;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertThat(rnn).succeededWithoutWarnings();
    Compilation textCnn = compile(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY, batch = 64)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(vocabulary = 10000, units = 128) Embedding embedding;",
        "  @Layer(filters = 128, kernel = 5) @Activation(RELU) Conv1D conv;",
        "  @Layer GlobalMaxPooling1D pool;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}");
    assertThat(textCnn).succeededWithoutWarnings();
    Compilation bidirectional = compile(
        "@Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 64)",
        "abstract class Net {",
        "  @Layer(shape = 100, indices = true) Input words;",
        "  @Layer(vocabulary = 10000, units = 128, maskZero = true) Embedding embedding;",
        "  @Layer(units = 64, returnSequences = true) Bidirectional<LSTM> first;",
        "  @Layer(units = 32) @Activation(RELU) Bidirectional<GRU> second;",
        "  @Layer(rate = 0.5) Dropout drop;",
        "  @Layer(units = 5) @Activation(SOFTMAX) Dense out;",
        "}");
    assertThat(bidirectional).succeededWithoutWarnings();
  }
}
