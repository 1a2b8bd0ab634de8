package dev.kiln;

import dev.kiln.cl.ClDevice;
import dev.kiln.data.Dataset;
import dev.kiln.data.Scaler;
import dev.kiln.engine.ModelSpec;
import dev.kiln.layers.LayerHandle;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What every generated {@code <Model>Compiled} class can do. Close it to release its device memory. */
public interface CompiledModel extends AutoCloseable {
  /**
   * Trains on {@code train} as {@code fit} says (epochs, batch size, validation, seed, ...). A model
   * runs one call at a time: predict, evaluate or save from another thread wait until the fit
   * returns (from a callback of this fit they run at once, on the epoch's weights). To serve
   * predictions while training, train a second instance and copy its weights over
   * ({@code layer.setParameters}) or {@code save}/{@code load} between them.
   */
  History fit(Dataset train, Fit fit);

  /**
   * One optimizer step on all of {@code batch} (at most the compiled batch size), for loops that
   * {@link #fit} does not express, such as a GAN's turns (Keras's {@code train_on_batch}). The
   * optimizer takes {@code settings}' hyper-parameters ({@code Fit.epochs(1).learningRate(2e-4)}) and
   * dropout its seed; its epochs are ignored, and validation, callbacks or a batch size are an error.
   * The step is queued when this returns: reading the result waits for it, so read it only when
   * the figures are wanted. The optimizer's step count carries on across calls and fits.
   */
  BatchResult trainOnBatch(Dataset batch, Fit settings);

  /** {@link #trainOnBatch(Dataset, Fit)} with the optimizer's default settings. */
  default BatchResult trainOnBatch(Dataset batch) {
    return trainOnBatch(batch, Fit.epochs(1));
  }

  /** Loss and metric of {@code batch} with the weights as they are (Keras's {@code test_on_batch}); queued likewise. */
  BatchResult testOnBatch(Dataset batch);

  /** Loss and metric (accuracy or mean absolute error) over a labelled data set. */
  Evaluation evaluate(Dataset data);

  /** The model's output for one sample. Safe to call from several threads (one at a time runs; see {@link #fit}). */
  float[] predict(float[] sample);

  /** The model's outputs for many samples, one row each. Safe to call from several threads (see {@link #fit}). */
  float[][] predict(float[][] samples);

  /**
   * The gradient of output {@code output} (a class probability, or a regression output) with respect
   * to every value of {@code sample}: a saliency map. Computed by the kernels' backward pass, through
   * the input scaler when there is one.
   */
  float[] inputGradient(float[] sample, int output);

  /**
   * Makes the model scale its inputs itself, like a Keras Normalization layer: from now on fit,
   * evaluate and predict take raw inputs and apply {@code scaler} (fitted on training data, e.g.
   * {@code Scaler.standardize(train)}); {@link #save} keeps it, so a reloaded model gives the same
   * answers on raw inputs. {@code null} removes it.
   */
  void scaleInputs(Scaler scaler);

  /** The scaler set with {@link #scaleInputs}, if any. */
  Optional<Scaler> inputScaler();

  /** Draws new initial weights from {@code seed} and clears the optimizer's state. */
  void initialize(long seed);

  /** Prints layers, output shapes, parameter counts, memory, kernels and launches per step. */
  void summary(PrintStream out);

  /** Writes weights and optimizer state to {@code file}, atomically. */
  void save(Path file);

  /** Reads weights and optimizer state written by {@link #save} for the same model. */
  void load(Path file);

  /**
   * Writes the model for inference, with its weights as they are now and its input scaler, as an
   * ONNX file that ONNX Runtime (and anything else that runs ONNX) can run: the same inputs, by
   * name and shape (index inputs as int64), and the same outputs as {@link #predict}. Needs the
   * {@code dev.kiln:kiln-onnx} module on the class path.
   */
  default void exportOnnx(Path file) {
    ModelExport.of("onnx", "dev.kiln:kiln-onnx").write(this, file);
  }

  /** The live layer handles, in network order (the same objects as the layer fields). */
  List<LayerHandle> layers();

  /** The model as compiled. */
  ModelSpec spec();

  /** The OpenCL device the model runs on. */
  ClDevice device();

  /** Releases the model's device memory and kernels; closing twice is harmless. */
  @Override
  void close();
}
