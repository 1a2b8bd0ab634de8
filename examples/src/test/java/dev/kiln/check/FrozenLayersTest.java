package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.BINARY_CROSS_ENTROPY;
import static dev.kiln.annotations.Loss.MEAN_SQUARED_ERROR;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Optimizer.ADAM;
import static dev.kiln.annotations.Optimizer.SGD;
import static dev.kiln.annotations.Precision.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.Input;
import dev.kiln.layers.LSTM;
import dev.kiln.layers.LayerHandle;
import dev.kiln.layers.MaxPool2D;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Frozen layers ({@code trainable = false}): training leaves their weights bit for bit as they were,
 * still passes gradients through them to the layers before, and those gradients equal central finite
 * differences of the loss in fp64 kernels. A model frozen at its start plans no kernels for it in a
 * training step.
 */
class FrozenLayersTest {

  /** A frozen layer between two that train: the first learns through it. */
  @Model(input = 5, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class FrozenMiddle {
    @Layer(units = 4) @Activation(TANH) Dense first;
    @Layer(units = 3, trainable = false) @Activation(SIGMOID) Dense middle;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Test
  void gradientsPassThroughAFrozenLayerAndMatchFiniteDifferences() {
    try (FrozenLayersTest_FrozenMiddleCompiled net = FrozenLayersTest_FrozenMiddleCompiled.open()) {
      assertFalse(net.middle.trainable());
      assertTrue(net.first.trainable());
      checkWithFrozenLayers(net, RandomData.forModel(net.spec(), 7, 5));
    }
  }

  /**
   * At initialisation and after training, every trainable parameter's gradient equals finite
   * differences, and no frozen one moves.
   */
  private static void checkWithFrozenLayers(CompiledModel net, Dataset batch) {
    for (int round = 0; round < 2; round++) {
      double[][] device = GradientChecks.deviceGradients(net, batch);
      for (LayerHandle layer : net.layers()) {
        double[] params = layer.parameters();
        double[] applied = device[net.layers().indexOf(layer)];
        for (int k = 0; k < params.length; k++) {
          if (layer.trainable()) {
            GradientChecks.assertClose(GradientChecks.finiteDifference(net, batch, layer, params, k), applied[k],
                layer.name() + " gradient " + k + " (finite differences)");
          } else {
            assertEquals(0.0, applied[k], layer.name() + " is frozen, yet parameter " + k + " moved");
          }
        }
      }
      net.fit(batch, Fit.epochs(3).learningRate(0.5).verbose(0));
    }
  }

  @Model(input = 4, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Maker {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 6) @Activation(TANH) Dense out;
  }

  @Model(input = 6, loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Judge {
    @Layer(units = 3) @Activation(RELU) Dense hidden;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  /** A GAN's combined model: the maker learns through the frozen judge. */
  @Model(input = 4, loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class MakerThenJudge {
    @Layer Maker maker;
    @Layer(trainable = false) Judge judge;
  }

  @Test
  void gradientsPassThroughAFrozenModelAndMatchFiniteDifferences() {
    try (FrozenLayersTest_MakerThenJudgeCompiled net = FrozenLayersTest_MakerThenJudgeCompiled.open()) {
      assertEquals(List.of(true, true, false, false), net.layers().stream().map(LayerHandle::trainable).toList());
      assertTrue(net.judge().layers().get(0).trainable(), "the judge trains on its own");
      checkWithFrozenLayers(net, RandomData.forModel(net.spec(), 7, 8));
    }
  }

  /** The tutorial CNN's shape, its convolution frozen as a pretrained feature extractor is. */
  @Model(input = {8, 8, 1}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = ADAM, batch = 16)
  abstract static class FrozenFeatures {
    @Layer(filters = 4, kernel = 3, trainable = false) @Activation(RELU) Conv2D conv;
    @Layer MaxPool2D pool;
    @Layer Flatten flat;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** The same model, every layer trained. */
  @Model(input = {8, 8, 1}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = ADAM, batch = 16)
  abstract static class TrainedFeatures {
    @Layer(filters = 4, kernel = 3) @Activation(RELU) Conv2D conv;
    @Layer MaxPool2D pool;
    @Layer Flatten flat;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Test
  void aFrozenFeatureExtractorKeepsItsWeightsBitForBitAndCostsNoTrainingKernels() {
    try (FrozenLayersTest_FrozenFeaturesCompiled frozen = FrozenLayersTest_FrozenFeaturesCompiled.open();
         FrozenLayersTest_TrainedFeaturesCompiled trained = FrozenLayersTest_TrainedFeaturesCompiled.open()) {
      assertKeepsFrozenWeights(frozen, RandomData.forModel(frozen.spec(), 40, 3));
      // no update of the convolution, and no gradient back through the head and the pool: nothing before them trains
      assertEquals(trained.spec().launchesPerTrainingStep() - 3, frozen.spec().launchesPerTrainingStep());
      String summary = summary(frozen);
      assertTrue(summary.contains("relu, frozen"), summary);
      assertTrue(summary.contains("Trainable params: 111; non-trainable (frozen) params: 40"), summary);
    }
  }

  /** Frozen word vectors and recurrence, a new head on them. */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = ADAM, batch = 8)
  abstract static class FrozenEncoder {
    @Layer(shape = 6, indices = true) Input words;
    @Layer(vocabulary = 9, units = 4, maskZero = true, trainable = false) Embedding embedding;
    @Layer(units = 5, trainable = false) LSTM encoder;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  @Test
  void aFrozenEmbeddingAndLstmKeepTheirWeightsBitForBit() {
    try (FrozenLayersTest_FrozenEncoderCompiled net = FrozenLayersTest_FrozenEncoderCompiled.open()) {
      Random random = new Random(4);
      int[][] words = new int[30][6];
      float[] labels = new float[30];
      for (int s = 0; s < words.length; s++) {
        for (int t = random.nextInt(3); t < 6; t++) {
          words[s][t] = 1 + random.nextInt(8);
        }
        labels[s] = random.nextInt(2);
      }
      assertKeepsFrozenWeights(net, FrozenLayersTest_FrozenEncoderCompiled.dataset(words, labels));
    }
  }

  /** A frozen layer used from two places ({@code shares}): neither use moves it. */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = ADAM, batch = 8)
  abstract static class FrozenShared {
    @Layer(shape = 4) Input left;
    @Layer(shape = 4) Input right;
    @Layer(from = "left", units = 3, trainable = false) @Activation(TANH) Dense leftCode;
    @Layer(from = "right", shares = "leftCode") Dense rightCode;
    @Layer(from = {"leftCode", "rightCode"}) Concatenate both;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  @Test
  void aFrozenSharedLayerStaysFrozenInEveryUse() {
    try (FrozenLayersTest_FrozenSharedCompiled net = FrozenLayersTest_FrozenSharedCompiled.open()) {
      assertFalse(net.rightCode.trainable());
      Random random = new Random(6);
      float[][] left = new float[30][4];
      float[][] right = new float[30][4];
      float[] labels = new float[30];
      for (int s = 0; s < labels.length; s++) {
        for (int i = 0; i < 4; i++) {
          left[s][i] = (float) random.nextGaussian();
          right[s][i] = (float) random.nextGaussian();
        }
        labels[s] = random.nextInt(2);
      }
      assertKeepsFrozenWeights(net, FrozenLayersTest_FrozenSharedCompiled.dataset(left, right, labels));
    }
  }

  /** Trains a few epochs: every frozen layer's parameters are bit-identical, every other layer's moved. */
  private static void assertKeepsFrozenWeights(CompiledModel net, Dataset data) {
    List<double[]> before = new ArrayList<>();
    net.layers().forEach(layer -> before.add(layer.parameters()));
    net.fit(data, Fit.epochs(3).learningRate(0.01).verbose(0));
    boolean someFrozen = false;
    for (int l = 0; l < before.size(); l++) {
      LayerHandle layer = net.layers().get(l);
      if (before.get(l).length == 0) {
        continue;
      }
      if (layer.trainable()) {
        assertFalse(Arrays.equals(before.get(l), layer.parameters()), layer.name() + " trains");
      } else {
        someFrozen = true;
        assertArrayEquals(before.get(l), layer.parameters(), layer.name() + " is frozen");
      }
    }
    assertTrue(someFrozen);
  }

  private static String summary(CompiledModel net) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    net.summary(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
