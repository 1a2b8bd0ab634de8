package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.LEAKY_RELU;
import static dev.kiln.annotations.ActivationKind.LINEAR;
import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.BINARY_CROSS_ENTROPY;
import static dev.kiln.annotations.Loss.CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Loss.MEAN_ABSOLUTE_ERROR;
import static dev.kiln.annotations.Loss.MEAN_SQUARED_ERROR;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Optimizer.SGD;
import static dev.kiln.annotations.Precision.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Dense;
import dev.kiln.layers.LayerHandle;
import dev.kiln.reference.ReferenceNetwork;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation and every output/loss pair, in fp64 kernels: the gradient the kernels apply
 * equals central finite differences of the loss the kernels report, and the plain-Java reference's
 * gradient, at initialisation and after a few steps. Six samples in a batch compiled for eight, so
 * the partial-batch path is checked too.
 *
 * <p>The gradient is read back from one SGD step with learning rate 1 and no momentum: w' = w - g.
 */
class GradientCheckTest {
  private static final int SAMPLES = 6;

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE, l2 = 0.01)
  abstract static class SoftmaxSparse {
    @Layer(units = 5) @Activation(SIGMOID) Dense h1;
    @Layer(units = 3) @Activation(TANH) Dense h2;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class SoftmaxOneHot {
    @Layer(units = 5) @Activation(RELU) Dense h1;
    @Layer(units = 3) @Activation(value = LEAKY_RELU, alpha = 0.2) Dense h2;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class SigmoidBinary {
    @Layer(units = 5) @Activation(TANH) Dense h1;
    @Layer(units = 3, bias = false) Dense h2;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  @Model(input = 4, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE, l2 = 0.001)
  abstract static class LinearMse {
    @Layer(units = 5) @Activation(LEAKY_RELU) Dense h1;
    @Layer(units = 3) @Activation(SIGMOID) Dense h2;
    @Layer(units = 2) Dense out;
  }

  @Model(input = 4, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class SigmoidMse {
    @Layer(units = 5) @Activation(LINEAR) Dense h1;
    @Layer(units = 3) @Activation(RELU) Dense h2;
    @Layer(units = 2) @Activation(SIGMOID) Dense out;
  }

  @Model(input = 4, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class TanhMse {
    @Layer(units = 5) @Activation(SIGMOID) Dense h1;
    @Layer(units = 3) @Activation(SIGMOID) Dense h2;
    @Layer(units = 2) @Activation(TANH) Dense out;
  }

  @Model(input = 4, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class ReluMse {
    @Layer(units = 5) @Activation(TANH) Dense h1;
    @Layer(units = 3) @Activation(TANH) Dense h2;
    @Layer(units = 2) @Activation(RELU) Dense out;
  }

  @Model(input = 4, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class LeakyMse {
    @Layer(units = 5) @Activation(RELU) Dense h1;
    @Layer(units = 3) @Activation(SIGMOID) Dense h2;
    @Layer(units = 2) @Activation(LEAKY_RELU) Dense out;
  }

  @Model(input = 4, loss = MEAN_ABSOLUTE_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class LinearMae {
    @Layer(units = 5) @Activation(SIGMOID) Dense h1;
    @Layer(units = 3) @Activation(LEAKY_RELU) Dense h2;
    @Layer(units = 2) Dense out;
  }

  @Model(input = 4, loss = MEAN_ABSOLUTE_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class SigmoidMae {
    @Layer(units = 5) @Activation(TANH) Dense h1;
    @Layer(units = 3) @Activation(RELU) Dense h2;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  @Model(input = 4, loss = MEAN_ABSOLUTE_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class TanhMae {
    @Layer(units = 5) @Activation(LEAKY_RELU) Dense h1;
    @Layer(units = 3) @Activation(TANH) Dense h2;
    @Layer(units = 2) @Activation(TANH) Dense out;
  }

  @Model(input = 4, loss = MEAN_ABSOLUTE_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class ReluMae {
    @Layer(units = 5) @Activation(SIGMOID) Dense h1;
    @Layer(units = 3) Dense h2;
    @Layer(units = 2) @Activation(RELU) Dense out;
  }

  @Model(input = 4, loss = MEAN_ABSOLUTE_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class LeakyMae {
    @Layer(units = 5) Dense h1;
    @Layer(units = 3) @Activation(TANH) Dense h2;
    @Layer(units = 2) @Activation(LEAKY_RELU) Dense out;
  }

  @Model(input = 3, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class OneLayer {
    @Layer(units = 2) @Activation(TANH) Dense only;
  }

  static Stream<Arguments> models() {
    return Stream.of(
        model("softmax + sparse categorical, l2", GradientCheckTest_SoftmaxSparseCompiled::open),
        model("softmax + categorical", GradientCheckTest_SoftmaxOneHotCompiled::open),
        model("sigmoid + binary, layer without bias", GradientCheckTest_SigmoidBinaryCompiled::open),
        model("linear + mse, l2", GradientCheckTest_LinearMseCompiled::open),
        model("sigmoid + mse", GradientCheckTest_SigmoidMseCompiled::open),
        model("tanh + mse", GradientCheckTest_TanhMseCompiled::open),
        model("relu + mse", GradientCheckTest_ReluMseCompiled::open),
        model("leaky relu + mse", GradientCheckTest_LeakyMseCompiled::open),
        model("linear + mae", GradientCheckTest_LinearMaeCompiled::open),
        model("sigmoid + mae", GradientCheckTest_SigmoidMaeCompiled::open),
        model("tanh + mae", GradientCheckTest_TanhMaeCompiled::open),
        model("relu + mae", GradientCheckTest_ReluMaeCompiled::open),
        model("leaky relu + mae", GradientCheckTest_LeakyMaeCompiled::open),
        model("a single layer", GradientCheckTest_OneLayerCompiled::open));
  }

  private static Arguments model(String name, Supplier<CompiledModel> open) {
    return Arguments.of(name, open);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void gradientsMatchFiniteDifferencesAndTheReference(String name, Supplier<CompiledModel> open) {
    try (CompiledModel net = open.get()) {
      Dataset batch = awayFromKinks(net);
      checkGradients(net, batch);
      net.fit(batch, Fit.epochs(3).shuffle(false).learningRate(0.05).verbose(0));
      checkGradients(net, batch);
    }
  }

  /** Forward values, loss, and gradient of every parameter. */
  private static void checkGradients(CompiledModel net, Dataset batch) {
    ReferenceNetwork reference = Mirror.of(net);
    double[][] x = Mirror.features(batch);
    double[][] y = Mirror.labels(batch);

    GradientChecks.assertPredictions(net, batch, reference.forward(x), reference.loss(x, y));

    double[][] gradients = GradientChecks.deviceGradients(net, batch);
    ReferenceNetwork.Gradients expected = reference.gradients(x, y);
    for (int l = 0; l < gradients.length; l++) {
      LayerHandle layer = net.layers().get(l);
      double[] referenceGradient = Mirror.weightsThenBiases(expected.weights()[l], expected.biases()[l]);
      double[] params = layer.parameters();
      for (int k = 0; k < params.length; k++) {
        double numeric = GradientChecks.finiteDifference(net, batch, layer, params, k);
        String where = "layer '" + layer.name() + "' parameter " + k;
        GradientChecks.assertClose(numeric, gradients[l][k], where + " vs finite differences");
        assertEquals(referenceGradient[k], gradients[l][k], 1e-10 + 1e-9 * Math.abs(referenceGradient[k]),
            where + " vs the reference");
      }
    }
  }

  /**
   * Random data where no ReLU input and no absolute-error residual sits within 1e-3 of its kink,
   * where finite differences are meaningless.
   */
  private static Dataset awayFromKinks(CompiledModel net) {
    ReferenceNetwork reference = Mirror.of(net);
    for (long seed = 0; seed < 100; seed++) {
      Dataset data = RandomData.forModel(net.spec(), SAMPLES, seed);
      double[][] x = Mirror.features(data);
      double[][] y = Mirror.labels(data);
      boolean clear = Stream.of(reference.preActivations(x))
          .flatMap(Stream::of)
          .flatMapToDouble(java.util.Arrays::stream)
          .allMatch(z -> Math.abs(z) > 1e-3);
      double[][] p = reference.forward(x);
      for (int s = 0; s < p.length && clear; s++) {
        for (int o = 0; o < y[s].length && net.spec().labelWidth() == p[s].length; o++) {
          clear &= Math.abs(p[s][o] - y[s][o]) > 1e-3;
        }
      }
      if (clear) {
        return data;
      }
    }
    throw new AssertionError("no random data set away from the kinks");
  }
}
