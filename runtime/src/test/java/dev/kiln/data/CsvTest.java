package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  /** A fixture copied from scikit-learn's data (see /work/shared/data) into the test resources. */
  static Path resource(String name) {
    try {
      return Path.of(CsvTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path write(String content) throws IOException {
    return Files.writeString(dir.resolve("data.csv"), content);
  }

  private KilnException failure(Csv.Reader reader) {
    return assertThrows(KilnException.class, reader::load);
  }

  @Test
  void irisHasClassLabelsCountedByTheCountLine() {
    Dataset iris = Csv.read(resource("iris.csv")).sklearnCountLine().load();
    assertEquals(150, iris.size());
    assertArrayEquals(new int[] {4}, iris.featureShape());
    assertTrue(iris.hasClassLabels());
    assertEquals(3, iris.classCount());
    assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, iris.slice(0, 1).features());
    assertEquals(0, iris.labels()[0]);
    assertEquals(2, iris.labels()[149]);
    iris.validate();
  }

  @Test
  void bostonHasAHeaderAndANamedRegressionTarget() {
    Dataset boston = Csv.read(resource("boston_house_prices.csv")).sklearnCountLine().labelColumn("MEDV").numericLabels().load();
    assertEquals(506, boston.size());
    assertEquals(13, boston.featureWidth());
    assertFalse(boston.hasClassLabels());
    assertEquals(1, boston.labelWidth());
    assertArrayEquals(new float[] {0.00632f, 18, 2.31f, 0, 0.538f, 6.575f, 65.2f, 4.09f, 1, 296, 15.3f, 396.9f, 4.98f},
        boston.slice(0, 1).features());
    assertEquals(24f, boston.labels()[0]);
    assertEquals(11.9f, boston.labels()[505]);

    Dataset byIndex = Csv.read(resource("boston_house_prices.csv")).sklearnCountLine().header().numericLabels().load();
    assertArrayEquals(boston.features(), byIndex.features());
    assertArrayEquals(boston.labels(), byIndex.labels());
  }

  @Test
  void binaryAndThreeClassSetsTakeTheirClassCountFromTheNames() {
    Dataset cancer = Csv.read(resource("breast_cancer.csv")).sklearnCountLine().load();
    assertEquals(569, cancer.size());
    assertEquals(30, cancer.featureWidth());
    assertEquals(2, cancer.classCount());
    float malignant = 0;
    for (float label : cancer.labels()) {
      malignant += label == 0 ? 1 : 0;
    }
    assertEquals(212, malignant); // breast_cancer.rst: 212 malignant (class 0), 357 benign
    cancer.validate();

    Dataset wine = Csv.read(resource("wine_data.csv")).sklearnCountLine().load();
    assertEquals(178, wine.size());
    assertEquals(13, wine.featureWidth());
    assertEquals(3, wine.classCount());
    assertEquals(1065f, wine.features()[12]);
  }

  @Test
  void bostonAsClassesSaysToUseNumericLabels() {
    KilnException e = failure(Csv.read(resource("boston_house_prices.csv")).sklearnCountLine().header());
    assertTrue(e.getMessage().endsWith("boston_house_prices.csv:4:14: class label '21.6' is not a whole number >= 0"
        + "; call numericLabels() if this column holds regression targets"), e.getMessage());
  }

  @Test
  void windowsLineEndsDelimiterAndLabelColumnOptions() throws IOException {
    Path file = write("label;a;b\r\n1;0.5;-2\r\n\r\n0;1e3;+4\r\n");
    Dataset d = Csv.read(file).header().delimiter(';').labelColumn(0).load();
    assertEquals(2, d.size());
    assertEquals(2, d.classCount());
    assertArrayEquals(new float[] {0.5f, -2, 1000, 4}, d.features());
    assertArrayEquals(new float[] {1, 0}, d.labels());
    assertEquals(4, Csv.read(file).header().delimiter(';').labelColumn(0).classLabels(4).load().classCount());
  }

  @Test
  void labelInTheMiddleIsTakenOut() throws IOException {
    Dataset d = Csv.read(write("1,2,3\n4,5,6\n")).labelColumn(-2).numericLabels().load();
    assertArrayEquals(new float[] {1, 3, 4, 6}, d.features());
    assertArrayEquals(new float[] {2, 5}, d.labels());
  }

  @Test
  void nanAndInfinityCellsLoadForValidateToReport() throws IOException {
    Dataset d = Csv.read(write("1,0\nnan,1\n-inf,0\n")).load();
    assertTrue(Float.isNaN(d.features()[1]));
    assertEquals(Float.NEGATIVE_INFINITY, d.features()[2]);
    KilnException e = assertThrows(KilnException.class, d::validate);
    assertTrue(e.getMessage().startsWith("sample 1: feature 0 (of 1) is NaN"), e.getMessage());
  }

  @Test
  void aCellThatIsNotANumberNamesLineAndColumn() throws IOException {
    Path file = write("1,2,0\n3,abc,1\n");
    KilnException e = failure(Csv.read(file));
    assertEquals(file + ":2:2: 'abc' is not a number", e.getMessage());

    Path named = write("x,y,label\n1,2,0\n3,1f,1\n");
    e = failure(Csv.read(named).header());
    assertEquals(named + ":3:2: '1f' is not a number (column 'y')", e.getMessage());
  }

  @Test
  void anUnexpectedHeaderLineGetsAHint() throws IOException {
    KilnException e = failure(Csv.read(write("x,y\n1,0\n")));
    assertTrue(e.getMessage().contains(":1:1: 'x' is not a number; if this line names the columns, call header()"), e.getMessage());
  }

  @Test
  void anEmptyCellAsksForTheMissingValue() throws IOException {
    KilnException e = failure(Csv.read(write("1,2,0\n3,,1\n")));
    assertTrue(e.getMessage().contains(":2:2: the cell is empty; fill in the missing value or drop the line"), e.getMessage());
  }

  @Test
  void aWrongColumnCountNamesTheLine() throws IOException {
    Path file = write("1,2,0\n3,4,1\n5,6\n");
    KilnException e = failure(Csv.read(file));
    assertEquals(file + ":3: expected 3 columns but found 2; every line needs the same number of cells (the first data line has 3)",
        e.getMessage());
  }

  @Test
  void theCountLineIsChecked() throws IOException {
    KilnException rows = failure(Csv.read(write("3,2,a,b\n1,2,0\n3,4,1\n")).sklearnCountLine());
    assertTrue(rows.getMessage().endsWith(":1: the count line promises 3 samples but the file holds 2; it may be truncated"), rows.getMessage());
    KilnException columns = failure(Csv.read(write("2,3,a,b\n1,2,0\n3,4,1\n")).sklearnCountLine());
    assertTrue(columns.getMessage().contains(":2: expected 4 columns but found 3"), columns.getMessage());
    KilnException none = failure(Csv.read(write("5.1,3.5,0\n")).sklearnCountLine());
    assertTrue(none.getMessage().contains(":1: expected scikit-learn's count line"), none.getMessage());
    KilnException range = failure(Csv.read(write("2,2,a,b\n1,2,0\n3,4,2\n")).sklearnCountLine());
    assertTrue(range.getMessage().endsWith(":3:3: class label 2 is out of range [0, 2) set by the 2 class names of the count line"),
        range.getMessage());
  }

  @Test
  void labelColumnProblems() throws IOException {
    KilnException name = failure(Csv.read(write("a,b\n1,0\n")).labelColumn("target"));
    assertTrue(name.getMessage().endsWith(": no column named 'target'; the header names a, b"), name.getMessage());
    KilnException index = failure(Csv.read(write("1,0\n")).labelColumn(2));
    assertTrue(index.getMessage().contains("labelColumn(2) is outside the 2 columns"), index.getMessage());
    KilnException single = failure(Csv.read(write("1\n2\n")));
    assertTrue(single.getMessage().contains(":1: only 1 column"), single.getMessage());
    assertThrows(KilnException.class, () -> Csv.read(dir).classLabels(0));
  }

  @Test
  void missingAndEmptyFiles() throws IOException {
    KilnException missing = failure(Csv.read(dir.resolve("nope.csv")));
    assertTrue(missing.getMessage().startsWith(dir.resolve("nope.csv") + ": file not found"), missing.getMessage());
    KilnException empty = failure(Csv.read(write("a,b\n\n")).header());
    assertTrue(empty.getMessage().endsWith(": no data lines after the header"), empty.getMessage());
  }
}
