package dev.kiln.processor.plan;

import dev.kiln.processor.ir.ModelIr;
import java.util.List;

/**
 * What the planner decided: the model's kernels and the order in which a training step, a forward
 * step (evaluation: forward, loss, move on) and an inference step (forward only) launch them.
 */
public record KernelPlan(ModelIr model, List<Kernel> kernels, List<Kernel> trainingStep, List<Kernel> forwardStep,
                         List<Kernel> inferenceStep) {}
