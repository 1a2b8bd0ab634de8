package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.Noise;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import dev.kiln.layers.LayerHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tutorial GAN on a slice of Fashion-MNIST: both models learn, and their turns go as a GAN's do. */
class FashionGanTest {
  @Test
  void aShortRunTeachesTheDiscriminatorAndMovesTheGeneratorTowardsRealImages(@TempDir Path out) {
    assumeTrue(FashionMnist.available(FashionMnist.DEFAULT_DIR), "Fashion-MNIST is not installed");
    Dataset real = FashionGan.toTanhRange(FashionMnist.train().slice(0, 6_400));
    float[][] noise = Noise.normal(5).sample(256, FashionGan.NOISE);
    try (FashionGan_GanCompiled gan = FashionGan_GanCompiled.open()) {
      double before = distanceOfMeanImages(gan.generator().predict(noise), real);
      double[] frozenBefore = gan.discriminator().layers().get(0).parameters();
      FashionGan.Losses losses = FashionGan.train(gan, real, 400, 200, out, i -> { });
      double after = distanceOfMeanImages(gan.generator().predict(noise), real);
      assertTrue(after < before / 2, "the generated images' mean moves towards the real one: " + before + " -> "
          + after);
      // at the start the discriminator tells the generator's noise from clothes at once: its loss
      // falls below ln 2, the loss of a coin toss, while the generator's rises above it
      List<Double> d = losses.discriminator();
      List<Double> g = losses.generator();
      assertTrue(d.get(d.size() - 1) < Math.log(2), "discriminator " + d);
      assertTrue(g.get(g.size() - 1) > Math.log(2), "generator " + g);
      assertTrue(Files.exists(out.resolve("fashion-gan-000200.png")) && Files.exists(out.resolve("fashion-gan-000400.png")));
      // the whole's copy of the discriminator is its own model's weights
      List<LayerHandle> whole = gan.layers();
      assertArrayEquals(gan.discriminator().layers().get(0).parameters(), whole.get(whole.size() - 3).parameters());
      assertTrue(!java.util.Arrays.equals(frozenBefore, gan.discriminator().layers().get(0).parameters()),
          "the discriminator trained in its own steps");
    }
  }

  /** The root-mean-square difference between the mean generated image and the mean real image. */
  private static double distanceOfMeanImages(float[][] generated, Dataset real) {
    int pixels = 28 * 28;
    double[] mean = new double[pixels];
    for (float[] image : generated) {
      for (int p = 0; p < pixels; p++) {
        mean[p] += image[p] / generated.length;
      }
    }
    double[] realMean = new double[pixels];
    float[] features = real.features();
    for (int i = 0; i < features.length; i++) {
      realMean[i % pixels] += features[i] / real.size();
    }
    double sum = 0;
    for (int p = 0; p < pixels; p++) {
      sum += (mean[p] - realMean[p]) * (mean[p] - realMean[p]);
    }
    return Math.sqrt(sum / pixels);
  }
}
