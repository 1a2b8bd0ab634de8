package dev.kiln;

import java.nio.file.Path;
import java.util.List;

/** What a {@link Callback} may see and change of a running {@code fit}. */
public interface TrainingControl {
  /** The learning rate the next steps use. */
  double learningRate();

  /** Changes the learning rate from the next step on. */
  void setLearningRate(double rate);

  /** Ends training after the current epoch. */
  void stop();

  boolean stopRequested();

  /** "accuracy" for classifiers, "mae" for regression models: the metric beside the loss. */
  String metricName();

  /** The figures each epoch reports, by their Keras names ("loss", "val_accuracy", "species_loss", ...). */
  List<String> figureNames();

  /** The epochs finished so far, oldest first. */
  List<History.Epoch> epochs();

  /** A copy of every layer's parameters, in network order. */
  List<double[]> parameters();

  /** The layers' field names, in the order of {@link #parameters()}. */
  List<String> layerNames();

  /** Puts back parameters taken with {@link #parameters()}. */
  void setParameters(List<double[]> parameters);

  /** Writes the model as {@link CompiledModel#save} does: weights, optimizer state and step, atomically. */
  void save(Path file);
}
