package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Evaluation;
import dev.kiln.data.Cifar10;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CIFAR-10 example end to end on synthetic batch files the test writes in CIFAR-10's binary
 * format: each class is a bright square in its own place and colour over noise, which the CNN must
 * learn to find.
 */
class Cifar10CnnTest {
  @TempDir Path dir;

  @Test
  void learnsSyntheticClassesFromCifarBatchFiles() throws IOException {
    Random random = new Random(1);
    for (int b = 1; b <= 5; b++) {
      write(dir.resolve("data_batch_" + b + ".bin"), 128, random);
    }
    write(dir.resolve("test_batch.bin"), 200, random);
    Evaluation result = Cifar10Cnn.run(dir, 4, 0);
    assertTrue(result.accuracy() > 0.8, result.toString());
  }

  /** {@code records} images of random classes: noise, and the class's 8x8 square in one colour plane. */
  private static void write(Path file, int records, Random random) throws IOException {
    byte[] bytes = new byte[records * Cifar10.RECORD];
    for (int r = 0; r < records; r++) {
      int label = random.nextInt(10);
      int at = r * Cifar10.RECORD;
      bytes[at] = (byte) label;
      for (int i = 1; i < Cifar10.RECORD; i++) {
        bytes[at + i] = (byte) random.nextInt(96);
      }
      int plane = label % 3;
      int top = 4 + 8 * ((label / 3) % 3);
      int left = 4 + 8 * (label % 4);
      for (int y = top; y < top + 8; y++) {
        for (int x = left; x < left + 8; x++) {
          bytes[at + 1 + plane * 1024 + y * 32 + x] = (byte) (160 + random.nextInt(96));
        }
      }
    }
    Files.write(file, bytes);
  }
}
