package dev.kiln.processor.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One kernel of a model's program with its arguments bound and its launch shape fixed.
 *
 * @param name the OpenCL kernel function, e.g. {@code hidden_forward}
 * @param layer the layer whose #defines (sizes, activation) it is built in, or -1 for step.cl's
 * @param template the opencl-kernels file it is made from, or null for step.cl's (included whole)
 * @param purpose one line for the generated code's comments
 * @param global work-items per dimension
 * @param local work-group size per dimension; always explicit (PoCL compiles a new variant per size)
 * @param defines the tile sizes its template is built with, as #define name to value
 * @param input for a backward kernel, which input of its node it carries the gradient to; else -1
 */
public record Kernel(String name, int layer, String template, String purpose, List<Arg> args, long[] global, long[] local,
                     Map<String, String> defines, int input) {
  /** A kernel that is not the gradient to one input of its node. */
  public Kernel(String name, int layer, String template, String purpose, List<Arg> args, long[] global, long[] local,
                Map<String, String> defines) {
    this(name, layer, template, purpose, args, global, local, defines, -1);
  }

  /** A register-tiled kernel of layer {@code layer}: one work-item per work-group, which PoCL runs best (see Tiles). */
  public static Kernel tiled(String name, int layer, String template, String purpose, List<Arg> args,
                             Tiles.Shape shape) {
    long[] local = new long[shape.global().length];
    Arrays.fill(local, 1);
    return new Kernel(name, layer, template, purpose, args, shape.global(), local, shape.defines());
  }
}
