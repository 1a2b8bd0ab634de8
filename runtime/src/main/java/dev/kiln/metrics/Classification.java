package dev.kiln.metrics;

import dev.kiln.CompiledModel;
import dev.kiln.KilnException;
import dev.kiln.annotations.Loss;
import dev.kiln.data.Dataset;
import dev.kiln.engine.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classification metrics from predicted probabilities and true class labels, with Keras and
 * scikit-learn semantics.
 *
 * <p>Two kinds of predictions are understood:
 *
 * <ul>
 *   <li><b>multi-class</b>: rows of {@code C >= 2} scores (softmax probabilities); the predicted class
 *       is the argmax of the row (the first one on ties, as {@code numpy.argmax}), labels lie in
 *       {@code [0, C)};
 *   <li><b>binary</b>: rows of width 1 holding the probability of class 1 (a sigmoid output); the
 *       predicted class is 1 when {@code p > threshold} (0.5 by default, as Keras' binary accuracy),
 *       labels are 0 or 1 and there are two classes.
 * </ul>
 *
 * <p>Per-class metrics follow scikit-learn with {@code zero_division=0}; the macro and weighted
 * averages run over every class {@code 0 .. classes()-1}, also in the binary case. The object is
 * immutable.
 *
 * <pre>{@code
 * Classification metrics = Classification.of(model, test);
 * System.out.println(metrics.report(List.of("cat", "dog", "bird")));
 * }</pre>
 */
public final class Classification {
  private static final double DEFAULT_THRESHOLD = 0.5;

  private final float[][] scores; // as given: width 1 (binary) or classes
  private final int[] labels;
  private final int[] predicted;
  private final int classes;
  private final long[][] confusion;

  private Classification(float[][] scores, int[] labels, int[] predicted, int classes) {
    this.scores = scores;
    this.labels = labels;
    this.predicted = predicted;
    this.classes = classes;
    this.confusion = new long[classes][classes];
    for (int i = 0; i < labels.length; i++) {
      confusion[labels[i]][predicted[i]]++;
    }
  }

  /**
   * Metrics of {@code probabilities} against {@code labels}: multi-class rows (width {@code C >= 2})
   * are classified by argmax, binary rows (width 1) by {@code p > 0.5}.
   *
   * @param probabilities one row per sample; copied
   * @param labels the true class of each sample, in {@code [0, C)} (0 or 1 for binary rows); copied
   * @throws KilnException for empty or ragged input, different lengths, labels out of range, or a
   *     non-finite (NaN) probability
   */
  public static Classification of(float[][] probabilities, int[] labels) {
    int width = Inputs.checkMatrix(probabilities, "probabilities");
    return width == 1 ? binary(probabilities, labels, DEFAULT_THRESHOLD) : multiClass(probabilities, labels, width);
  }

  /**
   * Metrics of binary predictions (rows of width 1) against 0/1 {@code labels}: a sample is predicted
   * positive when {@code p > threshold}.
   *
   * @throws KilnException for multi-class rows, a threshold that is not finite, or bad input as in
   *     {@link #of(float[][], int[])}
   */
  public static Classification of(float[][] probabilities, int[] labels, double threshold) {
    int width = Inputs.checkMatrix(probabilities, "probabilities");
    if (width != 1) {
      throw new KilnException("a threshold applies only to binary predictions (rows of width 1), but the rows have "
          + width + " columns; multi-class rows are classified by argmax: call Classification.of(probabilities, labels)");
    }
    if (!Double.isFinite(threshold)) {
      throw new KilnException("threshold is " + threshold + "; pass a finite number such as 0.5");
    }
    return binary(probabilities, labels, threshold);
  }

  /**
   * Predicts every sample of {@code data} with {@code model} and compares with the data's labels, which
   * may be integer class labels ({@link Dataset#hasClassLabels()} or integers stored in a label of width
   * 1), one-hot rows (the class is the argmax of the row), or 0/1 for a binary (one sigmoid output)
   * model.
   *
   * @throws KilnException for a regression model, a multi-label model (several sigmoid outputs), empty
   *     data, or labels that do not fit the model's output
   */
  public static Classification of(CompiledModel model, Dataset data) {
    ModelSpec spec = model.spec();
    if (!spec.isClassifier()) {
      throw new KilnException(spec.simpleName() + " is a regression model (loss " + spec.loss()
          + "); use Regression.of(model, data) for its metrics");
    }
    int outputs = spec.output().units();
    if (spec.loss() == Loss.BINARY_CROSS_ENTROPY && outputs != 1) {
      throw new KilnException(spec.simpleName() + " has " + outputs + " sigmoid outputs (multi-label); Classification"
          + " handles one label per sample: evaluate each output column with Classification.of(probabilities, labels)");
    }
    float[][] probabilities = Inputs.predict(model, data);
    return of(probabilities, labelsOf(data.labels(), data.labelWidth(), outputs == 1 ? 2 : outputs, outputs == 1));
  }

  /**
   * The same for output {@code output} (its field name) of a model of several outputs: its columns of
   * the predictions against its labels in the data set that the model's {@code dataset(...)} made.
   *
   * @throws KilnException for an output that is not one, or one trained as a regression
   */
  public static Classification of(CompiledModel model, Dataset data, String output) {
    Inputs.OutputColumns o = Inputs.output(model, data, output);
    Loss loss = o.node().output().loss();
    if (!o.node().output().metricName().equals("accuracy")) {
      throw new KilnException("output '" + output + "' of " + model.spec().simpleName() + " is a regression output"
          + " (loss " + loss + "); use Regression.of(model, data, \"" + output + "\") for its metrics");
    }
    int units = o.node().units();
    if (loss == Loss.BINARY_CROSS_ENTROPY && units != 1) {
      throw new KilnException("output '" + output + "' has " + units + " sigmoid outputs (multi-label); Classification"
          + " handles one label per sample: evaluate each column with Classification.of(probabilities, labels)");
    }
    return of(o.predictions(), labelsOf(o.labels(), o.labelWidth(), units == 1 ? 2 : units, units == 1));
  }

  private static int[] labelsOf(float[] raw, int width, int classes, boolean binary) {
    int[] labels = new int[raw.length / width];
    if (width == 1) {
      for (int i = 0; i < labels.length; i++) {
        float value = raw[i];
        if (value != Math.rint(value) || value < 0 || value >= classes) {
          throw new KilnException("sample " + i + " has label " + value + ", but the model predicts "
              + (binary ? "a binary class: labels must be 0 or 1" : classes + " classes: labels must be integers 0.." + (classes - 1)));
        }
        labels[i] = (int) value;
      }
      return labels;
    }
    if (binary || width != classes) {
      throw new KilnException("the labels have " + width + " values per sample, but the model predicts " + classes
          + " classes" + (binary ? " with one sigmoid output: labels must be one 0/1 value per sample"
              : ": labels must be one integer class or a one-hot row of " + classes + " values"));
    }
    for (int i = 0; i < labels.length; i++) {
      labels[i] = argmax(raw, i * width, width);
    }
    return labels;
  }

  private static Classification multiClass(float[][] probabilities, int[] labels, int classes) {
    checkLabels(probabilities.length, labels, classes);
    int[] predicted = new int[labels.length];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = argmax(probabilities[i], 0, classes);
    }
    return new Classification(copy(probabilities), labels.clone(), predicted, classes);
  }

  private static Classification binary(float[][] probabilities, int[] labels, double threshold) {
    checkLabels(probabilities.length, labels, 2);
    int[] predicted = new int[labels.length];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = probabilities[i][0] > threshold ? 1 : 0;
    }
    return new Classification(copy(probabilities), labels.clone(), predicted, 2);
  }

  private static void checkLabels(int samples, int[] labels, int classes) {
    if (labels == null) {
      throw new KilnException("labels is null; pass one true class per sample");
    }
    Inputs.checkSameLength(samples, labels.length, "probability", "labels");
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new KilnException("labels[" + i + "] = " + labels[i] + " is out of range [0, " + classes + ")"
            + (classes == 2 ? "; binary labels must be 0 or 1" : "; the probability rows have " + classes
                + " columns, one per class"));
      }
    }
  }

  private static int argmax(float[] values, int from, int width) {
    int best = 0;
    for (int j = 1; j < width; j++) {
      if (values[from + j] > values[from + best]) {
        best = j;
      }
    }
    return best;
  }

  private static float[][] copy(float[][] rows) {
    float[][] copy = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }

  /** The number of classes: the row width for multi-class predictions, 2 for binary ones. */
  public int classes() {
    return classes;
  }

  /** The number of samples. */
  public int samples() {
    return labels.length;
  }

  private boolean isBinary() {
    return scores[0].length == 1;
  }

  /** {@code accuracy = (number of samples with predicted == true) / samples}. */
  public double accuracy() {
    long right = 0;
    for (int c = 0; c < classes; c++) {
      right += confusion[c][c];
    }
    return (double) right / samples();
  }

  /**
   * The fraction of samples whose true class is among the {@code k} highest scores: the true class
   * {@code y} counts when {@code #{j : p_j > p_y} + #{j < y : p_j == p_y} < k}, so ties are broken
   * towards the lower class index, as the argmax; {@code topKAccuracy(1) == accuracy()}.
   *
   * @param k in {@code [1, classes()]} for multi-class predictions; 1 for binary ones
   * @throws KilnException for {@code k} out of range
   */
  public double topKAccuracy(int k) {
    if (isBinary()) {
      if (k != 1) {
        throw new KilnException("topKAccuracy(" + k + ") on binary predictions: with two classes only k = 1 is "
            + "meaningful (k = 2 is always 1); use accuracy()");
      }
      return accuracy();
    }
    if (k < 1 || k > classes) {
      throw new KilnException("topKAccuracy(" + k + "): k must lie in [1, " + classes + "], the number of classes");
    }
    long hits = 0;
    for (int i = 0; i < labels.length; i++) {
      float[] row = scores[i];
      int y = labels[i];
      int ahead = 0;
      for (int j = 0; j < classes; j++) {
        if (row[j] > row[y] || (row[j] == row[y] && j < y)) {
          ahead++;
        }
      }
      if (ahead < k) {
        hits++;
      }
    }
    return (double) hits / samples();
  }

  /** A copy of the confusion matrix: {@code [t][p]} counts samples of true class t predicted as p. */
  public long[][] confusionMatrix() {
    long[][] copy = new long[classes][];
    for (int c = 0; c < classes; c++) {
      copy[c] = confusion[c].clone();
    }
    return copy;
  }

  private long truePositives(int cls) {
    return confusion[cls][cls];
  }

  private long predictedAs(int cls) {
    long sum = 0;
    for (int t = 0; t < classes; t++) {
      sum += confusion[t][cls];
    }
    return sum;
  }

  private long support(int cls) {
    long sum = 0;
    for (int p = 0; p < classes; p++) {
      sum += confusion[cls][p];
    }
    return sum;
  }

  private void checkClass(int cls) {
    if (cls < 0 || cls >= classes) {
      throw new KilnException("class " + cls + " is out of range [0, " + classes + ")");
    }
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }

  /** {@code precision = TP / (TP + FP)} for class {@code cls}; 0 when nothing is predicted as {@code cls}. */
  public double precision(int cls) {
    checkClass(cls);
    return ratio(truePositives(cls), predictedAs(cls));
  }

  /** {@code recall = TP / (TP + FN)} for class {@code cls}; 0 when no sample is of class {@code cls}. */
  public double recall(int cls) {
    checkClass(cls);
    return ratio(truePositives(cls), support(cls));
  }

  /**
   * {@code F1 = 2 * precision * recall / (precision + recall) = 2 TP / (2 TP + FP + FN)} for class
   * {@code cls}; 0 when {@code TP + FP + FN == 0}.
   */
  public double f1(int cls) {
    checkClass(cls);
    long tp = truePositives(cls);
    return ratio(2 * tp, predictedAs(cls) + support(cls));
  }

  /** {@code (1 / C) * sum over classes c of precision(c)}. */
  public double macroPrecision() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += precision(c);
    }
    return sum / classes;
  }

  /** {@code (1 / C) * sum over classes c of recall(c)}. */
  public double macroRecall() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += recall(c);
    }
    return sum / classes;
  }

  /** {@code (1 / C) * sum over classes c of f1(c)} (scikit-learn's macro F1: the mean of per-class F1). */
  public double macroF1() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += f1(c);
    }
    return sum / classes;
  }

  /** {@code sum over classes c of support(c) * f1(c) / samples}, where support(c) counts samples of class c. */
  public double weightedF1() {
    return weighted(this::f1);
  }

  private double weighted(java.util.function.IntToDoubleFunction metric) {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += support(c) * metric.applyAsDouble(c);
    }
    return sum / samples();
  }

  /**
   * Area under the ROC curve, as a rank statistic: {@code AUC = (R+ - P(P+1)/2) / (P N)} with {@code R+}
   * the sum of the positives' ranks among all scores (ties share their average rank, so a tied
   * positive/negative pair counts half), {@code P} positives and {@code N} negatives. Binary: the
   * positive class is 1 and the score is the row's probability. Multi-class: the unweighted mean over
   * classes of the one-vs-rest AUC of column c (scikit-learn's {@code multi_class="ovr",
   * average="macro"}).
   *
   * @throws KilnException when a class has no samples or all samples (the AUC is then undefined)
   */
  public double rocAuc() {
    if (isBinary()) {
      return aucOf(1, 0);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += aucOf(c, c);
    }
    return sum / classes;
  }

  private double aucOf(int cls, int column) {
    double[] score = new double[labels.length];
    boolean[] positive = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      score[i] = scores[i][column];
      positive[i] = labels[i] == cls;
    }
    double auc = RocAuc.of(score, positive);
    if (Double.isNaN(auc)) {
      long support = support(cls);
      throw new KilnException("ROC AUC is undefined: " + (support == 0 ? "no sample is" : "every sample is")
          + " of class " + cls + ", so there is no positive/negative pair to rank; evaluate on data that holds "
          + (isBinary() ? "both classes" : "every class and more than one class"));
    }
    return auc;
  }

  /**
   * A table like scikit-learn's {@code classification_report} (precision, recall, F1 and support per
   * class, then accuracy, macro and weighted averages), followed by the confusion matrix.
   *
   * @param classNames one name per class, or null for the class numbers
   * @throws KilnException when the number of names differs from {@link #classes()}
   */
  public String report(List<String> classNames) {
    List<String> names = namesOf(classNames);
    int width = "weighted avg".length();
    for (String name : names) {
      width = Math.max(width, name.length());
    }
    String rowFormat = "%" + width + "s  %9.4f %9.4f %9.4f %9d%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%" + width + "s  %9s %9s %9s %9s%n%n", "", "precision", "recall", "f1-score", "support"));
    for (int c = 0; c < classes; c++) {
      out.append(String.format(Locale.ROOT, rowFormat, names.get(c), precision(c), recall(c), f1(c), support(c)));
    }
    out.append(String.format(Locale.ROOT, "%n%" + width + "s  %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy(), samples()));
    out.append(String.format(Locale.ROOT, rowFormat, "macro avg", macroPrecision(), macroRecall(), macroF1(), samples()));
    out.append(String.format(Locale.ROOT, rowFormat, "weighted avg", weighted(this::precision), weighted(this::recall),
        weightedF1(), samples()));
    out.append(System.lineSeparator()).append("confusion matrix (rows: true class, columns: predicted class)")
        .append(System.lineSeparator());
    out.append(confusionTable(names));
    return out.toString();
  }

  private String confusionTable(List<String> names) {
    int labelWidth = 0;
    int cell = 1;
    for (int c = 0; c < classes; c++) {
      labelWidth = Math.max(labelWidth, names.get(c).length());
      cell = Math.max(cell, names.get(c).length());
      for (long count : confusion[c]) {
        cell = Math.max(cell, Long.toString(count).length());
      }
    }
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%" + labelWidth + "s", ""));
    for (String name : names) {
      out.append(String.format(Locale.ROOT, "  %" + cell + "s", name));
    }
    out.append(System.lineSeparator());
    for (int t = 0; t < classes; t++) {
      out.append(String.format(Locale.ROOT, "%" + labelWidth + "s", names.get(t)));
      for (long count : confusion[t]) {
        out.append(String.format(Locale.ROOT, "  %" + cell + "d", count));
      }
      out.append(System.lineSeparator());
    }
    return out.toString();
  }

  private List<String> namesOf(List<String> classNames) {
    List<String> names = new ArrayList<>();
    if (classNames == null) {
      for (int c = 0; c < classes; c++) {
        names.add(Integer.toString(c));
      }
      return names;
    }
    if (classNames.size() != classes) {
      throw new KilnException(classNames.size() + " class names for " + classes + " classes; pass one name per class"
          + " in class order, or null for the class numbers");
    }
    for (String name : classNames) {
      names.add(String.valueOf(name));
    }
    return names;
  }

  /** A short summary: samples, classes, accuracy, macro F1 and ROC AUC ("n/a" when undefined). */
  @Override
  public String toString() {
    String auc;
    try {
      auc = String.format(Locale.ROOT, "%.4f", rocAuc());
    } catch (KilnException undefined) {
      auc = "n/a";
    }
    return String.format(Locale.ROOT, "Classification[%d samples, %d classes: accuracy %.4f, macro F1 %.4f, AUC %s]",
        samples(), classes, accuracy(), macroF1(), auc);
  }
}
