package dev.kiln.processor.layers;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.ir.Window;

/** A window as the model's description gives it to the runtime: {@code .window(new Window(...))}. */
final class WindowCode {
  private static final ClassName WINDOW = ClassName.get("dev.kiln.engine", "Window");

  private WindowCode() {}

  static CodeBlock of(Window w) {
    return CodeBlock.of(".window(new $T($L, $L, $L, $L, $L, $L))", WINDOW, w.height(), w.width(), w.strideHeight(),
        w.strideWidth(), w.padTop(), w.padLeft());
  }
}
