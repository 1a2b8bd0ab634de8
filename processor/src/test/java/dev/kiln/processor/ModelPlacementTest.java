package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.assertOnlyError;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.net;
import static dev.kiln.processor.Models.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Model classes Kiln cannot subclass from where they are written: declared in a method, in a file
 * named after another class, or built by a constructor that throws a checked exception. Each is one
 * error on the class or constructor, and its fix compiles. Each case was found by {@code ModelFuzzTest}.
 */
class ModelPlacementTest {

  /** A file whose only model is in a method: no Kiln annotation is visible to processors at all. */
  @Test
  void aModelDeclaredInAMethod() {
    JavaFileObject local = source("Factory",
        "final class Factory {",
        "  static Object make() {",
        "    @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "    abstract class Net {",
        "      @Layer(units = 1) Dense out;",
        "    }",
        "    return null;",
        "  }",
        "}");
    assertOnlyError(local, "abstract class Net",
        "[kiln:class-local] model class Net is declared inside a method, where annotation processors never see it",
        "declare it as a static nested class or in a file of its own");
    assertThat(compile(source("Factory",
        "final class Factory {",
        "  @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "  abstract static class Net {",
        "    @Layer(units = 1) Dense out;",
        "  }",
        "  private Factory() {}",
        "}"))).succeededWithoutWarnings();
  }

  @Test
  void aModelInALambda() {
    JavaFileObject local = source("Factory",
        "final class Factory {",
        "  static final Runnable MAKE = () -> {",
        "    @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "    abstract class Net {",
        "      @Layer(units = 1) Dense out;",
        "    }",
        "  };",
        "  private Factory() {}",
        "}");
    assertOnlyError(local, "abstract class Net", "[kiln:class-local] model class Net is declared inside a method");
  }

  /**
   * A second top-level class in a file: the generated class, in its own file, would use an
   * auxiliary class, which {@code -Xlint:auxiliaryclass} warns about. A model that uses it as a part is
   * not generated either, so there is no error in generated code.
   */
  @Test
  void aModelInAFileNamedAfterAnotherClass() {
    JavaFileObject file = source("Net",
        "@Model(input = 4, loss = Loss.NONE)",
        "abstract class Encoder {",
        "  @Layer(units = 2) Dense code;",
        "}",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer Encoder encoder;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertThat(compile(file)).hadErrorCount(2);
    assertThat(compile(file)).hadErrorContaining("[kiln:class-file] model class Encoder is declared in Net.java")
        .inFile(file).onLineContaining("abstract class Encoder");
    assertThat(compile(file)).hadErrorContaining("move Encoder to Encoder.java")
        .inFile(file).onLineContaining("abstract class Encoder");
    assertThat(compile(file)).hadErrorContaining("[kiln:part]").inFile(file).onLineContaining("Encoder encoder");
    JavaFileObject encoder = source("Encoder",
        "@Model(input = 4, loss = Loss.NONE)",
        "abstract class Encoder {",
        "  @Layer(units = 2) Dense code;",
        "}");
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer Encoder encoder;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertThat(Models.compile(encoder, net)).succeededWithoutWarnings();
  }

  @Test
  void aModelNestedInAClassOfAnotherFile() {
    JavaFileObject file = source("Main",
        "final class Main {}",
        "final class Models {",
        "  @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "  abstract static class Net {",
        "    @Layer(units = 1) Dense out;",
        "  }",
        "}");
    assertOnlyError(file, "abstract static class Net",
        "[kiln:class-file] model class Net is declared in Models, in Main.java", "move Models to Models.java");
  }

  @Test
  void aConstructorThatThrowsACheckedException() {
    JavaFileObject throwing = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "  Net() throws java.io.IOException, IllegalStateException {}",
        "}");
    assertOnlyError(throwing, "Net() throws",
        "[kiln:class-constructor] the constructor of model class Net throws IOException, which NetCompiled.open()"
            + " would have to declare; catch it inside the constructor instead");
    assertThat(compile(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "  Net() {",
        "    try {",
        "      if (Math.random() > 2) {",
        "        throw new java.io.IOException(\"never\");",
        "      }",
        "    } catch (java.io.IOException e) {",
        "      throw new java.io.UncheckedIOException(e);",
        "    }",
        "  }",
        "}")).succeededWithoutWarnings();
  }
}
