package dev.kiln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Without the kiln-onnx module on the class path (as here), exporting says which dependency to add. */
class ModelExportTest {
  @Test
  void aMissingFormatNamesTheModuleToAdd() {
    KilnException missing = assertThrows(KilnException.class, () -> ModelExport.of("onnx", "dev.kiln:kiln-onnx"));
    assertEquals("exporting to onnx needs the dev.kiln:kiln-onnx module on the class path: add the dependency"
        + " <groupId>dev.kiln</groupId><artifactId>kiln-onnx</artifactId> to your build", missing.getMessage());
  }
}
