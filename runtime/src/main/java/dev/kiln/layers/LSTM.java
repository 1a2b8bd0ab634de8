package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;

/**
 * A long short-term memory layer over a sequence, with Keras's semantics:
 * {@code @Layer(units = 64) LSTM lstm;} gives the last step's output (units), or with
 * {@code returnSequences = true} every step's, (steps, units). After the model is opened the field
 * holds this live handle to its weights, laid out as Keras's (gates = 4 units, in the order input,
 * forget, candidate, output).
 */
public final class LSTM extends RecurrentLayer {
  /** Made when a model is opened. */
  public LSTM(NodeSpec spec, ParameterStore store) {
    super(spec, store, 4);
  }
}
