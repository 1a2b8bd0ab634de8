package dev.kiln.parity;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Padding;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Add;
import dev.kiln.layers.Average;
import dev.kiln.layers.Bidirectional;
import dev.kiln.layers.AvgPool2D;
import dev.kiln.layers.BatchNormalization;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Conv1D;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dot;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.GRU;
import dev.kiln.layers.GlobalAveragePooling1D;
import dev.kiln.layers.GlobalAveragePooling2D;
import dev.kiln.layers.GlobalMaxPooling1D;
import dev.kiln.layers.Input;
import dev.kiln.layers.LSTM;
import dev.kiln.layers.LayerHandle;
import dev.kiln.layers.MaxPool2D;
import dev.kiln.layers.Multiply;
import dev.kiln.layers.SimpleRNN;
import dev.kiln.layers.Subtract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kiln against Keras itself: the values in parity/keras.txt were made by Keras 3 on
 * TensorFlow (examples/peers/keras_parity.py, which names the versions in the file's first line).
 * The same networks, weights and batches train in Kiln with the same settings; the losses reported
 * over 10 steps and the weights after them (and after step 1 for the optimizers) must agree to
 * float rounding: every optimizer on one network, and every loss and layer kind with SGD, LSTMs
 * too (the last step's output, stacked over embedded indices, every step's read backwards), and
 * stacked SimpleRNNs and GRUs (reset_after and not), and the text CNN (Conv1D and the poolings over time).
 */
class KerasParityTest {
  /** Relative agreement asked for (float32 on both sides, different orders of summation). */
  private static final double TOLERANCE = 2e-5;
  private static final Map<String, double[]> KERAS = read("/parity/keras.txt");

  @Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Sgd {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 8)
  abstract static class Adam {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.RMSPROP, batch = 8)
  abstract static class Rmsprop {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADADELTA, batch = 8)
  abstract static class Adadelta {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Bce {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  @Model(input = 4, loss = Loss.CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Cce {
    @Layer(units = 5) @Activation(RELU) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Mse {
    @Layer(units = 5) @Activation(SIGMOID) Dense hidden;
    @Layer(units = 2) Dense out;
  }

  @Model(input = 4, loss = Loss.MEAN_ABSOLUTE_ERROR, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Mae {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 2) Dense out;
  }

  @Model(input = {8, 8, 2}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Cnn {
    @Layer(filters = 3, kernel = 3, padding = Padding.SAME) @Activation(RELU) Conv2D conv;
    @Layer(pool = 2) MaxPool2D pool;
    @Layer(filters = 4, kernel = 2) @Activation(TANH) Conv2D conv2;
    @Layer(pool = 2) AvgPool2D avg;
    @Layer Flatten flat;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Stride 2 and SAME padding on an odd size, and pools that overlap. */
  @Model(input = {7, 7, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Strided {
    @Layer(filters = 2, kernel = 3, stride = 2, padding = Padding.SAME) @Activation(RELU) Conv2D conv;
    @Layer(pool = 3, stride = 2, padding = Padding.SAME) AvgPool2D avg;
    @Layer(pool = 2, stride = 1, padding = Padding.SAME) MaxPool2D pool;
    @Layer Flatten flat;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = {6, 6, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Gap {
    @Layer(filters = 4, kernel = 3) @Activation(RELU) Conv2D conv;
    @Layer GlobalAveragePooling2D gap;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Batchnorm {
    @Layer(units = 6) Dense hidden;
    @Layer @Activation(TANH) BatchNormalization norm;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** The recommender: two Embeddings and their Dot. */
  @Model(loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD, batch = 8)
  abstract static class DotModel {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input movie;
    @Layer(from = "user", vocabulary = 5, units = 3) Embedding userVector;
    @Layer(from = "movie", vocabulary = 6, units = 3) Embedding movieVector;
    @Layer(from = {"userVector", "movieVector"}) Dot rating;
  }

  /** The same with the cosine of the vectors. */
  @Model(loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD, batch = 8)
  abstract static class CosineModel {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input movie;
    @Layer(from = "user", vocabulary = 5, units = 3) Embedding userVector;
    @Layer(from = "movie", vocabulary = 6, units = 3) Embedding movieVector;
    @Layer(from = {"userVector", "movieVector"}, normalize = true) Dot rating;
  }

  /** Every value-by-value merge of two Dense branches, joined by a Concatenate. */
  @Model(loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Merges {
    @Layer(shape = 4) Input left;
    @Layer(shape = 4) Input right;
    @Layer(from = "left", units = 3) @Activation(TANH) Dense a;
    @Layer(from = "right", units = 3) @Activation(SIGMOID) Dense b;
    @Layer(from = {"a", "b"}) Add sum;
    @Layer(from = {"a", "b"}) Subtract difference;
    @Layer(from = {"a", "b"}) Multiply product;
    @Layer(from = {"a", "b"}) Average mean;
    @Layer(from = {"sum", "difference", "product", "mean"}) Concatenate joined;
    @Layer(units = 2) Dense out;
  }

  /** 5 steps of 3 features, the last step's output. */
  @Model(input = {5, 3}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Lstm {
    @Layer(units = 4) LSTM lstm;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Stacked over embedded indices: every step's output into a second LSTM that reads them backwards. */
  @Model(loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class LstmStacked {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3) Embedding embedding;
    @Layer(units = 3, returnSequences = true) LSTM first;
    @Layer(units = 2, goBackwards = true) LSTM second;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  /** Other activations, no unit forget bias, every step's output read backwards, flattened. */
  @Model(input = {4, 2}, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD, batch = 8)
  abstract static class LstmSequences {
    @Layer(units = 3, returnSequences = true, goBackwards = true, recurrentActivation = TANH, unitForgetBias = false)
    @Activation(RELU) LSTM lstm;
    @Layer Flatten flat;
    @Layer(units = 2) Dense out;
  }

  /** SimpleRNNs stacked over embedded indices, the second reading backwards with a ReLU. */
  @Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Rnn {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3) Embedding embedding;
    @Layer(units = 4, returnSequences = true) SimpleRNN first;
    @Layer(units = 3, goBackwards = true) @Activation(RELU) SimpleRNN second;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** GRUs stacked over embedded indices, the second reading backwards. */
  @Model(loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Gru {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3) Embedding embedding;
    @Layer(units = 4, returnSequences = true) GRU first;
    @Layer(units = 3, goBackwards = true) GRU second;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  /** The same GRUs with Keras's reset_after = False: the reset gate before the recurrent product, one bias. */
  @Model(loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class GruResetBefore {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3) Embedding embedding;
    @Layer(units = 4, returnSequences = true, resetAfter = false) GRU first;
    @Layer(units = 3, goBackwards = true, resetAfter = false) GRU second;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  /** The text CNN: windows of 3 embedded words, their largest value per filter. */
  @Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class TextCnn {
    @Layer(shape = 8, indices = true) Input words;
    @Layer(vocabulary = 9, units = 3) Embedding embedding;
    @Layer(filters = 4, kernel = 3) @Activation(RELU) Conv1D conv;
    @Layer GlobalMaxPooling1D pool;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** SAME padding and stride 2 over time, the mean over the steps. */
  @Model(loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD, batch = 8)
  abstract static class StridedTextCnn {
    @Layer(shape = 8, indices = true) Input words;
    @Layer(vocabulary = 9, units = 3) Embedding embedding;
    @Layer(filters = 4, kernel = 3, stride = 2, padding = Padding.SAME) @Activation(TANH) Conv1D conv;
    @Layer GlobalAveragePooling1D pool;
    @Layer(units = 2) Dense out;
  }

  /** Every step of an LSTM each way over padded indices (index 0 anywhere), into a GRU each way. */
  @Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8)
  abstract static class BidirectionalStacked {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3, maskZero = true) Embedding embedding;
    @Layer(units = 3, returnSequences = true) Bidirectional<LSTM> first;
    @Layer(units = 2) Bidirectional<GRU> second;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Every step of a SimpleRNN each way, flattened: the backward outputs in the steps' order. */
  @Model(input = {4, 2}, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD, batch = 8)
  abstract static class BidirectionalSequences {
    @Layer(units = 3, returnSequences = true) Bidirectional<SimpleRNN> rnn;
    @Layer Flatten flat;
    @Layer(units = 2) Dense out;
  }

  /**
   * The models keras_parity.py trains 10 steps with SGD (learning rate 0.1): per loss, layer kind and
   * graph kind, and the LSTMs.
   */
  static Stream<Arguments> models() {
    Function<String, Dataset> dot = name -> KerasParityTest_DotModelCompiled.dataset(indices(name + ".x0"),
        indices(name + ".x1"), floats(KERAS.get(name + ".y")));
    Function<String, Dataset> cosine = name -> KerasParityTest_CosineModelCompiled.dataset(indices(name + ".x0"),
        indices(name + ".x1"), floats(KERAS.get(name + ".y")));
    Function<String, Dataset> merges = name -> KerasParityTest_MergesCompiled.dataset(rows(name + ".x0", 4),
        rows(name + ".x1", 4), rows(name + ".y", 2));
    Function<String, Dataset> stacked = name -> KerasParityTest_LstmStackedCompiled.dataset(
        indexRows(name + ".x", 6), floats(KERAS.get(name + ".y")));
    Function<String, Dataset> rnn = name -> KerasParityTest_RnnCompiled.dataset(indexRows(name + ".x", 6),
        indices(name + ".y"));
    Function<String, Dataset> gru = name -> KerasParityTest_GruCompiled.dataset(indexRows(name + ".x", 6),
        floats(KERAS.get(name + ".y")));
    Function<String, Dataset> gruResetBefore = name -> KerasParityTest_GruResetBeforeCompiled.dataset(
        indexRows(name + ".x", 6), floats(KERAS.get(name + ".y")));
    Function<String, Dataset> textCnn = name -> KerasParityTest_TextCnnCompiled.dataset(indexRows(name + ".x", 8),
        indices(name + ".y"));
    Function<String, Dataset> stridedTextCnn = name -> KerasParityTest_StridedTextCnnCompiled.dataset(
        indexRows(name + ".x", 8), rows(name + ".y", 2));
    Function<String, Dataset> bidirectional = name -> KerasParityTest_BidirectionalStackedCompiled.dataset(
        indexRows(name + ".x", 6), indices(name + ".y"));
    return Stream.of(
        Arguments.of("bce", (Supplier<CompiledModel>) KerasParityTest_BceCompiled::open, null),
        Arguments.of("cce", (Supplier<CompiledModel>) KerasParityTest_CceCompiled::open, null),
        Arguments.of("mse", (Supplier<CompiledModel>) KerasParityTest_MseCompiled::open, null),
        Arguments.of("mae", (Supplier<CompiledModel>) KerasParityTest_MaeCompiled::open, null),
        Arguments.of("cnn", (Supplier<CompiledModel>) KerasParityTest_CnnCompiled::open, null),
        Arguments.of("strided", (Supplier<CompiledModel>) KerasParityTest_StridedCompiled::open, null),
        Arguments.of("gap", (Supplier<CompiledModel>) KerasParityTest_GapCompiled::open, null),
        Arguments.of("batchnorm", (Supplier<CompiledModel>) KerasParityTest_BatchnormCompiled::open, null),
        Arguments.of("dot", (Supplier<CompiledModel>) KerasParityTest_DotModelCompiled::open, dot),
        Arguments.of("cosine", (Supplier<CompiledModel>) KerasParityTest_CosineModelCompiled::open, cosine),
        Arguments.of("merges", (Supplier<CompiledModel>) KerasParityTest_MergesCompiled::open, merges),
        Arguments.of("lstm", (Supplier<CompiledModel>) KerasParityTest_LstmCompiled::open, null),
        Arguments.of("lstm_stacked", (Supplier<CompiledModel>) KerasParityTest_LstmStackedCompiled::open, stacked),
        Arguments.of("lstm_sequences", (Supplier<CompiledModel>) KerasParityTest_LstmSequencesCompiled::open, null),
        Arguments.of("rnn", (Supplier<CompiledModel>) KerasParityTest_RnnCompiled::open, rnn),
        Arguments.of("gru", (Supplier<CompiledModel>) KerasParityTest_GruCompiled::open, gru),
        Arguments.of("conv1d", (Supplier<CompiledModel>) KerasParityTest_TextCnnCompiled::open, textCnn),
        Arguments.of("conv1d_strided", (Supplier<CompiledModel>) KerasParityTest_StridedTextCnnCompiled::open,
            stridedTextCnn),
        Arguments.of("bidirectional", (Supplier<CompiledModel>) KerasParityTest_BidirectionalStackedCompiled::open,
            bidirectional),
        Arguments.of("bidirectional_sequences",
            (Supplier<CompiledModel>) KerasParityTest_BidirectionalSequencesCompiled::open, null),
        Arguments.of("gru_reset_before", (Supplier<CompiledModel>) KerasParityTest_GruResetBeforeCompiled::open,
            gruResetBefore));
  }

  /**
   * @param typed the data set of a model of several inputs or of indices, made by its generated
   *     dataset(...); null for one input of floats, whose rows and labels {@link #data} makes
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void everyLossAndLayerKindTrainsAsInKeras(String name, Supplier<CompiledModel> open,
                                            Function<String, Dataset> typed) {
    try (CompiledModel net = open.get()) {
      for (LayerHandle layer : weighted(net)) {
        layer.setParameters(kerasLayer(name + ".init", layer.name()));
      }
      Dataset data = typed == null ? data(net, name) : typed.apply(name);
      float[][] predicted = net.predict(featureRows(data));
      double[] flat = new double[predicted.length * predicted[0].length];
      for (int s = 0; s < predicted.length; s++) {
        for (int o = 0; o < predicted[s].length; o++) {
          flat[s * predicted[s].length + o] = predicted[s][o];
        }
      }
      assertClose(name + ".predictions", flat, KERAS.get(name + ".predictions"));
      Fit sgd = Fit.epochs(1).shuffle(false).learningRate(0.1).verbose(0); // one step per epoch
      List<Double> losses = new java.util.ArrayList<>(net.fit(data, sgd).loss());
      for (LayerHandle layer : weighted(net)) {
        assertClose(name + ".1." + layer.name(), layer.parameters(), kerasLayer(name + ".1", layer.name()));
      }
      losses.addAll(net.fit(data, Fit.epochs(9).shuffle(false).learningRate(0.1).verbose(0)).loss());
      assertClose(name + ".loss", losses.stream().mapToDouble(Double::doubleValue).toArray(),
          KERAS.get(name + ".loss"));
      for (LayerHandle layer : weighted(net)) {
        assertClose(name + ".10." + layer.name(), layer.parameters(), kerasLayer(name + ".10", layer.name()));
      }
    }
  }

  /**
   * A sigmoid saturated both ways: Keras reports the binary cross-entropy of the logits (17.7, above
   * what a probability clamped to 1e-7 can give, 16.1).
   */
  @Test
  void aSaturatedBinaryLossIsReportedAsKerasReportsIt() {
    try (CompiledModel net = KerasParityTest_BceCompiled.open()) {
      for (LayerHandle layer : weighted(net)) {
        layer.setParameters(kerasLayer("bce.init", layer.name()));
      }
      LayerHandle out = net.layers().get(1);
      double[] loud = out.parameters();
      for (int k = 0; k < 5; k++) { // the kernel, not the bias: 25 times larger, as the script makes it
        loud[k] *= 25;
      }
      out.setParameters(loud);
      Dataset batch = data(net, "bce");
      float[] x = batch.features();
      float[][] rows = new float[batch.size()][4];
      for (int i = 0; i < x.length; i++) {
        rows[i / 4][i % 4] = Math.signum(x[i]) * 30;
      }
      double loss = net.evaluate(Dataset.of(rows, labelRows(KERAS.get("bce.y"), 1))).loss();
      assertClose("bce.saturated.loss", new double[] {loss}, KERAS.get("bce.saturated.loss"));
    }
  }

  private static List<LayerHandle> weighted(CompiledModel net) {
    return net.layers().stream().filter(l -> l.parameters().length > 0).toList();
  }

  /**
   * A layer's Keras arrays side by side (kernel and bias; gamma, beta and the running statistics;
   * an LSTM's kernel, recurrent kernel and bias), as Kiln stores them.
   */
  private static double[] kerasLayer(String prefix, String layer) {
    double[] all = new double[0];
    for (int i = 0; KERAS.containsKey(prefix + "." + layer + "." + i); i++) {
      all = concat(all, KERAS.get(prefix + "." + layer + "." + i));
    }
    return all;
  }

  /** The model's 6 samples, flat rows, with labels as its loss takes them. */
  private static Dataset data(CompiledModel net, String name) {
    double[] x = KERAS.get(name + ".x");
    double[] y = KERAS.get(name + ".y");
    int width = net.spec().inputWidth();
    int samples = x.length / width;
    float[][] rows = new float[samples][width];
    for (int s = 0; s < samples; s++) {
      for (int i = 0; i < width; i++) {
        rows[s][i] = (float) x[s * width + i];
      }
    }
    if (net.spec().loss() == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY) {
      return Dataset.ofClasses(rows, Arrays.stream(y).mapToInt(v -> (int) v).toArray(), 3);
    }
    return Dataset.of(rows, labelRows(y, y.length / samples));
  }

  private static float[][] featureRows(Dataset data) {
    int width = data.featureWidth();
    float[][] rows = new float[data.size()][];
    for (int s = 0; s < rows.length; s++) {
      rows[s] = Arrays.copyOfRange(data.features(), s * width, (s + 1) * width);
    }
    return rows;
  }

  private static int[] indices(String array) {
    return Arrays.stream(KERAS.get(array)).mapToInt(v -> (int) v).toArray();
  }

  private static int[][] indexRows(String array, int width) {
    int[] flat = indices(array);
    int[][] rows = new int[flat.length / width][];
    for (int s = 0; s < rows.length; s++) {
      rows[s] = Arrays.copyOfRange(flat, s * width, (s + 1) * width);
    }
    return rows;
  }

  private static float[] floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static float[][] rows(String array, int width) {
    return labelRows(KERAS.get(array), width);
  }

  private static float[][] labelRows(double[] y, int width) {
    float[][] labels = new float[y.length / width][width];
    for (int s = 0; s < labels.length; s++) {
      for (int j = 0; j < width; j++) {
        labels[s][j] = (float) y[s * width + j];
      }
    }
    return labels;
  }

  /** The cases keras_parity.py writes, with the Fit settings that are its Keras arguments. */
  static Stream<Arguments> cases() {
    Fit keras = Fit.epochs(1).shuffle(false).verbose(0);
    Supplier<CompiledModel> sgd = KerasParityTest_SgdCompiled::open;
    Supplier<CompiledModel> adam = KerasParityTest_AdamCompiled::open;
    Supplier<CompiledModel> rmsprop = KerasParityTest_RmspropCompiled::open;
    Supplier<CompiledModel> adadelta = KerasParityTest_AdadeltaCompiled::open;
    Function<String, Dataset> bidirectional = name -> KerasParityTest_BidirectionalStackedCompiled.dataset(
        indexRows(name + ".x", 6), indices(name + ".y"));
    return Stream.of(
        Arguments.of("sgd", sgd, keras),
        Arguments.of("sgd_momentum", sgd, keras.learningRate(0.1).momentum(0.9)),
        Arguments.of("sgd_nesterov", sgd, keras.learningRate(0.1).momentum(0.9).nesterov(true)),
        Arguments.of("adam", adam, keras),
        Arguments.of("adam_fast", adam, keras.learningRate(0.05).betas(0.8, 0.99)),
        Arguments.of("rmsprop", rmsprop, keras),
        Arguments.of("rmsprop_fast", rmsprop, keras.learningRate(0.01).rho(0.8)),
        Arguments.of("adadelta", adadelta, keras),
        Arguments.of("adadelta_fast", adadelta, keras.learningRate(1.0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void trainsAsKerasDoes(String name, Supplier<CompiledModel> open, Fit oneStep) {
    try (CompiledModel net = open.get()) {
      setWeights(net, "init");
      Dataset batch = batch("inputs");
      List<Double> losses = new java.util.ArrayList<>();
      History first = net.fit(batch, oneStep); // 6 samples, batch 8: one step per epoch
      losses.addAll(first.loss());
      assertClose(name + ".1", weights(net), expectedWeights(name + ".1"));
      for (int step = 2; step <= 10; step++) {
        losses.addAll(net.fit(batch, oneStep).loss());
      }
      assertClose(name + ".10", weights(net), expectedWeights(name + ".10"));
      double[] reported = losses.stream().mapToDouble(Double::doubleValue).toArray();
      assertClose(name + ".loss", reported, KERAS.get(name + ".loss"));
    }
  }

  /** Logits far apart: Keras reports the cross-entropy of the logits, not of a probability clamped to 1e-7. */
  @Test
  void aSaturatedLossIsReportedAsKerasReportsIt() {
    try (CompiledModel net = KerasParityTest_SgdCompiled.open()) {
      setWeights(net, "init");
      double[] out = net.layers().get(1).parameters();
      for (int k = 0; k < 15; k++) { // the kernel, not the bias: 25 times larger, as the script makes it
        out[k] *= 25;
      }
      net.layers().get(1).setParameters(out);
      double loss = net.evaluate(batch("saturated_inputs")).loss();
      assertClose("saturated.loss", new double[] {loss}, KERAS.get("saturated.loss"));
    }
  }

  private static Dataset batch(String inputs) {
    double[] x = KERAS.get(inputs);
    double[] y = KERAS.get("labels");
    float[][] rows = new float[y.length][4];
    int[] classes = new int[y.length];
    for (int s = 0; s < y.length; s++) {
      for (int i = 0; i < 4; i++) {
        rows[s][i] = (float) x[s * 4 + i];
      }
      classes[s] = (int) y[s];
    }
    return Dataset.ofClasses(rows, classes, 3);
  }

  /** Kiln stores a Dense layer's kernel [inputs][units] then its bias, as Keras's two arrays side by side. */
  private static void setWeights(CompiledModel net, String prefix) {
    net.layers().get(0).setParameters(expectedLayer(prefix, "hidden"));
    net.layers().get(1).setParameters(expectedLayer(prefix, "out"));
  }

  private static double[] expectedWeights(String prefix) {
    return concat(expectedLayer(prefix, "hidden"), expectedLayer(prefix, "out"));
  }

  private static double[] expectedLayer(String prefix, String layer) {
    return concat(KERAS.get(prefix + "." + layer + ".kernel"), KERAS.get(prefix + "." + layer + ".bias"));
  }

  private static double[] weights(CompiledModel net) {
    return concat(net.layers().get(0).parameters(), net.layers().get(1).parameters());
  }

  private static double[] concat(double[] a, double[] b) {
    double[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static void assertClose(String what, double[] kiln, double[] keras) {
    assertTrue(kiln.length == keras.length, what + ": " + kiln.length + " values, Keras has " + keras.length);
    double worst = 0;
    int at = -1;
    for (int k = 0; k < kiln.length; k++) {
      double error = Math.abs(kiln[k] - keras[k]) / Math.max(1, Math.abs(keras[k]));
      if (error > worst) {
        worst = error;
        at = k;
      }
    }
    assertTrue(worst <= TOLERANCE, what + ": value " + at + " is " + (at < 0 ? "" : kiln[at] + " in Kiln, "
        + keras[at] + " in Keras") + " (relative error " + worst + ")");
  }

  /** The fixture: one array per line, its name then its values; lines starting with # are comments. */
  private static Map<String, double[]> read(String resource) {
    try (InputStream in = KerasParityTest.class.getResourceAsStream(resource)) {
      Map<String, double[]> arrays = new LinkedHashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        arrays.put(parts[0], Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray());
      }
      return arrays;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
