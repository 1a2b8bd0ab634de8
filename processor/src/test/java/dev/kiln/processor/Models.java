package dev.kiln.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Test models and the compiler that compiles them: each model is {@code test.Net} (or the name given)
 * with the same few imports in front of the lines a test writes, so a test shows only its model.
 */
final class Models {
  /** What every test model starts with; a test's own lines follow. */
  static final List<String> HEADER = List.of(
      "package test;",
      "",
      "import static dev.kiln.annotations.ActivationKind.*;",
      "",
      "import dev.kiln.annotations.*;",
      "import dev.kiln.layers.*;",
      "");

  private Models() {}

  /** {@code test.<name>}: the header, then {@code lines}. */
  static JavaFileObject source(String name, String... lines) {
    List<String> all = new ArrayList<>(HEADER);
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("test." + name, all);
  }

  /** {@code test.Net}: the header, then {@code lines}. */
  static JavaFileObject net(String... lines) {
    return source("Net", lines);
  }

  /** Runs javac with Kiln's processors (and no other) on {@code sources}, as its service file registers them. */
  static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new KilnProcessor(), new LocalModelCheck()).compile(sources);
  }

  /** Compiles {@code source} and checks that its one error contains every part, on the given line. */
  static void assertOnlyError(JavaFileObject source, String line, String... parts) {
    assertOnlyError(compile(source), source, line, parts);
  }

  /** Checks that {@code compilation}'s one error contains every part, in {@code source} on the given line. */
  static void assertOnlyError(Compilation compilation, JavaFileObject source, String line, String... parts) {
    CompilationSubject.assertThat(compilation).hadErrorCount(1);
    for (String part : parts) {
      CompilationSubject.assertThat(compilation).hadErrorContaining(part).inFile(source).onLineContaining(line);
    }
  }

  /** Compiles {@code test.Net} made of {@code lines}. */
  static Compilation compile(String... lines) {
    return compile(net(lines));
  }

  /** The text of the generated {@code test.<name>Compiled}. */
  static String generatedJava(Compilation compilation, String name) {
    return contents(compilation.generatedSourceFile("test." + name + "Compiled"), name + "Compiled.java");
  }

  /** The text of the generated {@code test/<name>.cl}. */
  static String generatedKernels(Compilation compilation, String name) {
    return contents(compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "test", name + ".cl"), name + ".cl");
  }

  private static String contents(Optional<JavaFileObject> file, String what) {
    assertWithMessage("Kiln generated %s", what).that(file.isPresent()).isTrue();
    try {
      return file.get().getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
