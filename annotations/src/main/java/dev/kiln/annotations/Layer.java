package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link Model} class as a layer. The field's type says which layer it is
 * ({@code dev.kiln.layers.Dense}, {@code Conv2D}, ...); this annotation holds its size attributes.
 * Layers run in declaration order. Images are channels-last, as in Keras: {@code input = {28, 28, 1}}
 * (height, width, channels; {@code {28, 28}} means one channel). Setting an attribute that does not
 * apply to the field's layer type is a compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Layer {
  /** Dense: the number of outputs. */
  int units() default 0;

  /** Dense and Conv2D: whether a bias vector is added. */
  boolean bias() default true;

  /**
   * Dropout: the fraction of the previous layer's outputs set to zero in each training step (the
   * rest are scaled by 1 / (1 - rate)); in [0, 1). Evaluation and prediction use every output.
   */
  double rate() default 0.0;

  /** Conv2D: the number of filters, which is the number of output channels. */
  int filters() default 0;

  /** Conv2D: the window's height and width, {@code {3, 3}}, or one number for a square window. */
  int[] kernel() default {};

  /** MaxPool2D and AvgPool2D: the window's height and width, or one number for a square window. */
  int[] pool() default {2, 2};

  /**
   * Conv2D, MaxPool2D, AvgPool2D: the step between windows, as height and width or one number.
   * Convolutions default to 1, pools to their window size.
   */
  int[] stride() default {};

  /** Conv2D, MaxPool2D, AvgPool2D: VALID (no padding) or SAME. */
  Padding padding() default Padding.VALID;

  /**
   * BatchNormalization: how much of the running mean and variance each training step keeps
   * ({@code running = momentum * running + (1 - momentum) * batch}), in [0, 1); Keras's default.
   */
  double momentum() default 0.99;

  /** BatchNormalization: added to the variance before its square root; Keras's default. */
  double epsilon() default 0.001;
}
