package dev.kiln.onnx;

import static dev.kiln.annotations.ActivationKind.LEAKY_RELU;
import static dev.kiln.annotations.ActivationKind.LINEAR;
import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Loss.MEAN_SQUARED_ERROR;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Padding.SAME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.kiln.CompiledModel;
import dev.kiln.KilnException;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Precision;
import dev.kiln.data.Dataset;
import dev.kiln.data.Scaler;
import dev.kiln.layers.Add;
import dev.kiln.layers.Average;
import dev.kiln.layers.AvgPool2D;
import dev.kiln.layers.BatchNormalization;
import dev.kiln.layers.Bidirectional;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Conv1D;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dot;
import dev.kiln.layers.Dropout;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.GRU;
import dev.kiln.layers.GlobalAveragePooling1D;
import dev.kiln.layers.GlobalAveragePooling2D;
import dev.kiln.layers.GlobalMaxPooling1D;
import dev.kiln.layers.Input;
import dev.kiln.layers.LSTM;
import dev.kiln.layers.MaxPool2D;
import dev.kiln.layers.Multiply;
import dev.kiln.layers.Reshape;
import dev.kiln.layers.SimpleRNN;
import dev.kiln.layers.Subtract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every layer kind and option exported and run in ONNX Runtime, against predict on the same
 * samples, with every parameter random (biases and running statistics included).
 */
class OnnxExportTest {
  @TempDir Path dir;

  @Model(input = 6, loss = CATEGORICAL_CROSS_ENTROPY, batch = 16)
  abstract static class Activations {
    @Layer(units = 8) @Activation(RELU) Dense relu;
    @Layer(units = 7) @Activation(TANH) Dense tanh;
    @Layer(rate = 0.3) Dropout dropout;
    @Layer(units = 6, bias = false) @Activation(SIGMOID) Dense sigmoid;
    @Layer(units = 5) @Activation(value = LEAKY_RELU, alpha = 0.2) Dense leaky;
    @Layer(units = 5) @Activation(LINEAR) Dense linear;
    @Layer @Activation(RELU) BatchNormalization norm;
    @Layer(units = 4) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = {9, 8, 3}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 8)
  abstract static class Images {
    @Layer(filters = 4, kernel = 3, padding = SAME) @Activation(RELU) Conv2D same;
    @Layer(filters = 5, kernel = {2, 3}, stride = 2, bias = false) @Activation(TANH) Conv2D strided;
    @Layer @Activation(SIGMOID) BatchNormalization norm;
    @Layer(pool = 2, stride = 1, padding = SAME) MaxPool2D max;
    @Layer(pool = 3, stride = 2, padding = SAME) AvgPool2D avg;
    @Layer Flatten flat;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** A one-channel image declared {h, w}, pooled whole; a Conv2D whose stride leaves a row out. */
  @Model(input = {11, 10}, loss = MEAN_SQUARED_ERROR, batch = 8)
  abstract static class GrayImages {
    @Layer(filters = 3, kernel = 3, stride = 2) Conv2D conv;
    @Layer(pool = 2) MaxPool2D max;
    @Layer(filters = 2, kernel = 1) @Activation(RELU) Conv2D pointwise;
    @Layer GlobalAveragePooling2D pool;
    @Layer(units = 2) Dense out;
  }

  @Model(loss = MEAN_SQUARED_ERROR, batch = 8)
  abstract static class TimeConvolutions {
    @Layer(shape = 12, indices = true) Input words;
    @Layer(vocabulary = 9, units = 4) Embedding embedding;
    @Layer(filters = 5, kernel = 3, stride = 2, padding = SAME) @Activation(TANH) Conv1D conv;
    @Layer(filters = 3, kernel = 2) Conv1D second;
    @Layer(from = "second") GlobalMaxPooling1D max;
    @Layer(from = "second") GlobalAveragePooling1D mean;
    @Layer(from = {"max", "mean"}) Concatenate both;
    @Layer(units = 1) Dense out;
  }

  @Model(loss = MEAN_SQUARED_ERROR, batch = 8)
  abstract static class Merges {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 5) Input features;
    @Layer(from = "user", vocabulary = 6, units = 4) Embedding userVector;
    @Layer(from = "features", units = 4) @Activation(TANH) Dense a;
    @Layer(from = "features", units = 4) Dense b;
    @Layer(from = {"a", "b"}) Add sum;
    @Layer(from = {"a", "userVector"}) Subtract difference;
    @Layer(from = {"a", "b", "userVector"}) Multiply product;
    @Layer(from = {"sum", "difference", "product"}) Average mean;
    @Layer(from = {"mean", "userVector"}) Dot dot;
    @Layer(from = {"a", "userVector"}, normalize = true) Dot cosine;
    @Layer(from = {"dot", "cosine", "mean"}) Concatenate joined;
    @Layer(shape = {2, 3}) Reshape grid;
    @Layer Flatten row;
    @Layer(units = 1) Dense out;
  }

  /** Two towers sharing weights, and a model of two outputs. */
  @Model(loss = MEAN_SQUARED_ERROR, batch = 8)
  abstract static class SharedTwoOutputs {
    @Layer(shape = 4) Input left;
    @Layer(shape = 4) Input right;
    @Layer(from = "left", units = 3) @Activation(TANH) Dense encoder;
    @Layer(from = "right", shares = "encoder") Dense rightEncoder;
    @Layer(from = {"encoder", "rightEncoder"}) Subtract difference;
    @Layer(from = "difference", units = 2, loss = CATEGORICAL_CROSS_ENTROPY) @Activation(SOFTMAX) Dense kind;
    @Layer(from = "difference", units = 1) Dense score;
  }

  @Model(input = 3, loss = MEAN_SQUARED_ERROR, batch = 8, precision = Precision.DOUBLE)
  abstract static class InDoublePrecision {
    @Layer(units = 4) @Activation(TANH) Dense hidden;
    @Layer(units = 2) Dense out;
  }

  @Model(loss = MEAN_SQUARED_ERROR, batch = 8)
  abstract static class Recurrent {
    @Layer(shape = 7, indices = true) Input words;
    @Layer(vocabulary = 11, units = 3) Embedding embedding;
    @Layer(units = 4, returnSequences = true) LSTM lstm;
    @Layer(units = 3, returnSequences = true, resetAfter = false) GRU gruBefore;
    @Layer(units = 3, returnSequences = true, goBackwards = true) @Activation(RELU) GRU gruBackwards;
    @Layer(units = 2, returnSequences = true, goBackwards = true, recurrentActivation = TANH) LSTM lstmBackwards;
    @Layer(units = 3, returnSequences = true) @Activation(value = LEAKY_RELU, alpha = 0.3) LSTM leakyCell;
    @Layer(units = 2, returnSequences = true, recurrentActivation = LINEAR) GRU linearGates;
    @Layer(units = 3) @Activation(value = LEAKY_RELU, alpha = 0.1) SimpleRNN rnn;
    @Layer(units = 2) Dense out;
  }

  /** A model input of {steps, features}, an image of one channel, read by recurrent layers both ways. */
  @Model(input = {6, 4}, loss = MEAN_SQUARED_ERROR, batch = 8)
  abstract static class BothWays {
    @Layer(units = 3, returnSequences = true) Bidirectional<LSTM> first;
    @Layer(units = 2, returnSequences = true) Bidirectional<SimpleRNN> rnn;
    @Layer(units = 2) @Activation(RELU) Bidirectional<GRU> last;
    @Layer(units = 1) Dense out;
  }

  /** Padding (index 0) skipped anywhere in a sequence, every step's output kept, both ways. */
  @Model(loss = MEAN_SQUARED_ERROR, batch = 8)
  abstract static class Masked {
    @Layer(shape = 8, indices = true) Input words;
    @Layer(vocabulary = 9, units = 3, maskZero = true) Embedding embedding;
    @Layer(units = 3, returnSequences = true) LSTM first;
    @Layer(units = 2, returnSequences = true) Bidirectional<GRU> both;
    @Layer(units = 3) LSTM afterBoth;
    @Layer(from = "first", units = 2, goBackwards = true) SimpleRNN last;
    @Layer(from = {"afterBoth", "last"}) Concatenate joined;
    @Layer(units = 1) Dense out;
  }

  @Test
  void denseLayersWithEveryActivationAndBatchNormalization() {
    check(OnnxExportTest_ActivationsCompiled.open());
  }

  @Test
  void convolutionsAndPoolsOverImages() {
    check(OnnxExportTest_ImagesCompiled.open());
  }

  @Test
  void oneChannelImagesAndGlobalPooling() {
    check(OnnxExportTest_GrayImagesCompiled.open());
  }

  @Test
  void convolutionsAndPoolsOverTime() {
    check(OnnxExportTest_TimeConvolutionsCompiled.open());
  }

  @Test
  void mergesDotsAndReshapes() {
    check(OnnxExportTest_MergesCompiled.open());
  }

  @Test
  void sharedWeightsAndTwoOutputs() {
    check(OnnxExportTest_SharedTwoOutputsCompiled.open());
  }

  @Test
  void aDoublePrecisionModelRunsInFloat() {
    check(OnnxExportTest_InDoublePrecisionCompiled.open());
  }

  @Test
  void recurrentLayersEveryWay() {
    check(OnnxExportTest_RecurrentCompiled.open());
  }

  @Test
  void bidirectionalLayersOverAnInputSequence() {
    check(OnnxExportTest_BothWaysCompiled.open());
  }

  @Test
  void maskedPaddingAnywhereInTheSequence() {
    check(OnnxExportTest_MaskedCompiled.open());
  }

  /** A shared layer's weights are one tensor in the file, not one per use. */
  @Test
  void sharedWeightsAreWrittenOnce() {
    try (CompiledModel model = OnnxExportTest_SharedTwoOutputsCompiled.open()) {
      ModelProto onnx = OnnxExport.toModel(model);
      List<String> initializers = onnx.getGraph().getInitializerList().stream().map(t -> t.getName()).toList();
      assertEquals(1, initializers.stream().filter(name -> name.startsWith("encoder/kernel")).count(),
          initializers.toString());
      assertEquals(List.of("left", "right"), onnx.getGraph().getInputList().stream().map(i -> i.getName()).toList());
      assertEquals(List.of("kind", "score"), onnx.getGraph().getOutputList().stream().map(o -> o.getName()).toList());
    }
  }

  /** The scaler becomes the first nodes: the exported model takes raw inputs, as predict does. */
  @Test
  void theInputScalerIsPartOfTheModel() {
    try (OnnxExportTest_ActivationsCompiled model = OnnxExportTest_ActivationsCompiled.open()) {
      OnnxRuntimeCheck.randomize(model, 3);
      Random random = new Random(4);
      float[][] raw = new float[64][6];
      for (float[] sample : raw) {
        for (int i = 0; i < sample.length; i++) {
          sample[i] = (float) (random.nextGaussian() * 40 + 100 * i);
        }
      }
      model.scaleInputs(Scaler.standardize(Dataset.of(raw, new float[64][4])));
      OnnxRuntimeCheck.assertMatches(model, Arrays.copyOf(raw, 16));
    }
  }

  /** {@code exportOnnx} finds this module through the ServiceLoader and writes a file ONNX Runtime runs. */
  @Test
  void exportOnnxWritesTheFile() throws Exception {
    try (OnnxExportTest_ImagesCompiled model = OnnxExportTest_ImagesCompiled.open()) {
      OnnxRuntimeCheck.randomize(model, 5);
      Path file = dir.resolve("images.onnx");
      model.exportOnnx(file);
      byte[] written = Files.readAllBytes(file);
      assertArrayEquals(OnnxExport.toModel(model).toByteArray(), written);
      OnnxRuntimeCheck.assertMatches(model, written, OnnxRuntimeCheck.samples(model, 8, 6));
    }
  }

  /** A file that cannot be written is a Kiln error naming it, and leaves nothing behind. */
  @Test
  void anUnwritableFileIsAKilnError() {
    try (OnnxExportTest_ImagesCompiled model = OnnxExportTest_ImagesCompiled.open()) {
      Path file = dir.resolve("missing").resolve("images.onnx");
      KilnException error = assertThrows(KilnException.class, () -> model.exportOnnx(file));
      assertTrue(error.getMessage().startsWith("could not write the ONNX model to " + file), error.getMessage());
      assertFalse(Files.exists(dir.resolve("missing")));
    }
  }

  @Test
  void aClosedModelIsAKilnError() throws Exception {
    OnnxExportTest_ImagesCompiled model = OnnxExportTest_ImagesCompiled.open();
    model.close();
    KilnException error = assertThrows(KilnException.class, () -> model.exportOnnx(dir.resolve("closed.onnx")));
    assertTrue(error.getMessage().startsWith("Images is closed"), error.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  private static void check(CompiledModel model) {
    try (model) {
      OnnxRuntimeCheck.randomize(model, 1);
      OnnxRuntimeCheck.assertMatches(model, OnnxRuntimeCheck.samples(model, 37, 2));
    }
  }
}
