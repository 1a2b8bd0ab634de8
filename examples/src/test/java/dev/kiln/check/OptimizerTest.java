package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Precision.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.UpdateRule;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.callbacks.LearningRateSchedule;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Dense;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.reference.ReferenceNetwork.OptimizerSettings;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three steps of every optimizer, in fp32 and fp64 kernels, against the plain-Java reference
 * started from the same weights: same updates, same optimizer state carried between steps.
 */
class OptimizerTest {
  private static final int SAMPLES = 6;
  private static final int STEPS = 3;

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8, l2 = 0.01)
  abstract static class SgdFloat {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.SGD, batch = 8, l2 = 0.01,
      precision = DOUBLE)
  abstract static class SgdDouble {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 8)
  abstract static class AdamFloat {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 8, precision = DOUBLE)
  abstract static class AdamDouble {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.RMSPROP, batch = 8)
  abstract static class RmspropFloat {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.RMSPROP, batch = 8,
      precision = DOUBLE)
  abstract static class RmspropDouble {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADADELTA, batch = 8)
  abstract static class AdadeltaFloat {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADADELTA, batch = 8,
      precision = DOUBLE)
  abstract static class AdadeltaDouble {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  static Stream<Arguments> cases() {
    Fit plain = Fit.epochs(STEPS).shuffle(false).verbose(0);
    Fit pytorch = plain.updateRule(UpdateRule.PYTORCH);
    OptimizerSettings sgd = OptimizerSettings.defaults(Optimizer.SGD).withLearningRate(0.1);
    return Stream.of(
        Arguments.of("sgd float", (Supplier<CompiledModel>) OptimizerTest_SgdFloatCompiled::open,
            plain.learningRate(0.1), sgd, 1e-5),
        Arguments.of("sgd momentum double", (Supplier<CompiledModel>) OptimizerTest_SgdDoubleCompiled::open,
            plain.learningRate(0.1).momentum(0.9), sgd.withMomentum(0.9), 1e-12),
        Arguments.of("sgd nesterov float", (Supplier<CompiledModel>) OptimizerTest_SgdFloatCompiled::open,
            plain.learningRate(0.1).momentum(0.9).nesterov(true), sgd.withMomentum(0.9).withNesterov(true), 1e-5),
        Arguments.of("sgd nesterov double", (Supplier<CompiledModel>) OptimizerTest_SgdDoubleCompiled::open,
            plain.learningRate(0.1).momentum(0.9).nesterov(true), sgd.withMomentum(0.9).withNesterov(true), 1e-12),
        Arguments.of("adam float", (Supplier<CompiledModel>) OptimizerTest_AdamFloatCompiled::open,
            plain, OptimizerSettings.defaults(Optimizer.ADAM), 1e-5),
        Arguments.of("adam double", (Supplier<CompiledModel>) OptimizerTest_AdamDoubleCompiled::open,
            plain, OptimizerSettings.defaults(Optimizer.ADAM), 1e-12),
        Arguments.of("rmsprop float", (Supplier<CompiledModel>) OptimizerTest_RmspropFloatCompiled::open,
            plain, OptimizerSettings.defaults(Optimizer.RMSPROP), 1e-5),
        Arguments.of("rmsprop double", (Supplier<CompiledModel>) OptimizerTest_RmspropDoubleCompiled::open,
            plain, OptimizerSettings.defaults(Optimizer.RMSPROP), 1e-12),
        Arguments.of("adadelta float", (Supplier<CompiledModel>) OptimizerTest_AdadeltaFloatCompiled::open,
            plain, OptimizerSettings.defaults(Optimizer.ADADELTA), 1e-5),
        Arguments.of("adadelta double", (Supplier<CompiledModel>) OptimizerTest_AdadeltaDoubleCompiled::open,
            plain, OptimizerSettings.defaults(Optimizer.ADADELTA), 1e-12),
        // PyTorch's formulas and defaults (UpdateRule.PYTORCH)
        Arguments.of("pytorch sgd nesterov double", (Supplier<CompiledModel>) OptimizerTest_SgdDoubleCompiled::open,
            pytorch.learningRate(0.1).momentum(0.9).nesterov(true),
            OptimizerSettings.pytorchDefaults(Optimizer.SGD).withLearningRate(0.1).withMomentum(0.9).withNesterov(true),
            1e-12),
        Arguments.of("pytorch adam float", (Supplier<CompiledModel>) OptimizerTest_AdamFloatCompiled::open,
            pytorch, OptimizerSettings.pytorchDefaults(Optimizer.ADAM), 1e-5),
        Arguments.of("pytorch adam double", (Supplier<CompiledModel>) OptimizerTest_AdamDoubleCompiled::open,
            pytorch, OptimizerSettings.pytorchDefaults(Optimizer.ADAM), 1e-12),
        Arguments.of("pytorch rmsprop float", (Supplier<CompiledModel>) OptimizerTest_RmspropFloatCompiled::open,
            pytorch, OptimizerSettings.pytorchDefaults(Optimizer.RMSPROP), 1e-5),
        Arguments.of("pytorch rmsprop double", (Supplier<CompiledModel>) OptimizerTest_RmspropDoubleCompiled::open,
            pytorch, OptimizerSettings.pytorchDefaults(Optimizer.RMSPROP), 1e-12),
        Arguments.of("pytorch adadelta double", (Supplier<CompiledModel>) OptimizerTest_AdadeltaDoubleCompiled::open,
            pytorch, OptimizerSettings.pytorchDefaults(Optimizer.ADADELTA), 1e-12));
  }

  /** SGD's two momentum forms give the same weights at a fixed rate; when the rate changes, each its own. */
  @Test
  void sgdMomentumFollowsEachRuleWhenTheRateChanges() {
    double[][] finals = new double[2][];
    for (UpdateRule rule : UpdateRule.values()) {
      try (CompiledModel net = OptimizerTest_SgdDoubleCompiled.open()) {
        Dataset batch = RandomData.forModel(net.spec(), SAMPLES, 7);
        ReferenceNetwork reference = Mirror.of(net);
        net.fit(batch, Fit.epochs(STEPS).shuffle(false).verbose(0).momentum(0.9).updateRule(rule)
            .callbacks(LearningRateSchedule.of((epoch, rate) -> 0.1 * (epoch + 1))));
        OptimizerSettings settings = OptimizerSettings.defaults(Optimizer.SGD).withMomentum(0.9);
        for (int step = 0; step < STEPS; step++) { // one step per epoch: 6 samples, batch 8
          OptimizerSettings now = settings.withLearningRate(0.1 * (step + 1));
          reference.step(Mirror.features(batch), Mirror.labels(batch),
              rule == UpdateRule.PYTORCH ? now.asInPyTorch() : now);
        }
        double[] expected = Mirror.parameters(reference, 0);
        double[] actual = net.layers().get(0).parameters();
        for (int k = 0; k < expected.length; k++) {
          assertEquals(expected[k], actual[k], 1e-12 * (1 + Math.abs(expected[k])), rule + " parameter " + k);
        }
        finals[rule.ordinal()] = actual;
      }
    }
    double apart = 0;
    for (int k = 0; k < finals[0].length; k++) {
      apart = Math.max(apart, Math.abs(finals[0][k] - finals[1][k]));
    }
    assertTrue(apart > 1e-6, "the two rules differ when the rate changes: " + apart);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stepsMatchTheReference(String name, Supplier<CompiledModel> open, Fit fit, OptimizerSettings settings,
                              double tolerance) {
    try (CompiledModel net = open.get()) {
      Dataset batch = RandomData.forModel(net.spec(), SAMPLES, 7);
      ReferenceNetwork reference = Mirror.of(net);
      net.fit(batch, fit);
      for (int step = 0; step < STEPS; step++) {
        reference.step(Mirror.features(batch), Mirror.labels(batch), settings);
      }
      for (int l = 0; l < net.layers().size(); l++) {
        double[] expected = Mirror.parameters(reference, l);
        double[] actual = net.layers().get(l).parameters();
        for (int k = 0; k < expected.length; k++) {
          assertEquals(expected[k], actual[k], tolerance * (1 + Math.abs(expected[k])),
              name + ": layer " + l + " parameter " + k);
        }
      }
    }
  }
}
