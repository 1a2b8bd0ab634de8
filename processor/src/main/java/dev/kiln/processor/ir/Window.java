package dev.kiln.processor.ir;

/**
 * A Conv2D's or pool's window over its input image, with the padding SAME adds above and to the
 * left (the bottom and right get the rest, as in TensorFlow).
 */
public record Window(int height, int width, int strideHeight, int strideWidth, int padTop, int padLeft) {
  /** The output size along one axis, and the padding before it, for an input of {@code size}. */
  record Axis(int out, int padBefore) {}

  /** VALID: windows wholly inside; SAME: ceil(size / stride) outputs over zero padding. */
  static Axis axis(int size, int window, int stride, boolean same) {
    if (!same) {
      return new Axis(size < window ? 0 : (size - window) / stride + 1, 0);
    }
    int out = (size + stride - 1) / stride;
    int padTotal = Math.max((out - 1) * stride + window - size, 0);
    return new Axis(out, padTotal / 2);
  }

  /** The window placed over an input of {@code height x width}, and the output size it gives. */
  public static Placed place(int height, int width, int kernelHeight, int kernelWidth, int strideHeight,
                             int strideWidth, boolean same) {
    Axis rows = axis(height, kernelHeight, strideHeight, same);
    Axis columns = axis(width, kernelWidth, strideWidth, same);
    return new Placed(new Window(kernelHeight, kernelWidth, strideHeight, strideWidth, rows.padBefore(),
        columns.padBefore()), rows.out(), columns.out());
  }

  /** A window and the output height and width it gives. */
  public record Placed(Window window, int outHeight, int outWidth) {}
}
