package dev.kiln.engine;

import dev.kiln.cl.ClContext;
import dev.kiln.cl.ClProgram;

/**
 * A model's kernels with their arguments bound, as the generated class writes them: which buffer
 * goes to which argument, and the order a step launches them in.
 */
public interface StepKernels {
  /** Makes the kernels that read the data set read the one {@code buffers} has bound now. */
  void bindData(Buffers buffers);

  /** Forward, loss, backward and update for the current batch, then the move to the next one. */
  void enqueueTrainingStep(ClContext cl);

  /** Forward (and, with labels, the loss) for the current batch, then the move to the next one. */
  void enqueueForwardStep(ClContext cl);

  /** Forward only, for the current batch; the counters stay where they are. */
  void enqueueInferenceStep(ClContext cl);

  /** From the gradient in the last layer's delta buffer back to the input gradient buffer. */
  void enqueueInputGradientStep(ClContext cl);

  /** How the generated class makes its kernels. */
  @FunctionalInterface
  interface Factory {
    StepKernels create(ClProgram program, Buffers buffers);
  }
}
