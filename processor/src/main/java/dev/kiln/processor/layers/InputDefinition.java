package dev.kiln.processor.layers;

import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.report.Messages;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A model input: samples as the data set gives them, float features or integer indices. Several
 * inputs sit side by side in a data set's rows, each in its own columns; an input owns no buffer of
 * the model's (the bound data set is its storage) and no kernel, and the layers that read it read
 * its columns through the pass's visiting order.
 */
final class InputDefinition extends LayerDefinition {
  InputDefinition() {
    super("dev.kiln.layers.Input", "shape", "indices");
  }

  @Override
  public Arity arity() {
    return Arity.NONE;
  }

  @Override
  public String activationFix() {
    return "an input has no activation; put it on the layer that reads the input";
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    int[] shape = field.integers("shape");
    boolean indices = field.flag("indices");
    boolean wrong = true;
    if (!field.isSet("shape") || shape.length == 0) {
      field.error("shape", Messages.inputShapeMissing(field.name()));
    } else if (Arrays.stream(shape).anyMatch(d -> d <= 0)) {
      field.error("shape", Messages.shapeNotPositive("input", field.name(), shape));
    } else if (indices && shape.length != 1) {
      field.error("shape", Messages.indicesShape(field.name(), shape));
    } else if (shape.length > 3) {
      field.error("shape", Messages.inputRank("shape", shape));
    } else {
      wrong = false;
    }
    Shape given = wrong ? Shape.unknown() : indices ? Shape.flat(shape[0]) : Shape.ofInput(shape);
    return NodeContent.plain(given, new Settings.Input(indices, shape.clone(), true));
  }

  /** Its shape as declared, which messages and checkpoints name, and whether it holds indices. */
  @Override
  public CodeBlock describe(Node node) {
    Settings.Input input = node.settings(Settings.Input.class);
    return CodeBlock.of(".declared($L)$L", Arrays.stream(input.declared()).mapToObj(Integer::toString)
        .collect(Collectors.joining(", ")), input.indices() ? ".indices()" : "");
  }
}
