package dev.kiln.processor.check;

import dev.kiln.annotations.Layer;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.ParameterBlock;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.report.Messages;
import java.util.Optional;

/**
 * Sizes the kernels and buffers can hold: Kiln's kernels index a layer's parameters, a batch of its
 * values and its workspace with 32-bit integers, so each must stay below 2^31. A size past that is
 * an error with the size it would have been, instead of a negative #define: on the attribute that
 * makes it, with the largest value that fits where the size grows in proportion to it (a Dense's
 * units, a convolution's filters, an Embedding's vocabulary); on the layer, with the largest batch
 * that fits, when the batch makes it.
 */
final class SizeLimits {
  /** The largest count a kernel indexes. */
  static final long LIMIT = Integer.MAX_VALUE;

  private final NodeErrors errors;

  SizeLimits(NodeErrors errors) {
    this.errors = errors;
  }

  void check(ModelGraph model) {
    int batch = model.batch();
    for (Node node : model.nodes()) {
      if (!node.shape().known() || node.kind().definition().isView()) {
        continue;
      }
      long parameters = node.parameters().stream().mapToLong(ParameterBlock::size).sum();
      long values = values(node.shape());
      long workspace = node.kind().definition().workspace(node, batch);
      if (parameters > LIMIT) {
        report(node, Messages.tooManyParameters(node.name(), node.kind().typeName(), parameters, LIMIT,
            fix(node, parameters)));
      } else if (values > LIMIT) {
        report(node, Messages.sampleTooLarge(node.name(), node.kind().typeName(), values, LIMIT, fix(node, values)));
      } else if (values * batch > LIMIT || workspace > LIMIT) {
        long perSample = Math.max(values, (workspace + batch - 1) / batch);
        errors.error(node, Messages.batchTooLarge(node.name(), batch, perSample, LIMIT));
      }
    }
  }

  private static long values(Shape shape) {
    return (long) shape.height() * shape.width() * shape.channels();
  }

  private void report(Node node, String message) {
    Optional<Sizing> sizing = Sizing.of(node);
    if (sizing.isPresent()) {
      errors.error(node, Layer.class, sizing.get().attribute(), message);
    } else {
      errors.error(node, message);
    }
  }

  /** "use at most N units", where the size grows in proportion to the attribute; else "make it smaller". */
  private static String fix(Node node, long size) {
    return Sizing.of(node).map(s -> "use at most " + s.value() * LIMIT / size + " " + s.attribute())
        .orElse("make it smaller");
  }

  /** The attribute a layer's sizes grow in proportion to, and its value. */
  private record Sizing(String attribute, long value) {
    static Optional<Sizing> of(Node node) {
      return switch (node.kind()) {
        case DENSE -> Optional.of(new Sizing("units", node.shape().channels()));
        case CONV2D, CONV1D -> Optional.of(new Sizing("filters", node.shape().channels()));
        case EMBEDDING -> Optional.of(new Sizing("vocabulary", node.settings(Settings.Embedding.class).vocabulary()));
        default -> Optional.empty();
      };
    }
  }
}
