package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.LEAKY_RELU;
import static dev.kiln.annotations.ActivationKind.LINEAR;
import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.BINARY_CROSS_ENTROPY;
import static dev.kiln.annotations.Loss.MEAN_SQUARED_ERROR;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Optimizer.SGD;
import static dev.kiln.annotations.Padding.SAME;
import static dev.kiln.annotations.Precision.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.AvgPool2D;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.GlobalAveragePooling2D;
import dev.kiln.layers.LayerHandle;
import dev.kiln.layers.MaxPool2D;
import dev.kiln.reference.ReferenceCnn;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution and pooling in fp64 kernels: outputs, loss and the gradient of every parameter equal
 * the plain-Java reference's, and the gradients equal central finite differences of the loss the
 * kernels report, at initialisation and after a few steps, for odd image sizes, both
 * paddings, strides, every pool, and convolutions after convolutions and pools (so that every
 * backward kernel carries a gradient through an activation). Six samples in a batch of eight.
 */
class ConvGradientCheckTest {
  private static final int SAMPLES = 6;

  /** A non-square kernel over an odd-sized image with two channels, then max pooling that leaves a row out. */
  @Model(input = {7, 5, 2}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class ValidMaxPool {
    @Layer(filters = 3, kernel = {3, 2}) @Activation(TANH) Conv2D conv;
    @Layer MaxPool2D pool;
    @Layer Flatten flat;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** SAME padding with stride 2, an overlapping SAME average pool, a convolution after it, global pooling. */
  @Model(input = {7, 6, 1}, loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class SameStrided {
    @Layer(filters = 4, kernel = 3, stride = 2, padding = SAME) @Activation(SIGMOID) Conv2D conv1;
    @Layer(pool = 2, stride = 1, padding = SAME) AvgPool2D avg;
    @Layer(filters = 5, kernel = 2) @Activation(TANH) Conv2D conv2;
    @Layer GlobalAveragePooling2D gap;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  /** A convolution after a convolution, SAME padding with an even kernel, no bias, weight decay. */
  @Model(input = {5, 5, 3}, loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE, l2 = 0.01)
  abstract static class Stacked {
    @Layer(filters = 4, kernel = 2) @Activation(value = LEAKY_RELU, alpha = 0.2) Conv2D conv1;
    @Layer(filters = 6, kernel = {2, 3}, padding = SAME, bias = false) @Activation(TANH) Conv2D conv2;
    @Layer(pool = {2, 1}, stride = {1, 2}) MaxPool2D pool;
    @Layer Flatten flat;
    @Layer(units = 2) @Activation(LINEAR) Dense out;
  }

  /** Pooling first (the input gradient path), then ReLU convolutions with 16+ filters (vector tiles). */
  @Model(input = {9, 8, 2}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class WideFilters {
    @Layer(pool = 2, stride = 1) MaxPool2D first;
    @Layer(filters = 18, kernel = 3) @Activation(RELU) Conv2D conv1;
    @Layer(filters = 17, kernel = 3, stride = 2) @Activation(RELU) Conv2D conv2;
    @Layer Flatten flat;
    @Layer(units = 4) @Activation(SOFTMAX) Dense out;
  }

  /** The CIFAR-10 example's architecture (Cifar10Cnn.Net) in fp64. */
  @Model(input = {32, 32, 3}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Cifar10Fp64 {
    @Layer(filters = 32, kernel = 3) @Activation(RELU) Conv2D conv1;
    @Layer(pool = 2) MaxPool2D pool1;
    @Layer(filters = 64, kernel = 3) @Activation(RELU) Conv2D conv2;
    @Layer(pool = 2) MaxPool2D pool2;
    @Layer Flatten flat;
    @Layer(units = 128) @Activation(RELU) Dense hidden;
    @Layer(units = 10) @Activation(SOFTMAX) Dense out;
  }

  static Stream<Arguments> models() {
    return Stream.of(
        model("valid conv, max pool", ConvGradientCheckTest_ValidMaxPoolCompiled::open),
        model("same, strides, avg pool, global pool", ConvGradientCheckTest_SameStridedCompiled::open),
        model("stacked convolutions, l2", ConvGradientCheckTest_StackedCompiled::open),
        model("pool first, wide filters", ConvGradientCheckTest_WideFiltersCompiled::open));
  }

  private static Arguments model(String name, Supplier<CompiledModel> open) {
    return Arguments.of(name, open);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void gradientsMatchFiniteDifferences(String name, Supplier<CompiledModel> open) {
    try (CompiledModel net = open.get()) {
      Dataset batch = RandomData.forModel(net.spec(), SAMPLES, 7);
      checkGradients(net, batch);
      net.fit(batch, Fit.epochs(3).shuffle(false).learningRate(0.05).verbose(0));
      checkGradients(net, batch);
    }
  }

  /**
   * The CIFAR-10 architecture: every gradient against the reference; with 315,722 parameters, finite
   * differences for every 499th of them (each layer's first and a spread of the rest).
   */
  @Test
  void theCifar10ArchitectureMatchesTheReference() {
    try (ConvGradientCheckTest_Cifar10Fp64Compiled net = ConvGradientCheckTest_Cifar10Fp64Compiled.open()) {
      Dataset batch = RandomData.forModel(net.spec(), 3, 5);
      checkGradients(net, batch, 499);
    }
  }

  private static void checkGradients(CompiledModel net, Dataset batch) {
    checkGradients(net, batch, 1);
  }

  /**
   * Outputs and loss against the reference; every parameter's gradient against it, and every
   * {@code stride}th against finite differences.
   */
  private static void checkGradients(CompiledModel net, Dataset batch, int stride) {
    ReferenceCnn reference = CnnMirror.of(net);
    double[][] x = Mirror.features(batch);
    double[][] y = Mirror.labels(batch);
    GradientChecks.assertPredictions(net, batch, reference.forward(x), reference.loss(x, y));

    double[][] gradients = GradientChecks.deviceGradients(net, batch);
    double[][] expected = reference.gradients(x, y);
    for (int l = 0; l < gradients.length; l++) {
      LayerHandle layer = net.layers().get(l);
      double[] params = layer.parameters();
      for (int k = 0; k < params.length; k++) {
        String where = "layer '" + layer.name() + "' parameter " + k;
        if (k % stride == 0) {
          double numeric = GradientChecks.finiteDifference(net, batch, layer, params, k);
          GradientChecks.assertClose(numeric, gradients[l][k], where + " vs finite differences");
        }
        assertEquals(expected[l][k], gradients[l][k], 1e-10 + 1e-9 * Math.abs(expected[l][k]),
            where + " vs the reference");
      }
    }
  }
}
