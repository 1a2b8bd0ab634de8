package dev.kiln.processor.read;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationValue;

/**
 * Attributes that mean for one kind of layer what another attribute means for another: a Dense's
 * units are a Conv2D's filters, a pool's window is a convolution's kernel. Written on the wrong
 * kind, one is reported with its counterpart as the fix, and the counterpart is not reported missing
 * as well: it is one mistake.
 */
final class Counterparts {
  private static final Map<String, String> OF = Map.of("units", "filters", "filters", "units",
      "kernel", "pool", "pool", "kernel");

  private Counterparts() {}

  static Optional<String> of(String attribute) {
    return Optional.ofNullable(OF.get(attribute));
  }

  /** A value as the user would write it again: {@code 2} for javac's {@code {2}}. */
  static String written(AnnotationValue value) {
    return value.getValue() instanceof List<?> list && list.size() == 1 ? list.get(0).toString() : value.toString();
  }
}
