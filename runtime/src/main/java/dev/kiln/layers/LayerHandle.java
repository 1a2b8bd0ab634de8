package dev.kiln.layers;

/** What every live layer handle offers: its name and its parameters in full precision. */
public interface LayerHandle {
  String name();

  /** All parameters, weights then biases, as the device stores them. */
  double[] parameters();

  /** Replaces all parameters, laid out as {@link #parameters()}. */
  void setParameters(double[] parameters);

  /**
   * Whether training updates its parameters: false for a layer declared {@code trainable = false}
   * (or inside a frozen model), and for a layer without parameters.
   */
  boolean trainable();
}
