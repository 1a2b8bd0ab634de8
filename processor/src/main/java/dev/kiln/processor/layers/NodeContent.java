package dev.kiln.processor.layers;

import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.ir.ParameterBlock;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import java.util.List;

/** What a kind's definition reads from a field: everything a node holds besides its place in the graph. */
public record NodeContent(Shape shape, Activation activation, Settings settings, List<ParameterBlock> parameters) {
  /** A node without parameters or activation, such as a pool or a view. */
  static NodeContent plain(Shape shape, Settings settings) {
    return new NodeContent(shape, Activation.LINEAR, settings, List.of());
  }
}
