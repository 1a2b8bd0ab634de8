package dev.kiln.processor.report;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Every error found in one model, each pinned to the element, annotation and value it is about.
 * Stages add to it and keep going; the processor prints it once and generates code only when it
 * is clean.
 */
public final class Report {
  private record Item(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {}

  private final List<Item> items = new ArrayList<>();

  public void error(String message, Element element) {
    items.add(new Item(message, element, null, null));
  }

  public void error(String message, Element element, AnnotationMirror annotation) {
    items.add(new Item(message, element, annotation, null));
  }

  public void error(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
    items.add(new Item(message, element, annotation, value));
  }

  public boolean isClean() {
    return items.isEmpty();
  }

  public void printTo(Messager messager) {
    for (Item item : items) {
      messager.printMessage(Diagnostic.Kind.ERROR, item.message, item.element, item.annotation, item.value);
    }
  }
}
