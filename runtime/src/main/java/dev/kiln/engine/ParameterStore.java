package dev.kiln.engine;

/** Reads and writes one layer's parameters on the device, for layer handles. */
public interface ParameterStore {
  /** Weights row-major, then biases, as doubles whatever the model's precision. */
  double[] read(int layer);

  void write(int layer, double[] parameters);
}
