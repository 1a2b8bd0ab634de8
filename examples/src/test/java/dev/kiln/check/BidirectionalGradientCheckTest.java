package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Bidirectional;
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
import org.junit.jupiter.api.Test;

/**
 * Bidirectional LSTMs, GRUs and SimpleRNNs in fp64 kernels: the gradient the kernels apply equals
 * central finite differences of the loss, at initialisation and after a few steps, for both
 * directions' weights; predictions equal two plain-Java layers' side by side (the backward one's
 * outputs reversed back into the steps' order, as Keras gives them), padded before or after; the
 * gradient to the input sequence equals finite differences of predict. Seven samples in a batch
 * compiled for eight.
 */
class BidirectionalGradientCheckTest {

  /** The last step's output of an LSTM each way over padded words. */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Words {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3, maskZero = true) Embedding embedding;
    @Layer(units = 3) Bidirectional<LSTM> encoder;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  @Test
  void anLstmEachWayOverPaddedWords() {
    try (BidirectionalGradientCheckTest_WordsCompiled net = BidirectionalGradientCheckTest_WordsCompiled.open()) {
      Random random = new Random(23);
      float[] labels = new float[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        labels[s] = random.nextInt(2);
      }
      assertNotEquals(Arrays.toString(net.encoder.forward().parameters()),
          Arrays.toString(net.encoder.backward().parameters()), "each direction has weights of its own");
      for (int round = 0; round < 2; round++) {
        double[][] table = rows(net.embedding.parameters(), 3);
        ReferenceLstm forward = lstm(net.encoder.forward(), false);
        ReferenceLstm backward = lstm(net.encoder.backward(), true);
        for (int s = 0; s < SAMPLES; s++) {
          double[][] vectors = embedded(table, WORDS[s]);
          double[] h = concat(last(forward.run(vectors)), last(backward.run(vectors)));
          double expected = ReferenceLstm.SIGMOID.applyAsDouble(GradientChecks.dense(h, net.out)[0]);
          for (boolean before : new boolean[] {true, false}) {
            assertEquals(expected, net.predict(GradientChecks.floats(pad(before)[s]))[0], 1e-7,
                "sample " + s + ", padded " + (before ? "before" : "after") + " (reference)");
          }
        }
        checkWhileTraining(net, BidirectionalGradientCheckTest_WordsCompiled.dataset(pad(true), labels));
      }
    }
  }

  /** Stacked: every step of a GRU each way, into an LSTM each way, over padded words. */
  @Model(loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Stacked {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 7, units = 3, maskZero = true) Embedding embedding;
    @Layer(units = 3, returnSequences = true) Bidirectional<GRU> first;
    @Layer(units = 2) @Activation(RELU) Bidirectional<LSTM> second;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Test
  void everyStepOfAGruEachWayIntoAnLstmEachWay() {
    try (BidirectionalGradientCheckTest_StackedCompiled net = BidirectionalGradientCheckTest_StackedCompiled.open()) {
      Random random = new Random(29);
      int[] classes = new int[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        classes[s] = random.nextInt(3);
      }
      for (int round = 0; round < 2; round++) {
        double[][] table = rows(net.embedding.parameters(), 3);
        ReferenceGru firstForward = gru(net.first.forward(), false);
        ReferenceGru firstBackward = gru(net.first.backward(), true);
        ReferenceLstm secondForward = ReferenceLstm.of(net.second.forward().parameters(), 6, 2, ReferenceLstm.RELU,
            ReferenceLstm.SIGMOID, false);
        ReferenceLstm secondBackward = ReferenceLstm.of(net.second.backward().parameters(), 6, 2, ReferenceLstm.RELU,
            ReferenceLstm.SIGMOID, true);
        for (int s = 0; s < SAMPLES; s++) {
          double[][] vectors = embedded(table, WORDS[s]);
          double[][] steps = sideBySide(firstForward.run(vectors), reversed(firstBackward.run(vectors)));
          double[] h = concat(last(secondForward.run(steps)), last(secondBackward.run(steps)));
          double[] expected = softmax(GradientChecks.dense(h, net.out));
          for (boolean before : new boolean[] {true, false}) {
            float[] actual = net.predict(GradientChecks.floats(pad(before)[s]));
            for (int o = 0; o < 3; o++) {
              assertEquals(expected[o], actual[o], 1e-7, "output " + o + " of sample " + s + ", padded "
                  + (before ? "before" : "after") + " (reference)");
            }
          }
        }
        checkWhileTraining(net, BidirectionalGradientCheckTest_StackedCompiled.dataset(pad(true), classes));
      }
    }
  }

  /** Every step of a SimpleRNN each way over feature sequences, flattened: where each step's outputs go matters. */
  @Model(input = {5, 3}, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Features {
    @Layer(units = 2, returnSequences = true) Bidirectional<SimpleRNN> rnn;
    @Layer Flatten flat;
    @Layer(units = 2) Dense out;
  }

  @Test
  void everyStepOfASimpleRnnEachWayInTheStepsOrder() {
    try (BidirectionalGradientCheckTest_FeaturesCompiled net = BidirectionalGradientCheckTest_FeaturesCompiled.open()) {
      Random random = new Random(31);
      float[][] x = floats(random, 15);
      float[][] y = floats(random, 2);
      Dataset batch = Dataset.of(x, y).reshape(5, 3);
      for (int round = 0; round < 2; round++) {
        ReferenceSimpleRnn forward = ReferenceSimpleRnn.of(net.rnn.forward().parameters(), 3, 2, ReferenceLstm.TANH,
            false);
        ReferenceSimpleRnn backward = ReferenceSimpleRnn.of(net.rnn.backward().parameters(), 3, 2, ReferenceLstm.TANH,
            true);
        for (int s = 0; s < SAMPLES; s++) {
          double[][] steps = rows(toDouble(x[s]), 3);
          double[][] h = sideBySide(forward.run(steps), reversed(backward.run(steps)));
          double[] expected = GradientChecks.dense(Arrays.stream(h).flatMapToDouble(Arrays::stream).toArray(), net.out);
          float[] actual = net.predict(x[s]);
          for (int o = 0; o < 2; o++) {
            assertEquals(expected[o], actual[o], 1e-7, "output " + o + " of sample " + s + " (reference)");
          }
        }
        checkWhileTraining(net, batch);
      }
      checkSaliency(net, x[0]);
    }
  }

  private static ReferenceLstm lstm(LSTM layer, boolean backwards) {
    return ReferenceLstm.of(layer.parameters(), layer.features(), layer.units(), ReferenceLstm.TANH,
        ReferenceLstm.SIGMOID, backwards);
  }

  private static ReferenceGru gru(GRU layer, boolean backwards) {
    return ReferenceGru.of(layer.parameters(), layer.features(), layer.units(), ReferenceLstm.TANH,
        ReferenceLstm.SIGMOID, backwards, true);
  }

  private static double[] last(double[][] steps) {
    return steps[steps.length - 1];
  }

  /** Steps in the other order: a backward layer's outputs, in the order of the steps they read. */
  private static double[][] reversed(double[][] steps) {
    List<double[]> list = Arrays.asList(steps.clone());
    java.util.Collections.reverse(list);
    return list.toArray(double[][]::new);
  }

  private static double[][] sideBySide(double[][] a, double[][] b) {
    double[][] joined = new double[a.length][];
    for (int t = 0; t < a.length; t++) {
      joined[t] = concat(a[t], b[t]);
    }
    return joined;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
