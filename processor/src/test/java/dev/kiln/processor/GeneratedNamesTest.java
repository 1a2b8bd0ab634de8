package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Names in the user's code that meet the ones the generated class uses: its code still means Kiln's
 * types, and the build stays free of warnings under {@code -Xlint:all}. Each case was found by
 * {@code ModelFuzzTest}.
 */
class GeneratedNamesTest {

  @Test
  void nestedTypesNamedLikeWhatTheGeneratedClassImports() {
    assertCleanBuild(source("Outer",
        "final class Outer {",
        "  @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "  abstract static class Net {",
        "    @Layer(units = 1) Dense out;",
        "    static final class Dataset {}",
        "    static final class Override {}",
        "    static final class Path {}",
        "    static final class List {}",
        "    interface Fit {}",
        "    enum History { ONE }",
        "  }",
        "  private Outer() {}",
        "}"));
  }

  /** Java reads a simple name as a variable before a type: {@code Dataset.of} would be the field's. */
  @Test
  void fieldsNamedLikeWhatTheGeneratedClassImports() {
    assertCleanBuild(source("Net",
        "@Model(input = {4, 4, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer BatchNormalization Dataset;",
        "  @Layer Flatten Path;",
        "  @Layer(units = 3) @Activation(SOFTMAX) Dense History;",
        "  int Fit;",
        "}"));
  }

  /** A class of the model's package named like a {@code java.lang} type would be taken for it. */
  @Test
  void classesOfThePackageNamedLikeJavaLangTypes() {
    JavaFileObject string = source("String", "final class String {}");
    JavaFileObject object = source("Object", "final class Object {}");
    assertCleanBuild(string, object, source("Net",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}"));
  }

  @Test
  void aSerializableModel() {
    assertCleanBuild(source("Net",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net implements java.io.Serializable {",
        "  private static final long serialVersionUID = 1L;",
        "  @Layer(units = 1) Dense out;",
        "}"));
  }

  private static void assertCleanBuild(JavaFileObject... sources) {
    Compilation compilation = Compiler.javac().withProcessors(new KilnProcessor(), new LocalModelCheck())
        .withOptions("-Xlint:all").compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
  }
}
