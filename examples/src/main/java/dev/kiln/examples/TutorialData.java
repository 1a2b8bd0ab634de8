package dev.kiln.examples;

import dev.kiln.KilnException;
import dev.kiln.data.Csv;
import dev.kiln.data.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The small real data sets the examples ship (see data/README.md beside this class's resources for
 * their sources), loaded in one line each.
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

  /** The CSV readers take a path; inside a jar the resource is copied to a temporary file first. */
  private static Path extract(String name) {
    try (InputStream in = TutorialData.class.getResourceAsStream("data/" + name)) {
      if (in == null) {
        throw new KilnException("data set " + name + " is missing from the examples' resources");
      }
      Path file = Files.createTempFile("kiln-" + name.replace(".csv", ""), ".csv");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new KilnException("cannot extract data set " + name + ": " + e.getMessage(), e);
    }
  }
}
