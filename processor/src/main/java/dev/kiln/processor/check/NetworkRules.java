package dev.kiln.processor.check;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.processor.ir.LayerIr;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.report.Messages;
import dev.kiln.processor.report.Report;

/**
 * Stage 2: rules about how the layers fit together and with the loss. Each rule reports on the
 * field it is about and the stage goes on, so one build shows every error.
 */
public final class NetworkRules {
  private final Report report;

  public NetworkRules(Report report) {
    this.report = report;
  }

  public void check(ModelIr model) {
    if (model.layers().isEmpty()) {
      return;
    }
    LayerIr output = model.output();
    for (LayerIr layer : model.layers()) {
      if (layer != output && layer.activation() == ActivationKind.SOFTMAX) {
        report.error(Messages.softmaxNotLast(layer.name(), output.name()), layer.field());
      }
    }
    checkOutputFitsLoss(output, model.loss());
  }

  private void checkOutputFitsLoss(LayerIr output, Loss loss) {
    ActivationKind activation = output.activation();
    String name = output.name();
    switch (loss) {
      case CATEGORICAL_CROSS_ENTROPY, SPARSE_CATEGORICAL_CROSS_ENTROPY -> {
        if (activation != ActivationKind.SOFTMAX) {
          report.error(Messages.outputLoss(name, activation.toString(), loss.toString(),
              "categorical cross-entropy needs class probabilities: add @Activation(SOFTMAX) to '" + name + "'"),
              output.field());
        }
        if (output.units() == 1) {
          report.error(Messages.outputSize(name, 1, loss.toString(),
              "one output per class (at least 2); for two classes use units = 2, or 1 unit with SIGMOID and"
                  + " BINARY_CROSS_ENTROPY"), output.field());
        }
      }
      case BINARY_CROSS_ENTROPY -> {
        if (activation != ActivationKind.SIGMOID) {
          report.error(Messages.outputLoss(name, activation.toString(), loss.toString(),
              "binary cross-entropy needs a probability: use @Activation(SIGMOID) on '" + name + "'"),
              output.field());
        }
        if (output.units() > 1) {
          report.error(Messages.outputSize(name, output.units(), loss.toString(),
              "exactly 1 (the probability of the positive class); for " + output.units()
                  + " classes use SOFTMAX with SPARSE_CATEGORICAL_CROSS_ENTROPY"), output.field());
        }
      }
      case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR -> {
        if (activation == ActivationKind.SOFTMAX) {
          report.error(Messages.outputLoss(name, "SOFTMAX", loss.toString(),
              "softmax outputs are class probabilities; use CATEGORICAL_CROSS_ENTROPY, or a LINEAR output for"
                  + " regression"), output.field());
        }
      }
    }
  }
}
