package dev.kiln.processor.check;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.processor.ir.LayerIr;
import dev.kiln.processor.ir.LayerKind;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.report.Messages;
import dev.kiln.processor.report.Report;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Stage 2: rules about how the layers fit together and with the loss. Each rule reports on the
 * value it is about ({@code SOFTMAX} in {@code @Activation(SOFTMAX)}, {@code 3} in
 * {@code @Layer(units = 3)}), or on the field when the user did not write one, and the stage goes
 * on, so one build shows every error.
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
    if (output.kind() != LayerKind.DENSE) {
      report.error(Messages.outputNotDense(output.name(), output.kind().simpleName()), output.field());
      return;
    }
    for (LayerIr layer : model.layers()) {
      if (layer != output && layer.activation() == ActivationKind.SOFTMAX) {
        errorAt(Messages.softmaxNotLast(layer.name(), output.name()), layer, Activation.class, "value");
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
          errorAt(Messages.outputLoss(name, activation.toString(), loss.toString(),
              "categorical cross-entropy needs class probabilities: add @Activation(SOFTMAX) to '" + name + "'"),
              output, Activation.class, "value");
        }
        if (output.units() == 1) {
          errorAt(Messages.outputSize(name, 1, loss.toString(),
              "one output per class (at least 2); for two classes use units = 2, or 1 unit with SIGMOID and"
                  + " BINARY_CROSS_ENTROPY"), output, Layer.class, "units");
        }
      }
      case BINARY_CROSS_ENTROPY -> {
        if (activation != ActivationKind.SIGMOID) {
          errorAt(Messages.outputLoss(name, activation.toString(), loss.toString(),
              "binary cross-entropy needs a probability: use @Activation(SIGMOID) on '" + name + "'"),
              output, Activation.class, "value");
        }
        if (output.units() > 1) {
          errorAt(Messages.outputSize(name, output.units(), loss.toString(),
              "exactly 1 (the probability of the positive class); for " + output.units()
                  + " classes use SOFTMAX with SPARSE_CATEGORICAL_CROSS_ENTROPY"), output, Layer.class, "units");
        }
      }
      case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR -> {
        if (activation == ActivationKind.SOFTMAX) {
          errorAt(Messages.outputLoss(name, "SOFTMAX", loss.toString(),
              "softmax outputs are class probabilities; use CATEGORICAL_CROSS_ENTROPY, or a LINEAR output for"
                  + " regression"), output, Activation.class, "value");
        }
      }
    }
  }

  /** Reports on {@code @annotation(attribute = ...)} of the layer's field if written, else on the field. */
  private void errorAt(String message, LayerIr layer, Class<?> annotation, String attribute) {
    for (AnnotationMirror mirror : layer.field().getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation.getCanonicalName())) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> value
            : mirror.getElementValues().entrySet()) {
          if (value.getKey().getSimpleName().contentEquals(attribute)) {
            report.error(message, layer.field(), mirror, value.getValue());
            return;
          }
        }
      }
    }
    report.error(message, layer.field());
  }
}
