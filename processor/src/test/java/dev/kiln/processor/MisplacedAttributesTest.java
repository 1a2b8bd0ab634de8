package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.assertOnlyError;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An attribute written where something else was meant (a Conv2D's filters on a Dense, a
 * convolution's kernel on a pool, a Dropout's rate on a Dense) is an error that says what, and the
 * fix it proposes compiles when applied.
 */
class MisplacedAttributesTest {
  @Test
  void filtersOnADenseMeansUnits() {
    check("filters = 16", "units = 16", "Dense hidden;", "[kiln:attribute] 'filters' does not apply to Dense layer"
        + " 'hidden'; a Dense layer takes units where other layers take filters: write units = 16 instead",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 16) @Activation(RELU) Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  @Test
  void unitsOnAConvolutionMeansFilters() {
    check("units = 8", "filters = 8", "Conv2D conv;", "'units' does not apply to Conv2D layer 'conv'; a Conv2D layer"
        + " takes filters where other layers take units: write filters = 8 instead",
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8, kernel = 3) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  @Test
  void kernelOnAPoolMeansPool() {
    check("kernel = 2", "pool = 2", "MaxPool2D pool;", "'kernel' does not apply to MaxPool2D layer 'pool'; a"
        + " MaxPool2D layer takes pool where other layers take kernel: write pool = 2 instead",
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3) Conv2D conv;",
        "  @Layer(kernel = 2) MaxPool2D pool;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  @Test
  void poolOnAConvolutionMeansKernel() {
    check("pool = {3, 3}", "kernel = {3, 3}", "Conv2D conv;", "'pool' does not apply to Conv2D layer 'conv'; a"
        + " Conv2D layer takes kernel where other layers take pool: write kernel = {3, 3} instead",
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4, pool = {3, 3}) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  @Test
  void rateOnAHiddenLayerMeansADropoutAfterIt() {
    assertFixed("Dense hidden;", "[kiln:attribute] 'rate' does not apply to Dense layer 'hidden'; dropout is a layer of"
        + " its own: remove rate here and declare @Layer(rate = 0.25) Dropout hiddenDropout; after this field",
        lines("  @Layer(units = 8, rate = 0.25) @Activation(RELU) Dense hidden;",
            "  @Layer(units = 1) Dense out;"),
        lines("  @Layer(units = 8) @Activation(RELU) Dense hidden;",
            "  @Layer(rate = 0.25) Dropout hiddenDropout;",
            "  @Layer(units = 1) Dense out;"));
  }

  @Test
  void rateOnTheOutputMeansADropoutBeforeIt() {
    assertFixed("Dense out;", "declare @Layer(rate = 0.5) Dropout outDropout; before this field",
        lines("  @Layer(units = 8) @Activation(RELU) Dense hidden;",
            "  @Layer(units = 1, rate = 0.5) Dense out;"),
        lines("  @Layer(units = 8) @Activation(RELU) Dense hidden;",
            "  @Layer(rate = 0.5) Dropout outDropout;",
            "  @Layer(units = 1) Dense out;"));
  }

  /** A Dropout needs a layer before it, so a model of one layer can only drop the rate. */
  @Test
  void rateOnTheOnlyLayerIsRemoved() {
    assertFixed("Dense out;", "'rate' does not apply to Dense layer 'out'; remove it",
        lines("  @Layer(units = 1, rate = 0.5) Dense out;"),
        lines("  @Layer(units = 1) Dense out;"));
  }

  /** Keras's habit of writing the batch into the shape: {1, 28, 28, 1} is the sample {28, 28, 1}. */
  @Test
  void theBatchInTheModelInputIsLeftOut() {
    String[] model = {"@Model(input = {1, 12, 12, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}"};
    check("input = {1, 12, 12, 1}", "input = {12, 12, 1}", "@Model(", "[kiln:input] input = {1, 12, 12, 1} has 4"
        + " sizes, but a sample is a row {n}, a sequence or one-channel image {a, b}, or an image {height, width,"
        + " channels}; the batch is not part of it (Keras's (None, 12, 12, 1)): write input = {12, 12, 1}", model);
  }

  @Test
  void theBatchInAnInputFieldIsLeftOut() {
    check("shape = {1, 6, 6, 2}", "shape = {6, 6, 2}", "Input image;", "[kiln:input] shape = {1, 6, 6, 2} has 4"
        + " sizes", "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = {1, 6, 6, 2}) Input image;",
        "  @Layer(filters = 3, kernel = 3) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  /** Four sizes without a leading 1 have no sample shape to guess: the fix is one flat row. */
  @Test
  void fourSizesOtherwiseAreFlattened() {
    check("input = {2, 3, 4, 5}", "input = {120}", "@Model(", "; flatten it, e.g. input = {120}",
        "@Model(input = {2, 3, 4, 5}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  /** Layers in a class without @Model were never read; with the model declared as proposed, it compiles. */
  @Test
  void layersOutsideAModel() {
    check("abstract class Net {", "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR) abstract class Net {",
        "abstract class Net {", "[kiln:model] Net has @Layer fields (hidden, out) but no @Model, so Kiln never reads"
        + " them",
        "abstract class Net {",
        "  @Layer(units = 3) @Activation(TANH) Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  private static String[] lines(String... fields) {
    List<String> all = new ArrayList<>(List.of("@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {"));
    all.addAll(List.of(fields));
    all.add("}");
    return all.toArray(String[]::new);
  }

  /** The error on the line of {@code field}; then {@code fixed}, the fix applied, builds clean. */
  private static void assertFixed(String field, String message, String[] wrong, String[] fixed) {
    assertOnlyError(net(wrong), field, message);
    assertThat(compile(fixed)).succeededWithoutWarnings();
  }

  /** The error on the line of {@code field}; then, with {@code wrong} replaced by {@code fix}, a clean build. */
  private static void check(String wrong, String fix, String field, String message, String... lines) {
    assertOnlyError(net(lines), field, message);
    String[] fixed = Arrays.stream(lines).map(line -> line.replace(wrong, fix)).toArray(String[]::new);
    assertThat(compile(fixed)).succeededWithoutWarnings();
  }
}
