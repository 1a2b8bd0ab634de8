package dev.kiln.processor.read;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.layers.FieldReading;
import dev.kiln.processor.report.Messages;
import dev.kiln.processor.report.Report;
import java.util.Optional;
import javax.lang.model.element.VariableElement;

/** A layer field as the definitions read it: its {@code @Layer} and {@code @Activation}, reporting into the model's report. */
final class AnnotatedField implements FieldReading {
  private final VariableElement field;
  private final AnnotationReader layer;
  private final Optional<AnnotationReader> activation;
  private final Report report;
  private final int modelBatch;

  AnnotatedField(VariableElement field, AnnotationReader layer, Optional<AnnotationReader> activation, Report report,
                 int modelBatch) {
    this.field = field;
    this.layer = layer;
    this.activation = activation;
    this.report = report;
    this.modelBatch = modelBatch;
  }

  @Override
  public String name() {
    return field.getSimpleName().toString();
  }

  @Override
  public int modelBatch() {
    return modelBatch;
  }

  @Override
  public boolean isSet(String attribute) {
    return layer.explicitValue(attribute).isPresent();
  }

  @Override
  public int integer(String attribute) {
    return layer.intValue(attribute);
  }

  @Override
  public double real(String attribute) {
    return layer.doubleValue(attribute);
  }

  @Override
  public boolean flag(String attribute) {
    return layer.booleanValue(attribute);
  }

  @Override
  public int[] integers(String attribute) {
    return layer.intArray(attribute);
  }

  @Override
  public <E extends Enum<E>> E choice(String attribute, Class<E> type) {
    return layer.enumValue(attribute, type);
  }

  @Override
  public boolean hasActivation() {
    return activation.isPresent();
  }

  /** The activation as written; alpha on anything but a leaky ReLU, or not a finite number, is reported. */
  @Override
  public Activation activation() {
    ActivationKind function = activation.map(a -> a.enumValue("value", ActivationKind.class))
        .orElse(ActivationKind.LINEAR);
    double alpha = activation.map(a -> a.doubleValue("alpha")).orElse(Activation.LINEAR.alpha());
    if (activation.isPresent() && function != ActivationKind.LEAKY_RELU
        && activation.get().explicitValue("alpha").isPresent()) {
      report.error(Messages.alphaNotApplicable(name(), function.name(), alpha), field, activation.get().mirror(),
          activation.get().valueForError("alpha"));
    } else if (!Double.isFinite(alpha)) {
      report.error(Messages.alphaNotFinite(name(), alpha), field, activation.get().mirror(),
          activation.get().valueForError("alpha"));
    }
    return new Activation(function, alpha);
  }

  @Override
  public void error(String message) {
    report.error(message, field);
  }

  /** Not when {@code attribute} is missing because its counterpart was written instead: that was reported. */
  @Override
  public void error(String attribute, String message) {
    if (!isSet(attribute) && Counterparts.of(attribute).filter(this::isSet).isPresent()) {
      return;
    }
    report.error(message, field, layer.mirror(), layer.valueForError(attribute));
  }
}
