package dev.kiln.training;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.BatchResult;
import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dropout;
import dev.kiln.layers.LayerHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * trainOnBatch and testOnBatch: a step on a batch the caller hands over is the step fit takes on
 * that batch, bit for bit; results are each their own step's figures however late they are read.
 */
class TrainOnBatchTest {
  private static final int FEATURES = 5;
  private static final int BATCH = 16;

  @Model(input = FEATURES, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = BATCH)
  abstract static class Classifier {
    @Layer(units = 12) @Activation(RELU) Dense hidden;
    @Layer(rate = 0.25) Dropout drop;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Model(input = FEATURES, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = BATCH)
  abstract static class Plain {
    @Layer(units = 12) @Activation(RELU) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  private static final Fit SETTINGS = Fit.epochs(1).learningRate(0.02).seed(7);

  @Test
  void stepsOnConsecutiveBatchesAreAnEpochOfFitDropoutIncluded() {
    Dataset data = data(4 * BATCH, 1);
    try (TrainOnBatchTest_ClassifierCompiled fitted = TrainOnBatchTest_ClassifierCompiled.open();
         TrainOnBatchTest_ClassifierCompiled stepped = TrainOnBatchTest_ClassifierCompiled.open()) {
      History history = fitted.fit(data, SETTINGS.shuffle(false).verbose(0));
      double lossSum = 0;
      List<BatchResult> results = new ArrayList<>();
      for (int from = 0; from < data.size(); from += BATCH) {
        results.add(stepped.trainOnBatch(data.slice(from, from + BATCH), SETTINGS));
      }
      for (BatchResult result : results) {
        assertEquals(BATCH, result.evaluation().samples());
        lossSum += result.loss();
      }
      assertParametersEqual(fitted, stepped);
      assertEquals(history.epochs().get(0).loss(), lossSum / results.size(), 1e-6);
    }
  }

  @Test
  void resultsReadLateAndOutOfOrderAreEachTheirOwnSteps() {
    // more steps than the device's totals ring and the host's limit of queued copies
    int steps = 300;
    Dataset[] batches = {data(BATCH, 2), data(BATCH, 3), data(BATCH - 5, 4)};
    try (TrainOnBatchTest_ClassifierCompiled late = TrainOnBatchTest_ClassifierCompiled.open();
         TrainOnBatchTest_ClassifierCompiled eager = TrainOnBatchTest_ClassifierCompiled.open()) {
      List<BatchResult> queued = new ArrayList<>();
      double[] eagerLosses = new double[steps];
      for (int s = 0; s < steps; s++) {
        Dataset batch = batches[(s / 7) % batches.length];
        queued.add(late.trainOnBatch(batch, SETTINGS));
        eagerLosses[s] = eager.trainOnBatch(batch, SETTINGS).loss();
      }
      for (int s = steps - 1; s >= 0; s--) {
        assertEquals(eagerLosses[s], queued.get(s).loss(), 0, "step " + s);
        if (s > 0) {
          assertTrue(eagerLosses[s] != eagerLosses[s - 1], "each step's own loss, not another's: step " + s);
        }
      }
      assertParametersEqual(eager, late);
      assertTrue(eagerLosses[steps - 1] < eagerLosses[0], "the steps train");
    }
  }

  @Test
  void aStepsLossIsTheBatchsLossBeforeItAndTestOnBatchIsEvaluate() {
    Dataset batch = data(BATCH, 5);
    try (TrainOnBatchTest_PlainCompiled net = TrainOnBatchTest_PlainCompiled.open()) {
      double[][] before = parameters(net);
      BatchResult tested = net.testOnBatch(batch);
      assertEquals(net.evaluate(batch).loss(), tested.loss(), 1e-6);
      assertEquals(net.evaluate(batch).accuracy(), tested.metric(), 0);
      assertArrayEquals(before, parameters(net), "testOnBatch changes nothing");
      BatchResult trained = net.trainOnBatch(batch, SETTINGS);
      assertEquals(tested.loss(), trained.loss(), 1e-6, "the loss its gradients are of");
      assertTrue(net.testOnBatch(batch).loss() < trained.loss(), "the step lowered the batch's loss");
      assertFalse(java.util.Arrays.deepEquals(before, parameters(net)));
    }
  }

  @Test
  void predictAndFitBetweenStepsLeaveTheStepsAsTheyWould() {
    Dataset batch = data(BATCH, 6);
    Dataset small = data(3, 7);
    try (TrainOnBatchTest_PlainCompiled mixed = TrainOnBatchTest_PlainCompiled.open();
         TrainOnBatchTest_PlainCompiled alone = TrainOnBatchTest_PlainCompiled.open()) {
      BatchResult first = mixed.trainOnBatch(batch, SETTINGS);
      mixed.predict(new float[5][FEATURES]);
      BatchResult second = mixed.trainOnBatch(small, SETTINGS);
      mixed.evaluate(batch);
      BatchResult third = mixed.trainOnBatch(batch, SETTINGS);
      double[] expected = {alone.trainOnBatch(batch, SETTINGS).loss(), alone.trainOnBatch(small, SETTINGS).loss(),
          alone.trainOnBatch(batch, SETTINGS).loss()};
      assertArrayEquals(expected, new double[] {first.loss(), second.loss(), third.loss()}, 0);
      assertParametersEqual(alone, mixed);
    }
  }

  @Test
  void aNewLearningRateTakesEffectAtTheNextStep() {
    Dataset batch = data(BATCH, 11);
    try (TrainOnBatchTest_PlainCompiled changed = TrainOnBatchTest_PlainCompiled.open();
         TrainOnBatchTest_PlainCompiled kept = TrainOnBatchTest_PlainCompiled.open();
         TrainOnBatchTest_PlainCompiled fresh = TrainOnBatchTest_PlainCompiled.open()) {
      changed.trainOnBatch(batch, SETTINGS);
      kept.trainOnBatch(batch, SETTINGS);
      fresh.trainOnBatch(batch, SETTINGS);
      Fit faster = SETTINGS.learningRate(0.2);
      changed.trainOnBatch(batch, faster);
      kept.trainOnBatch(batch, SETTINGS);
      assertFalse(java.util.Arrays.deepEquals(parameters(changed), parameters(kept)), "the second step used 0.2");
      // the same two steps by fit's path, which writes the hyper-parameters each call
      fresh.fit(batch, faster.shuffle(false).verbose(0));
      assertParametersEqual(fresh, changed);
    }
  }

  @Test
  void badBatchesAreKilnErrorsAndChangeNothing() {
    try (TrainOnBatchTest_PlainCompiled net = TrainOnBatchTest_PlainCompiled.open()) {
      double[][] before = parameters(net);
      KilnException tooBig = assertThrows(KilnException.class, () -> net.trainOnBatch(data(BATCH + 1, 8)));
      assertTrue(tooBig.getMessage().contains("got 17 samples") && tooBig.getMessage().contains("@Model(batch = 17)"),
          tooBig.getMessage());
      KilnException validation = assertThrows(KilnException.class,
          () -> net.trainOnBatch(data(BATCH, 8), Fit.epochs(1).validation(data(4, 9))));
      assertTrue(validation.getMessage().contains("validation apply to fit(...) alone"), validation.getMessage());
      KilnException width = assertThrows(KilnException.class,
          () -> net.testOnBatch(Dataset.ofClasses(new float[2][FEATURES + 1], new int[2], 3)));
      assertTrue(width.getMessage().contains("6 features per sample"), width.getMessage());
      assertArrayEquals(before, parameters(net));
      assertEquals(BATCH, net.trainOnBatch(data(BATCH, 8)).evaluation().samples(), "the model still works");
    }
  }

  @Test
  void resultsQueuedBeforeCloseStayReadable() {
    TrainOnBatchTest_PlainCompiled net = TrainOnBatchTest_PlainCompiled.open();
    BatchResult result = net.trainOnBatch(data(BATCH, 10));
    net.close();
    assertTrue(result.loss() > 0 && Double.isFinite(result.loss()));
  }

  /** Samples of three classes, each class a cloud around its own centre. */
  private static Dataset data(int samples, long seed) {
    Random random = new Random(seed);
    float[][] x = new float[samples][FEATURES];
    int[] y = new int[samples];
    for (int s = 0; s < samples; s++) {
      y[s] = random.nextInt(3);
      for (int f = 0; f < FEATURES; f++) {
        x[s][f] = (float) (random.nextGaussian() * 0.5 + (f % 3 == y[s] ? 1.5 : 0));
      }
    }
    return Dataset.ofClasses(x, y, 3);
  }

  private static double[][] parameters(CompiledModel net) {
    return net.layers().stream().map(LayerHandle::parameters).toArray(double[][]::new);
  }

  private static void assertParametersEqual(CompiledModel expected, CompiledModel actual) {
    assertArrayEquals(parameters(expected), parameters(actual));
  }
}
