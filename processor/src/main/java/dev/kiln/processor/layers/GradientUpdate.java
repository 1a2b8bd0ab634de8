package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.GRADIENT;
import static dev.kiln.processor.plan.Arg.Source.HYPER;
import static dev.kiln.processor.plan.Arg.Source.PARAMS;
import static dev.kiln.processor.plan.Arg.Source.STATE;

import dev.kiln.processor.ir.Node;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.Tiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer's update of a layer's parameters from a gradient summed in its gradient buffer
 * (gradient_update.cl): an embedding's table, or a layer used from several places.
 */
final class GradientUpdate {
  /** Vectors of 16 parameters one work-item takes. */
  private static final int VECTORS = 64;

  private GradientUpdate() {}

  /**
   * @param sparse whether, under SGD without momentum, the gradient's rows were applied already
   *     (an embedding's scatter kernel does so), so the update has nothing left to do
   */
  static Kernel of(Node layer, String what, boolean sparse) {
    Map<String, String> defines = new LinkedHashMap<>();
    defines.put("GRAD_VECTORS", Integer.toString(VECTORS));
    defines.put("DECAYED", Integer.toString(layer.weightCount()));
    if (sparse) {
      defines.put("SPARSE_SGD", "");
    }
    int l = layer.layer();
    return new Kernel(layer.kernelPrefix() + "_update", l, "gradient_update.cl", layer.name() + ": " + what,
        List.of(Arg.of(COUNTERS), Arg.of(HYPER), Arg.of(GRADIENT, l), Arg.of(PARAMS, l), Arg.of(STATE, l)),
        new long[] {Tiles.ceil(layer.parameterCount(), 16 * VECTORS)}, new long[] {1}, defines);
  }
}
