package dev.kiln;

import java.util.function.Supplier;

/**
 * The loss and metric of one {@code trainOnBatch} or {@code testOnBatch} step. The step is queued
 * when the call returns; the first read of a figure waits for the device to reach it, so a loop
 * that reads only every hundredth result keeps the device busy in between.
 */
public final class BatchResult {
  private final Supplier<Evaluation> read;
  private Evaluation evaluation;

  /** @param read waits for the step and decodes its totals; called once, on the first read */
  public BatchResult(Supplier<Evaluation> read) {
    this.read = read;
  }

  /**
   * The batch's mean loss (for a training step, before its update: the loss its gradients are of),
   * with weight decay's term when the model has one.
   */
  public double loss() {
    return evaluation().loss();
  }

  /** Accuracy for classifiers, mean absolute error for regression, over the batch. */
  public double metric() {
    return evaluation().metric();
  }

  /** Loss, metric, samples, and each output's own in a model of several outputs. */
  public synchronized Evaluation evaluation() {
    if (evaluation == null) {
      evaluation = read.get();
    }
    return evaluation;
  }

  @Override
  public String toString() {
    return evaluation().toString();
  }
}
