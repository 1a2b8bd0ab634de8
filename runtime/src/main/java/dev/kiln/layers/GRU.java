package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;

/**
 * A gated recurrent unit layer over a sequence, with Keras's semantics and defaults (reset_after, so
 * the reset gate applies to the recurrent part of the candidate, and two biases; with
 * {@code resetAfter = false} to the state before its product with the recurrent kernel, and one bias):
 * {@code @Layer(units = 64) GRU gru;} gives the last step's output, or every step's with
 * {@code returnSequences = true}. After the model is opened the field holds this live handle to its
 * weights, laid out as Keras's (gates = 3 units, in the order update, reset, candidate).
 */
public final class GRU extends RecurrentLayer {
  /** Made when a model is opened. */
  public GRU(NodeSpec spec, ParameterStore store) {
    super(spec, store, 3);
  }
}
