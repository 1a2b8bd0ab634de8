package dev.kiln.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tuning.GridSearch;
import dev.kiln.tuning.GridSearchResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Grid search over run-time settings on a real model. */
class GridSearchTest {
  @Test
  void ranksSettingsByValidationAccuracy() {
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      GridSearchResult result = GridSearch.of(net).learningRates(1e-5, 1e-2).batchSizes(8, 16).epochs(4)
          .run(TrainingTest.blobs(200, 4));
      assertEquals(4, result.trials().size());
      assertEquals(1e-2, result.best().learningRate(), "a learning rate of 1e-5 learns nothing in 4 epochs");
      for (int i = 1; i < result.trials().size(); i++) {
        assertTrue(result.trials().get(i - 1).metric() >= result.trials().get(i).metric(), "ranked best first");
      }
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      result.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
      String table = printed.toString(StandardCharsets.UTF_8);
      assertTrue(table.contains("rank  learning_rate  batch_size  epochs    val_loss  val_accuracy"), table);
      assertEquals(5, table.lines().count());
    }
  }

  @Test
  void crossValidatesOverFolds() {
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      GridSearchResult result = GridSearch.of(net).learningRates(1e-2).epochs(3, 6).kFold(4)
          .run(TrainingTest.blobs(120, 5));
      assertEquals(2, result.trials().size());
      for (GridSearchResult.Trial trial : result.trials()) {
        assertEquals(4, trial.foldMetrics().length);
        double mean = java.util.Arrays.stream(trial.foldMetrics()).average().orElseThrow();
        assertEquals(mean, trial.metric(), 1e-12);
      }
    }
  }
}
