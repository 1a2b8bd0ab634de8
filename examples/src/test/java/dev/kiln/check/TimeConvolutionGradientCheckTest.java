package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.MEAN_SQUARED_ERROR;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Optimizer.SGD;
import static dev.kiln.annotations.Precision.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Padding;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Conv1D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.GlobalAveragePooling1D;
import dev.kiln.layers.GlobalMaxPooling1D;
import dev.kiln.layers.Input;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Convolutions over time in fp64 kernels, the other common text model: Conv1D (VALID, and SAME with
 * stride 2) and the global max and average poolings over the steps. The gradient the kernels apply
 * equals central finite differences of the loss they report, at initialisation and after training;
 * predictions equal a plain-Java convolution over the embedded words. Seven samples in a batch of eight.
 */
class TimeConvolutionGradientCheckTest {
  private static final int SAMPLES = 7;
  private static final int STEPS = 8;

  /** The text CNN: windows of 3 embedded words, their largest value per filter, classes. */
  @Model(loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class TextCnn {
    @Layer(shape = STEPS, indices = true) Input words;
    @Layer(vocabulary = 9, units = 3) Embedding embedding;
    @Layer(filters = 4, kernel = 3) @Activation(RELU) Conv1D conv;
    @Layer GlobalMaxPooling1D pool;
    @Layer(units = 2) @Activation(SOFTMAX) Dense out;
  }

  /** SAME padding and stride 2, two convolutions, the mean over the steps. */
  @Model(loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Strided {
    @Layer(shape = STEPS, indices = true) Input words;
    @Layer(vocabulary = 9, units = 3) Embedding embedding;
    @Layer(filters = 4, kernel = 3, stride = 2, padding = Padding.SAME) @Activation(TANH) Conv1D conv;
    @Layer(filters = 2, kernel = 2) Conv1D second;
    @Layer GlobalAveragePooling1D pool;
    @Layer(units = 1) Dense out;
  }

  @Test
  void windowsOfWordsAndTheirLargestValues() {
    try (TimeConvolutionGradientCheckTest_TextCnnCompiled net = TimeConvolutionGradientCheckTest_TextCnnCompiled.open()) {
      Random random = new Random(3);
      int[][] words = words(random);
      int[] classes = new int[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        classes[s] = random.nextInt(2);
      }
      Dataset batch = TimeConvolutionGradientCheckTest_TextCnnCompiled.dataset(words, classes);
      for (int round = 0; round < 2; round++) {
        for (int s = 0; s < SAMPLES; s++) {
          double[][] maps = convolve(embed(net.embedding, words[s]), net.conv, 1, 0);
          double[] pooled = new double[4];
          java.util.Arrays.fill(pooled, Double.NEGATIVE_INFINITY);
          for (double[] step : maps) {
            for (int f = 0; f < 4; f++) {
              pooled[f] = Math.max(pooled[f], Math.max(0, step[f]));
            }
          }
          double[] z = GradientChecks.dense(pooled, net.out);
          double top = Math.max(z[0], z[1]);
          double p0 = Math.exp(z[0] - top) / (Math.exp(z[0] - top) + Math.exp(z[1] - top));
          assertEquals(p0, net.predict(GradientChecks.floats(words[s]))[0], 1e-7, "sample " + s + " (reference)");
        }
        GradientChecks.checkAgainstFiniteDifferences(net, batch);
        net.fit(batch, Fit.epochs(3).learningRate(0.1).verbose(0));
      }
    }
  }

  @Test
  void samePaddingStrideTwoAndTheMeanOverSteps() {
    try (TimeConvolutionGradientCheckTest_StridedCompiled net = TimeConvolutionGradientCheckTest_StridedCompiled.open()) {
      Random random = new Random(5);
      int[][] words = words(random);
      float[] y = new float[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        y[s] = (float) (2 * random.nextDouble() - 1);
      }
      assertEquals(4, net.spec().nodes().stream().filter(n -> n.name().equals("conv")).findFirst().orElseThrow()
          .outputShape()[0], "SAME with stride 2 gives ceil(8 / 2) steps");
      Dataset batch = TimeConvolutionGradientCheckTest_StridedCompiled.dataset(words, y);
      for (int round = 0; round < 2; round++) {
        GradientChecks.checkAgainstFiniteDifferences(net, batch);
        net.fit(batch, Fit.epochs(3).learningRate(0.1).verbose(0));
      }
    }
  }

  /** Valid windows of {@code conv} over {@code x [steps][features]}, before the activation. */
  private static double[][] convolve(double[][] x, Conv1D conv, int stride, int padBefore) {
    double[] params = conv.parameters();
    int k = conv.kernelSize();
    int in = x[0].length;
    int filters = conv.filters();
    int out = (x.length - k) / stride + 1;
    double[][] y = new double[out][filters];
    for (int o = 0; o < out; o++) {
      for (int f = 0; f < filters; f++) {
        double sum = params[k * in * filters + f];
        for (int t = 0; t < k; t++) {
          for (int c = 0; c < in; c++) {
            sum += x[o * stride + t - padBefore][c] * params[(t * in + c) * filters + f];
          }
        }
        y[o][f] = sum;
      }
    }
    return y;
  }

  private static double[][] embed(Embedding embedding, int[] words) {
    double[] table = embedding.parameters();
    int units = embedding.units();
    double[][] x = new double[words.length][units];
    for (int t = 0; t < words.length; t++) {
      System.arraycopy(table, words[t] * units, x[t], 0, units);
    }
    return x;
  }

  private static int[][] words(Random random) {
    int[][] words = new int[SAMPLES][STEPS];
    for (int[] row : words) {
      for (int t = 0; t < STEPS; t++) {
        row[t] = random.nextInt(9);
      }
    }
    return words;
  }

}
