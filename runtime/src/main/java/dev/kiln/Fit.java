package dev.kiln;

import dev.kiln.annotations.Optimizer;
import dev.kiln.data.Dataset;
import dev.kiln.kernels.DeviceAbi.Hyper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to train: {@code Fit.epochs(5).validation(test).seed(42)}. Immutable; each method returns a
 * changed copy. Optimizer hyper-parameters left unset take Keras 3's defaults for the compiled
 * optimizer, or PyTorch's with {@link #updateRule updateRule(UpdateRule.PYTORCH)}.
 */
public final class Fit {
  private int epochs;
  private int batchSize;
  private Dataset validation;
  private long seed;
  private boolean shuffle = true;
  /** Hyper-parameters the user set, in the kernels' hyper-buffer slots; NaN means the optimizer's default. */
  private double[] hyper = OptimizerDefaults.unset();
  private int verbose = 1;
  private PrintStream out = System.out;
  private List<Callback> callbacks = List.of();
  private int chunkSamples;

  private Fit() {}

  /** Train for {@code epochs} passes over the data, in batches of the compiled size, shuffled with seed 0. */
  public static Fit epochs(int epochs) {
    if (epochs < 1) {
      throw new KilnException("epochs = " + epochs + ", but training needs at least 1 epoch");
    }
    Fit fit = new Fit();
    fit.epochs = epochs;
    return fit;
  }

  private Fit copy() {
    Fit copy = new Fit();
    copy.epochs = epochs;
    copy.batchSize = batchSize;
    copy.validation = validation;
    copy.seed = seed;
    copy.shuffle = shuffle;
    copy.hyper = hyper.clone();
    copy.verbose = verbose;
    copy.out = out;
    copy.callbacks = callbacks;
    copy.chunkSamples = chunkSamples;
    return copy;
  }

  /**
   * Whose update formulas and defaults the optimizer follows: Keras's (the default) or PyTorch's
   * (see {@link UpdateRule}).
   */
  public Fit updateRule(UpdateRule rule) {
    if (rule == null) {
      throw new KilnException("updateRule is null; pass UpdateRule.KERAS or UpdateRule.PYTORCH");
    }
    return with(Hyper.UPDATE_RULE.ordinal(), rule.ordinal());
  }

  /** Samples per step, at most the model's compiled batch; 0 means the compiled batch. */
  public Fit batchSize(int batchSize) {
    if (batchSize < 0) {
      throw new KilnException("batchSize = " + batchSize + ", but it must be at least 1 (or 0 for the compiled batch)");
    }
    Fit fit = copy();
    fit.batchSize = batchSize;
    return fit;
  }

  /** Evaluate on {@code data} after each epoch (val_loss and the validation metric). */
  public Fit validation(Dataset data) {
    Fit fit = copy();
    fit.validation = data;
    return fit;
  }

  /** The seed of the shuffling order: the same seed on the same device gives the same weights. */
  public Fit seed(long seed) {
    Fit fit = copy();
    fit.seed = seed;
    return fit;
  }

  /** Whether each epoch visits the samples in a new random order (default true). */
  public Fit shuffle(boolean shuffle) {
    Fit fit = copy();
    fit.shuffle = shuffle;
    return fit;
  }

  public Fit learningRate(double rate) {
    return with(Hyper.LEARNING_RATE.ordinal(), positive("learningRate", rate));
  }

  /** SGD only: the momentum, in [0, 1). */
  public Fit momentum(double momentum) {
    return with(Hyper.MOMENTUM.ordinal(), fraction("momentum", momentum));
  }

  /** SGD only: Nesterov momentum. */
  public Fit nesterov(boolean nesterov) {
    return with(Hyper.NESTEROV.ordinal(), nesterov ? 1 : 0);
  }

  /** Adam only: the decay rates of the moment estimates, in [0, 1). */
  public Fit betas(double beta1, double beta2) {
    return with(Hyper.BETA1.ordinal(), fraction("beta1", beta1))
        .with(Hyper.BETA2.ordinal(), fraction("beta2", beta2));
  }

  /** Adam, RMSprop, Adadelta: the small constant that keeps divisions finite. */
  public Fit epsilon(double epsilon) {
    return with(Hyper.EPSILON.ordinal(), positive("epsilon", epsilon));
  }

  /** RMSprop, Adadelta: the decay rate of the moving averages, in [0, 1). */
  public Fit rho(double rho) {
    return with(Hyper.RHO.ordinal(), fraction("rho", rho));
  }

  /**
   * As in Keras: 0 silent; 1 (the default) a live progress bar on a terminal, a line per epoch
   * elsewhere; 2 a line per epoch.
   */
  public Fit verbose(int level) {
    if (level < 0 || level > 2) {
      throw new KilnException("verbose = " + level
          + ", but it must be 0 (silent), 1 (progress bar) or 2 (a line per epoch)");
    }
    Fit fit = copy();
    fit.verbose = level;
    return fit;
  }

  /** Where progress goes (default System.out). */
  public Fit output(PrintStream stream) {
    Fit fit = copy();
    fit.out = stream;
    return fit;
  }

  /** Adds callbacks, called in order at each epoch's start and end (see {@link Callback}). */
  public Fit callbacks(Callback... more) {
    Fit fit = copy();
    List<Callback> all = new ArrayList<>(callbacks);
    all.addAll(List.of(more));
    fit.callbacks = List.copyOf(all);
    return fit;
  }

  private Fit with(int slot, double value) {
    Fit fit = copy();
    fit.hyper[slot] = value;
    return fit;
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

  /**
   * Keeps at most about {@code samples} training samples on the device at a time (rounded down to
   * whole batches): the set is streamed in chunks, the next one gathered on the host while the device
   * trains on the current one. Results are the same as with the whole set on the device. By default
   * (0) the whole set goes to the device once, unless it would take more than a quarter of the
   * device's memory; then chunks are chosen to fit.
   */
  public Fit chunkSize(int samples) {
    if (samples < 0) {
      throw new KilnException("chunkSize = " + samples + ", but it must be at least 1 (or 0 to let Kiln choose)");
    }
    Fit fit = copy();
    fit.chunkSamples = samples;
    return fit;
  }

  public int chunkSizeOrZero() {
    return chunkSamples;
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

  public List<Callback> callbackList() {
    return callbacks;
  }

  /** The engine's view of the hyper-parameters, defaults filled in for {@code optimizer}. */
  public double[] hyperParameters(Optimizer optimizer, double l2) {
    return OptimizerDefaults.resolve(optimizer, hyper, l2);
  }
}
