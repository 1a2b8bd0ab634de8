package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
  private static final int RECORDS = 3;

  @TempDir Path dir;

  /**
   * {@code count} records numbered from {@code first}: record i has label i % 10, red (y + x + i) % 256,
   * green 100 and blue 200 at every pixel.
   */
  private static byte[] batch(int first, int count) {
    byte[] bytes = new byte[count * Cifar10.RECORD];
    for (int r = 0; r < count; r++) {
      int i = first + r;
      int offset = r * Cifar10.RECORD;
      bytes[offset] = (byte) (i % 10);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          bytes[offset + 1 + y * 32 + x] = (byte) ((y + x + i) % 256);
          bytes[offset + 1 + 1024 + y * 32 + x] = (byte) 100;
          bytes[offset + 1 + 2048 + y * 32 + x] = (byte) 200;
        }
      }
    }
    return bytes;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  /** The value at sample s, row y, column x, channel c of a channels-last {32, 32, 3} data set. */
  private static float at(Dataset data, int s, int y, int x, int c) {
    return data.features()[s * 3072 + (y * 32 + x) * 3 + c];
  }

  /** Checks every value of every sample against {@link #batch} numbered from {@code first}. */
  private static void assertPixels(Dataset data, int first) {
    for (int s = 0; s < data.size(); s++) {
      int i = first + s;
      assertEquals(i % 10, (int) data.labels()[s], "label of sample " + s);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          assertEquals(((y + x + i) % 256) / 255f, at(data, s, y, x, 0), "red at sample " + s + ", (" + y + ", " + x + ")");
          assertEquals(100 / 255f, at(data, s, y, x, 1), "green at sample " + s + ", (" + y + ", " + x + ")");
          assertEquals(200 / 255f, at(data, s, y, x, 2), "blue at sample " + s + ", (" + y + ", " + x + ")");
        }
      }
    }
  }

  @Test
  void readsOneBatchChannelsLastScaledToZeroOne() throws IOException {
    Dataset data = Cifar10.read(write("test_batch.bin", batch(0, RECORDS)));
    assertEquals(RECORDS, data.size());
    assertArrayEquals(new int[] {32, 32, 3}, data.featureShape());
    assertEquals(3072, data.featureWidth());
    assertTrue(data.hasClassLabels());
    assertEquals(10, data.classCount());
    assertArrayEquals(new float[] {0, 1, 2}, data.labels());
    assertPixels(data, 0);
    // Spot checks spelled out: sample 2, row 1, column 3 -> features[2 * 3072 + (1 * 32 + 3) * 3 + c].
    float[] features = data.features();
    assertEquals(6 / 255f, features[2 * 3072 + 35 * 3]);
    assertEquals(100 / 255f, features[2 * 3072 + 35 * 3 + 1]);
    assertEquals(200 / 255f, features[2 * 3072 + 35 * 3 + 2]);
    assertEquals(0f, features[0]); // sample 0, (0, 0), red = 0
    assertEquals(64 / 255f, at(data, 2, 31, 31, 0)); // 31 + 31 + 2
  }

  @Test
  void scalesTheFullByteRange() throws IOException {
    byte[] bytes = new byte[Cifar10.RECORD];
    bytes[0] = 9;
    bytes[1] = (byte) 255; // red (0, 0)
    bytes[1 + 1024 + 1] = (byte) 128; // green (0, 1)
    bytes[1 + 2048 + 32] = (byte) 1; // blue (1, 0)
    Dataset data = Cifar10.read(write("one.bin", bytes));
    assertEquals(1f, at(data, 0, 0, 0, 0));
    assertEquals(128 / 255f, at(data, 0, 0, 1, 1));
    assertEquals(1 / 255f, at(data, 0, 1, 0, 2));
    float max = 0;
    float sum = 0;
    for (float value : data.features()) {
      max = Math.max(max, value);
      sum += value;
    }
    assertEquals(1f, max);
    assertEquals((255 + 128 + 1) / 255f, sum, 1e-6f);
    assertArrayEquals(new float[] {9}, data.labels());
  }

  @Test
  void trainConcatenatesTheFiveBatchesInOrderAndTestReadsTheTestBatch() throws IOException {
    for (int b = 1; b <= 5; b++) {
      assertFalse(Cifar10.available(dir));
      write("data_batch_" + b + ".bin", batch((b - 1) * RECORDS, RECORDS));
    }
    assertFalse(Cifar10.available(dir));
    write("test_batch.bin", batch(100, 2));
    assertTrue(Cifar10.available(dir));

    Dataset train = Cifar10.train(dir);
    assertEquals(5 * RECORDS, train.size());
    assertArrayEquals(new int[] {32, 32, 3}, train.featureShape());
    assertEquals(10, train.classCount());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4}, train.labels());
    assertPixels(train, 0);

    Dataset test = Cifar10.test(dir);
    assertEquals(2, test.size());
    assertArrayEquals(new float[] {0, 1}, test.labels());
    assertPixels(test, 100);
  }

  @Test
  void classNames() {
    assertEquals(10, Cifar10.CLASS_NAMES.size());
    assertEquals("airplane", Cifar10.CLASS_NAMES.get(0));
    assertEquals("cat", Cifar10.CLASS_NAMES.get(3));
    assertEquals("truck", Cifar10.CLASS_NAMES.get(9));
  }

  @Test
  void aTruncatedFileNamesItsSizeAndTheRecordSize() throws IOException {
    Path file = write("cut.bin", Arrays.copyOf(batch(0, RECORDS), 2 * 3073 + 1000));
    KilnException e = assertThrows(KilnException.class, () -> Cifar10.read(file));
    assertEquals(file + ": 7146 bytes is not a positive multiple of the record size 3073 (1 label byte + 3072 pixel bytes); "
        + "the file is truncated or not a CIFAR-10 batch (2 whole records and 1000 bytes over)", e.getMessage());

    Path short_ = write("short.bin", new byte[100]);
    e = assertThrows(KilnException.class, () -> Cifar10.read(short_));
    assertTrue(e.getMessage().startsWith(short_ + ": 100 bytes is not a positive multiple of the record size 3073"), e.getMessage());
  }

  @Test
  void anEmptyOrWrongSizedFileIsRefused() throws IOException {
    Path empty = write("empty.bin", new byte[0]);
    KilnException e = assertThrows(KilnException.class, () -> Cifar10.read(empty));
    assertEquals(empty + ": 0 bytes is not a positive multiple of the record size 3073 (1 label byte + 3072 pixel bytes); "
        + "the file is empty", e.getMessage());

    Path cifar100 = write("cifar100.bin", new byte[2 * 3074]);
    e = assertThrows(KilnException.class, () -> Cifar10.read(cifar100));
    assertTrue(e.getMessage().startsWith(cifar100 + ": 6148 bytes is not a positive multiple of the record size 3073"), e.getMessage());
    assertTrue(e.getMessage().contains("CIFAR-100"), e.getMessage());
  }

  @Test
  void aBadLabelNamesTheRecordAndByteOffset() throws IOException {
    byte[] bytes = batch(0, RECORDS);
    bytes[2 * 3073] = 10;
    Path file = write("bad.bin", bytes);
    KilnException e = assertThrows(KilnException.class, () -> Cifar10.read(file));
    assertTrue(e.getMessage().startsWith(file + ": byte 6146 (record 2): label 10 is out of range 0..9"), e.getMessage());

    bytes[2 * 3073] = (byte) 255; // unsigned: 255, not -1
    Files.write(file, bytes);
    e = assertThrows(KilnException.class, () -> Cifar10.read(file));
    assertTrue(e.getMessage().startsWith(file + ": byte 6146 (record 2): label 255 is out of range 0..9"), e.getMessage());
  }

  @Test
  void aBadBatchInTrainNamesThatFile() throws IOException {
    for (int b = 1; b <= 5; b++) {
      write("data_batch_" + b + ".bin", batch(0, 1));
    }
    Path fourth = write("data_batch_4.bin", new byte[3072]);
    KilnException e = assertThrows(KilnException.class, () -> Cifar10.train(dir));
    assertTrue(e.getMessage().startsWith(fourth + ": 3072 bytes"), e.getMessage());
  }

  @Test
  void aMissingFolderOrFileSaysWhatIsExpectedAndWhereToGetIt() throws IOException {
    Path missing = dir.resolve("nowhere");
    assertFalse(Cifar10.available(missing));
    String expected = "; pass the folder that holds data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, "
        + "data_batch_5.bin, test_batch.bin. They are CIFAR-10's binary version (cifar-10-binary.tar.gz, which unpacks to "
        + "cifar-10-batches-bin/), downloadable from its authors' site https://www.cs.toronto.edu/~kriz/cifar.html";
    KilnException e = assertThrows(KilnException.class, () -> Cifar10.train(missing));
    assertEquals("CIFAR-10 not found in " + missing + ": the folder does not exist" + expected, e.getMessage());

    e = assertThrows(KilnException.class, () -> Cifar10.test(dir));
    assertEquals("CIFAR-10 not found in " + dir + ": test_batch.bin is missing" + expected, e.getMessage());

    write("data_batch_1.bin", batch(0, 1));
    e = assertThrows(KilnException.class, () -> Cifar10.train(dir));
    assertEquals("CIFAR-10 not found in " + dir + ": data_batch_2.bin is missing" + expected, e.getMessage());

    Path nested = Files.createDirectory(dir.resolve("cifar-10-batches-bin"));
    Files.write(nested.resolve("test_batch.bin"), batch(0, 1));
    e = assertThrows(KilnException.class, () -> Cifar10.test(dir));
    assertEquals("CIFAR-10 not found in " + dir + ": test_batch.bin is missing (it is in " + nested + ": pass that folder)" + expected,
        e.getMessage());

    Path absent = dir.resolve("absent.bin");
    e = assertThrows(KilnException.class, () -> Cifar10.read(absent));
    assertEquals(absent + ": file not found", e.getMessage());
  }
}
