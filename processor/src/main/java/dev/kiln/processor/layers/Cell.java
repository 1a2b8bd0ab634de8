package dev.kiln.processor.layers;

import dev.kiln.processor.ir.Settings;

/**
 * What differs between the recurrent layers (RecurrentDefinition): the field type, the attributes,
 * how many gate blocks of {@code units} its kernels compute per step, its bias rows, how many values
 * per unit it keeps per step for the backward pass, and its templates for the recurrence and for
 * backward through time. The input projection, the gradient to the input and the weight update are shared.
 */
enum Cell {
  /** i, f, c, o gates (Keras's order); keeps c, CELL(c) and h. */
  LSTM("dev.kiln.layers.LSTM", 4, 3, "lstm_forward.cl", "lstm_backward.cl", "recurrentActivation", "unitForgetBias"),
  /**
   * z, r, candidate gates (Keras's order); keeps the candidate's recurrent part (reset_after, two bias
   * rows) or the reset state r h (resetAfter = false, one bias row), and h.
   */
  GRU("dev.kiln.layers.GRU", 3, 2, "gru_forward.cl", "gru_backward.cl", "recurrentActivation", "resetAfter"),
  /** h = CELL(x W + h R + b); keeps h. */
  SIMPLE_RNN("dev.kiln.layers.SimpleRNN", 1, 1, "rnn_forward.cl", "rnn_backward.cl");

  private final String qualifiedName;
  private final int gates;
  private final int kept;
  private final String forwardTemplate;
  private final String backwardTemplate;
  private final String[] attributes;

  Cell(String qualifiedName, int gates, int kept, String forwardTemplate, String backwardTemplate,
       String... ownAttributes) {
    this.qualifiedName = qualifiedName;
    this.gates = gates;
    this.kept = kept;
    this.forwardTemplate = forwardTemplate;
    this.backwardTemplate = backwardTemplate;
    String[] common = {"units", "returnSequences", "goBackwards"};
    this.attributes = new String[common.length + ownAttributes.length];
    System.arraycopy(common, 0, attributes, 0, common.length);
    System.arraycopy(ownAttributes, 0, attributes, common.length, ownAttributes.length);
  }

  String qualifiedName() {
    return qualifiedName;
  }

  /** Blocks of units its gates take: 4 for an LSTM, 1 for a SimpleRNN. */
  int gates() {
    return gates;
  }

  /** Rows of its bias: a reset_after GRU's input and recurrent biases, one for the others. */
  int biasRows(Settings.Recurrent settings) {
    return this == GRU && settings.resetAfter() ? 2 : 1;
  }

  /** Values per unit it keeps per step for backward through time (the last of them is h). */
  int kept() {
    return kept;
  }

  String forwardTemplate() {
    return forwardTemplate;
  }

  String backwardTemplate() {
    return backwardTemplate;
  }

  String[] attributes() {
    return attributes.clone();
  }
}
