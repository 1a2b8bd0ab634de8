package dev.kiln.examples;

import dev.kiln.Fit;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import dev.kiln.metrics.InceptionScore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * How good a GAN's images are, by a classifier rather than by eye: the Inception-style score
 * exp(E[KL(p(y|x) || p(y))]) under the tutorial CNN ({@link FashionCnn}), trained on Fashion-MNIST
 * for 3 epochs once and kept in {@code fashion-gan-judge.kiln}. At most 10 (every image clearly one
 * of the 10 classes, the classes evenly covered); 10,000 real test images give the ceiling.
 *
 * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.FashionGanJudge
 * -Dexec.args="FILE..."}: the score of real test images, then of each FILE, images as raw
 * little-endian float32 pixels in [-1, 1], 784 per image (what examples/peers/fashion_gan.py writes).
 */
public final class FashionGanJudge implements AutoCloseable {
  private static final int PIXELS = 28 * 28;
  private final FashionCnn_NetCompiled cnn;

  private FashionGanJudge(FashionCnn_NetCompiled cnn) {
    this.cnn = cnn;
  }

  /** The judge kept in {@code dir}, or a new one trained and kept there. */
  public static FashionGanJudge open(Path dir) {
    Path kept = dir.resolve("fashion-gan-judge.kiln");
    FashionCnn_NetCompiled cnn = FashionCnn_NetCompiled.open();
    try {
      if (Files.exists(kept)) {
        cnn.load(kept);
      } else {
        System.out.println("Training the judge, the tutorial CNN, for 3 epochs ...");
        cnn.fit(FashionMnist.train(), Fit.epochs(3).seed(42).verbose(0));
        cnn.save(kept);
      }
    } catch (RuntimeException e) {
      cnn.close();
      throw e;
    }
    FashionGanJudge judge = new FashionGanJudge(cnn);
    System.out.printf(Locale.ROOT, "Judge: test accuracy %.4f; score of 10,000 real test images %.3f (the ceiling)%n",
        cnn.evaluate(FashionMnist.test()).accuracy(), judge.realScore());
    return judge;
  }

  /** The score of {@code images}, pixels in [-1, 1] as the generator makes them. */
  public double score(float[][] images) {
    float[][] pixels = new float[images.length][];
    for (int i = 0; i < images.length; i++) {
      pixels[i] = new float[PIXELS];
      for (int p = 0; p < PIXELS; p++) {
        pixels[i][p] = (images[i][p] + 1) / 2; // the CNN's pixels are in [0, 1]
      }
    }
    return InceptionScore.of(cnn.predict(pixels));
  }

  /** The score of the 10,000 real test images. */
  public double realScore() {
    Dataset test = FashionMnist.test();
    float[][] images = new float[test.size()][];
    for (int s = 0; s < images.length; s++) {
      images[s] = Arrays.copyOfRange(test.features(), s * PIXELS, (s + 1) * PIXELS);
    }
    return InceptionScore.of(cnn.predict(images));
  }

  @Override
  public void close() {
    cnn.close();
  }

  public static void main(String[] args) {
    try (FashionGanJudge judge = open(Path.of("").toAbsolutePath())) {
      for (String file : args) {
        float[][] images = read(Path.of(file));
        System.out.printf(Locale.ROOT, "%s: %d images, score %.3f%n", file, images.length, judge.score(images));
      }
    }
  }

  /** Raw little-endian float32 images of 784 pixels each. */
  private static float[][] read(Path file) {
    try {
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      float[][] images = new float[bytes.remaining() / (4 * PIXELS)][PIXELS];
      for (float[] image : images) {
        bytes.asFloatBuffer().get(image);
        bytes.position(bytes.position() + 4 * PIXELS);
      }
      return images;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read images from " + file, e);
    }
  }
}
