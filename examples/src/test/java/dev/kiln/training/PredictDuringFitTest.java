package dev.kiln.training;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.Callback;
import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.TrainingControl;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dropout;
import dev.kiln.metrics.Classification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * predict, inputGradient, evaluate and Classification.of called from a fit's callback, as Keras
 * users do every epoch: they give what the same weights give outside any fit (dropout off, the
 * predict's own counters), the training goes on as it would without them, and later calls after
 * the fit are right too.
 */
class PredictDuringFitTest {
  @Model(input = 6, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 8)
  abstract static class Net {
    @Layer(units = 16) @Activation(RELU) Dense hidden;
    @Layer(rate = 0.5) Dropout drop;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** What a callback saw at the end of one epoch, and the weights it saw it with. */
  private record Seen(List<double[]> weights, float[][] predicted, float[] gradient, Evaluation evaluation,
                      double accuracy, float[][] predictedLast) {}

  /**
   * Calls every API at each epoch's end; it begins and ends with a predict of the same 5 rows, so
   * each epoch's first predict follows a predict of as many rows with only training in between.
   */
  private static final class Watcher implements Callback {
    private final PredictDuringFitTest_NetCompiled net;
    private final float[][] rows;
    private final Dataset data;
    private final List<Seen> seen = new ArrayList<>();

    Watcher(PredictDuringFitTest_NetCompiled net, float[][] rows, Dataset data) {
      this.net = net;
      this.rows = rows;
      this.data = data;
    }

    @Override
    public void onEpochEnd(History.Epoch epoch, TrainingControl training) {
      seen.add(new Seen(training.parameters(), net.predict(rows), net.inputGradient(rows[0], 1), net.evaluate(data),
          Classification.of(net, data).accuracy(), net.predict(rows)));
    }
  }

  @Test
  void everyCallFromACallbackMatchesTheSameWeightsOutsideAnyFit() {
    Dataset train = TrainingTest.blobs(96, 1);
    Dataset test = TrainingTest.blobs(20, 2);
    float[][] rows = rowsOf(test, 5);
    Fit fit = Fit.epochs(4).learningRate(0.01).seed(5).verbose(0);
    try (PredictDuringFitTest_NetCompiled net = PredictDuringFitTest_NetCompiled.open();
         PredictDuringFitTest_NetCompiled quiet = PredictDuringFitTest_NetCompiled.open();
         PredictDuringFitTest_NetCompiled outside = PredictDuringFitTest_NetCompiled.open()) {
      Watcher watcher = new Watcher(net, rows, test);
      net.fit(train, fit.callbacks(watcher));
      // the same training with a callback that calls nothing: the calls changed nothing of it
      quiet.fit(train, fit.callbacks(new Callback() {}));
      for (int l = 0; l < net.layers().size(); l++) {
        assertArrayEquals(quiet.layers().get(l).parameters(), net.layers().get(l).parameters(), "layer " + l);
      }
      for (int e = 0; e < watcher.seen.size(); e++) {
        Seen during = watcher.seen.get(e);
        for (int l = 0; l < outside.layers().size(); l++) {
          outside.layers().get(l).setParameters(during.weights().get(l));
        }
        float[][] expected = outside.predict(rows);
        for (int s = 0; s < rows.length; s++) {
          assertArrayEquals(expected[s], during.predicted()[s], "epoch " + (e + 1) + ", sample " + s);
          assertArrayEquals(expected[s], during.predictedLast()[s], "epoch " + (e + 1) + ", sample " + s);
        }
        assertArrayEquals(outside.inputGradient(rows[0], 1), during.gradient(), "epoch " + (e + 1));
        Evaluation evaluation = outside.evaluate(test);
        assertEquals(evaluation.loss(), during.evaluation().loss(), 0, "epoch " + (e + 1));
        assertEquals(evaluation.metric(), during.evaluation().metric(), 0);
        assertEquals(Classification.of(outside, test).accuracy(), during.accuracy(), 0);
      }
      // after the fit, a predict of the same row count as the callbacks' runs on its own counters
      float[][] after = net.predict(rows);
      float[][] fresh = quiet.predict(rows);
      for (int s = 0; s < rows.length; s++) {
        assertArrayEquals(fresh[s], after[s], "after the fit, sample " + s);
      }
    }
  }

  private static float[][] rowsOf(Dataset data, int count) {
    int width = data.featureWidth();
    float[][] rows = new float[count][];
    for (int s = 0; s < count; s++) {
      rows[s] = Arrays.copyOfRange(data.features(), s * width, (s + 1) * width);
    }
    return rows;
  }
}
