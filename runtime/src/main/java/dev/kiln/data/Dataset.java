package dev.kiln.data;

import dev.kiln.KilnException;
import java.util.Arrays;
import java.util.List;

/**
 * Features and labels in memory, as flat row-major float arrays: sample {@code i} owns
 * {@code features()[i * featureWidth() .. (i + 1) * featureWidth())} and the matching
 * {@code labelWidth()} floats of {@code labels()}.
 *
 * <p>Labels are either dense (one-hot rows, regression targets, 0/1 targets) or integer class indices
 * stored as floats {@code 0 .. classCount - 1} in a label of width 1 ({@link #hasClassLabels()}).
 *
 * <p>A data set is immutable: every operation returns a new one. {@link #features()} and {@link
 * #labels()} hand out the backing arrays so the training loop can upload them without a copy; do not
 * modify them. Operations that leave the features or the labels as they are (reshape, oneHot,
 * mapFeatures) share those arrays with the original.
 */
public final class Dataset {
  private final float[] features;
  private final int[] featureShape;
  private final float[] labels;
  private final int labelWidth;
  private final int classCount; // 0 for dense labels
  private final int size;
  /** The named inputs a row holds side by side; empty for a data set of one unnamed input. */
  private final List<Input> inputs;

  /**
   * A named input's columns in a data set's rows, as {@link #ofInputs} laid them out.
   *
   * @param width values per sample
   * @param indices whether its values are integer indices (for an Embedding)
   */
  public record Input(String name, int width, boolean indices) {}

  private Dataset(float[] features, int[] featureShape, float[] labels, int labelWidth, int classCount) {
    this(features, featureShape, labels, labelWidth, classCount, List.of());
  }

  private Dataset(float[] features, int[] featureShape, float[] labels, int labelWidth, int classCount,
                  List<Input> inputs) {
    if (featureShape.length == 0) {
      throw new KilnException("featureShape is empty; a sample needs at least one dimension, e.g. {4} or {28, 28, 1}");
    }
    for (int dimension : featureShape) {
      if (dimension <= 0) {
        throw new KilnException("featureShape " + Arrays.toString(featureShape) + " has a dimension <= 0; every dimension must be positive");
      }
    }
    if (labelWidth <= 0) {
      throw new KilnException("labelWidth is " + labelWidth + "; each sample needs at least one label column");
    }
    int width = product(featureShape);
    if (features.length % width != 0) {
      throw new KilnException("features hold " + features.length + " floats, not a multiple of the sample width "
          + width + " (featureShape " + Arrays.toString(featureShape) + ")");
    }
    int samples = features.length / width;
    if ((long) samples * labelWidth != labels.length) {
      throw new KilnException("features hold " + samples + " samples, so labels need " + samples + " x " + labelWidth
          + " = " + (long) samples * labelWidth + " floats, but hold " + labels.length);
    }
    this.features = features;
    this.featureShape = featureShape.clone();
    this.labels = labels;
    this.labelWidth = labelWidth;
    this.classCount = classCount;
    this.size = samples;
    this.inputs = List.copyOf(inputs);
  }

  /**
   * Samples of a model with several inputs (or with indices), its inputs side by side in each row in
   * the order given, with dense labels of {@code labelWidth} values per sample. A model's generated
   * {@code dataset(...)} calls this with its inputs by name.
   */
  public static Dataset ofInputs(List<Column> columns, float[] labels, int labelWidth) {
    return fromColumns(columns, labels, labelWidth, 0);
  }

  /** The same, with dense label rows. */
  public static Dataset ofInputs(List<Column> columns, float[][] labels) {
    return fromColumns(columns, flatten(labels, "labels"), labels[0].length, 0);
  }

  /** The same, with integer class labels in {@code [0, classCount)}. */
  public static Dataset ofInputs(List<Column> columns, int[] classes, int classCount) {
    return fromColumns(columns, classLabels(classes, classCount), 1, classCount);
  }

  /**
   * Samples of a model with several outputs: its inputs side by side in each row, and its outputs'
   * labels side by side in each label row, both in the order given (the outputs' order). A model's
   * generated {@code dataset(...)} calls this with its inputs and outputs by name.
   */
  public static Dataset ofInputs(List<Column> inputs, List<Column> labels) {
    if (Column.samples(labels) != Column.samples(inputs)) {
      throw new KilnException("the inputs have " + Column.samples(inputs) + " samples but the labels "
          + Column.samples(labels) + "; give one label row per sample");
    }
    float[][] rows = Column.rows(labels);
    return fromColumns(inputs, flatten(rows, "labels"), rows[0].length, 0);
  }

  private static Dataset fromColumns(List<Column> columns, float[] labels, int labelWidth, int classCount) {
    int samples = Column.samples(columns);
    float[][] rows = Column.rows(columns);
    int width = columns.stream().mapToInt(Column::width).sum();
    float[] features = new float[samples * width];
    for (int s = 0; s < samples; s++) {
      System.arraycopy(rows[s], 0, features, s * width, width);
    }
    List<Input> inputs = columns.stream().map(c -> new Input(c.name(), c.width(), c.indices())).toList();
    return new Dataset(features, new int[] {width}, labels, labelWidth, classCount, inputs);
  }

  /** The named inputs its rows hold side by side, in order; empty for a data set of one unnamed input. */
  public List<Input> inputs() {
    return inputs;
  }

  /** Samples with dense labels (one-hot rows, regression targets or 0/1 targets); copies the arrays. */
  public static Dataset of(float[][] features, float[][] labels) {
    if (features.length != labels.length) {
      throw new KilnException(features.length + " feature rows but " + labels.length + " label rows; give one label row per sample");
    }
    return new Dataset(flatten(features, "features"), new int[] {features[0].length}, flatten(labels, "labels"), labels[0].length, 0);
  }

  /** Samples with integer class labels in {@code [0, classCount)}; copies the arrays. */
  public static Dataset ofClasses(float[][] features, int[] classes, int classCount) {
    if (features.length != classes.length) {
      throw new KilnException(features.length + " feature rows but " + classes.length + " class labels; give one label per sample");
    }
    return ofClasses(flatten(features, "features"), new int[] {features[0].length}, classes, classCount);
  }

  /**
   * Samples from flat row-major arrays, with dense labels of {@code labelWidth} columns. The arrays are
   * not copied: the data set takes them over, so do not modify them afterwards.
   */
  public static Dataset of(float[] features, int[] featureShape, float[] labels, int labelWidth) {
    return new Dataset(features, featureShape, labels, labelWidth, 0);
  }

  /**
   * Samples from a flat row-major feature array (not copied; do not modify it afterwards) with integer
   * class labels in {@code [0, classCount)}.
   */
  public static Dataset ofClasses(float[] features, int[] featureShape, int[] classes, int classCount) {
    return new Dataset(features, featureShape, classLabels(classes, classCount), 1, classCount);
  }

  /** Class labels as the data set stores them, checked to lie in {@code [0, classCount)}. */
  private static float[] classLabels(int[] classes, int classCount) {
    if (classCount <= 0) {
      throw new KilnException("classCount is " + classCount + "; class labels need at least one class");
    }
    float[] labels = new float[classes.length];
    for (int i = 0; i < classes.length; i++) {
      if (classes[i] < 0 || classes[i] >= classCount) {
        throw new KilnException("sample " + i + ": class label " + classes[i] + " is out of range [0, " + classCount
            + "); pass the right classCount or fix the label");
      }
      labels[i] = classes[i];
    }
    return labels;
  }


  /** The number of samples. */
  public int size() {
    return size;
  }

  /** The shape of one sample, e.g. {@code {784}} or {@code {28, 28, 1}}. */
  public int[] featureShape() {
    return featureShape.clone();
  }

  /** The number of floats in one sample: the product of {@link #featureShape()}. */
  public int featureWidth() {
    return product(featureShape);
  }

  /** Label columns per sample: 1 for class indices, binary or scalar targets; k for one-hot or k outputs. */
  public int labelWidth() {
    return labelWidth;
  }

  /** Whether the labels are integer class indices (stored as floats in a label of width 1). */
  public boolean hasClassLabels() {
    return classCount > 0;
  }

  /** The number of classes for class labels, else 0. */
  public int classCount() {
    return classCount;
  }

  /** The backing feature array, flat row-major {@code [size * featureWidth]}. Do not modify it. */
  public float[] features() {
    return features;
  }

  /** The backing label array, flat row-major {@code [size * labelWidth]}. Do not modify it. */
  public float[] labels() {
    return labels;
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive), copied. */
  public Dataset slice(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new KilnException("slice(" + from + ", " + to + ") is outside the data set of " + size + " samples; need 0 <= from <= to <= " + size);
    }
    int width = featureWidth();
    return derive(
        Arrays.copyOfRange(features, from * width, to * width),
        Arrays.copyOfRange(labels, from * labelWidth, to * labelWidth));
  }

  /** The samples at {@code indices}, in that order (an index may repeat), copied. */
  public Dataset select(int[] indices) {
    int width = featureWidth();
    float[] selectedFeatures = new float[indices.length * width];
    float[] selectedLabels = new float[indices.length * labelWidth];
    for (int i = 0; i < indices.length; i++) {
      int sample = indices[i];
      if (sample < 0 || sample >= size) {
        throw new KilnException("select: indices[" + i + "] = " + sample + " is outside the data set of " + size + " samples");
      }
      System.arraycopy(features, sample * width, selectedFeatures, i * width, width);
      System.arraycopy(labels, sample * labelWidth, selectedLabels, i * labelWidth, labelWidth);
    }
    return derive(selectedFeatures, selectedLabels);
  }

  /**
   * Shuffles by {@code seed} and splits in two: the first part holds {@code round(size * firstFraction)}
   * samples, the second the rest, e.g. {@code split(0.8, 42)} for training and validation. The same seed
   * gives the same parts; no sample is in both.
   */
  public Dataset[] split(double firstFraction, long seed) {
    if (!(firstFraction > 0 && firstFraction < 1)) {
      throw new KilnException("split(" + firstFraction + "): the fraction must lie strictly between 0 and 1, e.g. 0.8");
    }
    int first = (int) Math.round(size * firstFraction);
    if (first == 0 || first == size) {
      throw new KilnException("split(" + firstFraction + ") of " + size + " samples leaves one part empty; use a fraction nearer 0.5 or more samples");
    }
    int[] order = Shuffle.permutation(size, seed);
    return new Dataset[] {
      select(Arrays.copyOfRange(order, 0, first)), select(Arrays.copyOfRange(order, first, size))
    };
  }

  /** All samples in an order fixed by {@code seed} (see {@link Shuffle#permutation}). */
  public Dataset shuffled(long seed) {
    return select(Shuffle.permutation(size, seed));
  }

  /** Class labels as one-hot rows: {@code labelWidth() == classCount()} of the original; dense afterwards. */
  public Dataset oneHot() {
    if (!hasClassLabels()) {
      throw new KilnException("oneHot() needs integer class labels, but this data set has dense labels of width " + labelWidth
          + "; build it with Dataset.ofClasses or load it with class labels");
    }
    float[] rows = new float[size * classCount];
    for (int i = 0; i < size; i++) {
      rows[i * classCount + (int) labels[i]] = 1f;
    }
    return new Dataset(features, featureShape, rows, classCount, 0, inputs);
  }

  /** The same samples seen with another shape of the same width, e.g. {@code reshape(28, 28, 1)}; shares the arrays. */
  public Dataset reshape(int... featureShape) {
    if (inputs.size() > 1) {
      throw new KilnException("cannot reshape a data set of several inputs (" + inputs.size() + "); reshape each"
          + " input's values before making the data set");
    }
    if (featureShape.length == 0 || product(featureShape) != featureWidth()) {
      throw new KilnException("cannot reshape samples of shape " + Arrays.toString(this.featureShape) + " (" + featureWidth()
          + " floats) to " + Arrays.toString(featureShape) + " (" + (featureShape.length == 0 ? 0 : product(featureShape))
          + " floats); the product of the dimensions must stay " + featureWidth());
    }
    return new Dataset(features, featureShape, labels, labelWidth, classCount, inputs);
  }

  /** The features scaled by {@code scaler}; labels unchanged. */
  public Dataset mapFeatures(Scaler scaler) {
    return scaler.apply(this);
  }

  /** This data set with other features of the same shape and the same labels (shared). */
  Dataset withFeatures(float[] newFeatures) {
    return new Dataset(newFeatures, featureShape, labels, labelWidth, classCount, inputs);
  }

  /**
   * Checks every sample and throws a {@link KilnException} naming the first bad one: a NaN or infinite
   * feature or label, or a class label that is not an integer in {@code [0, classCount)}.
   */
  public void validate() {
    int width = featureWidth();
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < width; j++) {
        float value = features[i * width + j];
        if (!Float.isFinite(value)) {
          throw new KilnException("sample " + i + ": feature " + j + " (of " + width + ") is " + value
              + "; fill in or drop the sample before training");
        }
      }
      for (int j = 0; j < labelWidth; j++) {
        float value = labels[i * labelWidth + j];
        if (!Float.isFinite(value)) {
          throw new KilnException("sample " + i + ": label column " + j + " is " + value + "; fill in or drop the sample before training");
        }
        if (hasClassLabels() && value != Math.rint(value)) {
          throw new KilnException("sample " + i + ": class label " + value + " is not an integer");
        }
        if (hasClassLabels() && (value < 0 || value >= classCount)) {
          throw new KilnException("sample " + i + ": class label " + (int) value + " is out of range [0, " + classCount + ")");
        }
      }
    }
  }

  @Override
  public String toString() {
    String labelText = hasClassLabels() ? classCount + " classes" : "labels of width " + labelWidth;
    String features = inputs.isEmpty() ? "features " + Arrays.toString(featureShape)
        : "inputs " + inputs.stream().map(i -> i.name() + " (" + i.width() + (i.indices() ? " indices" : "") + ")")
            .collect(java.util.stream.Collectors.joining(", "));
    return "Dataset[" + size + " samples, " + features + ", " + labelText + "]";
  }

  private Dataset derive(float[] newFeatures, float[] newLabels) {
    return new Dataset(newFeatures, featureShape, newLabels, labelWidth, classCount, inputs);
  }

  private static float[] flatten(float[][] rows, String what) {
    if (rows.length == 0) {
      throw new KilnException(what + " have no rows; a data set needs at least one sample (or use the flat Dataset.of)");
    }
    int width = rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new KilnException(what + " row " + i + " has " + rows[i].length + " columns but row 0 has " + width + "; every row needs the same width");
      }
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return flat;
  }

  private static int product(int[] shape) {
    long product = 1;
    for (int dimension : shape) {
      product *= dimension;
      if (product > Integer.MAX_VALUE) {
        throw new KilnException("featureShape " + Arrays.toString(shape) + " holds more than " + Integer.MAX_VALUE + " floats per sample");
      }
    }
    return (int) product;
  }
}
