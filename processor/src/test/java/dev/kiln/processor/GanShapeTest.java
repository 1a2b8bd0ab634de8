package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.generatedJava;
import static dev.kiln.processor.Models.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A GAN's combined model gets {@code adversarialStep}, a whole iteration on the device; a model of
 * parts in any other shape does not, so calling it where it cannot work does not compile.
 */
class GanShapeTest {
  private static final String SIGNATURE = "public GanStep adversarialStep(Dataset real, Noise noise, Fit settings)";

  private static final JavaFileObject MAKER = source("Maker",
      "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
      "abstract class Maker {",
      "  @Layer(units = 9) @Activation(TANH) Dense image;",
      "}");

  private static final JavaFileObject JUDGE = source("Judge",
      "@Model(input = {3, 3, 1}, loss = Loss.BINARY_CROSS_ENTROPY)",
      "abstract class Judge {",
      "  @Layer Flatten flat;",
      "  @Layer(units = 1) @Activation(SIGMOID) Dense real;",
      "}");

  @Test
  void theCombinedModelOfAGanGetsAdversarialStep() {
    Compilation compilation = compile(MAKER, JUDGE, gan("@Layer(trainable = false) Judge judge;"));
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedJava(compilation, "Gan")).contains(SIGNATURE);
    assertThat(generatedJava(compilation, "Gan"))
        .contains("return engine.adversarialStep(\"maker\", \"judge\", real, noise, settings);");
    assertThat(generatedJava(compilation, "Judge")).doesNotContain("adversarialStep");
  }

  @Test
  void aDiscriminatorThatTrainsIsNoGan() {
    Compilation compilation = compile(MAKER, JUDGE, gan("@Layer Judge judge;"));
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedJava(compilation, "Gan")).doesNotContain("adversarialStep");
  }

  @Test
  void aLayerOfItsOwnBetweenThePartsIsNoGan() {
    Compilation compilation = compile(MAKER, JUDGE, source("Gan",
        "@Model(input = 4, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Gan {",
        "  @Layer Maker maker;",
        "  @Layer(units = 9) Dense mix;",
        "  @Layer(shape = {3, 3, 1}) Reshape image;",
        "  @Layer(trainable = false) Judge judge;",
        "}"));
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedJava(compilation, "Gan")).doesNotContain("adversarialStep");
  }

  private static JavaFileObject gan(String judge) {
    return source("Gan",
        "@Model(input = 4, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Gan {",
        "  @Layer Maker maker;",
        "  @Layer(shape = {3, 3, 1}) Reshape image;",
        "  " + judge,
        "}");
  }
}
