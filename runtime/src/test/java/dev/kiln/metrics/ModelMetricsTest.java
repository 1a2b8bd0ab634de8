package dev.kiln.metrics;

import static dev.kiln.metrics.ClassificationTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.data.Dataset;
import org.junit.jupiter.api.Test;

/** {@code of(model, data)} through a fake model that echoes its input: the features are the outputs. */
class ModelMetricsTest {
  private static final double EPS = 1e-12;

  @Test
  void classLabelsWithASparseSoftmaxModel() {
    FakeModel model = FakeModel.of(Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, 3, 3, ActivationKind.SOFTMAX);
    Dataset data = Dataset.ofClasses(ClassificationTest.PROBABILITIES, ClassificationTest.LABELS, 3);
    Classification m = Classification.of(model, data);
    assertEquals(1, model.predictCalls); // one batch call, not one per sample
    assertArrayEquals(new long[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}}, m.confusionMatrix());
    assertEquals(Classification.of(ClassificationTest.PROBABILITIES, ClassificationTest.LABELS).toString(), m.toString());
  }

  @Test
  void oneHotLabelsWithACategoricalModel() {
    FakeModel model = FakeModel.of(Loss.CATEGORICAL_CROSS_ENTROPY, 3, 3, ActivationKind.SOFTMAX);
    Dataset data = Dataset.ofClasses(ClassificationTest.PROBABILITIES, ClassificationTest.LABELS, 3).oneHot();
    assertArrayEquals(new long[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}}, Classification.of(model, data).confusionMatrix());
  }

  @Test
  void zeroOneLabelsWithABinaryModel() {
    FakeModel model = FakeModel.of(Loss.BINARY_CROSS_ENTROPY, 1, 1, ActivationKind.SIGMOID);
    Dataset data = Dataset.of(new float[][] {{0.1f}, {0.4f}, {0.35f}, {0.8f}}, new float[][] {{0}, {0}, {1}, {1}});
    Classification m = Classification.of(model, data);
    assertEquals(2, m.classes());
    assertEquals(0.75, m.rocAuc(), EPS); // scikit-learn's example
    assertEquals(0.75, m.accuracy(), EPS);
    // class labels 0/1 work too
    Dataset classes = Dataset.ofClasses(new float[][] {{0.1f}, {0.4f}, {0.35f}, {0.8f}}, new int[] {0, 0, 1, 1}, 2);
    assertEquals(0.75, Classification.of(model, classes).rocAuc(), EPS);
  }

  @Test
  void regressionModel() {
    FakeModel model = FakeModel.of(Loss.MEAN_SQUARED_ERROR, 1, 1, ActivationKind.LINEAR);
    Dataset data = Dataset.of(new float[][] {{1.5f}, {2}, {2}, {5}}, new float[][] {{1}, {2}, {3}, {4}});
    Regression m = Regression.of(model, data);
    assertEquals(0.625, m.mae(), EPS);
    assertEquals(0.55, m.r2(), EPS);
  }

  @Test
  void rejectsLabelsThatDoNotFitTheModel() {
    FakeModel binary = FakeModel.of(Loss.BINARY_CROSS_ENTROPY, 1, 1, ActivationKind.SIGMOID);
    assertMessage("labels must be 0 or 1",
        () -> Classification.of(binary, Dataset.of(new float[][] {{0.2f}, {0.9f}}, new float[][] {{0}, {0.5f}})));
    assertMessage("one 0/1 value per sample",
        () -> Classification.of(binary, Dataset.of(new float[][] {{0.2f}}, new float[][] {{1, 0}})));
    FakeModel softmax = FakeModel.of(Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, 3, 3, ActivationKind.SOFTMAX);
    assertMessage("labels must be integers 0..2",
        () -> Classification.of(softmax, Dataset.ofClasses(new float[][] {{1, 0, 0}}, new int[] {3}, 4)));
    assertMessage("one-hot row of 3 values",
        () -> Classification.of(softmax, Dataset.of(new float[][] {{1, 0, 0}}, new float[][] {{1, 0}})));
    assertMessage("takes 3",
        () -> Classification.of(softmax, Dataset.ofClasses(new float[][] {{1, 0}}, new int[] {0}, 3)));
    FakeModel multiLabel = FakeModel.of(Loss.BINARY_CROSS_ENTROPY, 2, 2, ActivationKind.SIGMOID);
    assertMessage("multi-label",
        () -> Classification.of(multiLabel, Dataset.of(new float[][] {{0.2f, 0.9f}}, new float[][] {{0, 1}})));
  }

  @Test
  void rejectsTheWrongKindOfModel() {
    FakeModel regression = FakeModel.of(Loss.MEAN_ABSOLUTE_ERROR, 1, 1, ActivationKind.LINEAR);
    Dataset data = Dataset.of(new float[][] {{0.2f}}, new float[][] {{0}});
    assertMessage("use Regression.of(model, data)", () -> Classification.of(regression, data));
    FakeModel binary = FakeModel.of(Loss.BINARY_CROSS_ENTROPY, 1, 1, ActivationKind.SIGMOID);
    assertMessage("use Classification.of(model, data)", () -> Regression.of(binary, data));
    assertMessage("integer class labels",
        () -> Regression.of(regression, Dataset.ofClasses(new float[][] {{0.2f}}, new int[] {0}, 2)));
    assertMessage("2 target values per sample",
        () -> Regression.of(regression, Dataset.of(new float[][] {{0.2f}}, new float[][] {{0, 1}})));
  }

  @Test
  void rejectsAnEmptyDataSet() {
    FakeModel regression = FakeModel.of(Loss.MEAN_SQUARED_ERROR, 1, 1, ActivationKind.LINEAR);
    Dataset empty = Dataset.of(new float[0], new int[] {1}, new float[0], 1);
    assertMessage("empty", () -> Regression.of(regression, empty));
  }
}
