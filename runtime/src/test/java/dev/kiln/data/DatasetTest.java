package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {
  /** Sample i has features {i, 10 i} and class i % 3, so every sample can be traced through a shuffle. */
  private static Dataset numbered(int size) {
    float[] features = new float[size * 2];
    int[] classes = new int[size];
    for (int i = 0; i < size; i++) {
      features[2 * i] = i;
      features[2 * i + 1] = 10 * i;
      classes[i] = i % 3;
    }
    return Dataset.ofClasses(features, new int[] {2}, classes, 3);
  }

  @Test
  void ofCopiesRowsIntoFlatArrays() {
    float[][] x = {{1, 2, 3}, {4, 5, 6}};
    Dataset d = Dataset.of(x, new float[][] {{0, 1}, {1, 0}});
    x[0][0] = 99;
    assertEquals(2, d.size());
    assertArrayEquals(new int[] {3}, d.featureShape());
    assertEquals(3, d.featureWidth());
    assertEquals(2, d.labelWidth());
    assertFalse(d.hasClassLabels());
    assertEquals(0, d.classCount());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.features());
    assertArrayEquals(new float[] {0, 1, 1, 0}, d.labels());
  }

  @Test
  void ofClassesStoresIndicesAsFloats() {
    Dataset d = Dataset.ofClasses(new float[][] {{1}, {2}, {3}}, new int[] {2, 0, 1}, 3);
    assertTrue(d.hasClassLabels());
    assertEquals(3, d.classCount());
    assertEquals(1, d.labelWidth());
    assertArrayEquals(new float[] {2, 0, 1}, d.labels());
  }

  @Test
  void flatOfTakesTheArraysWithoutCopying() {
    float[] x = new float[12];
    float[] y = new float[2];
    Dataset d = Dataset.of(x, new int[] {2, 3}, y, 1);
    assertSame(x, d.features());
    assertSame(y, d.labels());
    assertEquals(2, d.size());
    assertEquals(6, d.featureWidth());
  }

  @Test
  void inconsistentArraysAreRejected() {
    KilnException rows = assertThrows(KilnException.class, () -> Dataset.of(new float[][] {{1}, {2}}, new float[][] {{1}}));
    assertTrue(rows.getMessage().contains("2 feature rows but 1 label rows"), rows.getMessage());
    KilnException ragged = assertThrows(KilnException.class, () -> Dataset.of(new float[][] {{1, 2}, {3}}, new float[][] {{1}, {2}}));
    assertTrue(ragged.getMessage().contains("row 1 has 1 columns but row 0 has 2"), ragged.getMessage());
    KilnException width = assertThrows(KilnException.class, () -> Dataset.of(new float[10], new int[] {4}, new float[2], 1));
    assertTrue(width.getMessage().contains("not a multiple of the sample width 4"), width.getMessage());
    KilnException labels = assertThrows(KilnException.class, () -> Dataset.of(new float[8], new int[] {4}, new float[3], 1));
    assertTrue(labels.getMessage().contains("labels need 2 x 1 = 2 floats, but hold 3"), labels.getMessage());
    KilnException range = assertThrows(KilnException.class, () -> Dataset.ofClasses(new float[][] {{1}, {2}}, new int[] {0, 3}, 3));
    assertTrue(range.getMessage().contains("sample 1: class label 3 is out of range [0, 3)"), range.getMessage());
  }

  @Test
  void sliceAndSelectCopyTheChosenSamples() {
    Dataset d = numbered(5);
    Dataset slice = d.slice(1, 3);
    assertArrayEquals(new float[] {1, 10, 2, 20}, slice.features());
    assertArrayEquals(new float[] {1, 2}, slice.labels());
    assertEquals(3, slice.classCount());
    Dataset selected = d.select(new int[] {4, 0, 4});
    assertArrayEquals(new float[] {4, 40, 0, 0, 4, 40}, selected.features());
    assertArrayEquals(new float[] {1, 0, 1}, selected.labels());
    assertThrows(KilnException.class, () -> d.slice(3, 6));
    KilnException outside = assertThrows(KilnException.class, () -> d.select(new int[] {0, 5}));
    assertTrue(outside.getMessage().contains("indices[1] = 5"), outside.getMessage());
  }

  @Test
  void splitIsReproducibleBySeedAndDisjoint() {
    Dataset d = numbered(100);
    Dataset[] parts = d.split(0.8, 42);
    assertEquals(80, parts[0].size());
    assertEquals(20, parts[1].size());
    Dataset[] again = d.split(0.8, 42);
    assertArrayEquals(parts[0].features(), again[0].features());
    assertArrayEquals(parts[1].labels(), again[1].labels());
    assertNotEquals(Arrays.toString(parts[0].features()), Arrays.toString(d.split(0.8, 7)[0].features()));

    Set<Float> seen = new HashSet<>();
    for (Dataset part : parts) {
      for (int i = 0; i < part.size(); i++) {
        float id = part.features()[2 * i];
        assertEquals(10 * id, part.features()[2 * i + 1]);
        assertEquals(id % 3, part.labels()[i]);
        assertTrue(seen.add(id), "sample " + id + " is in both parts");
      }
    }
    assertEquals(100, seen.size());
  }

  @Test
  void splitRejectsFractionsThatLeaveAPartEmpty() {
    assertThrows(KilnException.class, () -> numbered(10).split(1.0, 1));
    KilnException empty = assertThrows(KilnException.class, () -> numbered(10).split(0.01, 1));
    assertTrue(empty.getMessage().contains("leaves one part empty"), empty.getMessage());
  }

  @Test
  void shuffledKeepsLabelsWithTheirFeatures() {
    Dataset d = numbered(50);
    Dataset shuffled = d.shuffled(3);
    assertArrayEquals(shuffled.features(), d.shuffled(3).features());
    assertNotEquals(Arrays.toString(d.features()), Arrays.toString(shuffled.features()));
    Set<Float> ids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      float id = shuffled.features()[2 * i];
      assertEquals(id % 3, shuffled.labels()[i]);
      ids.add(id);
    }
    assertEquals(50, ids.size());
  }

  @Test
  void oneHotTurnsClassIndicesIntoRows() {
    Dataset oneHot = numbered(4).oneHot();
    assertEquals(3, oneHot.labelWidth());
    assertFalse(oneHot.hasClassLabels());
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, oneHot.labels());
    KilnException dense = assertThrows(KilnException.class, oneHot::oneHot);
    assertTrue(dense.getMessage().contains("needs integer class labels"), dense.getMessage());
  }

  @Test
  void reshapeKeepsTheDataAndChecksTheWidth() {
    Dataset flat = Dataset.of(new float[2 * 12], new int[] {12}, new float[2], 1);
    Dataset image = flat.reshape(2, 3, 2);
    assertArrayEquals(new int[] {2, 3, 2}, image.featureShape());
    assertSame(flat.features(), image.features());
    KilnException wrong = assertThrows(KilnException.class, () -> flat.reshape(5, 5));
    assertTrue(wrong.getMessage().contains("to [5, 5] (25 floats)"), wrong.getMessage());
  }

  @Test
  void validateNamesTheFirstBadSample() {
    Dataset nanFeature = Dataset.of(new float[][] {{1, 2}, {3, 4}, {5, Float.NaN}}, new float[][] {{0}, {1}, {0}});
    KilnException e = assertThrows(KilnException.class, nanFeature::validate);
    assertTrue(e.getMessage().startsWith("sample 2: feature 1 (of 2) is NaN"), e.getMessage());

    Dataset infiniteLabel = Dataset.of(new float[][] {{1}, {2}}, new float[][] {{0}, {Float.POSITIVE_INFINITY}});
    e = assertThrows(KilnException.class, infiniteLabel::validate);
    assertTrue(e.getMessage().startsWith("sample 1: label column 0 is Infinity"), e.getMessage());

    // Class labels can only go bad through the backing array, which callers are told not to touch.
    Dataset fraction = numbered(4);
    fraction.labels()[3] = 1.5f;
    e = assertThrows(KilnException.class, fraction::validate);
    assertEquals("sample 3: class label 1.5 is not an integer", e.getMessage());

    Dataset outOfRange = numbered(4);
    outOfRange.labels()[1] = 3;
    e = assertThrows(KilnException.class, outOfRange::validate);
    assertEquals("sample 1: class label 3 is out of range [0, 3)", e.getMessage());

    numbered(10).validate();
  }

  @Test
  void toStringSummarises() {
    assertEquals("Dataset[5 samples, features [2], 3 classes]", numbered(5).toString());
  }
}
