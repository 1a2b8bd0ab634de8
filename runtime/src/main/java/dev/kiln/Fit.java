package dev.kiln;

import dev.kiln.data.Dataset;
import java.io.PrintStream;
import java.util.Optional;

/**
 * How to train: {@code Fit.epochs(5).validation(test).seed(42)}. Immutable; each method returns a
 * changed copy. Optimizer hyper-parameters left unset take Keras's defaults for the compiled
 * optimizer (Adadelta's learning rate is 1.0, as in the paper and PyTorch).
 */
public final class Fit {
  private final int epochs;
  private final int batchSize;
  private final Dataset validation;
  private final long seed;
  private final boolean shuffle;
  private final Hyper hyper;
  private final int verbose;
  private final PrintStream out;

  private Fit(int epochs, int batchSize, Dataset validation, long seed, boolean shuffle, Hyper hyper, int verbose,
              PrintStream out) {
    if (epochs < 1) {
      throw new KilnException("epochs = " + epochs + ", but training needs at least 1 epoch");
    }
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.validation = validation;
    this.seed = seed;
    this.shuffle = shuffle;
    this.hyper = hyper;
    this.verbose = verbose;
    this.out = out;
  }

  /** Hyper-parameters set by the user; NaN means the optimizer's default. */
  record Hyper(double learningRate, double momentum, boolean nesterov, double beta1, double beta2, double epsilon,
               double rho) {
    static final Hyper DEFAULTS = new Hyper(Double.NaN, Double.NaN, false, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN);
  }

  /** Train for {@code epochs} passes over the data, in batches of the compiled size, shuffled with seed 0. */
  public static Fit epochs(int epochs) {
    return new Fit(epochs, 0, null, 0, true, Hyper.DEFAULTS, 1, System.out);
  }

  /** Samples per step, at most the model's compiled batch; 0 means the compiled batch. */
  public Fit batchSize(int batchSize) {
    if (batchSize < 0) {
      throw new KilnException("batchSize = " + batchSize + ", but it must be at least 1 (or 0 for the compiled batch)");
    }
    return new Fit(epochs, batchSize, validation, seed, shuffle, hyper, verbose, out);
  }

  /** Evaluate on {@code data} after each epoch (val_loss and the validation metric). */
  public Fit validation(Dataset data) {
    return new Fit(epochs, batchSize, data, seed, shuffle, hyper, verbose, out);
  }

  /** The seed of the shuffling order: the same seed on the same device gives the same weights. */
  public Fit seed(long seed) {
    return new Fit(epochs, batchSize, validation, seed, shuffle, hyper, verbose, out);
  }

  /** Whether each epoch visits the samples in a new random order (default true). */
  public Fit shuffle(boolean shuffle) {
    return new Fit(epochs, batchSize, validation, seed, shuffle, hyper, verbose, out);
  }

  public Fit learningRate(double rate) {
    return with(new Hyper(positive("learningRate", rate), hyper.momentum, hyper.nesterov, hyper.beta1, hyper.beta2,
        hyper.epsilon, hyper.rho));
  }

  /** SGD only: the momentum, in [0, 1). */
  public Fit momentum(double momentum) {
    return with(new Hyper(hyper.learningRate, fraction("momentum", momentum), hyper.nesterov, hyper.beta1,
        hyper.beta2, hyper.epsilon, hyper.rho));
  }

  /** SGD only: Nesterov momentum. */
  public Fit nesterov(boolean nesterov) {
    return with(new Hyper(hyper.learningRate, hyper.momentum, nesterov, hyper.beta1, hyper.beta2, hyper.epsilon,
        hyper.rho));
  }

  /** Adam only: the decay rates of the moment estimates, in [0, 1). */
  public Fit betas(double beta1, double beta2) {
    return with(new Hyper(hyper.learningRate, hyper.momentum, hyper.nesterov, fraction("beta1", beta1),
        fraction("beta2", beta2), hyper.epsilon, hyper.rho));
  }

  /** Adam, RMSprop, Adadelta: the small constant that keeps divisions finite. */
  public Fit epsilon(double epsilon) {
    return with(new Hyper(hyper.learningRate, hyper.momentum, hyper.nesterov, hyper.beta1, hyper.beta2,
        positive("epsilon", epsilon), hyper.rho));
  }

  /** RMSprop, Adadelta: the decay rate of the moving averages, in [0, 1). */
  public Fit rho(double rho) {
    return with(new Hyper(hyper.learningRate, hyper.momentum, hyper.nesterov, hyper.beta1, hyper.beta2,
        hyper.epsilon, fraction("rho", rho)));
  }

  /** 0: silent; 1: a progress line per epoch (a live bar on a terminal). */
  public Fit verbose(int level) {
    return new Fit(epochs, batchSize, validation, seed, shuffle, hyper, level, out);
  }

  /** Where progress goes (default System.out). */
  public Fit output(PrintStream stream) {
    return new Fit(epochs, batchSize, validation, seed, shuffle, hyper, verbose, stream);
  }

  private Fit with(Hyper changed) {
    return new Fit(epochs, batchSize, validation, seed, shuffle, changed, verbose, out);
  }

  private static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new KilnException(name + " = " + value + ", but it must be a finite number > 0");
    }
    return value;
  }

  private static double fraction(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new KilnException(name + " = " + value + ", but it must be in [0, 1)");
    }
    return value;
  }

  public int epochsToRun() {
    return epochs;
  }

  public int batchSizeOrZero() {
    return batchSize;
  }

  public Optional<Dataset> validationData() {
    return Optional.ofNullable(validation);
  }

  public long seedValue() {
    return seed;
  }

  public boolean shuffles() {
    return shuffle;
  }

  public int verbosity() {
    return verbose;
  }

  public PrintStream outputStream() {
    return out;
  }

  Hyper hyper() {
    return hyper;
  }

  /** The engine's view of the hyper-parameters, defaults filled in for {@code optimizer}. */
  public double[] hyperParameters(dev.kiln.annotations.Optimizer optimizer, double l2) {
    return OptimizerDefaults.resolve(optimizer, hyper, l2);
  }
}
