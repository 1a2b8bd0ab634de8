package dev.kiln.training;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Callback;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.TrainingControl;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.data.Scaler;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Flatten;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The training loop as a user meets it: learning, reproducibility, bad input, threads, summary. */
class TrainingTest {
  @Model(input = 6, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 16)
  abstract static class Blobs {
    @Layer(units = 12) @Activation(RELU) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Three noisy clusters: learnable in a few epochs. 100 samples: batches of 16 leave a partial one. */
  static Dataset blobs(int samples, long seed) {
    Random random = new Random(seed);
    float[][] x = new float[samples][6];
    int[] classes = new int[samples];
    for (int s = 0; s < samples; s++) {
      classes[s] = s % 3;
      for (int i = 0; i < 6; i++) {
        x[s][i] = (float) ((i % 3 == classes[s] ? 2.0 : 0.0) + random.nextGaussian() * 0.5);
      }
    }
    return Dataset.ofClasses(x, classes, 3);
  }

  @Test
  void learnsAndReportsEveryEpoch() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      History history = net.fit(blobs(100, 1), Fit.epochs(20).learningRate(0.01).validation(blobs(60, 2))
          .output(new PrintStream(printed, true, StandardCharsets.UTF_8)));
      assertEquals(20, history.epochs().size());
      assertTrue(history.last().loss() < history.epochs().get(0).loss() / 3, history.loss().toString());
      assertTrue(history.last().validationMetric() > 0.95, "validation accuracy " + history.last().validationMetric());
      assertEquals(net.evaluate(blobs(60, 2)).accuracy(), history.last().validationMetric(), 1e-6);
      String output = printed.toString(StandardCharsets.UTF_8);
      assertTrue(output.contains("Epoch  1/20  7/7 [==============================]"), output);
      assertTrue(output.contains("- loss: ") && output.contains("- val_accuracy: "), output);
      assertEquals(20, output.lines().count());
    }
  }

  @Test
  void anEpochLongerThanTheQueueTrainsWhole() {
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      History history = net.fit(blobs(5_000, 3), Fit.epochs(1).batchSize(1).learningRate(0.001).verbose(0));
      assertEquals(5_000, history.last().samples());
      assertTrue(history.last().metric() > 0.9, "accuracy " + history.last().metric());
      assertEquals(5_000, net.evaluate(blobs(5_000, 3)).samples());
    }
  }

  /** Blobs as 2 x 3 "images", flattened. */
  @Model(input = {2, 3}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 16)
  abstract static class FlatBlobs {
    @Layer Flatten flat;
    @Layer(units = 12) @Activation(RELU) Dense hidden;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Test
  void flattenReadsAnImageInputAsARow() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (TrainingTest_FlatBlobsCompiled net = TrainingTest_FlatBlobsCompiled.open();
         TrainingTest_BlobsCompiled plain = TrainingTest_BlobsCompiled.open()) {
      Dataset images = blobs(100, 1).reshape(2, 3);
      net.fit(images, Fit.epochs(5).verbose(0));
      plain.fit(blobs(100, 1), Fit.epochs(5).verbose(0));
      assertArrayEquals(plain.hidden.parameters(), net.hidden.parameters(), "the same numbers in the same order");
      assertEquals("flat", net.flat.name());
      net.summary(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }
    String summary = printed.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("(None, 2, 3)") && summary.contains("flat (Flatten)") && summary.contains("(None, 6)"),
        summary);
  }

  @Test
  void sameSeedGivesBitIdenticalWeights() {
    double[] first = trainedParameters(42);
    assertArrayEquals(first, trainedParameters(42));
    assertNotEquals(first[0], trainedParameters(43)[0]);
  }

  private static double[] trainedParameters(long seed) {
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(blobs(100, 1), Fit.epochs(3).seed(seed).verbose(0));
      return net.hidden.parameters();
    }
  }

  /** A fit a callback breaks after its second epoch, resumed for two more, trains as four epochs unbroken. */
  @Test
  void aFitThatFailsPartWayCountsTheEpochsItRan() {
    Dataset data = blobs(90, 3);
    Fit fit = Fit.epochs(4).seed(2).verbose(0);
    try (TrainingTest_BlobsCompiled broken = TrainingTest_BlobsCompiled.open();
         TrainingTest_BlobsCompiled unbroken = TrainingTest_BlobsCompiled.open()) {
      Callback failsAfterTwo = new Callback() {
        @Override
        public void onEpochEnd(History.Epoch epoch, TrainingControl training) {
          if (epoch.number() == 2) {
            throw new KilnException("the log's disk is full");
          }
        }
      };
      assertThrows(KilnException.class, () -> broken.fit(data, fit.callbacks(failsAfterTwo)));
      broken.fit(data, Fit.epochs(2).seed(2).verbose(0).callbacks(new Callback() {}));
      unbroken.fit(data, fit.callbacks(new Callback() {}));
      assertArrayEquals(unbroken.hidden.parameters(), broken.hidden.parameters());
      assertArrayEquals(unbroken.out.parameters(), broken.out.parameters());
    }
  }

  @Test
  void badDataIsAClearErrorAndLeavesTheWeightsAlone() {
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      double[] before = net.hidden.parameters();
      Fit fit = Fit.epochs(1).verbose(0);

      KilnException width = assertThrows(KilnException.class,
          () -> net.fit(Dataset.ofClasses(new float[][] {{1, 2, 3}}, new int[] {0}, 3), fit));
      assertTrue(width.getMessage().contains("has 3 features per sample, but Blobs takes input [6]"), width.getMessage());

      float[][] x = new float[4][6];
      KilnException label = assertThrows(KilnException.class,
          () -> net.fit(Dataset.of(x, new float[][] {{0}, {1}, {7}, {2}}), fit));
      assertTrue(label.getMessage().contains("sample 2") && label.getMessage().contains("labels must be integers 0..2"),
          label.getMessage());

      x[3][4] = Float.NaN;
      KilnException nan = assertThrows(KilnException.class,
          () -> net.fit(Dataset.ofClasses(x, new int[] {0, 1, 2, 0}, 3), fit));
      assertTrue(nan.getMessage().contains("sample 3"), nan.getMessage());

      KilnException batch = assertThrows(KilnException.class, () -> net.fit(blobs(20, 1), fit.batchSize(64)));
      assertTrue(batch.getMessage().contains("@Model(batch = 64)"), batch.getMessage());

      KilnException predict = assertThrows(KilnException.class, () -> net.predict(new float[5]));
      assertTrue(predict.getMessage().contains("sample 0 has 5 values, but Blobs takes 6"), predict.getMessage());

      // a setting the model's optimizer (Adam) does not use is not silently ignored
      KilnException momentum = assertThrows(KilnException.class, () -> net.fit(blobs(20, 1), fit.momentum(0.5)));
      assertEquals("Fit.momentum(...) does nothing for ADAM, the model's optimizer: momentum applies to SGD; ADAM"
          + " takes learningRate, betas, epsilon. Remove it, or compile the model with another @Model(optimizer = ...)",
          momentum.getMessage());
      KilnException rho = assertThrows(KilnException.class, () -> net.fit(blobs(20, 1), fit.rho(0.8)));
      assertTrue(rho.getMessage().startsWith("Fit.rho(...) does nothing for ADAM") && rho.getMessage().contains(
          "rho applies to RMSPROP and ADADELTA"), rho.getMessage());

      // finite inputs the model's own scaler turns into infinities are refused too, before any kernel runs
      net.scaleInputs(Scaler.of(new double[6], new double[] {1, 1, 1, 1, 1e-35, 1}));
      float[][] large = new float[4][6];
      large[2][4] = 1e5f;
      KilnException scaled = assertThrows(KilnException.class,
          () -> net.fit(Dataset.ofClasses(large, new int[] {0, 1, 2, 0}, 3), fit));
      assertEquals("sample 2 has 100000.0 in feature 4, which this scaler (offset 0.0, scale 1.0E-35) turns into"
          + " Infinity; fit the scaler on data like this (Scaler.standardize(train)), or clip the inputs",
          scaled.getMessage());
      assertThrows(KilnException.class, () -> net.predict(large[2]));
      net.scaleInputs(null);

      assertArrayEquals(before, net.hidden.parameters());
    }
  }

  @Test
  void predictIsSafeFromManyThreads() throws Exception {
    Dataset data = blobs(200, 5);
    float[][] samples = new float[data.size()][];
    for (int s = 0; s < samples.length; s++) {
      samples[s] = data.slice(s, s + 1).features();
    }
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(blobs(100, 1), Fit.epochs(2).verbose(0));
      float[][] expected = net.predict(samples);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<float[]>> futures = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
          for (float[] sample : samples) {
            futures.add(pool.submit(() -> net.predict(sample)));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          assertArrayEquals(expected[i % samples.length], futures.get(i).get());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void summaryShowsLayersShapesAndCounts() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.summary(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }
    String summary = printed.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("Layer (type)") && summary.contains("Output Shape") && summary.contains("Param #"));
    assertTrue(summary.contains("hidden (Dense)") && summary.contains("(None, 12)") && summary.contains("84"), summary);
    assertTrue(summary.contains("out (Dense)") && summary.contains("(None, 3)") && summary.contains("39"), summary);
    assertTrue(summary.contains("Total params: 123"), summary);
    assertTrue(summary.contains("launches per training step: 6"), summary);
  }

  @Test
  void aClosedModelSaysSoAndClosingTwiceIsHarmless() {
    TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open();
    net.close();
    assertDoesNotThrow(net::close);
    KilnException closed = assertThrows(KilnException.class, () -> net.predict(new float[6]));
    assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
  }

  @Test
  void layerHandlesReadAndWriteWeights() {
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      float[][] w = new float[6][12];
      w[2][5] = 1.5f;
      net.hidden.setWeights(w);
      net.hidden.setBiases(new float[12]);
      assertEquals(1.5f, net.hidden.weights()[2][5]);
      assertEquals(0f, net.hidden.weights()[0][0]);
      assertEquals(12, net.hidden.biases().length);
      KilnException wrong = assertThrows(KilnException.class, () -> net.out.setBiases(new float[4]));
      assertTrue(wrong.getMessage().contains("has 3 biases, got 4"), wrong.getMessage());
    }
  }
}
