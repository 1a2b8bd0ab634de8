package dev.kiln.data;

import dev.kiln.KilnException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 (A. Krizhevsky, V. Nair, G. Hinton): 50,000 training and 10,000 test colour images, 32 × 32
 * pixels, in 10 classes. Reads the "binary version" ({@code cifar-10-binary.tar.gz}, unpacked to a
 * folder {@code cifar-10-batches-bin}): the batches {@code data_batch_1.bin} .. {@code
 * data_batch_5.bin} and {@code test_batch.bin}, each a run of 3073-byte records: one label byte 0..9,
 * then the 1024 red, 1024 green and 1024 blue bytes of the image, each plane 32 × 32 row-major.
 *
 * <p>Samples come out channels-last like Keras: feature shape {@code {32, 32, 3}} (height, width,
 * channel), so the value of row {@code y}, column {@code x}, channel {@code c} of sample {@code s} is
 * {@code features()[s * 3072 + (y * 32 + x) * 3 + c]}; pixels are scaled from 0..255 to [0, 1]. Labels
 * are integer classes, named by {@link #CLASS_NAMES}.
 */
public final class Cifar10 {
  /** The class names, indexed by label. */
  public static final List<String> CLASS_NAMES = List.of(
      "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /** Image height and width in pixels. */
  static final int SIDE = 32;
  /** Colour channels: red, green, blue. */
  static final int CHANNELS = 3;
  /** Pixels in one colour plane: 32 × 32. */
  static final int PLANE = SIDE * SIDE;
  /** Pixel bytes per image: 3 planes of 1024. */
  static final int IMAGE = CHANNELS * PLANE;
  /** Bytes per record: the label byte, then the image. */
  public static final int RECORD = 1 + IMAGE;

  private static final List<String> TRAIN_FILES = List.of(
      "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
  private static final String TEST_FILE = "test_batch.bin";
  private static final int[] SHAPE = {SIDE, SIDE, CHANNELS};

  private Cifar10() {}

  /** One batch file: every record in it, in file order. */
  public static Dataset read(Path file) {
    return load(List.of(file));
  }

  /** The training set from {@code dir}: {@code data_batch_1.bin} .. {@code data_batch_5.bin} in that order. */
  public static Dataset train(Path dir) {
    List<Path> files = new ArrayList<>();
    for (String name : TRAIN_FILES) {
      files.add(require(dir, name));
    }
    return load(files);
  }

  /** The test set from {@code dir}: {@code test_batch.bin}. */
  public static Dataset test(Path dir) {
    return load(List.of(require(dir, TEST_FILE)));
  }

  /** Whether {@code dir} holds all six batch files. */
  public static boolean available(Path dir) {
    return allFiles().stream().allMatch(name -> Files.isRegularFile(dir.resolve(name)));
  }

  /** Reads {@code files} into one data set, allocating the features once for all of them. */
  private static Dataset load(List<Path> files) {
    long total = 0;
    for (Path file : files) {
      total += records(file, size(file));
    }
    if (total * IMAGE > Integer.MAX_VALUE - 8) {
      throw new KilnException(files + " hold " + total + " images, more than one Java array holds; load fewer batches");
    }
    float[] features = new float[(int) (total * IMAGE)];
    int[] classes = new int[(int) total];
    int sample = 0;
    for (Path file : files) {
      sample = decode(file, readAll(file), features, classes, sample);
    }
    return Dataset.ofClasses(features, SHAPE.clone(), classes, CLASS_NAMES.size());
  }

  /** Decodes the records of one file into {@code features} and {@code classes} from {@code sample} on; returns the next free sample. */
  private static int decode(Path file, byte[] bytes, float[] features, int[] classes, int sample) {
    int count = records(file, bytes.length);
    for (int record = 0; record < count; record++, sample++) {
      int offset = record * RECORD;
      int label = bytes[offset] & 0xff;
      if (label >= CLASS_NAMES.size()) {
        throw new KilnException(file + ": byte " + offset + " (record " + record + "): label " + label
            + " is out of range 0..9; the file is corrupt or not a CIFAR-10 batch (CIFAR-100 has other records)");
      }
      classes[sample] = label;
      int out = sample * IMAGE;
      for (int pixel = 0; pixel < PLANE; pixel++) {
        for (int channel = 0; channel < CHANNELS; channel++) {
          features[out + pixel * CHANNELS + channel] = (bytes[offset + 1 + channel * PLANE + pixel] & 0xff) / 255f;
        }
      }
    }
    return sample;
  }

  /** The record count of a file of {@code size} bytes; throws unless the size is a positive multiple of the record size. */
  private static int records(Path file, long size) {
    if (size == 0 || size % RECORD != 0) {
      String hint = size == 0 ? "the file is empty"
          : size % (RECORD + 1) == 0 ? "it looks like CIFAR-100's binary version (3074-byte records), which this reader does not read"
          : size > RECORD ? "the file is truncated or not a CIFAR-10 batch (" + size / RECORD + " whole records and " + size % RECORD + " bytes over)"
          : "the file is truncated or not a CIFAR-10 batch";
      throw new KilnException(file + ": " + size + " bytes is not a positive multiple of the record size " + RECORD
          + " (1 label byte + 3072 pixel bytes); " + hint);
    }
    if (size / RECORD * IMAGE > Integer.MAX_VALUE - 8) {
      throw new KilnException(file + ": " + size + " bytes hold " + size / RECORD + " images, more than one Java array holds; split the file");
    }
    return (int) (size / RECORD);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      throw new KilnException(file + ": file not found", e);
    } catch (IOException e) {
      throw new KilnException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KilnException(file + ": file not found", e);
    } catch (IOException e) {
      throw new KilnException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Path require(Path dir, String name) {
    Path file = dir.resolve(name);
    if (Files.isRegularFile(file)) {
      return file;
    }
    String problem = Files.isDirectory(dir) ? name + " is missing" : "the folder does not exist";
    Path nested = dir.resolve("cifar-10-batches-bin");
    String hint = Files.isRegularFile(nested.resolve(name)) ? " (it is in " + nested + ": pass that folder)" : "";
    throw new KilnException("CIFAR-10 not found in " + dir + ": " + problem + hint + "; pass the folder that holds "
        + String.join(", ", allFiles()) + ". They are CIFAR-10's binary version (cifar-10-binary.tar.gz, which unpacks "
        + "to cifar-10-batches-bin/), downloadable from its authors' site https://www.cs.toronto.edu/~kriz/cifar.html");
  }

  private static List<String> allFiles() {
    List<String> names = new ArrayList<>(TRAIN_FILES);
    names.add(TEST_FILE);
    return names;
  }
}
