package dev.kiln.processor.layers;

import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.report.Messages;
import java.util.List;

/**
 * Dropout: a view of the layer it reads, whose stored output that layer's forward kernel masks in
 * training (and scales by 1 / (1 - rate)); the next layer's backward kernel regenerates the mask
 * from the same counter-based hash, so masks are never stored.
 */
final class DropoutDefinition extends LayerDefinition {
  DropoutDefinition() {
    super("dev.kiln.layers.Dropout", "rate");
  }

  @Override
  public String activationFix() {
    return "dropout only masks the previous layer's outputs; remove it";
  }

  @Override
  public boolean isView() {
    return true;
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node input = inputs.get(0);
    double rate = field.real("rate");
    if (!(rate > 0 && rate < 1)) {
      field.error("rate", Messages.dropoutRate(field.name(), rate));
    }
    Node stored = input;
    while (stored.kind().definition().isView() && !stored.kind().isDropout()) {
      stored = stored.input();
    }
    if (stored.kind().isInput()) {
      field.error(Messages.dropoutFirst(field.name()));
    } else if (input.kind().isDropout()) {
      field.error(Messages.dropoutTwice(field.name(), input.name()));
    }
    return NodeContent.plain(input.shape(), new Settings.Dropout(rate));
  }

  @Override
  public CodeBlock describe(Node node) {
    return CodeBlock.of(".rate($L)", node.settings(Settings.Dropout.class).rate());
  }
}
