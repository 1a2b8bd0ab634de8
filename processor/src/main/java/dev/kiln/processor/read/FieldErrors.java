package dev.kiln.processor.read;

import dev.kiln.processor.check.NodeErrors;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.report.Report;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/** Where each node of a model was declared, so that rules about the graph report on the right field and value. */
final class FieldErrors implements NodeErrors {
  private final Report report;
  private final TypeElement model;
  private final Map<Node, VariableElement> fields = new HashMap<>();

  FieldErrors(Report report, TypeElement model) {
    this.report = report;
    this.model = model;
  }

  void declare(Node node, VariableElement field) {
    fields.put(node, field);
  }

  @Override
  public void error(Node node, String message) {
    VariableElement field = fields.get(node);
    report.error(message, field == null ? model : field);
  }

  @Override
  public void error(Node node, Class<?> annotation, String attribute, String message) {
    VariableElement field = fields.get(node);
    if (field == null) { // the model input, declared on the class
      report.error(message, model);
      return;
    }
    for (AnnotationMirror mirror : field.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation.getCanonicalName())) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> value
            : mirror.getElementValues().entrySet()) {
          if (value.getKey().getSimpleName().contentEquals(attribute)) {
            report.error(message, field, mirror, value.getValue());
            return;
          }
        }
      }
    }
    report.error(message, field);
  }
}
