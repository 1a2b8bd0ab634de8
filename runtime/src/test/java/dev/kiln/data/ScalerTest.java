package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import org.junit.jupiter.api.Test;

class ScalerTest {
  /** Columns: 1..4 (mean 2.5), constant 5, and 10, -2, 7, 1 (mean 4, deviations 6, -6, 3, -3). */
  private static final Dataset TRAIN = Dataset.of(
      new float[][] {{1, 5, 10}, {2, 5, -2}, {3, 5, 7}, {4, 5, 1}}, new float[][] {{0}, {1}, {2}, {3}});

  @Test
  void standardizeUsesMeanAndPopulationStandardDeviation() {
    Scaler scaler = Scaler.standardize(TRAIN);
    // std of 1..4: sqrt((2.25 + 0.25 + 0.25 + 2.25) / 4) = sqrt(1.25); third column: sqrt(90 / 4) = sqrt(22.5).
    assertArrayEquals(new double[] {2.5, 5, 4}, scaler.offsets(), 1e-12);
    assertArrayEquals(new double[] {Math.sqrt(1.25), 1, Math.sqrt(22.5)}, scaler.scales(), 1e-12);

    Dataset scaled = scaler.apply(TRAIN);
    float a = (float) (1.5 / Math.sqrt(1.25)); // 1.3416...
    float b = (float) (6 / Math.sqrt(22.5)); // 1.2649...
    assertArrayEquals(new float[] {
      -a, 0, b,
      -a / 3, 0, -b,
      a / 3, 0, b / 2,
      a, 0, -b / 2}, scaled.features(), 1e-6f);
    assertSame(TRAIN.labels(), scaled.labels());
  }

  @Test
  void minMaxMapsTheTrainingRangeToZeroOne() {
    Scaler scaler = Scaler.minMax(TRAIN);
    assertArrayEquals(new double[] {1, 5, -2}, scaler.offsets(), 0);
    assertArrayEquals(new double[] {3, 1, 12}, scaler.scales(), 0);
    assertArrayEquals(new float[] {
      0, 0, 1,
      1 / 3f, 0, 0,
      2 / 3f, 0, 0.75f,
      1, 0, 0.25f}, TRAIN.mapFeatures(scaler).features(), 1e-6f);
  }

  @Test
  void oneSampleAndSavedParametersGiveTheSameResult() {
    Scaler fitted = Scaler.standardize(TRAIN);
    Scaler restored = Scaler.of(fitted.offsets(), fitted.scales());
    float[] sample = {7, 5, 4};
    assertArrayEquals(fitted.apply(sample), restored.apply(sample));
    assertArrayEquals(new float[] {(float) (4.5 / Math.sqrt(1.25)), 0, 0}, restored.apply(sample), 1e-6f);
    assertArrayEquals(new float[] {7, 5, 4}, sample); // the input is not touched
  }

  @Test
  void mismatchesAndBadParametersAreRejected() {
    Scaler scaler = Scaler.minMax(TRAIN);
    KilnException width = assertThrows(KilnException.class, () -> scaler.apply(new float[2]));
    assertTrue(width.getMessage().contains("fitted on 3 features but the sample has 2"), width.getMessage());
    assertThrows(KilnException.class, () -> Scaler.of(new double[] {0, 0}, new double[] {1}));
    KilnException zero = assertThrows(KilnException.class, () -> Scaler.of(new double[] {0}, new double[] {0}));
    assertTrue(zero.getMessage().contains("feature 0"), zero.getMessage());
    assertThrows(KilnException.class, () -> Scaler.standardize(TRAIN.slice(0, 0)));
  }

  @Test
  void aStandardizedRealDataSetHasMeanZeroAndUnitDeviation() {
    Dataset iris = Csv.read(CsvTest.resource("iris.csv")).sklearnCountLine().load();
    Dataset scaled = Scaler.standardize(iris).apply(iris);
    int width = scaled.featureWidth();
    for (int j = 0; j < width; j++) {
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < scaled.size(); i++) {
        double x = scaled.features()[i * width + j];
        sum += x;
        squares += x * x;
      }
      assertEquals(0, sum / scaled.size(), 1e-5);
      assertEquals(1, squares / scaled.size(), 1e-5);
    }
  }
}
