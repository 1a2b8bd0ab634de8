package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.BINARY_CROSS_ENTROPY;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Optimizer.SGD;
import static dev.kiln.annotations.Padding.SAME;
import static dev.kiln.annotations.Precision.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.KilnException;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.BatchNormalization;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.LayerHandle;
import dev.kiln.layers.MaxPool2D;
import dev.kiln.reference.ReferenceCnn;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch normalisation in fp64 kernels, against the plain-Java reference and finite differences. In
 * training its output depends on the batch's statistics, so the loss to differentiate is the
 * training loss (read from a training step with a learning rate too small to move anything), not
 * evaluate's, which uses the running statistics; those are checked against the reference too.
 */
class BatchNormalizationTest {
  private static final int SAMPLES = 6;
  private static final double EPSILON = 1e-6;
  private static final double NO_STEP = 1e-300;

  /** After a convolution, over its 4 channels, then the activation; a pool after it. */
  @Model(input = {5, 4, 3}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class AfterConv {
    @Layer(filters = 4, kernel = 3, padding = SAME) Conv2D conv;
    @Layer(momentum = 0.9) @Activation(RELU) BatchNormalization norm;
    @Layer(pool = 2) MaxPool2D pool;
    @Layer Flatten flat;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Between dense layers, 18 features (a vector tile and a shifted one), and first, on the input. */
  @Model(input = 5, loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class BetweenDense {
    @Layer(epsilon = 0.01) BatchNormalization first;
    @Layer(units = 18) Dense hidden;
    @Layer @Activation(TANH) BatchNormalization norm;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("after a convolution", (Supplier<CompiledModel>) BatchNormalizationTest_AfterConvCompiled::open),
        Arguments.of("between dense layers, and on the input",
            (Supplier<CompiledModel>) BatchNormalizationTest_BetweenDenseCompiled::open));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void gradientsMatchFiniteDifferencesOfTheTrainingLoss(String name, Supplier<CompiledModel> open) {
    try (CompiledModel net = open.get()) {
      Dataset batch = RandomData.forModel(net.spec(), SAMPLES, 3);
      checkGradients(net, batch);
      net.fit(batch, Fit.epochs(3).shuffle(false).learningRate(0.05).verbose(0));
      checkGradients(net, batch);
    }
  }

  /**
   * Inference outputs and loss (running statistics) against the reference; the training gradient of
   * every trained parameter against the reference's and finite differences of the training loss.
   */
  private static void checkGradients(CompiledModel net, Dataset batch) {
    ReferenceCnn reference = CnnMirror.of(net);
    double[][] x = Mirror.features(batch);
    double[][] y = Mirror.labels(batch);
    GradientChecks.assertPredictions(net, batch, reference.forward(x), reference.loss(x, y)); // running statistics

    double[][] gradients = GradientChecks.deviceGradients(net, batch);
    double[][] expected = reference.gradients(x, y);
    for (int l = 0; l < gradients.length; l++) {
      LayerHandle layer = net.layers().get(l);
      double[] params = layer.parameters();
      int trained = layer instanceof BatchNormalization norm ? 2 * norm.channels() : params.length;
      for (int k = 0; k < trained; k++) {
        String where = "layer '" + layer.name() + "' parameter " + k;
        double numeric = (trainingLoss(net, batch, layer, params, k, EPSILON)
            - trainingLoss(net, batch, layer, params, k, -EPSILON)) / (2 * EPSILON);
        GradientChecks.assertClose(numeric, gradients[l][k], where + " vs finite differences");
        assertEquals(expected[l][k], gradients[l][k], 1e-10 + 1e-9 * Math.abs(expected[l][k]),
            where + " vs the reference");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void aTrainingStepMovesTheRunningStatisticsAsTheReferenceDoes(String name, Supplier<CompiledModel> open) {
    try (CompiledModel net = open.get()) {
      Dataset batch = RandomData.forModel(net.spec(), SAMPLES, 4);
      net.fit(batch, Fit.epochs(2).shuffle(false).learningRate(0.05).verbose(0));
      ReferenceCnn reference = CnnMirror.of(net);
      reference.updateRunningStatistics(Mirror.features(batch));
      net.fit(batch, Fit.epochs(1).shuffle(false).learningRate(NO_STEP).verbose(0));
      for (int l = 0; l < net.layers().size(); l++) {
        if (net.layers().get(l) instanceof BatchNormalization norm) {
          double[] device = norm.parameters();
          double[] expected = reference.parameters(l);
          for (int k = 2 * norm.channels(); k < device.length; k++) {
            assertEquals(expected[k], device[k], 1e-12, "running statistic " + k + " of '" + norm.name() + "'");
          }
        }
      }
    }
  }

  /** The typed setters write their part (Keras's get_weights order) and refuse values that do not fit. */
  @Test
  void typedSettersWriteTheirPartAndRefuseBadValues() {
    try (BatchNormalizationTest_BetweenDenseCompiled net = BatchNormalizationTest_BetweenDenseCompiled.open()) {
      BatchNormalization norm = net.norm;
      float[] beta = new float[18];
      for (int c = 0; c < 18; c++) {
        beta[c] = 0.1f * c - 0.5f;
      }
      norm.setGamma(new float[18]); // gamma 0: the layer gives beta, whatever it reads
      norm.setBeta(beta);
      float[] mean = new float[18];
      Arrays.fill(mean, 0.25f);
      norm.setRunningMean(mean);
      float[] variance = new float[18];
      Arrays.fill(variance, 4f);
      norm.setRunningVariance(variance);
      assertArrayEquals(new float[18], norm.gamma());
      assertArrayEquals(beta, norm.beta());
      assertArrayEquals(mean, norm.runningMean());
      assertArrayEquals(variance, norm.runningVariance());
      assertEquals(net.predict(new float[] {1, 2, 3, 4, 5})[0], net.predict(new float[] {-3, 0, 9, 1, -2})[0], 1e-12,
          "with gamma 0 the prediction no longer depends on the input");

      double[] before = norm.parameters();
      KilnException length = assertThrows(KilnException.class, () -> norm.setBeta(new float[3]));
      assertEquals("beta of 'norm' takes 18 values, one per channel; got 3", length.getMessage());
      float[] negative = variance.clone();
      negative[5] = -1;
      KilnException sign = assertThrows(KilnException.class, () -> norm.setRunningVariance(negative));
      assertEquals("the running variance of 'norm' has -1.0 for channel 5; it must be finite and not negative",
          sign.getMessage());
      assertArrayEquals(before, norm.parameters(), "nothing was written");
    }
  }

  /** The training-mode loss with parameter k moved by delta; every parameter is restored after. */
  private static double trainingLoss(CompiledModel net, Dataset batch, LayerHandle layer, double[] params, int k,
                                     double delta) {
    double[] moved = params.clone();
    moved[k] += delta;
    layer.setParameters(moved);
    double loss = net.fit(batch, Fit.epochs(1).shuffle(false).learningRate(NO_STEP).verbose(0)).last().loss();
    layer.setParameters(params);
    return loss;
  }
}
