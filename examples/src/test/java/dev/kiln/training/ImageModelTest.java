package dev.kiln.training;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Fit;
import dev.kiln.KilnException;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.BatchNormalization;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.MaxPool2D;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image model as a user meets it: its summary, its layer handles, and saving and loading it. */
class ImageModelTest {
  @TempDir Path dir;

  @Model(input = {8, 8, 2}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 16)
  abstract static class Small {
    @Layer(filters = 4, kernel = 3) Conv2D conv;
    @Layer @Activation(RELU) BatchNormalization norm;
    @Layer(pool = 2) MaxPool2D pool;
    @Layer Flatten flat;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  static Dataset images(int samples, long seed) {
    Random random = new Random(seed);
    float[] x = new float[samples * 128];
    int[] classes = new int[samples];
    for (int s = 0; s < samples; s++) {
      classes[s] = s % 3;
      for (int i = 0; i < 128; i++) {
        x[s * 128 + i] = (float) (random.nextGaussian() + (i % 3 == classes[s] ? 1 : 0));
      }
    }
    return Dataset.ofClasses(x, new int[] {8, 8, 2}, classes, 3);
  }

  @Test
  void summaryShowsEveryImageShape() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (ImageModelTest_SmallCompiled net = ImageModelTest_SmallCompiled.open()) {
      net.summary(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }
    String summary = printed.toString(StandardCharsets.UTF_8);
    String[] lines = {"(None, 8, 8, 2)", "conv (Conv2D)", "(None, 6, 6, 4)", "norm (BatchNormalization)",
        "pool (MaxPool2D)", "(None, 3, 3, 4)", "flat (Flatten)", "(None, 36)", "out (Dense)"};
    for (String expected : lines) {
      assertTrue(summary.contains(expected), expected + " in\n" + summary);
    }
  }

  @Test
  void layerHandlesReadAndWriteTheirParameters() {
    try (ImageModelTest_SmallCompiled net = ImageModelTest_SmallCompiled.open()) {
      float[][][][] w = net.conv.weights();
      assertEquals(3, w.length);
      assertEquals(2, w[0][0].length);
      assertEquals(4, w[0][0][0].length);
      w[2][1][0][3] = 0.5f;
      net.conv.setWeights(w);
      assertEquals(0.5f, net.conv.weights()[2][1][0][3]);
      KilnException wrong = assertThrows(KilnException.class, () -> net.conv.setWeights(new float[3][3][3][4]));
      assertTrue(wrong.getMessage().contains("[height][width][in channels][filters]"), wrong.getMessage());

      assertArrayEquals(new float[] {1, 1, 1, 1}, net.norm.gamma());
      assertArrayEquals(new float[] {1, 1, 1, 1}, net.norm.runningVariance());
      net.fit(images(64, 1), Fit.epochs(1).verbose(0));
      assertNotEquals(0f, net.norm.runningMean()[0], "training moves the running mean");

      assertEquals(0, net.pool.parameters().length);
      assertThrows(KilnException.class, () -> net.pool.setParameters(new double[1]));
      assertArrayEquals(new int[] {3, 3, 4}, net.flat.inputShape());
    }
  }

  @Test
  void savedAndLoadedItPredictsTheSame() {
    Path file = dir.resolve("small.kiln");
    float[] sample = images(1, 9).features();
    float[] before;
    try (ImageModelTest_SmallCompiled net = ImageModelTest_SmallCompiled.open()) {
      net.fit(images(96, 2), Fit.epochs(3).seed(4).verbose(0));
      before = net.predict(sample);
      net.save(file);
    }
    try (ImageModelTest_SmallCompiled net = ImageModelTest_SmallCompiled.open()) {
      net.load(file);
      assertArrayEquals(before, net.predict(sample));
    }
    try (TrainingTest_BlobsCompiled other = TrainingTest_BlobsCompiled.open()) {
      KilnException wrong = assertThrows(KilnException.class, () -> other.load(file));
      assertTrue(wrong.getMessage().contains("different model"), wrong.getMessage());
    }
  }
}
