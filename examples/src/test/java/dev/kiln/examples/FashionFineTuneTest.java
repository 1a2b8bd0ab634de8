package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.Fit;
import dev.kiln.KilnException;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Fine-tuning on slices of Fashion-MNIST: features learned on five classes help learn the other five. */
class FashionFineTuneTest {
  @Test
  void learnedConvolutionsUnderANewHeadLearnTheSecondTaskAsWellAsTheWholeModel() {
    assumeTrue(FashionMnist.available(FashionMnist.DEFAULT_DIR), "Fashion-MNIST is not installed");
    FashionFineTune.Result r = FashionFineTune.run(FashionMnist.train().slice(0, 12_000),
        FashionMnist.test().slice(0, 4_000), 200, 1, 20);
    // here: first task 0.84; second task from scratch 0.905, new head 0.906, fine-tuned 0.885
    assertTrue(r.firstTask() > 0.8, "the first task is learned: " + r);
    assertTrue(r.newHead().accuracy() > 0.85, "the frozen convolutions serve the second task: " + r);
    assertTrue(r.newHead().accuracy() > r.scratch().accuracy() - 0.03, r.toString());
    assertTrue(r.fineTuned().accuracy() > 0.85, r.toString());
  }

  @Test
  void trainingTheNewHeadLeavesTheLearnedConvolutionsAsTheyWere() {
    assumeTrue(FashionMnist.available(FashionMnist.DEFAULT_DIR), "Fashion-MNIST is not installed");
    Dataset second = FashionFineTune.classes(FashionMnist.train().slice(0, 2_000), 5);
    try (FashionFineTune_NewHeadCompiled net = FashionFineTune_NewHeadCompiled.open()) {
      double[] conv2 = net.convolutions().layers().get(1).parameters();
      double[] hidden = net.layers().get(3).parameters();
      net.fit(second, Fit.epochs(1).verbose(0));
      assertArrayEquals(conv2, net.convolutions().layers().get(1).parameters());
      assertFalse(Arrays.equals(hidden, net.layers().get(3).parameters()), "the head learned");
      KilnException alone = assertThrows(KilnException.class, () -> net.convolutions().fit(second, Fit.epochs(1)));
      assertTrue(alone.getMessage().contains("has loss = Loss.NONE"), alone.getMessage());
      ByteArrayOutputStream summary = new ByteArrayOutputStream();
      net.convolutions().summary(new PrintStream(summary, true, StandardCharsets.UTF_8));
      assertTrue(summary.toString(StandardCharsets.UTF_8).contains("no loss: trained only inside the models that"
          + " contain it"), summary.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void theTasksAreTheTwoHalvesOfTheClassesRelabelled() {
    Dataset data = Dataset.ofClasses(new float[][] {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}},
        new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10);
    Dataset second = FashionFineTune.classes(data, 5);
    assertEquals(5, second.size());
    assertEquals(5, second.classCount());
    assertEquals(5f, second.features()[0]);
    assertEquals(0f, second.labels()[0]);
    assertEquals(4f, second.labels()[4]);
  }
}
