package dev.kiln.tuning;

import dev.kiln.CompiledModel;
import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.KilnException;
import dev.kiln.data.Dataset;
import dev.kiln.data.Shuffle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Tries every combination of run-time settings (learning rate, batch size, epochs) on one compiled
 * model and ranks them by the validation metric, as scikit-learn's GridSearchCV does for Keras
 * models. Each trial starts from freshly initialised weights (the same seed for every trial), trains
 * on the training part and is scored on the held-out part: one validation split, or k folds
 * averaged.
 *
 * <pre>GridSearch.of(net).learningRates(1e-3, 1e-2).batchSizes(32, 128).epochs(5).kFold(3).run(train)</pre>
 */
public final class GridSearch {
  private final CompiledModel model;
  private double[] learningRates = {Double.NaN};
  private int[] batchSizes = {0};
  private int[] epochs = {5};
  private double validationFraction = 0.2;
  private int folds;
  private long seed;

  private GridSearch(CompiledModel model) {
    this.model = model;
  }

  public static GridSearch of(CompiledModel model) {
    return new GridSearch(model);
  }

  /** Learning rates to try (default: the optimizer's default only). */
  public GridSearch learningRates(double... rates) {
    this.learningRates = nonEmpty(rates.clone(), rates.length, "learningRates");
    return this;
  }

  /** Batch sizes to try, each at most the compiled batch (default: the compiled batch). */
  public GridSearch batchSizes(int... sizes) {
    this.batchSizes = nonEmpty(sizes.clone(), sizes.length, "batchSizes");
    return this;
  }

  /** Epoch counts to try (default 5). */
  public GridSearch epochs(int... counts) {
    this.epochs = nonEmpty(counts.clone(), counts.length, "epochs");
    return this;
  }

  /** Holds out {@code fraction} of the data for scoring (the default, with 0.2). */
  public GridSearch validationSplit(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new KilnException("validationSplit = " + fraction + ", but it must be between 0 and 1");
    }
    this.validationFraction = fraction;
    this.folds = 0;
    return this;
  }

  /** Scores each combination by k-fold cross-validation instead of one split. */
  public GridSearch kFold(int k) {
    if (k < 2) {
      throw new KilnException("kFold = " + k + ", but cross-validation needs at least 2 folds");
    }
    this.folds = k;
    return this;
  }

  /** The seed of the split or folds, the shuffling and the initial weights (default 0). */
  public GridSearch seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Runs every trial on {@code data}; the model ends with the weights of the last trial. */
  public GridSearchResult run(Dataset data) {
    List<Dataset[]> splits = splits(data);
    List<GridSearchResult.Trial> trials = new ArrayList<>();
    for (double rate : learningRates) {
      for (int batch : batchSizes) {
        for (int count : epochs) {
          trials.add(trial(splits, rate, batch, count));
        }
      }
    }
    boolean higherIsBetter = model.spec().isClassifier();
    Comparator<GridSearchResult.Trial> byScore = Comparator.comparingDouble(GridSearchResult.Trial::metric);
    trials.sort(higherIsBetter ? byScore.reversed() : byScore);
    return new GridSearchResult(model.spec().metricName(), trials);
  }

  private GridSearchResult.Trial trial(List<Dataset[]> splits, double rate, int batch, int count) {
    Fit fit = Fit.epochs(count).batchSize(batch).seed(seed).verbose(0);
    if (!Double.isNaN(rate)) {
      fit = fit.learningRate(rate);
    }
    double[] losses = new double[splits.size()];
    double[] metrics = new double[splits.size()];
    for (int s = 0; s < splits.size(); s++) {
      model.initialize(seed);
      model.fit(splits.get(s)[0], fit);
      Evaluation score = model.evaluate(splits.get(s)[1]);
      losses[s] = score.loss();
      metrics[s] = score.metric();
    }
    return new GridSearchResult.Trial(rate, batch == 0 ? model.spec().batch() : batch, count,
        Arrays.stream(losses).average().orElseThrow(), Arrays.stream(metrics).average().orElseThrow(), metrics);
  }

  /** (training part, held-out part) pairs: one split, or k folds. */
  private List<Dataset[]> splits(Dataset data) {
    if (folds == 0) {
      return List.<Dataset[]>of(data.split(1 - validationFraction, seed));
    }
    if (data.size() < folds) {
      throw new KilnException(folds + "-fold cross-validation needs at least " + folds + " samples, got "
          + data.size());
    }
    int[] order = Shuffle.permutation(data.size(), seed);
    List<Dataset[]> splits = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      int from = f * data.size() / folds;
      int to = (f + 1) * data.size() / folds;
      int[] held = Arrays.copyOfRange(order, from, to);
      int[] rest = new int[data.size() - held.length];
      System.arraycopy(order, 0, rest, 0, from);
      System.arraycopy(order, to, rest, from, data.size() - to);
      splits.add(new Dataset[] {data.select(rest), data.select(held)});
    }
    return splits;
  }

  private static <T> T nonEmpty(T values, int length, String name) {
    if (length == 0) {
      throw new KilnException(name + " needs at least one value to try");
    }
    return values;
  }
}
