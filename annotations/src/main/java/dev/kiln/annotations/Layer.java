package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link Model} class as a layer, or as one of the model's inputs. The field's
 * type says which it is ({@code dev.kiln.layers.Dense}, {@code Conv2D}, {@code Input}, ...); this
 * annotation holds its attributes. A layer reads the field declared before it, or the earlier
 * fields {@link #from()} names; fields are declared in the order data flows. Images are
 * channels-last, as in Keras: {@code shape = {28, 28, 1}} (height, width, channels; {@code {28, 28}}
 * means one channel). Setting an attribute that does not apply to the field's type is a compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Layer {
  /**
   * The earlier fields this one reads, by name: one for a layer, two or more for a merge
   * (Concatenate, Add, Subtract, Multiply, Average, Dot). Without it, the field declared just before.
   */
  String[] from() default {};

  /**
   * Dense or Conv2D: the earlier field of the same kind whose weights this one uses too, a layer
   * shared by two inputs (as in a Siamese network). It takes that layer's settings (units, or
   * filters, window, stride and padding; bias; activation), and must read an input of the same
   * shape; training sums the gradients of both uses.
   */
  String shares() default "";

  /**
   * Makes this layer one of the model's outputs, trained with this loss (the last field is always
   * an output, with {@link Model#loss()} unless it names its own): a model with two outputs, each
   * with its own loss, as Keras allows. Written as one value, {@code loss = Loss.BINARY_CROSS_ENTROPY}.
   */
  Loss[] loss() default {};

  /** An output's weight in the total loss, {@code sum of weight * loss} over the outputs. */
  double lossWeight() default 1.0;

  /**
   * Whether training updates this layer's weights; {@code false} freezes them (Keras's
   * {@code trainable = False}), for a layer with weights or a model used as a layer. A frozen layer
   * still passes gradients to the layers before it, but the training step has no weight-gradient or
   * optimizer kernels for it, so its weights stay exactly as they were.
   */
  boolean trainable() default true;

  /** Dense: the number of outputs. Embedding: the length of each vector. */
  int units() default 0;

  /** Input: the shape of one sample, e.g. {@code {784}} or {@code {28, 28, 1}}. Reshape: the shape it gives. */
  int[] shape() default {};

  /** Input: whether it holds integer indices (for an Embedding) rather than float features. */
  boolean indices() default false;

  /** Embedding: how many distinct indices it has a vector for; inputs are 0 .. vocabulary - 1. */
  int vocabulary() default 0;

  /** Dot: whether both vectors are scaled to length 1 first, which gives their cosine similarity. */
  boolean normalize() default false;

  /** Dense and Conv2D: whether a bias vector is added. */
  boolean bias() default true;

  /**
   * LSTM: whether it gives its output at every step, a sequence (steps, units), for another
   * recurrent layer to read; by default only the last step's, (units), as Keras does.
   */
  boolean returnSequences() default false;

  /**
   * Embedding: whether index 0 is padding, as Keras's mask_zero: an LSTM reading its vectors skips
   * those steps, carrying its state through them, so where the padding is does not change the result.
   * Index 0 then means no word; a Tokenizer never gives it to one.
   */
  boolean maskZero() default false;

  /** LSTM: whether it reads its input sequence from the last step to the first (Keras's go_backwards). */
  boolean goBackwards() default false;

  /**
   * LSTM: the activation of its gates (input, forget and output); {@code @Activation} on the field sets
   * the one of its candidate and its output, tanh unless written.
   */
  ActivationKind recurrentActivation() default ActivationKind.SIGMOID;

  /** LSTM: whether the forget gate's bias starts at 1 rather than 0 (Keras's unit_forget_bias). */
  boolean unitForgetBias() default true;

  /**
   * GRU: whether the reset gate applies to the recurrent part of the candidate, after its product
   * with the recurrent kernel (Keras's reset_after, its default and cuDNN's form), with an input and
   * a recurrent bias ({@code [2][3 units]}); false applies it to the state before that product,
   * {@code g = CELL(x W_g + (r h) R_g + b_g)} (the original GRU), with one bias ({@code [3 units]}).
   */
  boolean resetAfter() default true;

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
