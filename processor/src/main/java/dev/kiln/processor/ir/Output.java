package dev.kiln.processor.ir;

import dev.kiln.annotations.Loss;

/**
 * One of the model's outputs: its node, the loss it is trained with, its weight in the total loss
 * (the sum of weight times loss over the outputs), and where its labels start in a label row (the
 * outputs' labels sit side by side, in the outputs' order).
 *
 * @param main whether it is the model's output, the last field: its metric is the one reported
 */
public record Output(Node node, Loss loss, double weight, int labelColumn, boolean main) {
  /** Values per sample in its label: 1 for an integer class, none without a loss, else its width. */
  public int labelWidth() {
    return labelWidth(node, loss);
  }

  public static int labelWidth(Node node, Loss loss) {
    return switch (loss) {
      case SPARSE_CATEGORICAL_CROSS_ENTROPY -> 1;
      case NONE -> 0;
      default -> node.shape().size();
    };
  }
}
