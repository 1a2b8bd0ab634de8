package dev.kiln.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.callbacks.CsvLogger;
import dev.kiln.callbacks.ModelCheckpoint;
import dev.kiln.callbacks.TerminateOnNaN;
import dev.kiln.data.Dataset;
import dev.kiln.data.Scaler;
import dev.kiln.layers.Dense;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /** A linear regression that SGD with this learning rate drives to infinity on inputs near 100. */
  @Model(input = 2, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD, batch = 8)
  abstract static class Diverging {
    @Layer(units = 1) Dense out;
  }

  private static Dataset far(int samples) {
    float[][] x = new float[samples][];
    float[][] y = new float[samples][];
    for (int s = 0; s < samples; s++) {
      x[s] = new float[] {100 + s % 7, 90 - s % 5};
      y[s] = new float[] {s % 3};
    }
    return Dataset.of(x, y);
  }

  @Test
  void aDivergingRunKeepsItsLastGoodCheckpointAndNothingSavesWhatCannotLoad() throws IOException {
    Path file = dir.resolve("diverging.kiln");
    try (CheckpointTest_DivergingCompiled net = CheckpointTest_DivergingCompiled.open()) {
      TerminateOnNaN terminate = new TerminateOnNaN();
      History history = net.fit(far(32), Fit.epochs(20).learningRate(0.01).shuffle(false).verbose(0)
          .callbacks(terminate, ModelCheckpoint.everyEpoch(file.toString())));
      assertTrue(terminate.stoppedEpoch() > 1, "it diverged after a good epoch: " + history.loss());
      assertFalse(Double.isFinite(history.last().loss()));
      assertTrue(terminate.reason().startsWith("Epoch " + terminate.stoppedEpoch() + ": the loss is "),
          terminate.reason());
      try (CheckpointTest_DivergingCompiled again = CheckpointTest_DivergingCompiled.open()) {
        again.load(file); // the last good epoch's file, not overwritten by the diverged one
        for (double w : again.out.parameters()) {
          assertTrue(Double.isFinite(w));
        }
      }
      net.fit(far(32), Fit.epochs(20).learningRate(0.01).shuffle(false).verbose(0)); // on to NaN weights
      Path other = dir.resolve("nan.kiln");
      KilnException e = assertThrows(KilnException.class, () -> net.save(other));
      assertTrue(e.getMessage().startsWith("cannot save " + other + ": parameter ") && e.getMessage().contains(
          "of layer 'out' is NaN; the model diverged"), e.getMessage());
      assertFalse(Files.exists(other));
      e = assertThrows(KilnException.class, () -> net.save(file));
      assertTrue(e.getMessage().contains("Nothing was written"), e.getMessage());
      try (CheckpointTest_DivergingCompiled again = CheckpointTest_DivergingCompiled.open()) {
        again.load(file); // still the good one
      }
      try (var files = Files.list(dir)) {
        assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
      }
    }
  }

  @Test
  void aCheckpointIntoAMissingDirectorySaysSo() {
    Path file = dir.resolve("no-such-dir").resolve("model.kiln");
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      KilnException e = assertThrows(KilnException.class, () -> net.save(file));
      assertEquals("cannot write checkpoint " + file + ": the directory " + file.getParent() + " does not exist;"
          + " create it first (Files.createDirectories)", e.getMessage());
      KilnException log = assertThrows(KilnException.class, () -> net.fit(TrainingTest.blobs(20, 1),
          Fit.epochs(1).verbose(0).callbacks(new CsvLogger(file.resolveSibling("log.csv")))));
      assertTrue(log.getMessage().startsWith("cannot write the training log " + file.resolveSibling("log.csv")
          + ": the directory " + file.getParent() + " does not exist"), log.getMessage());
    }
  }

  /** Two threads saving one path over and over: every save succeeds and the file always loads. */
  @Test
  void concurrentSavesOfOnePathAllSucceed() throws Exception {
    Path file = dir.resolve("shared.kiln");
    try (TrainingTest_BlobsCompiled a = TrainingTest_BlobsCompiled.open();
         TrainingTest_BlobsCompiled b = TrainingTest_BlobsCompiled.open()) {
      b.initialize(9);
      List<Thread> savers = new java.util.ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      for (TrainingTest_BlobsCompiled net : List.of(a, b)) {
        savers.add(new Thread(() -> {
          for (int i = 0; i < 100; i++) {
            try {
              net.save(file);
            } catch (Throwable t) {
              failures.add(t);
            }
          }
        }));
      }
      savers.forEach(Thread::start);
      for (Thread saver : savers) {
        saver.join();
      }
      assertEquals(List.of(), failures);
      a.load(file);
      try (var files = Files.list(dir)) {
        assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
      }
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

  /**
   * Files with a valid checksum but bad contents: a NaN or infinity at any value (weights or
   * optimizer state), a wrong layer count, negative step or epoch counts, bytes after the last
   * layer. Each is refused before anything is written: the model stays bit for bit as it was.
   */
  @Test
  void wellFormedFilesWithBadContentsAreRefusedWholly() throws IOException {
    Path good = dir.resolve("good.kiln");
    Path bad = dir.resolve("bad.kiln");
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(TrainingTest.blobs(60, 1), Fit.epochs(2).verbose(0)); // optimizer state that is not all zero
      net.save(good);
      byte[] body = java.util.Arrays.copyOf(Files.readAllBytes(good), (int) Files.size(good) - 8);
      Layout layout = Layout.of(body);
      net.fit(TrainingTest.blobs(60, 2), Fit.epochs(1).verbose(0)); // weights unlike the file's, to see any write
      List<double[]> before = net.layers().stream().map(l -> l.parameters()).toList();
      java.util.Random random = new java.util.Random(3);
      List<byte[]> damaged = new java.util.ArrayList<>();
      for (int round = 0; round < 200; round++) {
        byte[] copy = body.clone();
        int at = layout.values().get(random.nextInt(layout.values().size()));
        double value = switch (round % 3) {
          case 0 -> Double.NaN;
          case 1 -> Double.POSITIVE_INFINITY;
          default -> Double.NEGATIVE_INFINITY;
        };
        java.nio.ByteBuffer.wrap(copy, at, 8).putDouble(value);
        damaged.add(copy);
      }
      for (int layers : new int[] {0, 1, 3, -1, Integer.MAX_VALUE}) {
        byte[] copy = body.clone();
        java.nio.ByteBuffer.wrap(copy, layout.layerCount(), 4).putInt(layers);
        damaged.add(copy);
      }
      for (int field : new int[] {layout.step(), layout.epochs()}) {
        byte[] copy = body.clone();
        java.nio.ByteBuffer.wrap(copy, field, 4).putInt(-1 - random.nextInt(100));
        damaged.add(copy);
      }
      for (int extra = 1; extra <= 16; extra *= 2) {
        damaged.add(java.util.Arrays.copyOf(body, body.length + extra));
      }
      for (byte[] copy : damaged) {
        Files.write(bad, withChecksum(copy));
        KilnException e = assertThrows(KilnException.class, () -> net.load(bad));
        assertTrue(e.getMessage().contains("corrupt") || e.getMessage().contains("finite"), e.getMessage());
      }
      for (int l = 0; l < before.size(); l++) {
        assertArrayEquals(before.get(l), net.layers().get(l).parameters(), "layer " + l + " is as it was");
      }
      net.load(good); // and the good file still loads
    }
  }

  /** Where the fields of a Blobs model file (format 3, no scaler) start. */
  private record Layout(int step, int epochs, int layerCount, List<Integer> values) {
    static Layout of(byte[] body) throws IOException {
      java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(body));
      in.readInt(); // magic
      in.readInt(); // version
      int at = 8 + 2 + in.readUTF().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      in.skipBytes(32); // the description's hash
      at += 32;
      int step = at;
      in.readInt();
      int epochs = at + 4;
      in.readInt();
      assertFalse(in.readBoolean(), "no scaler");
      int layerCount = at + 9;
      at += 13;
      int layers = in.readInt();
      List<Integer> values = new java.util.ArrayList<>();
      for (int array = 0; array < 2 * layers; array++) {
        int length = in.readInt();
        at += 4;
        for (int k = 0; k < length; k++) {
          values.add(at);
          in.readDouble();
          at += 8;
        }
      }
      return new Layout(step, epochs, layerCount, values);
    }
  }

  private static byte[] withChecksum(byte[] body) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body);
    byte[] file = java.util.Arrays.copyOf(body, body.length + 8);
    java.nio.ByteBuffer.wrap(file, body.length, 8).putLong(crc.getValue());
    return file;
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
