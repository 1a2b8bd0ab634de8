package dev.kiln.training;

import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Optimizer.SGD;
import static dev.kiln.annotations.Precision.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.Callback;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Dense;
import org.junit.jupiter.api.Test;

/**
 * With weight decay the loss a training epoch reports includes l2 * sum(w^2), which the device adds
 * when the pass ends, so queued epochs need no host round trip for it. With a learning rate too
 * small to move the weights, an epoch's loss is evaluate's on the same data (which the host computes).
 */
class WeightDecayTest {
  private static final double NO_STEP = 1e-300;

  @Model(input = 6, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE, l2 = 0.05)
  abstract static class Decayed {
    @Layer(units = 5) @Activation(TANH) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Test
  void everyEpochReportsTheWeightDecayTerm() {
    try (WeightDecayTest_DecayedCompiled net = WeightDecayTest_DecayedCompiled.open()) {
      Dataset data = TrainingTest.blobs(20, 3);
      double expected = net.evaluate(data).loss();
      Fit fit = Fit.epochs(3).learningRate(NO_STEP).shuffle(false).verbose(0);
      assertEveryEpoch(expected, net.fit(data, fit), "queued epochs");
      assertEveryEpoch(expected, net.fit(data, fit.callbacks(new Callback() {})), "one epoch at a time");
    }
  }

  private static void assertEveryEpoch(double expected, History history, String how) {
    for (History.Epoch epoch : history.epochs()) {
      assertEquals(expected, epoch.loss(), 1e-12, how + ", epoch " + epoch.number());
    }
  }
}
