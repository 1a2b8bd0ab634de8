package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an abstract class whose annotated fields are the layers of a network. Kiln's processor
 * generates {@code <ClassName>Compiled}, a subclass that owns the model's kernels.
 *
 * <p>Everything here shapes the generated kernels and is fixed at compile time. What a user tunes
 * while training (learning rate, epochs, seed, the actual batch size up to {@link #batch()}) stays a
 * run-time value.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {
  /**
   * The shape of one input sample, e.g. {@code {784}}, for a model with one input. A model with
   * several inputs declares each as a field instead: {@code @Layer(shape = 1, indices = true) Input user;}.
   */
  int[] input() default {};

  /** What training minimises: the loss of the model's output (the last field), and of any output that names none. */
  Loss loss();

  /** How weights are updated; its hyper-parameters are set at run time. */
  Optimizer optimizer() default Optimizer.ADAM;

  /** The largest batch the kernels are compiled for; smaller batches run on the same kernels. */
  int batch() default 32;

  /** The number type of weights and arithmetic; {@link Precision#DOUBLE} builds fp64 kernels. */
  Precision precision() default Precision.FLOAT;

  /** L2 weight decay: {@code l2 * sum(w^2)} of every layer's weights (not biases) is added to the loss. */
  double l2() default 0.0;
}
