package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;

/** What layers with parameters share: values stored on the device, read and written in full precision. */
abstract class ParameterizedLayer implements LayerHandle {
  final NodeSpec spec;
  private final int index;
  private final ParameterStore store;

  ParameterizedLayer(NodeSpec spec, ParameterStore store) {
    this.spec = spec;
    this.index = spec.layer();
    this.store = store;
  }

  @Override
  public String name() {
    return spec.name();
  }

  /** All parameters (weights row-major, then biases) in full precision; for tests and tools. */
  @Override
  public double[] parameters() {
    return store.read(index);
  }

  /** Replaces all parameters, laid out as {@link #parameters()}. */
  @Override
  public void setParameters(double[] params) {
    if (params.length != spec.parameterCount()) {
      throw new KilnException("layer '" + name() + "' has " + spec.parameterCount() + " parameters, got "
          + params.length);
    }
    store.write(index, params.clone());
  }

  @Override
  public boolean trainable() {
    return spec.parameterCount() > 0 && !spec.frozen();
  }

  /** Writes {@code values} over the parameters from {@code offset}, keeping the rest. */
  void writeFrom(int offset, double[] values) {
    double[] params = store.read(index);
    System.arraycopy(values, 0, params, offset, values.length);
    store.write(index, params);
  }
}
