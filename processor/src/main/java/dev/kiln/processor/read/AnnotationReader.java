package dev.kiln.processor.read;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads one annotation as written: which attributes the user set (so that ones that do not apply
 * can be rejected, and errors can point at the value), and every value with its default.
 */
final class AnnotationReader {
  private final AnnotationMirror mirror;
  private final Map<? extends ExecutableElement, ? extends AnnotationValue> explicit;
  private final Map<? extends ExecutableElement, ? extends AnnotationValue> withDefaults;

  private AnnotationReader(AnnotationMirror mirror, Elements elements) {
    this.mirror = mirror;
    this.explicit = mirror.getElementValues();
    this.withDefaults = elements.getElementValuesWithDefaults(mirror);
  }

  static Optional<AnnotationReader> find(Element element, Class<?> annotation, Elements elements) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation.getCanonicalName())) {
        return Optional.of(new AnnotationReader(mirror, elements));
      }
    }
    return Optional.empty();
  }

  AnnotationMirror mirror() {
    return mirror;
  }

  /** The attributes the user wrote, in source order. */
  List<String> explicitNames() {
    return explicit.keySet().stream().map(e -> e.getSimpleName().toString()).toList();
  }

  /** The value as written, or empty when the default applies. */
  Optional<AnnotationValue> explicitValue(String name) {
    return explicit.entrySet().stream()
        .filter(e -> e.getKey().getSimpleName().contentEquals(name))
        .map(e -> (AnnotationValue) e.getValue())
        .findFirst();
  }

  /** Where an error about {@code name} belongs: the value if written, else the whole annotation. */
  AnnotationValue valueForError(String name) {
    return explicitValue(name).orElse(null);
  }

  private AnnotationValue value(String name) {
    return withDefaults.entrySet().stream()
        .filter(e -> e.getKey().getSimpleName().contentEquals(name))
        .map(e -> (AnnotationValue) e.getValue())
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no attribute " + name + " on " + mirror));
  }

  int intValue(String name) {
    return ((Number) value(name).getValue()).intValue();
  }

  double doubleValue(String name) {
    return ((Number) value(name).getValue()).doubleValue();
  }

  boolean booleanValue(String name) {
    return (Boolean) value(name).getValue();
  }

  <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    VariableElement constant = (VariableElement) value(name).getValue();
    return Enum.valueOf(type, constant.getSimpleName().toString());
  }

  <E extends Enum<E>> E[] enumArray(String name, Class<E> type) {
    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> values = (List<? extends AnnotationValue>) value(name).getValue();
    @SuppressWarnings("unchecked")
    E[] array = (E[]) java.lang.reflect.Array.newInstance(type, values.size());
    for (int i = 0; i < array.length; i++) {
      array[i] = Enum.valueOf(type, ((VariableElement) values.get(i).getValue()).getSimpleName().toString());
    }
    return array;
  }

  String stringValue(String name) {
    return (String) value(name).getValue();
  }

  String[] stringArray(String name) {
    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> values = (List<? extends AnnotationValue>) value(name).getValue();
    return values.stream().map(v -> (String) v.getValue()).toArray(String[]::new);
  }

  int[] intArray(String name) {
    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> values = (List<? extends AnnotationValue>) value(name).getValue();
    return values.stream().mapToInt(v -> ((Number) v.getValue()).intValue()).toArray();
  }
}
