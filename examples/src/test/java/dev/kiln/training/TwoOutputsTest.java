package dev.kiln.training;

import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.callbacks.CsvLogger;
import dev.kiln.callbacks.EarlyStopping;
import dev.kiln.KilnException;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Precision;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Input;
import dev.kiln.metrics.Classification;
import dev.kiln.metrics.Regression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A model with two outputs as a user meets it: the typed data set with one labels argument per
 * output, predict giving both outputs side by side, the input gradient of a value of either, the
 * summary's weighted loss, and labels that do not fit one output refused with its name.
 */
class TwoOutputsTest {
  @Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 8, precision = Precision.DOUBLE)
  abstract static class Net {
    @Layer(shape = 2) Input point;
    @Layer(units = 8) @Activation(TANH) Dense trunk;
    @Layer(from = "trunk", units = 1, loss = Loss.BINARY_CROSS_ENTROPY, lossWeight = 0.5) @Activation(SIGMOID)
    Dense inside;
    @Layer(from = "trunk", units = 4) @Activation(SOFTMAX) Dense quadrant;
  }

  /** Points in the plane: whether each is inside the unit circle, and its quadrant. */
  private static Dataset points(int samples, long seed) {
    Random random = new Random(seed);
    float[][] xy = new float[samples][];
    float[] inside = new float[samples];
    int[] quadrant = new int[samples];
    for (int s = 0; s < samples; s++) {
      float x = (float) (2 * random.nextDouble() - 1) * 1.4f;
      float y = (float) (2 * random.nextDouble() - 1) * 1.4f;
      xy[s] = new float[] {x, y};
      inside[s] = x * x + y * y < 1 ? 1 : 0;
      quadrant[s] = (x >= 0 ? 0 : 1) + (y >= 0 ? 0 : 2);
    }
    return TwoOutputsTest_NetCompiled.dataset(xy, inside, quadrant);
  }

  @Test
  void bothOutputsLearnFromTheirOwnLabels() {
    Dataset train = points(800, 1);
    Dataset test = points(200, 2);
    try (TwoOutputsTest_NetCompiled net = TwoOutputsTest_NetCompiled.open()) {
      net.fit(train, Fit.epochs(60).learningRate(0.01).seed(3).verbose(0));
      float[][] p = net.predict(rowsOf(test));
      int insideRight = 0;
      int quadrantRight = 0;
      for (int s = 0; s < test.size(); s++) {
        assertEquals(5, p[s].length, "the probability, then the four quadrants' probabilities");
        insideRight += (p[s][0] > 0.5) == (test.labels()[2 * s] == 1) ? 1 : 0;
        int best = 1;
        for (int q = 2; q < 5; q++) {
          best = p[s][q] > p[s][best] ? q : best;
        }
        quadrantRight += best - 1 == (int) test.labels()[2 * s + 1] ? 1 : 0;
      }
      assertTrue(insideRight >= 180, "inside the circle: " + insideRight + " of 200 right");
      assertTrue(quadrantRight >= 190, "quadrant: " + quadrantRight + " of 200 right");
      assertEquals(quadrantRight / 200.0, net.evaluate(test).accuracy(), 1e-9, "the metric is the main output's");
    }
  }

  @Test
  void eachOutputsOwnLossAndMetricAreReported() throws IOException {
    Dataset train = points(400, 5);
    Dataset validation = points(100, 6);
    Path log = Files.createTempFile("two-outputs", ".csv");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (TwoOutputsTest_NetCompiled net = TwoOutputsTest_NetCompiled.open()) {
      History history = net.fit(train, Fit.epochs(3).learningRate(0.01).seed(3).validation(validation)
          .callbacks(new CsvLogger(log)).verbose(2).output(new PrintStream(printed, true, StandardCharsets.UTF_8)));
      Evaluation evaluation = net.evaluate(validation);
      float[][] p = net.predict(rowsOf(validation));
      double insideLoss = 0;
      double quadrantLoss = 0;
      int insideRight = 0;
      int quadrantRight = 0;
      for (int s = 0; s < validation.size(); s++) {
        double y = validation.labels()[2 * s];
        int q = (int) validation.labels()[2 * s + 1];
        insideLoss -= (y * Math.log(p[s][0]) + (1 - y) * Math.log(1 - p[s][0])) / validation.size();
        quadrantLoss -= Math.log(p[s][1 + q]) / validation.size();
        insideRight += (p[s][0] > 0.5) == (y == 1) ? 1 : 0;
        int best = 0;
        for (int c = 1; c < 4; c++) {
          best = p[s][1 + c] > p[s][1 + best] ? c : best;
        }
        quadrantRight += best == q ? 1 : 0;
      }
      assertEquals(insideLoss, evaluation.output("inside").loss(), 1e-6, "the inside output's own loss, unweighted");
      assertEquals(quadrantLoss, evaluation.output("quadrant").loss(), 1e-6);
      assertEquals(insideRight / 100.0, evaluation.output("inside").accuracy(), 1e-9);
      assertEquals(quadrantRight / 100.0, evaluation.output("quadrant").accuracy(), 1e-9);
      assertEquals(0.5 * insideLoss + quadrantLoss, evaluation.loss(), 1e-6, "the total weighs the outputs' losses");
      assertEquals(quadrantRight / 100.0, Classification.of(net, validation, "quadrant").accuracy(), 1e-9);
      assertEquals(insideRight / 100.0, Classification.of(net, validation, "inside").accuracy(), 1e-9);
      KilnException regression = assertThrows(KilnException.class, () -> Regression.of(net, validation, "inside"));
      assertEquals("output 'inside' of Net is a classifier (loss BINARY_CROSS_ENTROPY); use Classification.of(model,"
          + " data, \"inside\") for its metrics", regression.getMessage());
      KilnException unknown = assertThrows(KilnException.class, () -> Classification.of(net, validation, "trunk"));
      assertEquals("Net has no output 'trunk'; its outputs are inside, quadrant", unknown.getMessage());

      History.Epoch last = history.last();
      assertEquals(evaluation.output("inside").loss(), last.output("inside").validationLoss(), 1e-9);
      assertEquals(evaluation.output("quadrant").metric(), last.output("quadrant").validationMetric(), 1e-9);
      for (History.Epoch epoch : history.epochs()) {
        assertEquals(epoch.loss(), 0.5 * epoch.output("inside").loss() + epoch.output("quadrant").loss(), 1e-9);
      }
      assertEquals(history.metric(), history.figure("quadrant_accuracy"), "the main output's metric");
    }
    String line = printed.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(line.matches("Epoch 3/3 .* - loss: [0-9.]+ - inside_loss: [0-9.]+ - inside_accuracy: [0-9.]+"
        + " - quadrant_loss: [0-9.]+ - quadrant_accuracy: [0-9.]+ - val_loss: [0-9.]+ - val_inside_loss: [0-9.]+"
        + " - val_inside_accuracy: [0-9.]+ - val_quadrant_loss: [0-9.]+ - val_quadrant_accuracy: [0-9.]+"), line);
    List<String> csv = Files.readAllLines(log);
    assertEquals("epoch,loss,inside_loss,inside_accuracy,quadrant_loss,quadrant_accuracy,val_loss,val_inside_loss,"
        + "val_inside_accuracy,val_quadrant_loss,val_quadrant_accuracy,learning_rate,seconds", csv.get(0));
    assertEquals(4, csv.size());
  }

  @Test
  void queuedEpochsReportEachOutputToo() {
    try (TwoOutputsTest_NetCompiled net = TwoOutputsTest_NetCompiled.open()) {
      History history = net.fit(points(400, 5), Fit.epochs(5).learningRate(0.01).seed(3).verbose(0));
      for (History.Epoch epoch : history.epochs()) {
        assertEquals(epoch.loss(), 0.5 * epoch.output("inside").loss() + epoch.output("quadrant").loss(), 1e-9);
        assertTrue(epoch.output("inside").loss() > 0 && epoch.output("quadrant").loss() > 0);
      }
      assertTrue(history.figure("quadrant_loss").get(4) < history.figure("quadrant_loss").get(0), "it learns");
      KilnException e = assertThrows(KilnException.class, () -> history.last().output("outside"));
      assertTrue(e.getMessage().contains("[inside, quadrant]"), e.getMessage());
      double[] before = net.trunk.parameters();
      KilnException monitor = assertThrows(KilnException.class, () -> net.fit(points(40, 5), Fit.epochs(1).verbose(0)
          .validation(points(20, 6)).callbacks(EarlyStopping.monitor("val_accuracy"))));
      assertEquals("cannot monitor 'val_accuracy': this model reports loss, inside_loss, inside_accuracy,"
          + " quadrant_loss, quadrant_accuracy, val_loss, val_inside_loss, val_inside_accuracy, val_quadrant_loss,"
          + " val_quadrant_accuracy", monitor.getMessage());
      assertArrayEquals(before, net.trunk.parameters(), "refused before the first epoch trained");
    }
  }

  @Test
  void aStreamedSetReportsEachOutputAsTheWholeSetDoes() {
    Dataset data = points(300, 7);
    Fit fit = Fit.epochs(2).learningRate(0.01).seed(3).verbose(0).validation(points(50, 8));
    try (TwoOutputsTest_NetCompiled whole = TwoOutputsTest_NetCompiled.open();
         TwoOutputsTest_NetCompiled streamed = TwoOutputsTest_NetCompiled.open()) {
      History a = whole.fit(data, fit);
      History b = streamed.fit(data, fit.chunkSize(64)); // five chunks, their totals summed
      for (String figure : a.last().figures(a.metricName()).keySet()) {
        for (int epoch = 0; epoch < 2; epoch++) { // the same sums, added in another order
          assertEquals(a.figure(figure).get(epoch), b.figure(figure).get(epoch), 1e-12, figure);
        }
      }
    }
  }

  @Test
  void theInputGradientOfEitherOutputsValue() {
    try (TwoOutputsTest_NetCompiled net = TwoOutputsTest_NetCompiled.open()) {
      float[] sample = {0.3f, -0.6f};
      for (int o = 0; o < 5; o++) {
        float[] gradient = net.inputGradient(sample, o);
        for (int i = 0; i < 2; i++) {
          float[] plus = sample.clone();
          float[] minus = sample.clone();
          plus[i] += 1e-3f;
          minus[i] -= 1e-3f;
          double numeric = (net.predict(plus)[o] - net.predict(minus)[o]) / (plus[i] - minus[i]);
          assertEquals(numeric, gradient[i], 1e-4, "d output " + o + " / d input " + i);
        }
      }
      KilnException e = assertThrows(KilnException.class, () -> net.inputGradient(sample, 5));
      assertTrue(e.getMessage().contains("5"), e.getMessage());
    }
  }

  @Test
  void theSummaryShowsTheWeightedLosses() {
    try (TwoOutputsTest_NetCompiled net = TwoOutputsTest_NetCompiled.open()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      net.summary(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String summary = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(summary.startsWith("Model: Net (0.5 binary_cross_entropy(inside) + sparse_categorical_cross_entropy"
          + "(quadrant), adam, batch 8, double)"), summary);
    }
  }

  @Test
  void labelsThatDoNotFitAnOutputAreRefusedWithItsName() {
    try (TwoOutputsTest_NetCompiled net = TwoOutputsTest_NetCompiled.open()) {
      double[] before = net.trunk.parameters();
      float[][] xy = {{0, 0}, {1, 1}};
      Dataset notAProbability = TwoOutputsTest_NetCompiled.dataset(xy, new float[] {0, 2}, new int[] {0, 1});
      KilnException e = assertThrows(KilnException.class, () -> net.fit(notAProbability, Fit.epochs(1).verbose(0)));
      assertEquals("sample 1 of the training data has label 2.0 for output 'inside', but binary cross-entropy needs"
          + " labels between 0 and 1", e.getMessage());
      Dataset noSuchQuadrant = TwoOutputsTest_NetCompiled.dataset(xy, new float[] {0, 1}, new int[] {0, 4});
      e = assertThrows(KilnException.class, () -> net.evaluate(noSuchQuadrant));
      assertTrue(e.getMessage().contains("label 4.0 for output 'quadrant'"), e.getMessage());
      Dataset oneLabel = Dataset.ofClasses(xy, new int[] {0, 1}, 4);
      e = assertThrows(KilnException.class, () -> net.fit(oneLabel, Fit.epochs(1).verbose(0)));
      assertEquals("the training labels have 1 value per sample, but Net has 2 outputs, whose labels sit side by side:"
          + " inside (1 value), quadrant (1 class index); make the data set with NetCompiled.dataset(...), one labels"
          + " argument per output", e.getMessage());
      e = assertThrows(KilnException.class, () -> Classification.of(net, points(10, 4)));
      assertTrue(e.getMessage().contains("Net has 2 outputs (inside, quadrant)"), e.getMessage());
      assertArrayEquals(before, net.trunk.parameters(), "the weights are as they were");
    }
  }

  private static float[][] rowsOf(Dataset data) {
    float[][] rows = new float[data.size()][];
    for (int s = 0; s < rows.length; s++) {
      rows[s] = java.util.Arrays.copyOfRange(data.features(), 2 * s, 2 * s + 2);
    }
    return rows;
  }
}
