package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.assertOnlyError;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.net;

import com.google.testing.compile.Compilation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Sizes past what Kiln's kernels index (2^31 - 1) are errors on the value that makes them, with a
 * value that fits, which compiles when applied; before, they wrapped around into negative sizes.
 */
class SizeLimitsTest {
  @Test
  void tooManyParametersInADenseLayer() {
    check("units = 100000) Dense wide", "units = 21474) Dense wide", "units = 100000",
        "[kiln:size] Dense layer 'wide' would have 10000100000 parameters, more than the 2147483647 that Kiln's"
            + " kernels index a layer's parameters with; use at most 21474 units",
        "@Model(input = 100000, loss = Loss.MEAN_SQUARED_ERROR, batch = 8)",
        "abstract class Net {",
        "  @Layer(units = 100000) Dense wide;",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  @Test
  void tooManyValuesPerSampleInAConvolution() {
    check("filters = 1000", "filters = 536", "filters = 1000",
        "[kiln:size] Conv2D layer 'conv' would give 4000000000 values per sample, more than the 2147483647 that"
            + " Kiln's kernels index; use at most 536 filters",
        "@Model(input = {2000, 2000, 1}, loss = Loss.MEAN_SQUARED_ERROR, batch = 1)",
        "abstract class Net {",
        "  @Layer(filters = 1000, kernel = 1) Conv2D conv;",
        "  @Layer GlobalAveragePooling2D pool;",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  @Test
  void aBatchTooLargeForALayer() {
    check("batch = 100000", "batch = 21474", "Dense wide;",
        "[kiln:size] layer 'wide' holds 100000 values per sample, so a batch of 100000 is more than the 2147483647"
            + " values Kiln's kernels index in one buffer; use at most @Model(batch = 21474), or a smaller layer",
        "@Model(input = 10, loss = Loss.MEAN_SQUARED_ERROR, batch = 100000)",
        "abstract class Net {",
        "  @Layer(units = 100000) Dense wide;",
        "  @Layer(units = 1) Dense out;",
        "}");
  }

  /** A recurrent layer keeps every step of every sample of the batch for its backward pass. */
  @Test
  void aBatchTooLargeForARecurrentLayersWorkspace() {
    String batch = assertBatchError("10000");
    assertThat(compile(lstm(batch))).succeededWithoutWarnings();
  }

  /** The one error, on the LSTM, and the batch it proposes. */
  private static String assertBatchError(String batch) {
    Compilation compilation = compile(lstm(batch));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[kiln:size] layer 'lstm' holds").inFile(net(lstm(batch)))
        .onLineContaining("LSTM lstm;");
    return compilation.errors().get(0).getMessage(null).replaceAll(".*@Model\\(batch = (\\d+)\\).*", "$1");
  }

  private static String[] lstm(String batch) {
    return new String[] {"@Model(input = {1000, 10}, loss = Loss.MEAN_SQUARED_ERROR, batch = " + batch + ")",
        "abstract class Net {",
        "  @Layer(units = 64) LSTM lstm;",
        "  @Layer(units = 1) Dense out;",
        "}"};
  }

  @Test
  void anInputTooLargeForASample() {
    String[] lines = {"@Model(input = {50000, 50000}, loss = Loss.MEAN_SQUARED_ERROR, batch = 1)",
        "abstract class Net {",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}"};
    assertOnlyError(net(lines), "abstract class Net", "[kiln:size] Input layer 'input' would give 2500000000 values"
        + " per sample");
  }

  /** The error on {@code line}; then, with {@code wrong} replaced by {@code fix}, a clean build. */
  private static void check(String wrong, String fix, String line, String message, String... lines) {
    assertOnlyError(net(lines), line, message);
    String[] fixed = Arrays.stream(lines).map(l -> l.replace(wrong, fix)).toArray(String[]::new);
    assertThat(compile(fixed)).succeededWithoutWarnings();
  }
}
