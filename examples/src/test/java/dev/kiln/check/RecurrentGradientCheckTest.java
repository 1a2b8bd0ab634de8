package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.BINARY_CROSS_ENTROPY;
import static dev.kiln.annotations.Loss.MEAN_SQUARED_ERROR;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Optimizer.SGD;
import static dev.kiln.annotations.Precision.DOUBLE;
import static dev.kiln.check.SequenceChecks.SAMPLES;
import static dev.kiln.check.SequenceChecks.WORDS;
import static dev.kiln.check.SequenceChecks.checkSaliency;
import static dev.kiln.check.SequenceChecks.checkWhileTraining;
import static dev.kiln.check.SequenceChecks.embedded;
import static dev.kiln.check.SequenceChecks.floats;
import static dev.kiln.check.SequenceChecks.pad;
import static dev.kiln.check.SequenceChecks.rows;
import static dev.kiln.check.SequenceChecks.softmax;
import static dev.kiln.check.SequenceChecks.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.CompiledModel;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.GRU;
import dev.kiln.layers.Input;
import dev.kiln.layers.LSTM;
import dev.kiln.layers.SimpleRNN;
import dev.kiln.reference.ReferenceGru;
import dev.kiln.reference.ReferenceLstm;
import dev.kiln.reference.ReferenceSimpleRnn;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * LSTMs, GRUs and SimpleRNNs in fp64 kernels, checked through time: the gradient the kernels apply equals
 * central finite differences of the loss they report, at initialisation and after a few steps, for
 * every gate's weights, both kernels and the bias; predictions equal plain-Java layers' (ReferenceLstm,
 * ReferenceGru, ReferenceSimpleRnn: Keras's formulas), padded or not; the gradient to the input sequence equals
 * finite differences of predict. Seven samples in a batch compiled for eight, so the partial-batch
 * path is checked too.
 */
class RecurrentGradientCheckTest {

  /** The speech-like model: 5 steps of 3 features, the last step's output, classes. */
  @Model(input = {5, 3}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Features {
    @Layer(units = 4) LSTM lstm;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Stacked, over embedded indices: every step's output into a second LSTM that reads them backwards. */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Stacked {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3) Embedding embedding;
    @Layer(units = 3, returnSequences = true) LSTM first;
    @Layer(units = 2, goBackwards = true) LSTM second;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  /** Other activations, no unit forget bias, every step's output read backwards, flattened. */
  @Model(input = {4, 2}, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Sequences {
    @Layer(units = 3, returnSequences = true, goBackwards = true, recurrentActivation = TANH, unitForgetBias = false)
    @Activation(RELU) LSTM lstm;
    @Layer Flatten flat;
    @Layer(units = 2) Dense out;
  }

  /** Padded sequences (index 0, maskZero): both LSTMs skip the padding, the second reading backwards. */
  @Model(loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Masked {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3, maskZero = true) Embedding embedding;
    @Layer(units = 3, returnSequences = true) LSTM first;
    @Layer(units = 2, goBackwards = true) LSTM second;
    @Layer(units = 1) Dense out;
  }

  /**
   * SimpleRNNs: every step's output of one, over padded embedded indices, read backwards by a second
   * with a ReLU, whose last step's output goes to the classes.
   */
  @Model(loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Rnn {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3, maskZero = true) Embedding embedding;
    @Layer(units = 4, returnSequences = true) SimpleRNN first;
    @Layer(units = 3, goBackwards = true) @Activation(RELU) SimpleRNN second;
    @Layer(units = 2) @Activation(SOFTMAX) Dense out;
  }

  @Test
  void simpleRnnsStackedOverPaddedWords() {
    try (RecurrentGradientCheckTest_RnnCompiled net = RecurrentGradientCheckTest_RnnCompiled.open()) {
      Random random = new Random(13);
      int[][] pre = pad(true);
      int[] classes = new int[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        classes[s] = random.nextInt(2);
      }
      Dataset batch = RecurrentGradientCheckTest_RnnCompiled.dataset(pre, classes);
      for (int round = 0; round < 2; round++) {
        double[][] table = rows(net.embedding.parameters(), 3);
        ReferenceSimpleRnn first = ReferenceSimpleRnn.of(net.first.parameters(), 3, 4, ReferenceLstm.TANH, false);
        ReferenceSimpleRnn second = ReferenceSimpleRnn.of(net.second.parameters(), 4, 3, ReferenceLstm.RELU, true);
        int[][] post = pad(false);
        for (int s = 0; s < SAMPLES; s++) {
          double[][] vectors = embedded(table, WORDS[s]);
          double[][] h = second.run(first.run(vectors));
          double[] expected = softmax(GradientChecks.dense(h[h.length - 1], net.out));
          for (int[][] padded : List.of(pre, post)) {
            float[] actual = net.predict(GradientChecks.floats(padded[s]));
            for (int o = 0; o < 2; o++) {
              assertEquals(expected[o], actual[o], 1e-7, "output " + o + " of sample " + s + " (reference)");
            }
          }
        }
        checkWhileTraining(net, batch);
      }
    }
  }

  /** GRUs: every step's output of one, over padded embedded indices, read backwards by a second. */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Gru {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3, maskZero = true) Embedding embedding;
    @Layer(units = 4, returnSequences = true) GRU first;
    @Layer(units = 3, goBackwards = true, recurrentActivation = TANH) @Activation(RELU) GRU second;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  /** The same GRUs with the reset gate applied to the state before the recurrent product (one bias row). */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class GruResetBefore {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3, maskZero = true) Embedding embedding;
    @Layer(units = 4, returnSequences = true, resetAfter = false) GRU first;
    @Layer(units = 3, goBackwards = true, recurrentActivation = TANH, resetAfter = false) @Activation(RELU) GRU second;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  @Test
  void grusStackedOverPaddedWords() {
    try (RecurrentGradientCheckTest_GruCompiled net = RecurrentGradientCheckTest_GruCompiled.open()) {
      checkGrus(net, net.embedding, net.first, net.second, net.out, RecurrentGradientCheckTest_GruCompiled::dataset,
          true);
    }
  }

  @Test
  void grusWithTheResetGateBeforeTheRecurrentProduct() {
    try (RecurrentGradientCheckTest_GruResetBeforeCompiled net =
             RecurrentGradientCheckTest_GruResetBeforeCompiled.open()) {
      checkGrus(net, net.embedding, net.first, net.second, net.out,
          RecurrentGradientCheckTest_GruResetBeforeCompiled::dataset, false);
    }
  }

  /**
   * Two stacked GRUs as {@link Gru} declares them: their predictions against ReferenceGru's, padded
   * before and after, and their gradients, at initialisation and after a few steps.
   */
  private static void checkGrus(CompiledModel net, Embedding embedding, GRU firstLayer, GRU secondLayer, Dense out,
                                BiFunction<int[][], float[], Dataset> dataset, boolean resetAfter) {
    Random random = new Random(17);
    int[][] pre = pad(true);
    float[] labels = new float[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
      labels[s] = random.nextInt(2);
    }
    // biases away from Keras's zeros, so that their gradients (every row) are checked where they matter
    float[] bias = firstLayer.bias();
    for (int j = 0; j < bias.length; j++) {
      bias[j] = (float) (0.4 * random.nextDouble() - 0.2);
    }
    firstLayer.setBias(bias);
    Dataset batch = dataset.apply(pre, labels);
    for (int round = 0; round < 2; round++) {
      double[][] table = rows(embedding.parameters(), 3);
      ReferenceGru first = ReferenceGru.of(firstLayer.parameters(), 3, 4, ReferenceLstm.TANH, ReferenceLstm.SIGMOID,
          false, resetAfter);
      ReferenceGru second = ReferenceGru.of(secondLayer.parameters(), 4, 3, ReferenceLstm.RELU, ReferenceLstm.TANH,
          true, resetAfter);
      int[][] post = pad(false);
      for (int s = 0; s < SAMPLES; s++) {
        double[][] vectors = embedded(table, WORDS[s]);
        double[][] h = second.run(first.run(vectors));
        double expected = ReferenceLstm.SIGMOID.applyAsDouble(GradientChecks.dense(h[h.length - 1], out)[0]);
        for (int[][] padded : List.of(pre, post)) {
          assertEquals(expected, net.predict(GradientChecks.floats(padded[s]))[0], 1e-7, "sample " + s + " (reference)");
        }
      }
      checkWhileTraining(net, batch);
    }
  }

  /** The tutorials' image and text model: a convolution of the image and an LSTM of the words, joined. */
  @Model(loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class ImageAndText {
    @Layer(shape = {4, 4, 1}) Input image;
    @Layer(shape = 6, indices = true) Input words;
    @Layer(from = "image", filters = 2, kernel = 3) @Activation(TANH) Conv2D conv;
    @Layer Flatten flat;
    @Layer(from = "words", vocabulary = 7, units = 3, maskZero = true) Embedding embedding;
    @Layer(units = 3) LSTM lstm;
    @Layer(from = {"flat", "lstm"}) Concatenate joined;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Test
  void anImageBranchAndAnLstmBranchJoined() {
    try (RecurrentGradientCheckTest_ImageAndTextCompiled net = RecurrentGradientCheckTest_ImageAndTextCompiled.open()) {
      Random random = new Random(19);
      float[][] images = floats(random, 16);
      int[] classes = new int[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        classes[s] = random.nextInt(3);
      }
      Dataset batch = RecurrentGradientCheckTest_ImageAndTextCompiled.dataset(images, pad(true), classes);
      checkWhileTraining(net, batch);
    }
  }


  @Test
  void paddingIsSkippedWhereverItIs() {
    try (RecurrentGradientCheckTest_MaskedCompiled net = RecurrentGradientCheckTest_MaskedCompiled.open()) {
      Random random = new Random(11);
      int[][] pre = pad(true);
      int[][] post = pad(false);
      float[] y = new float[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        y[s] = (float) (2 * random.nextDouble() - 1);
      }
      for (int round = 0; round < 2; round++) {
        double[][] table = rows(net.embedding.parameters(), 3);
        ReferenceLstm first = reference(net.first, ReferenceLstm.TANH, ReferenceLstm.SIGMOID, false);
        ReferenceLstm second = reference(net.second, ReferenceLstm.TANH, ReferenceLstm.SIGMOID, true);
        for (int s = 0; s < SAMPLES; s++) {
          double[][] vectors = embedded(table, WORDS[s]);
          double[][] h = second.run(first.run(vectors));
          double expected = GradientChecks.dense(h[h.length - 1], net.out)[0];
          assertEquals(expected, net.predict(GradientChecks.floats(pre[s]))[0], 1e-7, "sample " + s + ", padded before (reference)");
          assertEquals(expected, net.predict(GradientChecks.floats(post[s]))[0], 1e-7, "sample " + s + ", padded after (reference)");
        }
        Dataset before = RecurrentGradientCheckTest_MaskedCompiled.dataset(pre, y);
        double[][] gradientsBefore = GradientChecks.deviceGradients(net, before);
        double[][] gradientsAfter = GradientChecks.deviceGradients(net,
            RecurrentGradientCheckTest_MaskedCompiled.dataset(post, y));
        for (int l = 0; l < gradientsBefore.length; l++) {
          for (int k = 0; k < gradientsBefore[l].length; k++) {
            assertEquals(gradientsBefore[l][k], gradientsAfter[l][k], 1e-12, "layer " + l + " gradient " + k
                + ", padded before and after");
          }
        }
        checkWhileTraining(net, before);
      }
    }
  }

  @Test
  void theLastStepsOutputOfFeatureSequences() {
    try (RecurrentGradientCheckTest_FeaturesCompiled net = RecurrentGradientCheckTest_FeaturesCompiled.open()) {
      Random random = new Random(3);
      float[][] x = floats(random, 15);
      int[] classes = new int[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        classes[s] = random.nextInt(3);
      }
      Dataset batch = Dataset.ofClasses(x, classes, 3).reshape(5, 3);
      for (int round = 0; round < 2; round++) {
        ReferenceLstm lstm = reference(net.lstm, ReferenceLstm.TANH, ReferenceLstm.SIGMOID, false);
        for (int s = 0; s < SAMPLES; s++) {
          double[][] h = lstm.run(rows(toDouble(x[s]), 3));
          double[] expected = softmax(GradientChecks.dense(h[h.length - 1], net.out));
          float[] actual = net.predict(x[s]);
          for (int o = 0; o < 3; o++) {
            assertEquals(expected[o], actual[o], 1e-6, "output " + o + " of sample " + s + " (reference)");
          }
        }
        checkWhileTraining(net, batch);
      }
      checkSaliency(net, x[0]);
    }
  }

  @Test
  void stackedOverEmbeddedIndicesTheSecondReadingBackwards() {
    try (RecurrentGradientCheckTest_StackedCompiled net = RecurrentGradientCheckTest_StackedCompiled.open()) {
      Random random = new Random(5);
      int[][] words = new int[SAMPLES][6];
      float[] labels = new float[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        for (int t = 0; t < 6; t++) {
          words[s][t] = random.nextInt(7);
        }
        labels[s] = random.nextInt(2);
      }
      Dataset batch = RecurrentGradientCheckTest_StackedCompiled.dataset(words, labels);
      for (int round = 0; round < 2; round++) {
        double[][] table = rows(net.embedding.parameters(), 3);
        ReferenceLstm first = reference(net.first, ReferenceLstm.TANH, ReferenceLstm.SIGMOID, false);
        ReferenceLstm second = reference(net.second, ReferenceLstm.TANH, ReferenceLstm.SIGMOID, true);
        for (int s = 0; s < SAMPLES; s++) {
          double[][] vectors = new double[6][];
          for (int t = 0; t < 6; t++) {
            vectors[t] = table[words[s][t]];
          }
          double[][] h = second.run(first.run(vectors));
          double expected = ReferenceLstm.SIGMOID.applyAsDouble(GradientChecks.dense(h[h.length - 1], net.out)[0]);
          float[] sample = new float[6];
          for (int t = 0; t < 6; t++) {
            sample[t] = words[s][t];
          }
          assertEquals(expected, net.predict(sample)[0], 1e-6, "sample " + s + " (reference)");
        }
        checkWhileTraining(net, batch);
      }
    }
  }

  @Test
  void everyStepsOutputReadBackwardsWithOtherActivations() {
    try (RecurrentGradientCheckTest_SequencesCompiled net = RecurrentGradientCheckTest_SequencesCompiled.open()) {
      Random random = new Random(7);
      float[][] x = floats(random, 8);
      float[][] y = floats(random, 2);
      Dataset batch = Dataset.of(x, y).reshape(4, 2);
      for (int round = 0; round < 2; round++) {
        ReferenceLstm lstm = reference(net.lstm, ReferenceLstm.RELU, ReferenceLstm.TANH, true);
        for (int s = 0; s < SAMPLES; s++) {
          double[][] h = lstm.run(rows(toDouble(x[s]), 2));
          double[] expected = GradientChecks.dense(Arrays.stream(h).flatMapToDouble(Arrays::stream).toArray(), net.out);
          float[] actual = net.predict(x[s]);
          for (int o = 0; o < 2; o++) {
            assertEquals(expected[o], actual[o], 1e-6, "output " + o + " of sample " + s + " (reference)");
          }
        }
        checkWhileTraining(net, batch);
      }
      checkSaliency(net, x[0]);
    }
  }

  /**
   * Layers wide enough that their weight updates run tiles of several vectors of gate columns (in
   * fp64, 4 of 8 over 32 and 96 gates, 2 over 48): an LSTM, a GRU with the reset gate before R (tiles
   * within a gate block) and one after.
   */
  @Model(input = {4, 2}, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Wide {
    @Layer(units = 8, returnSequences = true) LSTM lstm;
    @Layer(units = 32, returnSequences = true, resetAfter = false) GRU before;
    @Layer(units = 16) GRU after;
    @Layer(units = 1) Dense out;
  }

  @Test
  void wideLayersWhoseUpdateTilesSpanSeveralVectors() {
    try (RecurrentGradientCheckTest_WideCompiled net = RecurrentGradientCheckTest_WideCompiled.open()) {
      Random random = new Random(37);
      Dataset batch = Dataset.of(floats(random, 8), floats(random, 1)).reshape(4, 2);
      checkWhileTraining(net, batch);
    }
  }

  private static ReferenceLstm reference(LSTM layer, DoubleUnaryOperator activation,
                                         DoubleUnaryOperator recurrentActivation, boolean backwards) {
    return ReferenceLstm.of(layer.parameters(), layer.features(), layer.units(), activation, recurrentActivation,
        backwards);
  }
}
