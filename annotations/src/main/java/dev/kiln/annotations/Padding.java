package dev.kiln.annotations;

/** How a convolution or pooling window treats the image's border, as in Keras. */
public enum Padding {
  /** No padding: windows lie wholly inside the image, so the output shrinks by the window size - 1. */
  VALID,
  /**
   * Zero padding (pooling ignores it) so that the output has ceil(input / stride) positions; an odd
   * padding puts the extra row or column at the bottom or right, as TensorFlow does.
   */
  SAME
}
