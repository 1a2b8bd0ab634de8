package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The non-linearity applied to a layer's output; a layer without it is linear. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Activation {
  ActivationKind value();

  /** {@link ActivationKind#LEAKY_RELU} only: the slope for negative inputs. */
  double alpha() default 0.01;
}
