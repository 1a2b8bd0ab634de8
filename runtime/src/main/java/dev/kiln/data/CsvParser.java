package dev.kiln.data;

import dev.kiln.KilnException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads one CSV file with the options of a {@link Csv.Reader}. Single use. */
final class CsvParser {
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final Csv.Reader options;
  private final String file;
  private int lineNumber;

  // What the count line promised, checked at the end; -1 without one.
  private int promisedSamples = -1;
  private int promisedFeatures = -1;
  private int countLineNumber;
  private int namedClasses;

  private String[] columnNames; // null without a header
  private int columnCount = -1; // fixed by the header, the count line or the first data line
  private int labelColumn = -1;
  private float[] features = new float[1024];
  private float[] labels = new float[64];
  private int samples;

  CsvParser(Csv.Reader options) {
    this.options = options;
    this.file = options.file.toString();
  }

  Dataset parse() {
    try (BufferedReader reader = Files.newBufferedReader(options.file, StandardCharsets.UTF_8)) {
      if (options.sklearnCountLine) {
        readCountLine(nextLine(reader, "the count line"));
      }
      if (options.header) {
        readHeader(nextLine(reader, "the header line"));
      }
      for (String line = nextLine(reader); line != null; line = nextLine(reader)) {
        readSample(split(line));
      }
    } catch (NoSuchFileException e) {
      throw new KilnException(file + ": file not found; check the path (working directory: " + System.getProperty("user.dir") + ")", e);
    } catch (IOException e) {
      throw new KilnException(file + ": cannot read: " + e.getMessage(), e);
    }
    return build();
  }

  /** The next line that is not blank, or null at the end of the file. */
  private String nextLine(BufferedReader reader) throws IOException {
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (!line.isBlank()) {
        return line;
      }
    }
    return null;
  }

  private String nextLine(BufferedReader reader, String what) throws IOException {
    String line = nextLine(reader);
    if (line == null) {
      throw new KilnException(file + ": the file ends before " + what);
    }
    return line;
  }

  private void readCountLine(String line) {
    String[] cells = split(line);
    if (cells.length < 2 || !isCount(cells[0]) || !isCount(cells[1])) {
      throw new KilnException(file + ":" + lineNumber + ": expected scikit-learn's count line 'samples,features[,class names]', e.g. "
          + "'150,4,setosa,versicolor,virginica', but found '" + line + "'; drop sklearnCountLine() if the file has none");
    }
    countLineNumber = lineNumber;
    promisedSamples = Integer.parseInt(cells[0]);
    promisedFeatures = Integer.parseInt(cells[1]);
    columnCount = promisedFeatures + 1;
    namedClasses = (int) Arrays.stream(cells, 2, cells.length).filter(name -> !name.isEmpty()).count();
  }

  private void readHeader(String line) {
    String[] names = split(line);
    for (int i = 0; i < names.length; i++) {
      names[i] = unquote(names[i]);
    }
    if (columnCount >= 0 && names.length != columnCount) {
      throw new KilnException(file + ":" + lineNumber + ": the header names " + names.length + " columns but the count line promises "
          + promisedFeatures + " features + 1 label = " + columnCount);
    }
    columnNames = names;
    columnCount = names.length;
  }

  private void readSample(String[] cells) {
    if (columnCount < 0) {
      columnCount = cells.length;
    }
    if (labelColumn < 0) {
      labelColumn = resolveLabelColumn();
    }
    if (cells.length != columnCount) {
      throw new KilnException(file + ":" + lineNumber + ": expected " + columnCount + " columns but found " + cells.length
          + "; every line needs the same number of cells (" + columnCountSource() + ")");
    }
    int width = columnCount - 1;
    long needed = (long) (samples + 1) * width;
    if (needed > features.length) {
      if (needed > MAX_ARRAY) {
        throw new KilnException(file + ":" + lineNumber + ": more feature values than one Java array holds; split the file");
      }
      features = Arrays.copyOf(features, (int) Math.min(MAX_ARRAY, Math.max(2L * features.length, needed)));
    }
    if (samples == labels.length) {
      labels = Arrays.copyOf(labels, 2 * labels.length);
    }
    int feature = samples * width;
    for (int column = 0; column < cells.length; column++) {
      float value = number(cells[column], column);
      if (column == labelColumn) {
        labels[samples] = options.classLabels ? classLabel(value, cells[column], column) : value;
      } else {
        features[feature++] = value;
      }
    }
    samples++;
  }

  private int resolveLabelColumn() {
    if (columnCount < 2) {
      throw new KilnException(file + ":" + lineNumber + ": only " + columnCount + " column; a sample needs at least one feature and a label"
          + (options.delimiter == ',' ? "; if cells are separated by another character, set delimiter(...)" : ""));
    }
    if (options.labelName != null) {
      int index = Arrays.asList(columnNames).indexOf(options.labelName);
      if (index < 0) {
        throw new KilnException(file + ": no column named '" + options.labelName + "'; the header names " + String.join(", ", columnNames));
      }
      return index;
    }
    int index = options.labelIndex < 0 ? columnCount + options.labelIndex : options.labelIndex;
    if (index < 0 || index >= columnCount) {
      throw new KilnException(file + ": labelColumn(" + options.labelIndex + ") is outside the " + columnCount + " columns; use 0.."
          + (columnCount - 1) + ", or -1.." + -columnCount + " to count from the end");
    }
    return index;
  }

  private float number(String cell, int column) {
    if (isNumeric(cell)) {
      try {
        return Float.parseFloat(cell);
      } catch (NumberFormatException e) {
        // falls through to the error below, e.g. "1.2.3" or "e5"
      }
    }
    switch (cell.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Float.NaN;
      case "inf": case "+inf": case "infinity": case "+infinity":
        return Float.POSITIVE_INFINITY;
      case "-inf": case "-infinity":
        return Float.NEGATIVE_INFINITY;
      default:
        String problem = cell.isEmpty() ? "the cell is empty; fill in the missing value or drop the line"
            : "'" + cell + "' is not a number" + columnName(column)
                + (samples == 0 && columnNames == null ? "; if this line names the columns, call header()" : "");
        throw new KilnException(position(column) + problem);
    }
  }

  private float classLabel(float value, String cell, int column) {
    if (!(value >= 0 && value == Math.rint(value))) {
      throw new KilnException(position(column) + "class label '" + cell + "' is not a whole number >= 0"
          + "; call numericLabels() if this column holds regression targets");
    }
    int knownCount = classCount();
    if (knownCount > 0 && value >= knownCount) {
      throw new KilnException(position(column) + "class label " + cell + " is out of range [0, " + knownCount + ")"
          + (options.classCount > 0 ? " set by classLabels(" + knownCount + ")" : " set by the " + knownCount + " class names of the count line"));
    }
    return value;
  }

  private Dataset build() {
    if (samples == 0) {
      String after = options.header ? " after the header" : options.sklearnCountLine ? " after the count line" : "";
      throw new KilnException(file + ": no data lines" + after);
    }
    if (promisedSamples >= 0 && samples != promisedSamples) {
      throw new KilnException(file + ":" + countLineNumber + ": the count line promises " + promisedSamples + " samples but the file holds " + samples
          + (samples < promisedSamples ? "; it may be truncated" : ""));
    }
    int width = columnCount - 1;
    float[] x = Arrays.copyOf(features, samples * width);
    if (!options.classLabels) {
      return Dataset.of(x, new int[] {width}, Arrays.copyOf(labels, samples), 1);
    }
    int[] classes = new int[samples];
    int largest = 0;
    for (int i = 0; i < samples; i++) {
      classes[i] = (int) labels[i];
      largest = Math.max(largest, classes[i]);
    }
    return Dataset.ofClasses(x, new int[] {width}, classes, classCount() > 0 ? classCount() : largest + 1);
  }

  private int classCount() {
    return options.classCount > 0 ? options.classCount : namedClasses;
  }

  private String[] split(String line) {
    List<String> cells = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == options.delimiter) {
        cells.add(line.substring(start, i).trim());
        start = i + 1;
      }
    }
    return cells.toArray(new String[0]);
  }

  private String position(int column) {
    return file + ":" + lineNumber + ":" + (column + 1) + ": ";
  }

  private String columnName(int column) {
    return columnNames == null ? "" : " (column '" + columnNames[column] + "')";
  }

  private String columnCountSource() {
    if (columnNames != null) {
      return "the header names " + columnCount;
    }
    return promisedFeatures >= 0 ? "the count line promises " + promisedFeatures + " features + 1 label" : "the first data line has " + columnCount;
  }

  private static boolean isCount(String cell) {
    return !cell.isEmpty() && cell.length() < 10 && cell.chars().allMatch(Character::isDigit);
  }

  /** Digits, signs, a point and exponents only: Float.parseFloat alone would also take "1f" or "0x1p3". */
  private static boolean isNumeric(String cell) {
    boolean digit = false;
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        return false;
      }
    }
    return digit;
  }

  private static String unquote(String name) {
    return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
  }
}
