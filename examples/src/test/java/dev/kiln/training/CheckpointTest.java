package dev.kiln.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Fit;
import dev.kiln.KilnException;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.data.Scaler;
import dev.kiln.layers.Dense;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading: the same predictions after a reload; a wrong or damaged file is a clear error. */
class CheckpointTest {
  @TempDir Path dir;

  /** Blobs with a wider hidden layer: a checkpoint of Blobs must not load into it. */
  @Model(input = 6, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 16)
  abstract static class Wider {
    @Layer(units = 13) @Activation(ActivationKind.RELU) Dense hidden;
    @Layer(units = 3) @Activation(ActivationKind.SOFTMAX) Dense out;
  }

  @Test
  void reloadGivesTheSamePredictionsAndResumesTheSameTraining() {
    Path file = dir.resolve("blobs.kiln");
    float[][] samples = {new float[6], {2, 0, 0, 2, 0, 0}};
    float[][] expected;
    double[] continued;
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(TrainingTest.blobs(100, 1), Fit.epochs(2).verbose(0));
      net.save(file);
      expected = net.predict(samples);
      net.fit(TrainingTest.blobs(100, 1), Fit.epochs(1).seed(9).verbose(0));
      continued = net.hidden.parameters();
    }
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.load(file);
      assertArrayEquals(expected, net.predict(samples));
      net.fit(TrainingTest.blobs(100, 1), Fit.epochs(1).seed(9).verbose(0));
      assertArrayEquals(continued, net.hidden.parameters(), "resumed training (optimizer state and step restored)");
    }
  }

  @Test
  void aFileOfAnotherModelIsRefused() {
    Path file = dir.resolve("blobs.kiln");
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.save(file);
    }
    try (CheckpointTest_WiderCompiled net = CheckpointTest_WiderCompiled.open()) {
      KilnException e = assertThrows(KilnException.class, () -> net.load(file));
      assertTrue(e.getMessage().contains("was saved from a different model"), e.getMessage());
    }
  }

  @Test
  void damagedFilesAreRefusedAndTheWeightsStay() throws IOException {
    Path file = dir.resolve("blobs.kiln");
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.save(file);
      byte[] good = Files.readAllBytes(file);
      double[] before = net.hidden.parameters();

      byte[] flipped = good.clone();
      flipped[good.length / 2] ^= 0x10;
      Files.write(file, flipped);
      assertTrue(assertThrows(KilnException.class, () -> net.load(file)).getMessage().contains("corrupt"));

      Files.write(file, java.util.Arrays.copyOf(good, good.length / 3));
      assertThrows(KilnException.class, () -> net.load(file));

      Files.write(file, "not a model".getBytes());
      assertThrows(KilnException.class, () -> net.load(file));

      assertTrue(assertThrows(KilnException.class, () -> net.load(dir.resolve("missing.kiln")))
          .getMessage().contains("does not exist"));
      assertArrayEquals(before, net.hidden.parameters());
    }
  }

  @Test
  void theReleasedFormatsStillLoad() throws IOException {
    // what the model predicted when each file was written: format 1, Blobs after 2 epochs, seed 0;
    // format 2, with a standardising scaler, after 20 epochs. The tolerance allows for another CPU's
    // rounding, not for other weights.
    assertArrayEquals(new float[] {0.6716648f, 0.067328155f, 0.26100707f}, predictionFrom("blobs-format-1.kiln"),
        1e-4f);
    assertArrayEquals(new float[] {0.8535959f, 0.04658238f, 0.099821664f}, predictionFrom("blobs-format-2.kiln"),
        1e-4f);
  }

  private float[] predictionFrom(String resource) throws IOException {
    Path file = dir.resolve(resource);
    try (var in = CheckpointTest.class.getResourceAsStream("/checkpoints/" + resource)) {
      Files.copy(in, file);
    }
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.load(file);
      return net.predict(new float[] {2, 0, 0, 2, 0, 0});
    }
  }

  /** Thousands of damaged files: every one is a KilnException, never another exception or a huge allocation. */
  @Test
  void fuzzedFilesAreAlwaysAKilnException() throws IOException {
    Path good = dir.resolve("good.kiln");
    Path bad = dir.resolve("bad.kiln");
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.save(good);
      byte[] original = Files.readAllBytes(good);
      double[] before = net.hidden.parameters();
      java.util.Random random = new java.util.Random(1);
      for (int round = 0; round < 3000; round++) {
        byte[] damaged = switch (round % 3) {
          case 0 -> java.util.Arrays.copyOf(original, random.nextInt(original.length));
          case 1 -> flipBit(original, random);
          default -> overwriteInt(original, random);
        };
        Files.write(bad, damaged);
        assertThrows(KilnException.class, () -> net.load(bad), "round " + round);
      }
      assertArrayEquals(before, net.hidden.parameters());
    }
  }

  private static byte[] flipBit(byte[] original, java.util.Random random) {
    byte[] copy = original.clone();
    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    return copy;
  }

  /** Four bytes set to a random int: hits the length fields now and then. */
  private static byte[] overwriteInt(byte[] original, java.util.Random random) {
    byte[] copy = original.clone();
    int at = random.nextInt(copy.length - 4);
    java.nio.ByteBuffer.wrap(copy, at, 4).putInt(random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt());
    return copy;
  }

  /** A writer killed at a random moment leaves a whole file: the previous checkpoint or the new one. */
  @Test
  void aKilledWriterLeavesAWholeFile() throws Exception {
    Path file = dir.resolve("killed.kiln");
    java.util.Random random = new java.util.Random(5);
    for (int round = 0; round < 3; round++) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process writer = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
          System.getProperty("java.class.path"), CheckpointWriter.class.getName(), file.toString()).start();
      try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(writer.getInputStream()))) {
        assertEquals("ready", out.readLine(), "the writer did not start");
        Thread.sleep(50 + random.nextInt(400));
        writer.destroyForcibly().waitFor();
      }
      try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
        net.load(file);
      }
    }
  }

  @Test
  void theInputScalerIsPartOfTheModel() {
    Dataset raw = TrainingTest.blobs(100, 1).mapFeatures(Scaler.of(new double[6], new double[] {0.1, 0.1, 0.1, 1, 1, 1}));
    Path file = dir.resolve("scaled.kiln");
    float[] sample = {20, 0, 0, 2, 0, 0};
    float[] expected;
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      Scaler scaler = Scaler.standardize(raw);
      net.scaleInputs(scaler);
      net.fit(raw, Fit.epochs(3).verbose(0));
      expected = net.predict(sample);
      net.scaleInputs(null);
      assertArrayEquals(expected, net.predict(scaler.apply(sample)), "the model scales raw inputs itself");
      net.scaleInputs(scaler);
      net.save(file);
    }
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.load(file);
      assertTrue(net.inputScaler().isPresent());
      assertArrayEquals(expected, net.predict(sample), "raw inputs give the same answer after a reload");
      KilnException wrong = assertThrows(KilnException.class, () -> net.scaleInputs(Scaler.of(new double[3],
          new double[] {1, 1, 1})));
      assertTrue(wrong.getMessage().contains("the scaler has 3 features, but Blobs takes 6"), wrong.getMessage());
    }
  }

  /** The shuffling continues where it stopped: two epochs, save, load, two more = four in one go. */
  @Test
  void resumingGivesTheSameWeightsAsAnUnbrokenRun() {
    Dataset data = TrainingTest.blobs(100, 1);
    Path file = dir.resolve("half.kiln");
    double[] unbroken;
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(data, Fit.epochs(4).seed(7).verbose(0));
      unbroken = net.hidden.parameters();
    }
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(data, Fit.epochs(2).seed(7).verbose(0));
      net.save(file);
    }
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.load(file);
      net.fit(data, Fit.epochs(2).seed(7).verbose(0));
      assertArrayEquals(unbroken, net.hidden.parameters());
    }
  }
}
