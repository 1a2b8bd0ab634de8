package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link Model} class as a layer. The field's type says which layer it is
 * ({@code dev.kiln.layers.Dense}, ...); this annotation holds its size attributes. Layers run in
 * declaration order. Setting an attribute that does not apply to the field's layer type is a
 * compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Layer {
  /** Dense: the number of outputs. */
  int units() default 0;

  /** Dense: whether a bias vector is added. */
  boolean bias() default true;

  /**
   * Dropout: the fraction of the previous layer's outputs set to zero in each training step (the
   * rest are scaled by 1 / (1 - rate)); in [0, 1). Evaluation and prediction use every output.
   */
  double rate() default 0.0;
}
