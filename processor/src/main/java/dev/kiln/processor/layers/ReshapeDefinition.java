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
    if (!field.isSet("shape") || shape.length == 0 || shape.length > 3 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
      field.error("shape", Messages.positiveSize(field.name(), "Reshape", "shape", shape.length == 0 ? 0
          : Arrays.stream(shape).min().orElse(0), "give the shape it makes, e.g. shape = {7, 7, 16} or shape = 784"));
      return NodeContent.plain(input.shape(), new Settings.None());
    }
    Shape target = Shape.ofInput(shape);
    if (target.size() != input.shape().size()) {
      field.error("shape", Messages.reshapeSize(field.name(), shape, input.shape().size(), Reading.source(input),
          input.shape().toString()));
      return NodeContent.plain(input.shape(), new Settings.None());
    }
    return NodeContent.plain(target, new Settings.None());
  }
}
