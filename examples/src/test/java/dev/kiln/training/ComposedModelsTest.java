package dev.kiln.training;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.BINARY_CROSS_ENTROPY;
import static dev.kiln.annotations.Loss.MEAN_SQUARED_ERROR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.BatchResult;
import dev.kiln.Fit;
import dev.kiln.GanStep;
import dev.kiln.KilnException;
import dev.kiln.Noise;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.data.Scaler;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.LayerHandle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models used as layers of another: the GAN's shape in miniature. The combined model holds the
 * generator's and the critic's layers inlined, and its fields hold the two models themselves, on
 * the same device buffers: training one is seen by the others without a copy, training the
 * combined model leaves the frozen critic bit for bit as it was, and each saves and loads alone.
 */
class ComposedModelsTest {
  private static final int NOISE = 6;
  private static final int IMAGE = 12;

  @Model(input = NOISE, loss = MEAN_SQUARED_ERROR, batch = 8)
  abstract static class Generator {
    @Layer(units = 8) @Activation(RELU) Dense hidden;
    @Layer(units = IMAGE) @Activation(TANH) Dense out;
  }

  @Model(input = IMAGE, loss = BINARY_CROSS_ENTROPY, batch = 16)
  abstract static class Critic {
    @Layer(units = 8) @Activation(RELU) Dense hidden;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  /** The critic's verdict on the generator's output; only the generator learns. */
  @Model(input = NOISE, loss = BINARY_CROSS_ENTROPY, batch = 8)
  abstract static class Gan {
    @Layer Generator generator;
    @Layer(trainable = false) Critic critic;
  }

  @Test
  void theCombinedModelIsTheGeneratorThenTheCriticOnTheSameWeights() {
    try (ComposedModelsTest_GanCompiled gan = ComposedModelsTest_GanCompiled.open()) {
      assertSame(gan.generator(), gan.generator);
      assertEquals(List.of("generator.hidden", "generator.out", "critic.hidden", "critic.out"),
          gan.layers().stream().map(LayerHandle::name).toList());
      for (int l = 0; l < 2; l++) {
        assertArrayEquals(gan.layers().get(l).parameters(), gan.generator().layers().get(l).parameters());
        assertArrayEquals(gan.layers().get(2 + l).parameters(), gan.critic().layers().get(l).parameters());
      }
      float[][] noise = noise(5, 1);
      float[][] images = gan.generator().predict(noise);
      float[][] verdicts = gan.critic().predict(images);
      float[][] combined = gan.predict(noise);
      for (int s = 0; s < noise.length; s++) {
        assertEquals(verdicts[s][0], combined[s][0], 1e-6, "sample " + s);
      }
      String summary = summary(gan);
      assertTrue(summary.contains("critic.out (Dense)"), summary);
      assertTrue(summary.contains("sigmoid, frozen"), summary);
    }
  }

  @Test
  void trainingTheCombinedModelMovesOnlyTheGeneratorAndTheGeneratorSeesIt() {
    try (ComposedModelsTest_GanCompiled gan = ComposedModelsTest_GanCompiled.open()) {
      double[][] critic = parameters(gan.critic().layers());
      double[][] generator = parameters(gan.generator().layers());
      float[][] noise = noise(64, 2);
      float[][] real = new float[noise.length][];
      Arrays.fill(real, new float[] {1});
      double before = gan.evaluate(Dataset.of(noise, real)).loss();
      gan.fit(Dataset.of(noise, real), Fit.epochs(5).learningRate(0.01).verbose(0));
      assertTrue(gan.evaluate(Dataset.of(noise, real)).loss() < before, "the generator learns to fool the critic");
      for (int l = 0; l < 2; l++) {
        assertArrayEquals(critic[l], gan.critic().layers().get(l).parameters(), "the critic is frozen");
        assertFalse(Arrays.equals(generator[l], gan.generator().layers().get(l).parameters()),
            "the generator's own model sees its new weights");
      }
    }
  }

  @Test
  void trainingThePartAloneIsSeenByTheWhole() {
    try (ComposedModelsTest_GanCompiled gan = ComposedModelsTest_GanCompiled.open()) {
      float[][] noise = noise(32, 3);
      float[][] fakes = gan.generator().predict(noise);
      float[][] images = new float[64][];
      float[][] labels = new float[64][1];
      float[][] reals = noise(32, 4);
      for (int s = 0; s < 32; s++) {
        images[s] = fakes[s];
        images[32 + s] = Arrays.copyOf(reals[s], IMAGE);
        labels[32 + s][0] = 1;
      }
      double[] criticBefore = gan.critic().layers().get(0).parameters();
      float[][] verdictBefore = gan.predict(noise);
      gan.critic().fit(Dataset.of(images, labels), Fit.epochs(5).learningRate(0.01).verbose(0));
      double[] criticAfter = gan.critic().layers().get(0).parameters();
      assertFalse(Arrays.equals(criticBefore, criticAfter));
      assertArrayEquals(criticAfter, gan.layers().get(2).parameters(), "the whole reads the part's new weights");
      float[][] verdictAfter = gan.predict(noise);
      float[][] critic = gan.critic().predict(fakes);
      for (int s = 0; s < noise.length; s++) {
        assertEquals(critic[s][0], verdictAfter[s][0], 1e-6, "sample " + s);
      }
      assertFalse(Arrays.deepEquals(verdictBefore, verdictAfter));
    }
  }

  @Test
  void theWholeAndEachPartSaveAndLoad(@TempDir Path dir) {
    Path whole = dir.resolve("gan.kiln");
    Path critic = dir.resolve("critic.kiln");
    float[][] noise = noise(4, 5);
    float[][] images = noise(4, 6);
    try (ComposedModelsTest_GanCompiled gan = ComposedModelsTest_GanCompiled.open()) {
      gan.save(whole);
      gan.critic().save(critic);
      float[][] saved = gan.predict(noise);
      float[][] judged = gan.critic().predict(widen(images));
      gan.initialize(99);
      assertFalse(Arrays.deepEquals(saved, gan.predict(noise)));
      gan.load(whole);
      assertArrayEquals(saved, gan.predict(noise), "the whole, its parts' weights included");
      try (ComposedModelsTest_CriticCompiled alone = ComposedModelsTest_CriticCompiled.open()) {
        alone.load(critic);
        assertArrayEquals(judged, alone.predict(widen(images)), "a part's file is a model file of its own");
      }
    }
    assertTrue(Files.exists(whole));
  }

  @Test
  void aPartIsClosedWithItsWhole() {
    ComposedModelsTest_GanCompiled gan = ComposedModelsTest_GanCompiled.open();
    ComposedModelsTest_CriticCompiled critic = gan.critic();
    critic.close(); // a part is the whole's to close: nothing happens
    assertEquals(1, critic.predict(new float[IMAGE]).length);
    gan.close();
    KilnException closed = assertThrows(KilnException.class, () -> critic.predict(new float[IMAGE]));
    assertTrue(closed.getMessage().contains("or the model that contains it"), closed.getMessage());
  }

  @Test
  void anAdversarialStepIsTheTutorialsTwoStepsWithTheNoiseDrawnOnTheDevice() {
    int rows = 8;
    Fit adam = Fit.epochs(1).learningRate(0.01).betas(0.5, 0.999);
    try (ComposedModelsTest_GanCompiled onDevice = ComposedModelsTest_GanCompiled.open();
         ComposedModelsTest_GanCompiled onHost = ComposedModelsTest_GanCompiled.open()) {
      Noise deviceNoise = Noise.normal(11);
      Noise hostNoise = Noise.normal(11);
      double[][] critic = parameters(onDevice.critic().layers());
      for (int iteration = 0; iteration < 4; iteration++) {
        float[][] real = widen(noise(rows, 20 + iteration));
        GanStep step = onDevice.adversarialStep(Dataset.of(real, new float[rows][1]), deviceNoise, adam);
        // the same iteration as the tutorial writes it, the noise drawn on the host
        float[][] fakes = onHost.generator().predict(hostNoise.sample(rows, NOISE));
        float[][] images = new float[2 * rows][];
        float[][] labels = new float[2 * rows][1];
        for (int s = 0; s < rows; s++) {
          images[s] = real[s];
          labels[s][0] = 1;
          images[rows + s] = fakes[s];
        }
        BatchResult d = onHost.critic().trainOnBatch(Dataset.of(images, labels), adam);
        float[][] ones = new float[rows][];
        Arrays.fill(ones, new float[] {1});
        BatchResult g = onHost.trainOnBatch(Dataset.of(hostNoise.sample(rows, NOISE), ones), adam);
        assertEquals(d.loss(), step.discriminator().loss(), 1e-5, "the critic's loss, iteration " + iteration);
        assertEquals(g.loss(), step.generator().loss(), 1e-5, "the generator's loss, iteration " + iteration);
        assertEquals(2 * rows, step.discriminator().evaluation().samples());
      }
      List<LayerHandle> expected = onHost.layers();
      for (int l = 0; l < expected.size(); l++) {
        double[] want = expected.get(l).parameters();
        double[] got = onDevice.layers().get(l).parameters();
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], 1e-5, expected.get(l).name() + "[" + i + "]");
        }
      }
      assertFalse(Arrays.equals(critic[0], onDevice.critic().layers().get(0).parameters()), "the critic learned");
    }
  }

  @Test
  void anAdversarialStepRefusesMoreRealImagesThanItsBatchesHold() {
    try (ComposedModelsTest_GanCompiled gan = ComposedModelsTest_GanCompiled.open()) {
      double[] before = gan.layers().get(0).parameters();
      KilnException tooMany = assertThrows(KilnException.class, () -> gan.adversarialStep(
          Dataset.of(widen(noise(9, 1)), new float[9][1]), Noise.normal(1), Fit.epochs(1)));
      assertTrue(tooMany.getMessage().contains("takes 1 to 8"), tooMany.getMessage());
      KilnException narrow = assertThrows(KilnException.class, () -> gan.adversarialStep(
          Dataset.of(noise(4, 1), new float[4][1]), Noise.normal(1), Fit.epochs(1)));
      assertTrue(narrow.getMessage().contains("have 6 values each"), narrow.getMessage());
      gan.scaleInputs(Scaler.standardize(Dataset.of(noise(8, 2), new float[8][1])));
      KilnException scaled = assertThrows(KilnException.class, () -> gan.adversarialStep(
          Dataset.of(widen(noise(4, 1)), new float[4][1]), Noise.normal(1), Fit.epochs(1)));
      assertTrue(scaled.getMessage().contains("no input scaler applies"), scaled.getMessage());
      assertArrayEquals(before, gan.layers().get(0).parameters());
    }
  }

  /** A part that ends in an image: its filters' values at every pixel. */
  @Model(input = {3, 2}, loss = Loss.NONE, batch = 4)
  abstract static class ImagePart {
    @Layer(filters = 2, kernel = 1) Conv2D pointwise;
  }

  /** predict gives a part's whole image, every pixel's channels, not only the first pixel's (it did). */
  @Test
  void aPartEndingInAnImagePredictsTheWholeImage() {
    try (ComposedModelsTest_ImagePartCompiled part = ComposedModelsTest_ImagePartCompiled.open()) {
      part.pointwise.setParameters(new double[] {2, -1, 0.5, 0.25});   // kernel [1][1][1][2], then the biases
      float[][] images = {{1, 2, 3, 4, 5, 6}, {-1, 0, 1, 0, -1, 0}};
      float[][] out = part.predict(images);
      for (int s = 0; s < images.length; s++) {
        assertEquals(12, out[s].length);
        for (int pixel = 0; pixel < 6; pixel++) {
          assertEquals(2 * images[s][pixel] + 0.5, out[s][2 * pixel], 1e-6, "sample " + s + ", pixel " + pixel);
          assertEquals(-images[s][pixel] + 0.25, out[s][2 * pixel + 1], 1e-6, "sample " + s + ", pixel " + pixel);
        }
      }
    }
  }

  private static float[][] noise(int samples, long seed) {
    Random random = new Random(seed);
    float[][] noise = new float[samples][NOISE];
    for (float[] row : noise) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }
    return noise;
  }

  /** Samples of the noise's width as the critic's images. */
  private static float[][] widen(float[][] rows) {
    return Arrays.stream(rows).map(r -> Arrays.copyOf(r, IMAGE)).toArray(float[][]::new);
  }

  private static double[][] parameters(List<LayerHandle> layers) {
    return layers.stream().map(LayerHandle::parameters).toArray(double[][]::new);
  }

  private static String summary(ComposedModelsTest_GanCompiled net) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    net.summary(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
