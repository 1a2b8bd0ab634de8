package dev.kiln;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Writes a model in another framework's format. Each format lives in a module of its own, found on
 * the class path ({@link ServiceLoader}), so that the runtime does not carry what only some users
 * need: {@code dev.kiln:kiln-onnx} provides "onnx" ({@link CompiledModel#exportOnnx}).
 */
public interface ModelExport {
  /** The format's name: "onnx". */
  String format();

  /** Writes {@code model}, with its weights as they are now, to {@code file}. */
  void write(CompiledModel model, Path file);

  /** The export to {@code format}; a KilnException naming {@code artifact} when it is not on the class path. */
  static ModelExport of(String format, String artifact) {
    for (ModelExport export : ServiceLoader.load(ModelExport.class, ModelExport.class.getClassLoader())) {
      if (export.format().equals(format)) {
        return export;
      }
    }
    throw new KilnException("exporting to " + format + " needs the " + artifact + " module on the class path: add"
        + " the dependency <groupId>" + artifact.substring(0, artifact.indexOf(':')) + "</groupId><artifactId>"
        + artifact.substring(artifact.indexOf(':') + 1) + "</artifactId> to your build");
  }
}
