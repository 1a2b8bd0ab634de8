package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Kiln and the code it generates add no warnings, even with every lint on: a -Werror build stays green. */
class NoWarningsTest {

  @Test
  void modelUsingEveryFeatureCompilesWithoutWarnings() {
    JavaFileObject source = source("Outer",
        "public final class Outer {",
        "  @Model(input = 12, loss = Loss.MEAN_ABSOLUTE_ERROR, optimizer = Optimizer.RMSPROP, batch = 5,",
        "      precision = Precision.DOUBLE, l2 = 1e-4)",
        "  abstract static class Net implements Runnable {",
        "    @Layer(units = 7, bias = false) @Activation(value = LEAKY_RELU, alpha = 0.3) Dense first;",
        "    @Layer(units = 4) @Activation(TANH) Dense second;",
        "    @Layer(units = 2) Dense out;",
        "",
        "    @Override",
        "    public void run() {",
        "      System.out.println(first + \" \" + second + \" \" + out);",
        "    }",
        "  }",
        "",
        "  private Outer() {}",
        "}");
    Compilation compilation = Compiler.javac()
        .withProcessors(new KilnProcessor(), new LocalModelCheck())
        .withOptions("-Xlint:all", "-Werror")
        .compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Outer_NetCompiled");
  }

  /**
   * Kiln claims {@code @Generated} only on the classes it wrote: a processor after it still gets
   * another tool's generated class, and not Kiln's.
   */
  @Test
  void onlyKilnsOwnGeneratedClassesAreClaimed() {
    JavaFileObject model = source("Net",
        "@Model(input = 2, loss = Loss.MEAN_SQUARED_ERROR, batch = 4)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    JavaFileObject foreign = JavaFileObjects.forSourceLines("test.Foreign",
        "package test;",
        "@javax.annotation.processing.Generated(\"another tool\")",
        "final class Foreign {}");
    GeneratedSeen after = new GeneratedSeen();
    Compilation compilation = Compiler.javac().withProcessors(new KilnProcessor(), new LocalModelCheck(), after)
        .withOptions("-Xlint:all").compile(model, foreign);
    assertThat(compilation).succeeded();
    assertEquals(List.of("test.Foreign"), after.seen);
  }

  /** Records the classes annotated with {@code @Generated} that reach it unclaimed. */
  @SupportedAnnotationTypes("javax.annotation.processing.Generated")
  private static final class GeneratedSeen extends AbstractProcessor {
    final List<String> seen = new ArrayList<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      for (TypeElement annotation : annotations) {
        round.getElementsAnnotatedWith(annotation).forEach(e -> seen.add(((TypeElement) e).getQualifiedName().toString()));
      }
      return false;
    }
  }
}
