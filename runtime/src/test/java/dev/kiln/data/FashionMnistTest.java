package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.KilnException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  @TempDir Path dir;

  @Test
  void aMissingFolderSaysHowToInstallIt() {
    assertFalse(FashionMnist.available(dir));
    KilnException e = assertThrows(KilnException.class, () -> FashionMnist.train(dir));
    assertEquals("Fashion-MNIST not found in " + dir + ": train-images-idx3-ubyte.gz is missing; install it with "
        + "`apt-get install dataset-fashion-mnist` or pass the folder that holds train-images-idx3-ubyte.gz, "
        + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz", e.getMessage());
  }

  @Test
  void readsAFolderOfGzippedOrRawFiles() throws IOException {
    byte[] pixels = new byte[2 * 784];
    pixels[783] = (byte) 255;
    IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(2, 28, 28, pixels)));
    IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels((byte) 9, (byte) 0));
    assertFalse(FashionMnist.available(dir));
    IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(1, 28, 28, new byte[784]));
    IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels((byte) 3)));
    assertTrue(FashionMnist.available(dir));

    Dataset train = FashionMnist.train(dir);
    assertEquals(2, train.size());
    assertEquals(784, train.featureWidth());
    assertEquals(10, train.classCount());
    assertEquals(1f, train.features()[783]);
    assertArrayEquals(new float[] {9, 0}, train.labels());
    assertEquals(1, FashionMnist.test(dir).size());
  }

  @Test
  void classNames() {
    assertEquals(10, FashionMnist.CLASS_NAMES.size());
    assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(9));
  }

  /** The real data set, where the Debian package dataset-fashion-mnist is installed (CI installs it). */
  @Test
  void theInstalledDataSet() {
    assumeTrue(FashionMnist.available(FashionMnist.DEFAULT_DIR), "dataset-fashion-mnist is not installed");
    Dataset train = FashionMnist.train();
    Dataset test = FashionMnist.test();
    assertEquals(60_000, train.size());
    assertEquals(10_000, test.size());
    assertArrayEquals(new int[] {28, 28, 1}, train.featureShape());
    assertEquals(10, test.classCount());
    train.validate();
    test.validate();

    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float pixel : train.features()) {
      min = Math.min(min, pixel);
      max = Math.max(max, pixel);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
    int[] counts = new int[10];
    for (float label : train.labels()) {
      counts[(int) label]++;
    }
    for (int count : counts) {
      assertEquals(6_000, count);
    }
    assertEquals(9, (int) train.labels()[0]); // the first training image is an ankle boot
    assertArrayEquals(new int[] {784}, test.reshape(784).featureShape());
  }
}
