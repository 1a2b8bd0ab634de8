package dev.kiln.processor.layers;

import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.report.Messages;
import java.util.List;

/** Flatten: an image or a sequence read as one row. Samples are stored row-major already, so it is a view and costs nothing. */
final class FlattenDefinition extends LayerDefinition {
  FlattenDefinition() {
    super("dev.kiln.layers.Flatten");
  }

  @Override
  public boolean isView() {
    return true;
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node input = inputs.get(0);
    // the model input may be flat already (input = 784); a layer's flat output is a mistake worth naming
    if (input.shape().isFlat() && !input.kind().isInput()) {
      field.error(Messages.flattenPosition(field.name(), input.name()));
    }
    return NodeContent.plain(input.shape().known() ? Shape.flat(input.shape().size()) : Shape.unknown(),
        new Settings.None());
  }
}
