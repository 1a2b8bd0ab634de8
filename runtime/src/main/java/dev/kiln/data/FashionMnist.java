package dev.kiln.data;

import dev.kiln.KilnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando Research): 60,000 training and 10,000 test images of clothing, 28 × 28 grey
 * pixels scaled to [0, 1], in 10 classes. Loaded channels-last, feature shape {@code {28, 28, 1}},
 * which a Conv2D model ({@code input = {28, 28, 1}}) and a dense one ({@code input = 784}) both
 * take. Reads the four IDX files of the original distribution, gzipped
 * ({@code train-images-idx3-ubyte.gz}) or not ({@code train-images-idx3-ubyte}).
 */
public final class FashionMnist {
  /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The class names, indexed by label. */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private static final List<String> FILES = List.of(
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

  private FashionMnist() {}

  /** The 60,000 training images from {@link #DEFAULT_DIR}. */
  public static Dataset train() {
    return train(DEFAULT_DIR);
  }

  /** The 10,000 test images from {@link #DEFAULT_DIR}. */
  public static Dataset test() {
    return test(DEFAULT_DIR);
  }

  /** The 60,000 training images from {@code dir}. */
  public static Dataset train(Path dir) {
    return load(dir, "train");
  }

  /** The 10,000 test images from {@code dir}. */
  public static Dataset test(Path dir) {
    return load(dir, "t10k");
  }

  /** Whether {@code dir} holds all four files, gzipped or not. */
  public static boolean available(Path dir) {
    return FILES.stream().allMatch(name -> find(dir, name) != null);
  }

  private static Dataset load(Path dir, String prefix) {
    return Idx.load(require(dir, prefix + "-images-idx3-ubyte"), require(dir, prefix + "-labels-idx1-ubyte"), CLASS_NAMES.size());
  }

  private static Path require(Path dir, String name) {
    Path file = find(dir, name);
    if (file == null) {
      throw new KilnException("Fashion-MNIST not found in " + dir + ": " + name + ".gz is missing; install it with "
          + "`apt-get install dataset-fashion-mnist` or pass the folder that holds " + String.join(".gz, ", FILES) + ".gz");
    }
    return file;
  }

  /** The gzipped file if present, else the raw one, else null. */
  private static Path find(Path dir, String name) {
    for (Path file : List.of(dir.resolve(name + ".gz"), dir.resolve(name))) {
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }
}
