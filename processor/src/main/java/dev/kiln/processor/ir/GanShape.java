package dev.kiln.processor.ir;

import dev.kiln.processor.layers.NodeKind;
import java.util.List;
import java.util.Optional;

/**
 * A model shaped as a GAN's combined model: its one input feeds a trainable part (the generator),
 * whose output, reshaped or not, feeds a frozen part of one output value (the discriminator). Such
 * a model's generated class gets {@code adversarialStep}, a whole GAN iteration on the device.
 */
public record GanShape(Part generator, Part discriminator) {
  public static Optional<GanShape> of(ModelGraph model) {
    List<Part> parts = model.parts();
    if (parts.size() != 2 || model.inputs().size() != 1 || model.outputs().size() != 1) {
      return Optional.empty();
    }
    Part generator = parts.get(0);
    Part discriminator = parts.get(1);
    Node output = model.output();
    if (generator.frozen() || !discriminator.frozen() || !model.partOf(output).equals(Optional.of(discriminator))
        || output.shape().size() != 1) {
      return Optional.empty();
    }
    for (Node node : model.nodes()) {
      boolean between = !node.kind().isInput() && model.partOf(node).isEmpty();
      if (between && node.kind() != NodeKind.RESHAPE) {
        return Optional.empty();
      }
      if (node.kind().isInput() && model.consumers(node).stream().anyMatch(c -> !model.partOf(c).equals(
          Optional.of(generator)))) {
        return Optional.empty();
      }
    }
    return Optional.of(new GanShape(generator, discriminator));
  }
}
