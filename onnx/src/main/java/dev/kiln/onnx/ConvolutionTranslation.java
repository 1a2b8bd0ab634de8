package dev.kiln.onnx;

import dev.kiln.engine.NodeKind;
import dev.kiln.engine.NodeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Conv2D and Conv1D as ONNX {@code Conv}, between transposes to channels-first and back; the kernel,
 * {@code [height][width][channels][filters]} (Conv1D {@code [k][channels][filters]}) as Keras keeps
 * it, rearranged to ONNX's {@code [filters][channels][height][width]}.
 */
final class ConvolutionTranslation implements NodeTranslation {
  @Override
  public String write(NodeSpec node, Export export) {
    OnnxGraph graph = export.graph();
    boolean overTime = node.kind() == NodeKind.CONV1D;
    int[] in = node.inputShape();
    int channels = in[in.length - 1];
    int filters = node.units();
    int window = overTime ? node.window().width() : node.window().height() * node.window().width();
    long[] dims = overTime ? new long[] {filters, channels, node.window().width()}
        : new long[] {filters, channels, node.window().height(), node.window().width()};
    List<String> inputs = new ArrayList<>();
    inputs.add(Layouts.channelsFirst(export.input(node, 0), in.length + 1, node.name(), graph));
    inputs.add(export.parameter(node, "kernel", "_filters_first", k -> filtersFirst(k, window, channels, filters),
        dims));
    if (export.has(node, "bias")) {
      inputs.add(export.parameter(node, "bias"));
    }
    String y = graph.node("Conv", node.name(), inputs, WindowAttrs.of(node.window(), in, node.outputShape(), overTime));
    y = Layouts.channelsLast(y, in.length + 1, node.name(), graph);
    return Activations.apply(node.activation(), node.alpha(), y, node.name(), graph);
  }

  /** {@code [window][channels][filters]} to {@code [filters][channels][window]}. */
  private static float[] filtersFirst(float[] kernel, int window, int channels, int filters) {
    float[] w = new float[kernel.length];
    for (int p = 0; p < window; p++) {
      for (int c = 0; c < channels; c++) {
        for (int f = 0; f < filters; f++) {
          w[(f * channels + c) * window + p] = kernel[(p * channels + c) * filters + f];
        }
      }
    }
    return w;
  }
}
