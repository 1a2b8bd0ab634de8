package dev.kiln.processor.layers;

import dev.kiln.processor.ir.Node;

/**
 * The model's input: samples as the data set gives them. It owns no buffer of the model's (the bound
 * data set is its storage) and no kernel; the layers that read it read the data set through the
 * pass's visiting order.
 */
final class InputDefinition extends LayerDefinition {
  InputDefinition() {
    super("dev.kiln.layers.Input");
  }

  @Override
  public NodeContent read(FieldReading field, Node input) {
    throw new IllegalStateException("the model input is declared by @Model(input = ...), not read from a field");
  }
}
