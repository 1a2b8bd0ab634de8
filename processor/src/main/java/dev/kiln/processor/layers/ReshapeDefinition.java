package dev.kiln.processor.layers;

import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.report.Messages;
import java.util.Arrays;
import java.util.List;

/**
 * Reshape: the same values seen with another shape of the same size ({@code shape = {7, 7, 16}} for
 * an image, {@code {28, 28}} for an image of one channel, {@code {n}} for a row). Samples are stored
 * row-major, so it is a view and costs nothing.
 */
final class ReshapeDefinition extends LayerDefinition {
  ReshapeDefinition() {
    super("dev.kiln.layers.Reshape", "shape");
  }

  @Override
  public boolean isView() {
    return true;
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node input = inputs.get(0);
    int[] shape = field.integers("shape");
    if (!field.isSet("shape") || shape.length == 0) {
      field.error("shape", Messages.missingAttribute(field.name(), "Reshape", "shape",
          "the shape it gives, e.g. shape = {7, 7, 16} or shape = 784"));
      return NodeContent.plain(Shape.unknown(), new Settings.None());
    }
    if (shape.length > 3) {
      field.error("shape", Messages.reshapeRank(field.name(), shape));
      return NodeContent.plain(Shape.unknown(), new Settings.None());
    }
    if (Arrays.stream(shape).anyMatch(d -> d <= 0)) {
      field.error("shape", Messages.shapeNotPositive("Reshape", field.name(), shape));
      return NodeContent.plain(Shape.unknown(), new Settings.None());
    }
    // the shape asked for, even when the sizes disagree (reported): what follows is checked against it
    Shape target = Shape.ofInput(shape);
    if (input.shape().known() && target.size() != input.shape().size()) {
      field.error("shape", Messages.reshapeSize(field.name(), shape, input.shape().size(), Reading.source(input),
          input.shape().toString()));
    }
    return NodeContent.plain(target, new Settings.None());
  }
}
