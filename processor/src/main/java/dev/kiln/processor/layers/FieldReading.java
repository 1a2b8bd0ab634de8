package dev.kiln.processor.layers;

import dev.kiln.processor.ir.Activation;

/**
 * One layer field as a kind's definition reads it: its {@code @Layer} attributes as written (or
 * their defaults), its {@code @Activation}, and where to report what is wrong. Errors about an
 * attribute land on its value when the user wrote it, else on the annotation.
 */
public interface FieldReading {
  /** The field's name. */
  String name();

  /** The model's compiled batch. */
  int modelBatch();

  /** Whether the user wrote {@code attribute}. */
  boolean isSet(String attribute);

  int integer(String attribute);

  double real(String attribute);

  boolean flag(String attribute);

  int[] integers(String attribute);

  <E extends Enum<E>> E choice(String attribute, Class<E> type);

  /** Whether the field has {@code @Activation}. */
  boolean hasActivation();

  /** The activation as written, LINEAR without {@code @Activation}. */
  Activation activation();

  /** Reports {@code message} on the field. */
  void error(String message);

  /** Reports {@code message} on {@code attribute}'s value if written, else on the {@code @Layer} annotation. */
  void error(String attribute, String message);
}
