package dev.kiln.data;

import dev.kiln.KilnException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An R data frame read by {@link RData}: named columns of equal length, in R's order, each of one
 * {@link ColumnType}. NA values keep R's markers: {@link #NA_INTEGER} in integer columns, the NaN that
 * {@link #isNA(double)} recognises in double columns, null in string columns and code -1 in factors.
 * The typed accessors hand out the backing arrays without a copy; do not modify them.
 */
public final class DataFrame {
  /** R's integer NA. */
  public static final int NA_INTEGER = Integer.MIN_VALUE;

  /** R's double NA is the NaN whose low 32 bits hold 1954; other NaNs are R's NaN. */
  private static final int NA_REAL_LOW_WORD = 1954;

  /** The types a column can have, named after the accessor that reads them. */
  public enum ColumnType {
    INTEGER("integers"),
    DOUBLE("doubles"),
    STRING("strings"),
    FACTOR("factor");

    private final String accessor;

    ColumnType(String accessor) {
      this.accessor = accessor;
    }
  }

  /**
   * A factor column: for each row, an index into {@code levels}, counted from 0 (R counts from 1), or -1
   * for NA.
   */
  public record Factor(int[] codes, String[] levels) {
    /** The level of {@code row}, or null if it is NA. */
    public String level(int row) {
      int code = codes[row];
      return code < 0 ? null : levels[code];
    }
  }

  private final String name;
  private final Map<String, Object> columns; // int[], double[], String[] or Factor, in R's order
  private final int rowCount;

  private DataFrame(String name, Map<String, Object> columns, int rowCount) {
    this.name = name;
    this.columns = columns;
    this.rowCount = rowCount;
  }

  /** True for R's NA in a double column, false for every other value, R's NaN included. */
  public static boolean isNA(double value) {
    return Double.isNaN(value) && (int) Double.doubleToRawLongBits(value) == NA_REAL_LOW_WORD;
  }

  /** The name R gave the data frame, e.g. the variable it was read from. */
  public String name() {
    return name;
  }

  /** The column names, in order. */
  public List<String> columns() {
    return List.copyOf(columns.keySet());
  }

  public int rowCount() {
    return rowCount;
  }

  public boolean hasColumn(String column) {
    return columns.containsKey(column);
  }

  public ColumnType type(String column) {
    Object values = column(column);
    if (values instanceof int[]) {
      return ColumnType.INTEGER;
    }
    if (values instanceof double[]) {
      return ColumnType.DOUBLE;
    }
    return values instanceof String[] ? ColumnType.STRING : ColumnType.FACTOR;
  }

  /** An integer column; NA is {@link #NA_INTEGER}. */
  public int[] integers(String column) {
    return (int[]) column(column, ColumnType.INTEGER);
  }

  /** A double column; test for NA with {@link #isNA(double)}. */
  public double[] doubles(String column) {
    return (double[]) column(column, ColumnType.DOUBLE);
  }

  /** A character column; NA is null. */
  public String[] strings(String column) {
    return (String[]) column(column, ColumnType.STRING);
  }

  /** A factor column: codes from 0 (-1 for NA) and the levels they index. */
  public Factor factor(String column) {
    return (Factor) column(column, ColumnType.FACTOR);
  }

  private Object column(String column, ColumnType wanted) {
    ColumnType type = type(column);
    if (type != wanted) {
      throw new KilnException(name + ": column '" + column + "' holds " + type.name().toLowerCase() + " values, not "
          + wanted.name().toLowerCase() + " ones; read it with " + type.accessor + "(\"" + column + "\")");
    }
    return columns.get(column);
  }

  private Object column(String column) {
    Object values = columns.get(column);
    if (values == null) {
      throw new KilnException(name + ": no column '" + column + "'; the columns are "
          + String.join(", ", columns.keySet()));
    }
    return values;
  }

  /** The data frame that {@code object} is; {@code source} names it in error messages. */
  static DataFrame fromR(String name, String source, RObject object) {
    if (!(object instanceof RObject.ListVector list) || !list.inherits("data.frame")) {
      throw new KilnException(source + " is " + object.describe() + ", not a data frame");
    }
    RObject names = list.attribute("names");
    if (!(names instanceof RObject.Strings columnNames) || columnNames.values().length != list.elements().length) {
      throw new KilnException(source + ": a data frame needs one name per column, but its names are "
          + names.describe());
    }
    int rowCount = rowCount(list);
    Map<String, Object> columns = new LinkedHashMap<>();
    for (int i = 0; i < list.elements().length; i++) {
      String column = columnNames.values()[i];
      Object values = column(source + ": column '" + column + "'", list.elements()[i], rowCount);
      if (columns.put(column, values) != null) {
        throw new KilnException(source + ": two columns are named '" + column + "'; rename one in R");
      }
    }
    return new DataFrame(name, columns, rowCount);
  }

  /**
   * The row count: R writes automatic row names compactly as {@code c(NA, -rows)} (or {@code c(NA, rows)}),
   * other row names one per row.
   */
  private static int rowCount(RObject.ListVector frame) {
    RObject rowNames = frame.attribute("row.names");
    if (rowNames instanceof RObject.Integers compact && compact.values().length == 2
        && compact.values()[0] == NA_INTEGER) {
      return Math.abs(compact.values()[1]);
    }
    if (rowNames instanceof RObject.Integers integers) {
      return integers.values().length;
    }
    if (rowNames instanceof RObject.Strings strings) {
      return strings.values().length;
    }
    return frame.elements().length > 0 && frame.elements()[0] instanceof RObject.Vector first ? first.length() : 0;
  }

  private static Object column(String what, RObject object, int rowCount) {
    Object values;
    if (object instanceof RObject.Integers integers && integers.inherits("factor")) {
      values = factor(what, integers);
    } else if (object instanceof RObject.Integers integers) {
      values = integers.values();
    } else if (object instanceof RObject.Doubles doubles) {
      values = doubles.values();
    } else if (object instanceof RObject.Strings strings) {
      values = strings.values();
    } else {
      throw new KilnException(what + " is " + object.describe()
          + "; a DataFrame holds integer, double, character and factor columns");
    }
    int length = ((RObject.Vector) object).length();
    if (length != rowCount) {
      throw new KilnException(what + " has " + length + " values but the data frame has " + rowCount + " rows");
    }
    return values;
  }

  private static Factor factor(String what, RObject.Integers integers) {
    if (!(integers.attribute("levels") instanceof RObject.Strings levels)) {
      throw new KilnException(what + " is a factor without a character vector of levels");
    }
    int[] codes = integers.values().clone();
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] == NA_INTEGER) {
        codes[i] = -1;
      } else if (codes[i] < 1 || codes[i] > levels.values().length) {
        throw new KilnException(what + ": row " + (i + 1) + " has factor code " + codes[i] + " but there are only "
            + levels.values().length + " levels");
      } else {
        codes[i]--;
      }
    }
    return new Factor(codes, levels.values());
  }
}
