package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;

/**
 * A fully connected recurrent layer over a sequence, with Keras's semantics:
 * {@code h = activation(x_t W + h R + b)}, tanh unless {@code @Activation} says otherwise;
 * {@code @Layer(units = 32) SimpleRNN rnn;} gives the last step's output, or every step's with
 * {@code returnSequences = true}. After the model is opened the field holds this live handle to its
 * weights, laid out as Keras's (gates = units).
 */
public final class SimpleRNN extends RecurrentLayer {
  /** Made when a model is opened. */
  public SimpleRNN(NodeSpec spec, ParameterStore store) {
    super(spec, store, 1);
  }
}
