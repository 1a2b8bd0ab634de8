package dev.kiln.data;

import dev.kiln.KilnException;
import java.util.Arrays;
import java.util.List;

/**
 * One named input's values for every sample, as a model with several inputs takes them: integer
 * indices (for an Embedding) or float features. {@link Dataset#ofInputs} puts columns side by side
 * in a data set's rows, which is how the model's kernels read them; a model's generated
 * {@code dataset(...)} and {@code predict(...)} do this for you, by name and type.
 *
 * @param width values per sample
 * @param values {@code [samples * width]}, row-major; indices stored as floats (exact up to 2^24)
 */
public record Column(String name, int width, boolean indices, float[] values) {
  public Column {
    if (width <= 0) {
      throw new KilnException("input '" + name + "' has " + width + " values per sample; it needs at least 1");
    }
    if (values.length % width != 0) {
      throw new KilnException("input '" + name + "' holds " + values.length + " values, not a whole number of"
          + " samples of " + width);
    }
  }

  /** One index per sample, e.g. a user id already mapped to 0 .. users - 1. */
  public static Column indices(String name, int[] indices) {
    float[] values = new float[indices.length];
    for (int i = 0; i < indices.length; i++) {
      values[i] = indices[i];
    }
    return new Column(name, 1, true, values);
  }

  /** A sequence of indices per sample, every sequence of one length (pad them), e.g. word ids. */
  public static Column indices(String name, int[][] indices) {
    int width = sameWidth(name, indices.length == 0 ? 1 : indices[0].length, Arrays.stream(indices)
        .mapToInt(r -> r.length).toArray());
    float[] values = new float[indices.length * width];
    for (int s = 0; s < indices.length; s++) {
      for (int i = 0; i < width; i++) {
        values[s * width + i] = indices[s][i];
      }
    }
    return new Column(name, width, true, values);
  }

  /** One float value per sample, e.g. a regression target or a 0/1 label of one output. */
  public static Column values(String name, float[] values) {
    return new Column(name, 1, false, values.clone());
  }

  /** A row of float features per sample (an image flattened row-major, channels last). */
  public static Column features(String name, float[][] rows) {
    int width = sameWidth(name, rows.length == 0 ? 1 : rows[0].length, Arrays.stream(rows)
        .mapToInt(r -> r.length).toArray());
    float[] values = new float[rows.length * width];
    for (int s = 0; s < rows.length; s++) {
      System.arraycopy(rows[s], 0, values, s * width, width);
    }
    return new Column(name, width, false, values);
  }

  /** The number of samples. */
  public int size() {
    return values.length / width;
  }

  /** One sample's row: its inputs' values side by side, each an {@code int[]} of indices or a {@code float[]}. */
  public static float[] row(Object... parts) {
    int width = 0;
    for (Object part : parts) {
      width += part instanceof int[] ints ? ints.length : ((float[]) part).length;
    }
    float[] row = new float[width];
    int at = 0;
    for (Object part : parts) {
      if (part instanceof int[] ints) {
        for (int i : ints) {
          row[at++] = i;
        }
      } else {
        float[] floats = (float[]) part;
        System.arraycopy(floats, 0, row, at, floats.length);
        at += floats.length;
      }
    }
    return row;
  }

  /** The samples' rows: the columns side by side. */
  public static float[][] rows(List<Column> columns) {
    int samples = samples(columns);
    int width = columns.stream().mapToInt(Column::width).sum();
    float[][] rows = new float[samples][width];
    int at = 0;
    for (Column column : columns) {
      for (int s = 0; s < samples; s++) {
        System.arraycopy(column.values, s * column.width, rows[s], at, column.width);
      }
      at += column.width;
    }
    return rows;
  }

  /** The number of samples every column has; a clear error when they disagree. */
  static int samples(List<Column> columns) {
    if (columns.isEmpty()) {
      throw new KilnException("no inputs given; a data set needs at least one");
    }
    int samples = columns.get(0).size();
    for (Column column : columns) {
      if (column.size() != samples) {
        throw new KilnException("input '" + columns.get(0).name + "' has " + samples + " samples but input '"
            + column.name + "' has " + column.size() + "; every input needs one value row per sample");
      }
    }
    return samples;
  }

  private static int sameWidth(String name, int width, int[] widths) {
    for (int s = 0; s < widths.length; s++) {
      if (widths[s] != width) {
        throw new KilnException("input '" + name + "': sample " + s + " has " + widths[s] + " values, sample 0 has "
            + width + "; every sample needs the same number (pad sequences to one length)");
      }
    }
    return width;
  }
}
