package dev.kiln.examples;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;

import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import dev.kiln.data.Shuffle;
import dev.kiln.data.text.Sequences;
import dev.kiln.data.text.Tokenizer;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.Input;
import dev.kiln.layers.LSTM;
import dev.kiln.layers.MaxPool2D;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Image–caption matching: does a short English caption describe a Fashion-MNIST image? The images are
 * real; the captions are not: they are generated from the class names ({@link FashionMnist#CLASS_NAMES},
 * so "t-shirt/top" is three words to the tokenizer, one of them "shirt", another class) with ten
 * templates and random adjectives ("a photo of a sneaker", "someone wearing this pullover on a cold
 * day", "look at this striped dress", one to ten words). Two of the templates name a second class
 * ("not a coat but a shirt", "a shirt and not a coat"), so which words say the class depends on their
 * order.
 * Each image gets one caption: of its own class for half the pairs, of one of the nine others for the
 * rest, target 1 when it names the image's class. A caption alone, like an image alone, says nothing
 * about the target.
 *
 * <p>The model has a branch per input, joined: the image through a 3x3 convolution of 16 filters, 2x2
 * max pooling and 64 ReLU units; the caption, tokenized and padded in front to {@link #LENGTH} words,
 * through an Embedding (maskZero: the padding is skipped) and an LSTM of 32 units; then 64 ReLU units
 * and one sigmoid; binary cross-entropy, Adam, batch 64. Trained on the 60,000 training images' pairs
 * for 5 epochs (under a minute on two CPU cores) and tested on the 10,000 test images' pairs: 0.934 test
 * accuracy (0.932 and 0.940 with seeds 1 and 2). With the captions of other test pairs the same model
 * gives 0.503, with blank images 0.497: it needs both inputs, and neither alone beats a coin. Keras 3,
 * the same model trained the same way on the same pairs (examples/peers/keras_lstm_examples.py), gives
 * 0.935 (0.936 and 0.945 with seeds 1 and 2). Asked which of the ten captions "a photo of a ..." fits
 * a test image best, the model names its class for 0.780 of them (chance is 0.1), though it was never
 * trained to classify.
 *
 * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.FashionCaptions
 * [-Dexec.args="EPOCHS [ARRAYS_DIR]"]}; EPOCHS defaults to 5. With ARRAYS_DIR, the pairs are also
 * written there as CSV (each image's index in its Fashion-MNIST part, the caption's padded word
 * indices, the target), for a peer to train the same model on the same pairs.
 */
public final class FashionCaptions {
  /** The most words the tokenizer keeps; the captions use fewer. */
  public static final int WORDS = 64;
  /** The words of a caption the model reads; no caption is longer. */
  public static final int LENGTH = 12;

  @Model(loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 64)
  public abstract static class Net {
    @Layer(shape = {28, 28, 1}) Input image;
    @Layer(shape = LENGTH, indices = true) Input caption;
    @Layer(from = "image", filters = 16, kernel = 3) @Activation(RELU) Conv2D conv;
    @Layer(pool = 2) MaxPool2D pool;
    @Layer Flatten flat;
    @Layer(units = 64) @Activation(RELU) Dense seen;
    @Layer(from = "caption", vocabulary = WORDS + Tokenizer.FIRST_WORD, units = 16, maskZero = true)
    Embedding embedding;
    @Layer(units = 32) LSTM read;
    @Layer(from = {"seen", "read"}) Concatenate joined;
    @Layer(units = 64) @Activation(RELU) Dense hidden;
    @Layer(units = 1) @Activation(SIGMOID) Dense match;
  }

  /** {@code %s} is where the class goes, {@code %a} an adjective, {@code %o} another class. */
  private static final List<String> TEMPLATES = List.of(
      "%s",
      "a photo of a %s",
      "someone wearing this %s on a cold day",
      "the %s is on sale today",
      "look at this %a %s",
      "a %a %s for the summer",
      "my favourite %s in the shop window",
      "this %a %s goes well with anything",
      "not a %o but a %s",
      "a %s and not a %o");

  private static final List<String> ADJECTIVES = List.of(
      "red", "old", "new", "cheap", "lovely", "black", "plain", "warm", "striped", "second hand");

  /** A caption of class {@code label}: a random template, adjective and other class. */
  static String caption(int label, Random random) {
    int other = otherClass(label, random);
    return TEMPLATES.get(random.nextInt(TEMPLATES.size()))
        .replace("%a", ADJECTIVES.get(random.nextInt(ADJECTIVES.size())))
        .replace("%o", name(other))
        .replace("%s", name(label));
  }

  private static String name(int label) {
    return FashionMnist.CLASS_NAMES.get(label).toLowerCase(Locale.ROOT);
  }

  /** One of the nine classes other than {@code label}, each as likely. */
  private static int otherClass(int label, Random random) {
    int other = random.nextInt(FashionMnist.CLASS_NAMES.size() - 1);
    return other < label ? other : other + 1;
  }

  /**
   * One pair per image of a Fashion-MNIST part: the caption, and the target, 1 (for half the pairs,
   * drawn at random) if it is a caption of the image's class, 0 if of another.
   */
  public record Pairs(Dataset images, List<String> captions, float[] targets) {
    public static Pairs of(Dataset images, long seed) {
      Random random = new Random(seed);
      List<String> captions = new ArrayList<>(images.size());
      float[] targets = new float[images.size()];
      for (int s = 0; s < images.size(); s++) {
        int label = (int) images.labels()[s];
        boolean matches = random.nextBoolean();
        captions.add(caption(matches ? label : otherClass(label, random), random));
        targets[s] = matches ? 1 : 0;
      }
      return new Pairs(images, captions, targets);
    }

    float[][] pixels() {
      int width = images.featureWidth();
      float[][] pixels = new float[images.size()][width];
      for (int s = 0; s < images.size(); s++) {
        System.arraycopy(images.features(), s * width, pixels[s], 0, width);
      }
      return pixels;
    }

    /** Writes {@code file}: per pair the image's index, the {@link #LENGTH} word indices, then the target. */
    void write(Path file, int[][] words) {
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
        for (int s = 0; s < words.length; s++) {
          StringBuilder line = new StringBuilder().append(s).append(',');
          for (int index : words[s]) {
            line.append(index).append(',');
          }
          out.println(line.append((int) targets[s]));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Test accuracy with both inputs, with the captions of other test pairs, and with blank images; and
   * how often the caption "a photo of a ..." the model scores highest, of the ten classes', names a
   * test image's class.
   */
  public record Result(double both, double otherCaptions, double blankImages, double namedByBestCaption) {}

  /**
   * Pairs each image of {@code train} and {@code test} with a caption, trains on the training pairs as
   * {@code fit} says and evaluates on the test pairs; with {@code arrays} not null, writes the pairs
   * there first (train.csv, test.csv).
   */
  public static Result run(Dataset train, Dataset test, Fit fit, Path arrays) {
    Pairs trainPairs = Pairs.of(train, 1);
    Pairs testPairs = Pairs.of(test, 2);
    Tokenizer tokenizer = new Tokenizer(WORDS).fit(trainPairs.captions());
    int[][] trainWords = Sequences.pad(tokenizer.encode(trainPairs.captions()), LENGTH);
    int[][] testWords = Sequences.pad(tokenizer.encode(testPairs.captions()), LENGTH);
    if (arrays != null) {
      try {
        Files.createDirectories(arrays);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      trainPairs.write(arrays.resolve("train.csv"), trainWords);
      testPairs.write(arrays.resolve("test.csv"), testWords);
    }
    try (FashionCaptions_NetCompiled net = FashionCaptions_NetCompiled.open()) {
      net.fit(FashionCaptions_NetCompiled.dataset(trainPairs.pixels(), trainWords, trainPairs.targets()), fit);
      float[][] pixels = testPairs.pixels();
      float[] targets = testPairs.targets();
      double both = net.evaluate(FashionCaptions_NetCompiled.dataset(pixels, testWords, targets)).accuracy();
      int[] order = Shuffle.permutation(testWords.length, 3);
      int[][] otherWords = new int[testWords.length][];
      for (int s = 0; s < testWords.length; s++) {
        otherWords[s] = testWords[order[s]];
      }
      double otherCaptions =
          net.evaluate(FashionCaptions_NetCompiled.dataset(pixels, otherWords, targets)).accuracy();
      double blankImages = net.evaluate(
          FashionCaptions_NetCompiled.dataset(new float[pixels.length][pixels[0].length], testWords, targets))
          .accuracy();
      return new Result(both, otherCaptions, blankImages, namedByBestCaption(net, tokenizer, testPairs));
    }
  }

  /** The model as a classifier: each image paired with "a photo of a" each class, the best-scored class taken. */
  private static double namedByBestCaption(FashionCaptions_NetCompiled net, Tokenizer tokenizer, Pairs pairs) {
    int classes = FashionMnist.CLASS_NAMES.size();
    float[][] pixels = pairs.pixels();
    float[][] images = new float[pixels.length * classes][];
    int[][] words = new int[images.length][];
    for (int s = 0; s < pixels.length; s++) {
      for (int c = 0; c < classes; c++) {
        images[s * classes + c] = pixels[s];
        words[s * classes + c] = Sequences.pad(tokenizer.encode("a photo of a " + name(c)), LENGTH);
      }
    }
    float[][] scores = net.predict(images, words);
    int named = 0;
    for (int s = 0; s < pixels.length; s++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        best = scores[s * classes + c][0] > scores[s * classes + best][0] ? c : best;
      }
      named += best == (int) pairs.images().labels()[s] ? 1 : 0;
    }
    return (double) named / pixels.length;
  }

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path arrays = args.length > 1 ? Path.of(args[1]) : null;
    Result result = run(FashionMnist.train(), FashionMnist.test(), Fit.epochs(epochs).seed(42), arrays);
    if (arrays != null) {
      System.out.println("Pairs written to " + arrays.toAbsolutePath());
    }
    System.out.printf("Test accuracy: %.4f with both inputs, %.4f with the captions of other pairs, %.4f with blank"
        + " images%n", result.both(), result.otherCaptions(), result.blankImages());
    System.out.printf("The best of the ten captions \"a photo of a ...\" names the class of %.4f of the test"
        + " images%n", result.namedByBestCaption());
  }

  private FashionCaptions() {}
}
