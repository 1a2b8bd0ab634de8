package dev.kiln.examples;

import dev.kiln.Fit;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import dev.kiln.plot.SaliencyImage;
import java.nio.file.Path;

/**
 * Saliency maps: which pixels move the Fashion-MNIST classifier's answer most. Trains the MLP of
 * {@link FashionMlp} for two epochs, then for a few test images writes the image beside the
 * gradient of the predicted class's probability with respect to each pixel.
 *
 * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.FashionSaliency}
 */
public final class FashionSaliency {
  /** Trains on {@code train} and writes saliency PNGs of the first {@code count} test images to {@code dir}. */
  public static void run(Dataset train, Dataset test, int count, Path dir) {
    try (FashionMlp_NetCompiled net = FashionMlp_NetCompiled.open()) {
      net.fit(train, Fit.epochs(2).seed(1).verbose(0));
      for (int i = 0; i < count; i++) {
        float[] image = test.slice(i, i + 1).features();
        int predicted = FashionMlp.argmax(net.predict(image));
        float[] gradient = net.inputGradient(image, predicted);
        Path file = dir.resolve("saliency-" + i + "-" + FashionMnist.CLASS_NAMES.get(predicted).replace('/', '-')
            .replace(' ', '-').toLowerCase() + ".png");
        SaliencyImage.writePng(image, gradient, 28, 28, 8, file);
        System.out.println("Test image " + i + ", predicted " + FashionMnist.CLASS_NAMES.get(predicted)
            + " (label " + FashionMnist.CLASS_NAMES.get((int) test.labels()[i]) + "): " + file.toAbsolutePath());
      }
    }
  }

  public static void main(String[] args) {
    Path dir = args.length > 1 ? Path.of(args[1]) : Path.of(".");
    Path data = args.length > 0 ? Path.of(args[0]) : FashionMnist.DEFAULT_DIR;
    run(FashionMnist.train(data), FashionMnist.test(data), 4, dir);
  }

  private FashionSaliency() {}
}
