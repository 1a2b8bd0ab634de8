package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.common.truth.Truth.assertThat;
import static dev.kiln.processor.Models.assertOnlyError;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.generatedKernels;
import static dev.kiln.processor.Models.net;
import static dev.kiln.processor.Models.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every model Kiln refuses: the message (its stable tag and the words that say what to do), the file
 * and the line it is reported on, and that it is the only error. Each model is written out in full
 * (after {@link Models#HEADER}), with the line an error belongs on set apart from its neighbours.
 */
class CompileErrorsTest {

  // ---- the model as a whole ----

  @Test
  void modelWithoutLayers() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "}");
    assertOnlyError(net, "abstract class Net",
        "[kiln:no-layers] model Net has no layers", "add fields such as '@Layer(units = 10) Dense out;'");
  }

  @Test
  void batchOfZero() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR,",
        "    batch = 0)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "batch = 0",
        "[kiln:batch] batch = 0, but the compiled batch must be at least 1");
  }

  @Test
  void emptyInputShape() {
    JavaFileObject net = net(
        "@Model(",
        "    input = {},",
        "    loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "input = {}",
        "[kiln:input] input shape is empty", "e.g. input = {784}");
  }

  @Test
  void nonPositiveInputSize() {
    JavaFileObject net = net(
        "@Model(",
        "    input = {0},",
        "    loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "input = {0}",
        "[kiln:input] input = {0} has a size <= 0", "every size must be at least 1");
  }

  @Test
  void twoDimensionalInputIntoDense() {
    JavaFileObject net = net(
        "@Model(input = {28, 28}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 10)",
        "  Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dense hidden;",
        "[kiln:shape] Dense layer 'hidden' needs a flat input, but the model input is 28x28",
        "declare input = {784}");
  }

  @Test
  void negativeL2() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR,",
        "    l2 = -0.5)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "l2 = -0.5",
        "[kiln:l2] l2 = -0.5, but weight decay must be a finite number >= 0");
  }

  // ---- units ----

  @Test
  void zeroUnits() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(",
        "      units = 0)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "units = 0",
        "[kiln:units] Dense layer 'out' has units = 0", "a layer needs at least 1 output");
  }

  @Test
  void negativeUnits() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) Dense hidden;",
        "  @Layer(",
        "      units = -3)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "units = -3",
        "[kiln:units] Dense layer 'out' has units = -3", "a layer needs at least 1 output");
  }

  @Test
  void unitsNotSet() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer()",
        "  Dense out;",
        "}");
    assertOnlyError(net, "@Layer()",
        "[kiln:units] Dense layer 'out' does not say how many outputs it has", "set @Layer(units = ...)");
  }

  // ---- activations and losses ----

  @Test
  void softmaxOnHiddenLayer() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 8)",
        "  @Activation(value = SOFTMAX)",
        "  Dense hidden;",
        "  @Layer(units = 3) @Activation(SOFTMAX) Dense out;",
        "}");
    assertOnlyError(net, "@Activation(value = SOFTMAX)",
        "[kiln:softmax-position] softmax on 'hidden'", "only allowed on an output (the last layer, 'out', or a layer with a loss of its own)",
        "use RELU or TANH here");
  }

  @Test
  void softmaxOutputWithBinaryCrossEntropy() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 1)",
        "  @Activation(SOFTMAX)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "@Activation(SOFTMAX)",
        "[kiln:output-loss] the last layer 'out' ends in SOFTMAX, which does not fit loss BINARY_CROSS_ENTROPY",
        "use @Activation(SIGMOID) on 'out'");
  }

  @Test
  void softmaxOutputWithMeanSquaredError() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 3)",
        "  @Activation(SOFTMAX)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "@Activation(SOFTMAX)",
        "[kiln:output-loss] the last layer 'out' ends in SOFTMAX, which does not fit loss MEAN_SQUARED_ERROR",
        "use CATEGORICAL_CROSS_ENTROPY, or a LINEAR output for regression");
  }

  @Test
  void sigmoidOutputWithCategoricalCrossEntropy() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 3)",
        "  @Activation(SIGMOID)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "@Activation(SIGMOID)",
        "[kiln:output-loss] the last layer 'out' ends in SIGMOID, which does not fit loss CATEGORICAL_CROSS_ENTROPY",
        "add @Activation(SOFTMAX) to 'out'");
  }

  @Test
  void linearOutputWithCategoricalCrossEntropyIsReportedOnTheField() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 3)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "Dense out;",
        "[kiln:output-loss] the last layer 'out' ends in LINEAR", "add @Activation(SOFTMAX) to 'out'");
  }

  @Test
  void binaryCrossEntropyWithThreeOutputs() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 3)",
        "  @Activation(SIGMOID)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "@Layer(units = 3)",
        "[kiln:output-size] the last layer 'out' has 3 outputs, but loss BINARY_CROSS_ENTROPY needs exactly 1",
        "for 3 classes use SOFTMAX with SPARSE_CATEGORICAL_CROSS_ENTROPY");
  }

  @Test
  void sparseCategoricalWithOneOutput() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(units = 1)",
        "  @Activation(SOFTMAX)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "@Layer(units = 1)",
        "[kiln:output-size] the last layer 'out' has 1 output, but loss SPARSE_CATEGORICAL_CROSS_ENTROPY needs"
            + " one output per class (at least 2)",
        "or 1 unit with SIGMOID and BINARY_CROSS_ENTROPY");
  }

  @Test
  void alphaOnActivationOtherThanLeakyRelu() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8)",
        "  @Activation(",
        "      value = RELU,",
        "      alpha = 0.2)",
        "  Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "alpha = 0.2",
        "[kiln:attribute] alpha = 0.2 on layer 'hidden' has no effect",
        "this layer's activation is RELU", "@Activation(value = LEAKY_RELU, alpha = 0.2)");
  }

  /** Found by ModelFuzzTest: the value went into the generated Java as {@code -Infinity}, which does not compile. */
  @Test
  void alphaThatIsNotFinite() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8)",
        "  @Activation(value = LEAKY_RELU,",
        "      alpha = Double.NEGATIVE_INFINITY)",
        "  Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "alpha = Double.NEGATIVE_INFINITY",
        "[kiln:attribute] alpha = -Infinity on layer 'hidden' is not a finite number", "e.g. alpha = 0.01");
    assertThat(compile(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 8) @Activation(value = LEAKY_RELU, alpha = 0.01) Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  // ---- layer fields ----

  @Test
  void privateLayerField() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1)",
        "  private Dense out;",
        "}");
    assertOnlyError(net, "private Dense out;",
        "[kiln:field-modifier] layer field 'out' is private", "remove 'private'");
  }

  @Test
  void staticLayerField() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1)",
        "  static Dense out;",
        "}");
    assertOnlyError(net, "static Dense out;",
        "[kiln:field-modifier] layer field 'out' is static", "remove 'static'");
  }

  @Test
  void finalLayerField() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1)",
        "  final Dense out = null;",
        "}");
    assertOnlyError(net, "final Dense out",
        "[kiln:field-modifier] layer field 'out' is final", "remove 'final'");
  }

  @Test
  void layerOfUnknownType() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 3)",
        "  String x;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "String x;",
        "[kiln:layer-type] field 'x' has type java.lang.String, which is not a Kiln layer",
        "use one of dev.kiln.layers.Dense");
  }

  @Test
  void layerWhoseTypeDoesNotExistGetsOnlyJavacsError() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1)",
        "  Conv9D out;",
        "}");
    Compilation compilation = compile(net);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(net).onLineContaining("Conv9D out;");
  }

  @Test
  void activationWithoutLayer() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Activation(RELU)",
        "  Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dense hidden;",
        "[kiln:missing-layer] field 'hidden' is a Dense but has no @Layer", "add @Layer(...) to it");
  }

  @Test
  void activationOnFieldThatIsNotALayer() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Activation(RELU)",
        "  float[] scratch;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Activation(RELU)",
        "[kiln:missing-layer] field 'scratch' has @Activation but no @Layer", "remove @Activation");
  }

  @Test
  void denseWithoutLayer() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  Dense forgotten;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dense forgotten;",
        "[kiln:missing-layer] field 'forgotten' is a Dense but has no @Layer, so it is not part of the model");
  }

  // ---- the model class ----

  @Test
  void finalModelClass() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "final class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "final class Net",
        "[kiln:class-final] model class Net is final", "remove 'final'");
  }

  @Test
  void privateNestedModelClass() {
    JavaFileObject outer = source("Outer",
        "class Outer {",
        "  @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "  private abstract static class Net {",
        "    @Layer(units = 1) Dense out;",
        "  }",
        "}");
    assertOnlyError(outer, "private abstract static class Net",
        "[kiln:class-private] model class Net is private, so the generated Outer_NetCompiled cannot extend it",
        "make it package-private or public");
  }

  @Test
  void modelClassInsidePrivateClass() {
    JavaFileObject outer = source("Outer",
        "class Outer {",
        "  private static class Hidden {",
        "    @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "    abstract static class Net {",
        "      @Layer(units = 1) Dense out;",
        "    }",
        "  }",
        "}");
    assertOnlyError(outer, "abstract static class Net",
        "[kiln:class-private] model class Net is inside private class Hidden, so the generated"
            + " Outer_Hidden_NetCompiled cannot extend it",
        "make Hidden package-private or public");
  }

  @Test
  void innerModelClass() {
    JavaFileObject outer = source("Outer",
        "class Outer {",
        "  @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "  abstract class Net {",
        "    @Layer(units = 1) Dense out;",
        "  }",
        "}");
    assertOnlyError(outer, "abstract class Net",
        "[kiln:class-inner] model class Net is an inner (non-static) class", "declare it 'static'");
  }

  @Test
  void interfaceModel() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "interface Net {",
        "}");
    assertOnlyError(net, "interface Net",
        "[kiln:class-kind] @Model must be on a class, but this is interface",
        "declare the model as an abstract class");
  }

  @Test
  void noConstructorWithoutParameters() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "  Net(long seed) {}",
        "}");
    assertOnlyError(net, "abstract class Net",
        "[kiln:class-constructor] model class Net has no non-private constructor without parameters", "add one");
  }

  @Test
  void onlyAPrivateConstructor() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "  private Net() {}",
        "}");
    assertOnlyError(net, "abstract class Net",
        "[kiln:class-constructor] model class Net has no non-private constructor without parameters");
  }

  @Test
  void userMethodNamedFit() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "",
        "  void fit() {}",
        "}");
    assertOnlyError(net, "void fit()",
        "[kiln:name-clash] method 'fit' in Net clashes with the generated NetCompiled.fit", "rename it");
  }

  @Test
  void abstractMethodTheGeneratedClassCannotImplement() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "",
        "  abstract float score(float[] sample);",
        "}");
    assertOnlyError(net, "abstract float score",
        "[kiln:class-abstract-method] model class Net has abstract method score()",
        "the generated NetCompiled does not implement", "give it a body");
  }

  @Test
  void abstractMethodInheritedFromAnInterface() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net implements Runnable {",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "abstract class Net",
        "[kiln:class-abstract-method] model class Net has abstract method run()");
  }

  // ---- several errors, several models ----

  @Test
  void everyErrorOfAModelInOneBuild() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY,",
        "    batch = 0)",
        "abstract class Net {",
        "  @Layer(units = -1)",
        "  @Activation(RELU) Dense hidden;",
        "  @Layer(units = 8)",
        "  private Dense middle;",
        "  @Layer(units = 3)",
        "  @Activation(SIGMOID)",
        "  Dense out;",
        "}");
    Compilation compilation = compile(net);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining("[kiln:batch]").inFile(net).onLineContaining("batch = 0");
    assertThat(compilation).hadErrorContaining("[kiln:units] Dense layer 'hidden'")
        .inFile(net).onLineContaining("units = -1");
    assertThat(compilation).hadErrorContaining("[kiln:field-modifier] layer field 'middle'")
        .inFile(net).onLineContaining("private Dense middle;");
    assertThat(compilation).hadErrorContaining("[kiln:output-loss] the last layer 'out' ends in SIGMOID")
        .inFile(net).onLineContaining("@Activation(SIGMOID)");
  }

  @Test
  void oneBrokenModelDoesNotBlockAnother() {
    JavaFileObject broken = source("Broken",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Broken {",
        "  @Layer(units = 0)",
        "  Dense out;",
        "}");
    JavaFileObject good = source("Good",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Good {",
        "  @Layer(units = 1) Dense out;",
        "}");
    // compile-testing shows no generated files of a failed compilation; a class that uses GoodCompiled
    // compiles only if Kiln generated it (without it, javac adds "cannot find symbol")
    JavaFileObject user = source("User",
        "class User {",
        "  GoodCompiled good;",
        "}");
    Compilation compilation = compile(broken, good, user);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[kiln:units] Dense layer 'out' has units = 0")
        .inFile(broken).onLineContaining("@Layer(units = 0)");
  }

  @Test
  void genericModelClass() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net<T> {",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "abstract class Net<T>",
        "[kiln:class-generic] model class Net has type parameters", "remove the type parameters");
  }

  @Test
  void twoModelsThatWouldGenerateTheSameClass() {
    JavaFileObject nested = source("Outer",
        "class Outer {",
        "  @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "  abstract static class Net {",
        "    @Layer(units = 1) Dense out;",
        "  }",
        "}");
    JavaFileObject flat = source("Outer_Net",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Outer_Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    Compilation compilation = compile(nested, flat);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[kiln:name-clash]");
    assertThat(compilation).hadErrorContaining("would generate test.Outer_NetCompiled");
  }

  // ---- flatten ----

  @Test
  void flattenAfterADenseLayer() {
    JavaFileObject net = net(
        "@Model(input = {2, 3}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer Flatten flat;",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer Flatten again;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Flatten again;",
        "[kiln:flatten-position] Flatten 'again' comes after 'hidden', whose output is already flat");
  }

  @Test
  void unitsDoNotApplyToFlatten() {
    JavaFileObject net = net(
        "@Model(input = {2, 3}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 6) Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Flatten flat;", "[kiln:attribute] 'units' does not apply to Flatten layer 'flat'");
  }

  @Test
  void anImageInputWithFlattenCompiles() {
    assertThat(compile(
        "@Model(input = {28, 28}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer Flatten flat;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  // ---- convolution and pooling ----

  @Test
  void theTutorialCnnCompiles() {
    assertThat(compile(
        "@Model(input = {28, 28, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM)",
        "abstract class Net {",
        "  @Layer(filters = 32, kernel = 3) @Activation(RELU) Conv2D conv1;",
        "  @Layer(filters = 64, kernel = {3, 3}, padding = Padding.SAME) @Activation(RELU) Conv2D conv2;",
        "  @Layer(pool = 2) MaxPool2D pool;",
        "  @Layer(rate = 0.25) Dropout drop;",
        "  @Layer(pool = {2, 2}, stride = 1) AvgPool2D avg;",
        "  @Layer GlobalAveragePooling2D gap;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void convolutionOnAFlatInput() {
    JavaFileObject net = net(
        "@Model(input = 784, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 8, kernel = 3) Conv2D conv;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Conv2D conv;", "[kiln:shape] Conv2D layer 'conv' needs an image (height, width, channels),"
        + " but the model input gives a flat (784)", "input = {28, 28, 1}");
  }

  @Test
  void kernelLargerThanItsInput() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 5) Conv2D conv1;",
        "  @Layer(filters = 4,",
        "      kernel = {5, 3}) Conv2D conv2;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "kernel = {5, 3}", "[kiln:window-size] kernel 5x3 of Conv2D layer 'conv2' is larger than"
        + " its input (4, 4, 4) from 'conv1'", "padding = Padding.SAME");
  }

  @Test
  void poolLargerThanItsInput() {
    JavaFileObject net = net(
        "@Model(input = {3, 3, 2}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(",
        "      pool = 4) MaxPool2D pool;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "pool = 4", "[kiln:window-size] pool 4x4 of MaxPool2D layer 'pool' is larger than its"
        + " input (3, 3, 2) from the model input");
  }

  @Test
  void strideNotPositive() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3,",
        "      stride = {1, 0}) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "stride = {1, 0}",
        "[kiln:stride] stride = {1, 0} in layer 'conv', but every stride size must be at least 1");
  }

  @Test
  void kernelWithThreeSizes() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4,",
        "      kernel = {3, 3, 3}) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "kernel = {3, 3, 3}", "[kiln:kernel] kernel = {3, 3, 3} in layer 'conv' must be one number");
  }

  @Test
  void convolutionWithoutFiltersOrKernel() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    Compilation compilation = compile(net);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[kiln:filters] Conv2D layer 'conv' needs filters; e.g. filters = 32")
        .inFile(net).onLineContaining("Conv2D conv;");
    assertThat(compilation).hadErrorContaining("[kiln:kernel] Conv2D layer 'conv' needs kernel; e.g. kernel = 3")
        .inFile(net).onLineContaining("Conv2D conv;");
  }

  @Test
  void filtersNotPositive() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(kernel = 3,",
        "      filters = 0) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "filters = 0", "[kiln:filters] filters = 0 in layer 'conv', but it must be at least 1");
  }

  @Test
  void denseFedAnImageWithoutFlatten() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3) Conv2D conv;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dense out;", "[kiln:shape] Dense layer 'out' needs a flat input, but 'conv' gives an image"
        + " (6, 6, 4); add '@Layer Flatten flat;' before it");
  }

  @Test
  void activationOnAPool() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3) Conv2D conv;",
        "  @Layer @Activation(RELU)",
        "  MaxPool2D pool;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Activation(RELU)", "[kiln:attribute] '@Activation' does not apply to MaxPool2D layer"
        + " 'pool'", "put the activation on the layer before it");
  }

  @Test
  void attributesOfOtherLayerTypes() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3,",
        "      units = 4) Conv2D conv;",
        "  @Layer(",
        "      padding = Padding.SAME) GlobalAveragePooling2D gap;",
        "  @Layer(units = 1) Dense out;",
        "}");
    Compilation compilation = compile(net);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[kiln:attribute] 'units' does not apply to Conv2D layer 'conv'")
        .inFile(net).onLineContaining("units = 4");
    assertThat(compilation).hadErrorContaining(
        "[kiln:attribute] 'padding' does not apply to GlobalAveragePooling2D layer 'gap'")
        .inFile(net).onLineContaining("padding = Padding.SAME");
  }

  @Test
  void modelEndingInAPool() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3) Conv2D conv;",
        "  @Layer GlobalAveragePooling2D gap;",
        "}");
    assertOnlyError(net, "GlobalAveragePooling2D gap;", "[kiln:output-layer] the last layer 'gap' is a"
        + " GlobalAveragePooling2D, but an output is a Dense layer");
  }

  @Test
  void flattenOfAFlatOutput() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(filters = 4, kernel = 3) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer Flatten again;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Flatten again;",
        "[kiln:flatten-position] Flatten 'again' comes after 'flat', whose output is already flat");
  }

  // ---- batch normalisation ----

  @Test
  void batchNormalizationCompilesAfterConvolutionsAndDenseLayers() {
    assertThat(compile(
        "@Model(input = {28, 28, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, batch = 64)",
        "abstract class Net {",
        "  @Layer(filters = 32, kernel = 3, bias = false) Conv2D conv;",
        "  @Layer @Activation(RELU) BatchNormalization norm1;",
        "  @Layer GlobalAveragePooling2D gap;",
        "  @Layer(units = 16) Dense hidden;",
        "  @Layer(momentum = 0.9, epsilon = 1e-5) @Activation(RELU) BatchNormalization norm2;",
        "  @Layer(units = 10) @Activation(SOFTMAX) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void batchNormalizationWithABatchOfOne() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR, batch = 1)",
        "abstract class Net {",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer BatchNormalization norm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "BatchNormalization norm;", "[kiln:batch-norm] BatchNormalization 'norm' normalises over"
        + " the batch, but the model is compiled for batch = 1");
  }

  @Test
  void batchNormalizationMomentumAndEpsilonOutOfRange() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer(",
        "      momentum = 1.0,",
        "      epsilon = 0) BatchNormalization norm;",
        "  @Layer(units = 1) Dense out;",
        "}");
    Compilation compilation = compile(net);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[kiln:batch-norm] momentum = 1.0 in BatchNormalization 'norm', but"
        + " it must be in [0, 1)").inFile(net).onLineContaining("momentum = 1.0");
    assertThat(compilation).hadErrorContaining("[kiln:batch-norm] epsilon = 0.0 in BatchNormalization 'norm', but"
        + " it must be positive").inFile(net).onLineContaining("epsilon = 0");
  }

  // ---- dropout ----

  @Test
  void dropoutRateOutsideZeroToOne() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer(",
        "      rate = 1.0)",
        "  Dropout drop;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "rate = 1.0", "[kiln:dropout-rate] Dropout 'drop' has rate = 1.0",
        "between 0 and 1 (exclusive)");
  }

  @Test
  void dropoutBeforeAnyLayer() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(rate = 0.5) Dropout drop;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dropout drop;", "[kiln:dropout-position] Dropout 'drop' has no Dense layer before it");
  }

  @Test
  void dropoutAfterTheOutput() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "  @Layer(rate = 0.5) Dropout drop;",
        "}");
    assertOnlyError(net, "Dropout drop;", "[kiln:dropout-position] Dropout 'drop' comes after the last layer 'out'");
  }

  @Test
  void twoDropoutsInARow() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer(rate = 0.5) Dropout first;",
        "  @Layer(rate = 0.2) Dropout second;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dropout second;", "[kiln:dropout-position] Dropout 'second' follows Dropout 'first'");
  }

  @Test
  void unitsAndActivationDoNotApplyToDropout() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer(rate = 0.5, units = 3) @Activation(RELU) Dropout drop;",
        "  @Layer(units = 1) Dense out;",
        "}");
    Compilation compilation = compile(net);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[kiln:attribute] 'units' does not apply to Dropout layer 'drop'")
        .inFile(net).onLineContaining("Dropout drop;");
    assertThat(compilation).hadErrorContaining("[kiln:attribute] '@Activation' does not apply to Dropout layer 'drop'")
        .inFile(net).onLineContaining("Dropout drop;");
  }

  // ---- names that must not break the generated code ----

  @Test
  void layerFieldsNamedLikeTheGeneratedClassesOwnFieldsCompile() {
    assertThat(compile(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 3) @Activation(TANH) Dense engine;",
        "  @Layer(units = 1) Dense SPEC;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void layerNamesThatMeetInOpenClOrInCapitalsCompile() {
    Compilation compilation = compile(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 3) @Activation(TANH) Dense a$b;",
        "  @Layer(units = 3) @Activation(TANH) Dense a_b;",
        "  @Layer(units = 3) @Activation(TANH) Dense out;",
        "  @Layer(units = 1) Dense Out;",
        "}");
    assertThat(compilation).succeededWithoutWarnings();
    String kernels = generatedKernels(compilation, "Net");
    for (String name : new String[] {"a_b_forward", "a_b_2_forward", "out_forward", "Out_2_head"}) {
      assertThat(kernels).contains("kernel void " + name + "(");
    }
  }

  // ---- Kiln itself failing ----

  @Test
  void exceptionInsideKilnIsOneInternalError() {
    JavaFileObject net = net(
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    Compilation compilation = Compiler.javac().withProcessors(kilnWithFailingFiler()).compile(net);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[kiln:internal] Kiln's compiler failed on test.Net (java.lang.IllegalStateException:"
            + " disk full); this is a bug in Kiln")
        .inFile(net).onLineContaining("abstract class Net");
  }

  /** Kiln, given a Filer that throws on every call (a full disk, a broken build tool). */
  private static Processor kilnWithFailingFiler() {
    KilnProcessor kiln = new KilnProcessor();
    return new AbstractProcessor() {
      @Override
      public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        Filer failing = proxy(Filer.class, (proxy, method, args) -> {
          throw new IllegalStateException("disk full");
        });
        kiln.init(proxy(ProcessingEnvironment.class, (proxy, method, args) -> {
          if (method.getName().equals("getFiler")) {
            return failing;
          }
          try {
            return method.invoke(env, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
      }

      @Override
      public Set<String> getSupportedAnnotationTypes() {
        return kiln.getSupportedAnnotationTypes();
      }

      @Override
      public SourceVersion getSupportedSourceVersion() {
        return kiln.getSupportedSourceVersion();
      }

      @Override
      public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return kiln.process(annotations, round);
      }
    };
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
