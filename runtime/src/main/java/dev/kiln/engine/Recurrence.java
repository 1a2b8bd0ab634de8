package dev.kiln.engine;

import dev.kiln.annotations.ActivationKind;

/**
 * What a recurrent layer's description adds to its node: how its gates activate and which way it
 * runs over the steps. Its cell's activation is the node's own.
 *
 * @param gate the gates' activation (an LSTM's and GRU's {@code recurrentActivation}; a SimpleRNN has none)
 * @param gateAlpha the gates' leaky-ReLU slope
 * @param backwards whether it reads the steps last to first ({@code goBackwards}, or the backward
 *     direction of a Bidirectional)
 * @param outputsInInputOrder whether, running backwards and returning sequences, it gives each step's
 *     output at that step's place (a Bidirectional's backward direction) rather than in the order it
 *     ran (Keras's {@code go_backwards})
 * @param maskedBy the Embedding (with {@code maskZero}) whose padding steps it skips, carrying its
 *     state and output over them; null when nothing masks its input
 */
public record Recurrence(ActivationKind gate, double gateAlpha, boolean backwards, boolean outputsInInputOrder,
                         String maskedBy) {}
