package dev.kiln.data;

import dev.kiln.KilnException;
import java.nio.file.Path;

/**
 * Loads a CSV file of numbers into a {@link Dataset}: one sample per line, one label column, every
 * other column a feature. Configure with the {@link Reader} that {@link #read} returns, then {@link
 * Reader#load()}:
 *
 * <pre>{@code
 * Dataset iris   = Csv.read(path).sklearnCountLine().load();  // class labels in the last column
 * Dataset boston = Csv.read(path).sklearnCountLine().labelColumn("MEDV").numericLabels().load();
 * Dataset plain  = Csv.read(path).header().delimiter(';').labelColumn(0).load();
 * }</pre>
 *
 * <p>Lines end in {@code \n} or {@code \r\n}; blank lines are skipped; cells are trimmed. Quoted cells
 * are not supported except for column names in the header, whose surrounding quotes are dropped. A
 * cell may read {@code NaN} or {@code inf}; {@link Dataset#validate()} reports such samples.
 */
public final class Csv {
  private Csv() {}

  /** Starts reading {@code file}; nothing is read until {@link Reader#load()}. */
  public static Reader read(Path file) {
    return new Reader(file);
  }

  /**
   * Options of one CSV file. By default: no header, comma-separated, label in the last column, integer
   * class labels. Each option returns this reader so calls chain.
   */
  public static final class Reader {
    final Path file;
    boolean header;
    boolean sklearnCountLine;
    char delimiter = ',';
    String labelName;
    int labelIndex = -1;
    boolean classLabels = true;
    int classCount; // 0: from the count line's class names, else the largest label + 1

    private Reader(Path file) {
      this.file = file;
    }

    /** The first line (after the count line, if any) names the columns. */
    public Reader header() {
      header = true;
      return this;
    }

    /**
     * The first line is scikit-learn's count line: {@code samples,features[,class names...]}, as in
     * {@code 150,4,setosa,versicolor,virginica} or {@code 506,13,,,}. The counts are checked against the
     * data; the class names, if any, give the class count.
     */
    public Reader sklearnCountLine() {
      sklearnCountLine = true;
      return this;
    }

    /** Cells are separated by {@code delimiter} instead of a comma. */
    public Reader delimiter(char delimiter) {
      this.delimiter = delimiter;
      return this;
    }

    /** The label is the column with this name in the header; implies {@link #header()}. */
    public Reader labelColumn(String name) {
      header = true;
      labelName = name;
      return this;
    }

    /** The label is column {@code index}, counted from 0; a negative index counts from the end (-1: last). */
    public Reader labelColumn(int index) {
      labelName = null;
      labelIndex = index;
      return this;
    }

    /**
     * Labels are class indices 0, 1, 2, ... (the default); the class count comes from the count line's
     * class names, else from the largest label.
     */
    public Reader classLabels() {
      classLabels = true;
      classCount = 0;
      return this;
    }

    /** Labels are class indices in {@code [0, classCount)}. */
    public Reader classLabels(int classCount) {
      if (classCount <= 0) {
        throw new KilnException("classLabels(" + classCount + "): the class count must be at least 1");
      }
      classLabels = true;
      this.classCount = classCount;
      return this;
    }

    /** Labels are numbers to regress on (or 0/1 targets), kept as they are: a label of width 1. */
    public Reader numericLabels() {
      classLabels = false;
      classCount = 0;
      return this;
    }

    /** Reads the file; throws {@link KilnException} naming the line and column of the first problem. */
    public Dataset load() {
      return new CsvParser(this).parse();
    }
  }
}
