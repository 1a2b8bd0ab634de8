package dev.kiln.processor.plan;

import dev.kiln.processor.ir.Node;

/**
 * Where the gradient of one input of a node goes, as its backward kernel needs to know.
 *
 * @param kernelName the backward kernel's name: {@code <layer>_backward}, or {@code input_gradient}
 *     when the input is the model's
 * @param purpose one line for the generated code's comments
 * @param reads what the node read: the earlier layer's activations (for its activation's derivative)
 *     or the model input
 * @param target the earlier layer's gradient buffer, or the model input's gradient (saliency)
 * @param producer the layer whose output the node read (through views), or null for the model input
 */
public record GradientEdge(String kernelName, String purpose, Arg reads, Arg target, Node producer) {
  /** Whether the input is the model's, whose gradient only saliency needs. */
  public boolean toModelInput() {
    return producer == null;
  }
}
