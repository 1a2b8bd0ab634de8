package dev.kiln.processor.layers;

import dev.kiln.processor.emit.Defines;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.ir.Window;

/**
 * The image and window sizes the convolution and pooling templates take; a flat output is one pixel,
 * a sequence (steps, features) a row of {@code steps} pixels of {@code features} channels.
 */
final class ImageDefines {
  private ImageDefines() {}

  static void write(Node node, Window w, Defines d) {
    Shape in = node.input().shape();
    Shape out = node.shape();
    d.define("IN_H", in.height()).define("IN_W", in.width()).define("IN_C", in.channels())
        .define("OUT_H", out.height()).define("OUT_W", out.width())
        .define("OUT_C", out.channels())
        .define("WIN_H", w.height()).define("WIN_W", w.width())
        .define("STRIDE_H", w.strideHeight()).define("STRIDE_W", w.strideWidth())
        .define("PAD_TOP", w.padTop()).define("PAD_LEFT", w.padLeft());
  }
}
