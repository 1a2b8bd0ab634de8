package dev.kiln.onnx;

import dev.kiln.engine.Window;

/**
 * A Conv's or pool's window as ONNX attributes: {@code kernel_shape}, {@code strides} and
 * {@code pads} (begin then end of each axis). Kiln keeps the top and left padding; the bottom and
 * right get what the output size needs, as Keras's SAME padding does.
 */
final class WindowAttrs {
  private WindowAttrs() {}

  /**
   * The attributes of {@code w} over an input of {@code in} (without the batch, channels last) giving
   * {@code out}; {@code overTime}: a sequence (steps, features), a window of one axis.
   */
  static Attr[] of(Window w, int[] in, int[] out, boolean overTime) {
    int padRight = end(out[overTime ? 0 : 1], w.strideWidth(), w.width(), in[overTime ? 0 : 1], w.padLeft());
    if (overTime) {
      return new Attr[] {Attr.ints("kernel_shape", w.width()), Attr.ints("strides", w.strideWidth()),
          Attr.ints("pads", w.padLeft(), padRight)};
    }
    int padBottom = end(out[0], w.strideHeight(), w.height(), in[0], w.padTop());
    return new Attr[] {Attr.ints("kernel_shape", w.height(), w.width()),
        Attr.ints("strides", w.strideHeight(), w.strideWidth()),
        Attr.ints("pads", w.padTop(), w.padLeft(), padBottom, padRight)};
  }

  /** The padding after the last input value that {@code outputs} windows need beyond it. */
  private static int end(int outputs, int stride, int window, int inputs, int begin) {
    return Math.max(0, (outputs - 1) * stride + window - inputs - begin);
  }
}
