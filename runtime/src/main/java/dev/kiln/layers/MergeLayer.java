package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.NodeSpec;
import java.util.Arrays;
import java.util.List;

/** What the merges share: two or more inputs, one output, no parameters. */
public abstract class MergeLayer implements LayerHandle {
  private final NodeSpec spec;

  MergeLayer(NodeSpec spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return spec.name();
  }

  /** The fields it reads, in order. */
  public List<String> inputs() {
    return spec.from();
  }

  public int[] outputShape() {
    return spec.outputShape().clone();
  }

  /** None: merges have no parameters. */
  @Override
  public double[] parameters() {
    return new double[0];
  }

  @Override
  public void setParameters(double[] parameters) {
    if (parameters.length != 0) {
      throw new KilnException("layer '" + name() + "' (" + spec.type() + ") has no parameters, got "
          + parameters.length);
    }
  }

  @Override
  public String toString() {
    return name() + " (" + spec.type() + " of " + String.join(", ", spec.from()) + " -> "
        + Arrays.toString(spec.outputShape()) + ")";
  }
}
