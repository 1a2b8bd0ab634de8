package dev.kiln.data;

import dev.kiln.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * The tutorials' small real data sets, shipped with the runtime (see tutorial/README.md beside this
 * class's resources for their sources and licences), loaded in one line each:
 * {@code TutorialData.iris()}.
 */
public final class TutorialData {
  private TutorialData() {}

  /** Boston house prices: 506 samples, 13 features, target MEDV (median value in $1000s). */
  public static Dataset bostonHousing() {
    return Csv.read(extract("boston_house_prices.csv")).sklearnCountLine().labelColumn("MEDV").numericLabels().load();
  }

  /** Wisconsin breast cancer: 569 samples, 30 features, label 0 = malignant, 1 = benign. */
  public static Dataset breastCancer() {
    return Csv.read(extract("breast_cancer.csv")).sklearnCountLine().numericLabels().load();
  }

  /** Fisher's iris: 150 samples, 4 features, 3 classes. */
  public static Dataset iris() {
    return Csv.read(extract("iris.csv")).sklearnCountLine().load();
  }

  /** Wine: 178 samples, 13 features, 3 classes. */
  public static Dataset wine() {
    return Csv.read(extract("wine_data.csv")).sklearnCountLine().load();
  }

  /**
   * Handwritten digits (E. Alpaydin, UCI optical recognition of handwritten digits, the test set): 1797
   * samples of 64 pixels (an 8 × 8 image, row-major, values 0..16), 10 classes, the digit 0..9. The
   * resource is gzipped CSV without a count line or header, the digit in the last column; it is
   * decompressed to a temporary plain CSV file first, since {@link Csv} reads plain text.
   * {@code reshape(8, 8, 1)} for convolutions.
   */
  public static Dataset digits() {
    return Csv.read(extract("digits.csv.gz")).classLabels(10).load();
  }


  /**
   * The CSV readers take a path of plain text; inside a jar the resource is copied to a temporary
   * file first (and decompressed, for a .gz).
   */
  private static Path extract(String name) {
    try (InputStream resource = TutorialData.class.getResourceAsStream("tutorial/" + name)) {
      if (resource == null) {
        throw new KilnException("data set " + name + " is missing from the examples' resources");
      }
      Path file = Files.createTempFile("kiln-" + name.replace(".csv", "").replace(".gz", ""), ".csv");
      file.toFile().deleteOnExit();
      try (InputStream in = name.endsWith(".gz") ? new GZIPInputStream(resource) : resource) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      throw new KilnException("cannot extract data set " + name + ": " + e.getMessage(), e);
    }
  }
}
