package dev.kiln.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.CompiledModel;
import dev.kiln.KilnException;
import dev.kiln.data.Scaler;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Saliency: the gradient of each output with respect to the input, from the kernels' backward
 * pass, equals central finite differences of predict, in fp64 kernels (smooth activations, so no
 * kink sits near the sample); and it goes through the input scaler.
 */
class SaliencyTest {
  private static final double EPSILON = 1e-3;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("softmax output", (Supplier<CompiledModel>) GradientCheckTest_SoftmaxSparseCompiled::open),
        Arguments.of("sigmoid output", (Supplier<CompiledModel>) GradientCheckTest_SigmoidBinaryCompiled::open),
        Arguments.of("tanh output", (Supplier<CompiledModel>) GradientCheckTest_TanhMseCompiled::open),
        Arguments.of("one layer", (Supplier<CompiledModel>) GradientCheckTest_OneLayerCompiled::open));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void inputGradientsMatchFiniteDifferences(String name, Supplier<CompiledModel> open) {
    try (CompiledModel net = open.get()) {
      Random random = new Random(3);
      float[] x = new float[net.spec().inputWidth()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (2 * random.nextDouble() - 1);
      }
      for (int output = 0; output < net.spec().output().units(); output++) {
        float[] gradient = net.inputGradient(x, output);
        for (int i = 0; i < x.length; i++) {
          double numeric = finiteDifference(net, x, i, output);
          double error = Math.abs(numeric - gradient[i]);
          assertTrue(error <= 2e-4 + 1e-3 * Math.abs(numeric), name + ": d output " + output + " / d input " + i
              + ": finite differences " + numeric + ", kernels " + gradient[i]);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void theGradientIsWithRespectToRawInputsWhenTheModelScalesThem(String name, Supplier<CompiledModel> open) {
    try (CompiledModel net = open.get()) {
      float[] scaled = new float[net.spec().inputWidth()];
      float[] raw = new float[scaled.length];
      double[] offsets = new double[scaled.length];
      double[] scales = new double[scaled.length];
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] = 0.1f * i;
        offsets[i] = 1;
        scales[i] = 4;
        raw[i] = (float) (scaled[i] * scales[i] + offsets[i]);
      }
      float[] plain = net.inputGradient(scaled, 0);
      net.scaleInputs(Scaler.of(offsets, scales));
      float[] throughScaler = net.inputGradient(raw, 0);
      for (int i = 0; i < plain.length; i++) {
        assertEquals(plain[i] / 4, throughScaler[i], 1e-6);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void anOutputThatDoesNotExistIsAClearError(String name, Supplier<CompiledModel> open) {
    try (CompiledModel net = open.get()) {
      int units = net.spec().output().units();
      KilnException e = assertThrows(KilnException.class,
          () -> net.inputGradient(new float[net.spec().inputWidth()], units));
      assertTrue(e.getMessage().contains("output " + units + " does not exist"), e.getMessage());
    }
  }

  private static double finiteDifference(CompiledModel net, float[] x, int i, int output) {
    float[] plus = x.clone();
    float[] minus = x.clone();
    plus[i] += (float) EPSILON;
    minus[i] -= (float) EPSILON;
    return (net.predict(plus)[output] - net.predict(minus)[output]) / (plus[i] - minus[i]);
  }
}
