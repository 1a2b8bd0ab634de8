package dev.kiln.processor.plan;

import dev.kiln.processor.ir.ModelGraph;
import java.util.List;

/**
 * What the planner decided: the model's kernels and the order in which a training step, a forward
 * step (evaluation: forward, loss, move on), an inference step (forward only) and an input-gradient
 * step (from the output's gradient back to the input, for saliency) launch them.
 *
 * @param extraGradients values per sample of each extra gradient buffer: where the readers of a node
 *     read by several put their gradients, before a sum adds them to the node's own
 */
public record KernelPlan(ModelGraph model, List<Kernel> kernels, List<Kernel> trainingStep, List<Kernel> forwardStep,
                         List<Kernel> inferenceStep, List<Kernel> inputGradientStep, List<Integer> extraGradients) {
  /** The kernel that carries the gradient from the first layer to the model's input. */
  public static final String INPUT_GRADIENT = "input_gradient";
  /** The kernel that writes the L2 term of the loss when a training pass ends (models with weight decay). */
  public static final String L2_PENALTY = "l2_penalty";
}
