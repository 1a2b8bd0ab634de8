package dev.kiln.training;

import static dev.kiln.annotations.ActivationKind.RELU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.data.Column;
import dev.kiln.data.Dataset;
import dev.kiln.data.Scaler;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dot;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Input;
import dev.kiln.layers.LayerHandle;
import dev.kiln.metrics.Regression;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph models as a user meets them: typed data sets and predictions, the summary's "Connected to",
 * live handles, clear errors for data that does not fit, and the machinery of one-input models
 * (streaming, checkpoints, scalers, metrics) working on several inputs.
 */
class GraphModelTest {
  @TempDir Path dir;

  @Model(loss = Loss.MEAN_SQUARED_ERROR, batch = 32)
  abstract static class Ratings {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input item;
    @Layer(from = "user", vocabulary = 20, units = 4) Embedding userVector;
    @Layer(from = "item", vocabulary = 30, units = 4) Embedding itemVector;
    @Layer(from = {"userVector", "itemVector"}) Dot rating;
  }

  /** An index input and float features, joined. */
  @Model(loss = Loss.MEAN_SQUARED_ERROR, batch = 32)
  abstract static class Mixed {
    @Layer(shape = 1, indices = true) Input item;
    @Layer(shape = 2) Input features;
    @Layer(from = "item", vocabulary = 30, units = 3) Embedding itemVector;
    @Layer(from = {"itemVector", "features"}) Concatenate joined;
    @Layer(units = 8) @Activation(RELU) Dense hidden;
    @Layer(units = 1) Dense out;
  }

  /** Ratings that a user's and an item's hidden taste explain. */
  private static Dataset ratings(int samples, long seed) {
    Random random = new Random(seed);
    int[] users = new int[samples];
    int[] items = new int[samples];
    float[] stars = new float[samples];
    for (int s = 0; s < samples; s++) {
      users[s] = random.nextInt(20);
      items[s] = random.nextInt(30);
      stars[s] = (float) (Math.sin(users[s]) * Math.cos(items[s]) * 2);
    }
    return GraphModelTest_RatingsCompiled.dataset(users, items, stars);
  }

  @Test
  void theSummaryShowsWhatEachNodeReads() {
    try (GraphModelTest_RatingsCompiled net = GraphModelTest_RatingsCompiled.open()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      net.summary(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String summary = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(summary.contains("Connected to"), summary);
      assertTrue(summary.matches("(?s).*itemVector \\(Embedding\\) +\\(None, 4\\) +120 +item .*"), summary);
      assertTrue(summary.matches("(?s).*rating \\(Dot\\) +\\(None, 1\\) +0 +userVector, itemVector.*"), summary);
    }
  }

  @Test
  void predictionsByNameAreTheDotProductOfTheVectorsTheHandlesHold() {
    try (GraphModelTest_RatingsCompiled net = GraphModelTest_RatingsCompiled.open()) {
      net.fit(ratings(200, 1), Fit.epochs(3).learningRate(0.05).verbose(0));
      float[] user = net.userVector.vector(7);
      float[] item = net.itemVector.vector(11);
      double dot = 0;
      for (int u = 0; u < user.length; u++) {
        dot += user[u] * item[u];
      }
      assertEquals(dot, net.predict(7, 11)[0], 1e-5);
      float[][] many = net.predict(new int[] {7, 3}, new int[] {11, 0});
      assertEquals(net.predict(7, 11)[0], many[0][0]);
      assertEquals(net.predict(3, 0)[0], many[1][0]);
      assertEquals(20, net.userVector.vocabulary());
      assertEquals(List.of("userVector", "itemVector"), net.rating.inputs());
    }
  }

  @Test
  void dataThatDoesNotFitIsRefusedBeforeAnyKernelRuns() {
    try (GraphModelTest_RatingsCompiled net = GraphModelTest_RatingsCompiled.open()) {
      double[] before = net.userVector.parameters();
      Dataset outside = GraphModelTest_RatingsCompiled.dataset(new int[] {3, 20}, new int[] {1, 2}, new float[2]);
      KilnException e = assertThrows(KilnException.class, () -> net.fit(outside, Fit.epochs(1).verbose(0)));
      assertEquals("sample 1 of the training data has index 20.0 in input 'user', but Embedding 'userVector' has a"
          + " vocabulary of 20: indices must be integers 0..19", e.getMessage());
      Dataset unnamed = Dataset.of(new float[][] {{1, 2}}, new float[][] {{3}});
      e = assertThrows(KilnException.class, () -> net.evaluate(unnamed));
      assertEquals("the evaluation data has one unnamed input, but Ratings takes user (1 index), item (1 index);"
          + " make it with RatingsCompiled.dataset(user, item, labels)", e.getMessage());
      Dataset swapped = Dataset.ofInputs(List.of(Column.indices("item", new int[] {1}), Column.indices("user",
          new int[] {2})), new float[] {3}, 1);
      assertThrows(KilnException.class, () -> net.evaluate(swapped));
      assertThrows(KilnException.class, () -> net.predict(new float[] {2.5f, 1}));
      assertArrayEquals(before, net.userVector.parameters(), "the weights are as they were");
    }
  }

  @Test
  void aStreamedSetOfSeveralInputsTrainsAsTheWholeSetDoes() {
    Dataset data = ratings(150, 2);
    Fit fit = Fit.epochs(3).seed(4).verbose(0).validation(ratings(40, 3));
    try (GraphModelTest_RatingsCompiled whole = GraphModelTest_RatingsCompiled.open();
         GraphModelTest_RatingsCompiled streamed = GraphModelTest_RatingsCompiled.open()) {
      History a = whole.fit(data, fit);
      History b = streamed.fit(data, fit.chunkSize(64));
      for (int l = 0; l < whole.layers().size(); l++) {
        assertArrayEquals(whole.layers().get(l).parameters(), streamed.layers().get(l).parameters(), "layer " + l);
      }
      assertEquals(a.last().validationLoss(), b.last().validationLoss(), 0);
    }
  }

  @Test
  void aSavedGraphLoadsIntoTheSameModelOnly() {
    Path file = dir.resolve("ratings.kiln");
    Dataset data = ratings(100, 5);
    try (GraphModelTest_RatingsCompiled net = GraphModelTest_RatingsCompiled.open()) {
      net.fit(data, Fit.epochs(2).verbose(0));
      net.save(file);
      float[] expected = net.predict(4, 9);
      try (GraphModelTest_RatingsCompiled again = GraphModelTest_RatingsCompiled.open()) {
        assertNotEquals(expected[0], again.predict(4, 9)[0]);
        again.load(file);
        assertArrayEquals(expected, again.predict(4, 9));
        for (LayerHandle layer : net.layers()) {
          assertArrayEquals(layer.parameters(), again.layers().get(net.layers().indexOf(layer)).parameters());
        }
      }
    }
    try (GraphModelTest_MixedCompiled other = GraphModelTest_MixedCompiled.open()) {
      KilnException e = assertThrows(KilnException.class, () -> other.load(file));
      assertTrue(e.getMessage().contains("was saved from a different model"), e.getMessage());
    }
  }

  @Test
  void aScalerScalesTheFeaturesAndLeavesTheIndicesAlone() {
    Random random = new Random(6);
    int[] items = new int[50];
    float[][] features = new float[50][2];
    float[] targets = new float[50];
    for (int s = 0; s < 50; s++) {
      items[s] = random.nextInt(30);
      features[s] = new float[] {100 + 10 * random.nextFloat(), -5 * random.nextFloat()};
      targets[s] = features[s][0] / 100 + items[s] / 30f;
    }
    Dataset data = GraphModelTest_MixedCompiled.dataset(items, features, targets);
    Scaler scaler = Scaler.standardize(data);
    assertEquals(0, scaler.offsets()[0]);
    assertEquals(1, scaler.scales()[0]);
    assertTrue(scaler.offsets()[1] > 100, "the first feature's mean: " + scaler.offsets()[1]);
    try (GraphModelTest_MixedCompiled net = GraphModelTest_MixedCompiled.open()) {
      net.scaleInputs(scaler);
      net.fit(data, Fit.epochs(20).learningRate(0.01).verbose(0));
      Regression report = Regression.of(net, data);
      assertEquals(Math.sqrt(net.evaluate(data).loss()), report.rmse(), 1e-4);
      assertTrue(report.rmse() < 0.5, "RMSE " + report.rmse());
      float[] row = Column.row(new int[] {items[0]}, features[0]);
      assertArrayEquals(net.predict(row), net.predict(items[0], features[0]));
    }
  }
}
