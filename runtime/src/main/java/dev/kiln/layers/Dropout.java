package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;

/**
 * Dropout: in each training step, zero a random {@code rate} of the previous layer's outputs and
 * scale the rest by 1 / (1 - rate); in evaluation and prediction, pass everything. As a field type it
 * declares the layer ({@code @Layer(rate = 0.5) Dropout drop;}); after the model is opened the field
 * holds this handle. The masks come from a counter-based hash of (seed, step, layer, element), so
 * they are never stored and a run is reproducible.
 */
public final class Dropout {
  private final String name;
  private final double rate;

  /** Made when a model is opened. */
  public Dropout(NodeSpec spec) {
    this.name = spec.name();
    this.rate = spec.rate();
  }

  public String name() {
    return name;
  }

  public double rate() {
    return rate;
  }

  @Override
  public String toString() {
    return name + " (Dropout, rate " + rate + ")";
  }
}
