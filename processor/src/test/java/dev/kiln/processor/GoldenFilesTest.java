package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The exact text Kiln generates for one small model, Java and OpenCL C, byte for byte: a change to the
 * emitter shows up here as a diff to read, not only as a behaviour change.
 *
 * <p>After an intended change, regenerate the golden files and review their diff:
 * <pre>mvn -o -pl processor test -Dtest=GoldenFilesTest -Dkiln.updateGolden=true</pre>
 * With {@code kiln.updateGolden=true} the test writes the files under src/test/resources/golden/
 * instead of comparing.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of(System.getProperty("basedir", "."), "src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("kiln.updateGolden");

  private static final JavaFileObject TINY = source("Tiny",
      "@Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 8)",
      "abstract class Tiny {",
      "  @Layer(units = 3) @Activation(RELU) Dense hidden;",
      "  @Layer(units = 2) @Activation(SOFTMAX) Dense out;",
      "}");

  @Test
  void tinyCompiledJava() throws IOException {
    Compilation compilation = compile(TINY);
    assertThat(compilation).succeeded();
    String golden = golden("TinyCompiled.java.txt", Models.generatedJava(compilation, "Tiny"));
    assertThat(compilation).generatedSourceFile("test.TinyCompiled").contentsAsUtf8String().isEqualTo(golden);
  }

  @Test
  void tinyKernels() throws IOException {
    Compilation compilation = compile(TINY);
    assertThat(compilation).succeeded();
    String golden = golden("Tiny.cl.txt", Models.generatedKernels(compilation, "Tiny"));
    assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, "test", "Tiny.cl")
        .contentsAsUtf8String().isEqualTo(golden);
  }

  /** The golden text; in update mode, {@code generated} is written as the new golden text first. */
  private static String golden(String name, String generated) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, generated, StandardCharsets.UTF_8);
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
