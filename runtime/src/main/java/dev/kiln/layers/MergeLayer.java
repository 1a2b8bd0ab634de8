package dev.kiln.layers;

import dev.kiln.engine.NodeSpec;
import java.util.Arrays;
import java.util.List;

/** What the merges share: two or more inputs, one output, no parameters. */
public abstract class MergeLayer extends ParameterlessLayer {
  MergeLayer(NodeSpec spec) {
    super(spec);
  }

  /** The fields it reads, in order. */
  public List<String> inputs() {
    return spec.from();
  }

  @Override
  public String toString() {
    return name() + " (" + spec.type() + " of " + String.join(", ", spec.from()) + " -> "
        + Arrays.toString(spec.outputShape()) + ")";
  }
}
