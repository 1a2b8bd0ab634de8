package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Models.assertOnlyError;
import static dev.kiln.processor.Models.compile;
import static dev.kiln.processor.Models.net;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every graph model Kiln refuses (models with Input fields, {@code from}, merges, Dot, Embedding and
 * Reshape): the message (its stable tag and the words that say what is wrong and what to do), the file
 * and the line it is reported on, and that it is the only error. Each model is written out in full
 * (after {@link Models#HEADER}), with the line an error belongs on set apart from its neighbours. The
 * graph models Kiln must accept come last.
 */
class GraphCompileErrorsTest {

  // ---- inputs ----

  @Test
  void inputWithoutShape() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer()",
        "  Input features;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Layer()",
        "[kiln:input] input 'features' does not say the shape of one sample",
        "e.g. @Layer(shape = 784) for features", "@Layer(shape = 1, indices = true) for one index");
  }

  @Test
  void inputWithAnEmptyShape() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(",
        "      shape = {})",
        "  Input features;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shape = {}",
        "[kiln:input] input 'features' does not say the shape of one sample", "e.g. @Layer(shape = 784)");
  }

  @Test
  void inputWithASizeOfZero() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(",
        "      shape = {4, 0})",
        "  Input features;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shape = {4, 0}",
        "[kiln:input] input 'features' has shape = {4, 0}, a size <= 0", "every size must be at least 1");
  }

  @Test
  void negativeInputSize() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(",
        "      shape = -3)",
        "  Input features;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shape = -3",
        "[kiln:input] input 'features' has shape = {-3}, a size <= 0", "every size must be at least 1");
  }

  @Test
  void indicesWithATwoDimensionalShape() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(indices = true,",
        "      shape = {28, 28})",
        "  Input pixels;",
        "  @Layer(vocabulary = 256, units = 4) Embedding vectors;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shape = {28, 28}",
        "[kiln:indices] input 'pixels' holds indices, so its shape is how many it has per sample, one number",
        "shape = 1 for one index, shape = 100 for a sequence of 100", "not {28, 28}");
  }

  @Test
  void inputFieldsTogetherWithModelInput() {
    JavaFileObject net = net(
        "@Model(",
        "    input = 4,",
        "    loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "input = 4",
        "[kiln:input] model Net declares its inputs as Input fields, so @Model(input = ...) has no meaning",
        "remove it");
  }

  @Test
  void neitherInputFieldsNorModelInput() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "[kiln:input] input shape is empty", "e.g. input = {784}",
        "or declare the model's inputs as fields, e.g. '@Layer(shape = 784) Input image;'");
  }

  // ---- what a field reads: from ----

  @Test
  void fromNamingAnUnknownField() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1,",
        "      from = \"feature\")",
        "  Dense out;",
        "}");
    assertOnlyError(net, "from = \"feature\"",
        "[kiln:from] 'feature' in from of 'out' is no layer or input of this model",
        "name a field declared before 'out' with @Layer");
  }

  @Test
  void fromNamingAFieldThatIsNotALayer() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  float[] scratch;",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1,",
        "      from = \"scratch\")",
        "  Dense out;",
        "}");
    assertOnlyError(net, "from = \"scratch\"",
        "[kiln:from] 'scratch' in from of 'out' is no layer or input of this model");
  }

  @Test
  void fromNamingALaterFieldThatIsNotALayer() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1,",
        "      from = \"scratch\")",
        "  Dense out;",
        "  float[] scratch;",
        "}");
    assertOnlyError(net, "from = \"scratch\"",
        "[kiln:from] 'scratch' in from of 'out' is no layer or input of this model");
  }

  @Test
  void fromNamingALaterField() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 3,",
        "      from = \"hidden\")",
        "  Dense early;",
        "  @Layer(from = \"features\", units = 3) Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "from = \"hidden\"",
        "[kiln:from] 'early' reads 'hidden', which is declared after it",
        "a layer reads only fields declared before it (so a model has no cycles)", "move 'hidden' above 'early'");
  }

  @Test
  void cycleIsOneErrorOnTheFieldThatReadsAhead() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 3) Input features;",
        "  @Layer(",
        "      from = {\"features\", \"b\"})",
        "  Add a;",
        "  @Layer(from = \"a\", units = 3) Dense b;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "from = {\"features\", \"b\"}",
        "[kiln:from] 'a' reads 'b', which is declared after it", "move 'b' above 'a'");
  }

  @Test
  void fromNamingTheFieldItself() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 3,",
        "      from = \"hidden\")",
        "  Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "from = \"hidden\"",
        "[kiln:from] 'hidden' reads itself", "a layer reads fields declared before it");
  }

  @Test
  void firstLayerWithNothingBeforeIt() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(units = 3)",
        "  Dense hidden;",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dense hidden;",
        "[kiln:from] 'hidden' is the first field, so it has nothing to read", "declare an Input field before it");
  }

  // ---- how many fields a merge reads ----

  @Test
  void dotOfThreeFields() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input a;",
        "  @Layer(shape = 4) Input b;",
        "  @Layer(shape = 4) Input c;",
        "  @Layer(",
        "      from = {\"a\", \"b\", \"c\"})",
        "  Dot score;",
        "}");
    assertOnlyError(net, "from = {\"a\", \"b\", \"c\"}",
        "[kiln:from] Dot 'score' reads exactly two fields, but from names 3 fields", "e.g. from = {\"a\", \"b\"}");
  }

  @Test
  void subtractOfOneField() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input a;",
        "  @Layer(",
        "      from = \"a\")",
        "  Subtract difference;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "from = \"a\"",
        "[kiln:from] Subtract 'difference' reads exactly two fields, but from names 1 field",
        "e.g. from = {\"a\", \"b\"}");
  }

  @Test
  void concatenateWithoutFromReadsOnlyTheFieldBefore() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input a;",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer Concatenate joined;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Layer Concatenate joined;",
        "[kiln:from] Concatenate 'joined' reads two or more fields, but without from it reads only the field before"
            + " it", "e.g. from = {\"a\", \"b\"}");
  }

  @Test
  void addWithoutFromReadsOnlyTheFieldBefore() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input a;",
        "  @Layer(shape = 4) Input b;",
        "  @Layer()",
        "  Add sum;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Layer()",
        "[kiln:from] Add 'sum' reads two or more fields, but without from it reads only the field before it",
        "e.g. from = {\"a\", \"b\"}");
  }

  // ---- inputs and layers nobody reads ----

  @Test
  void inputThatNoLayerReads() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(shape = 2)",
        "  Input forgotten;",
        "  @Layer(from = \"features\", units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Input forgotten;",
        "[kiln:unused] input 'forgotten' is read by no layer", "remove it, or name it in a layer's from");
  }

  @Test
  void inputDeclaredLast() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1) Dense out;",
        "  @Layer(shape = 2)",
        "  Input late;",
        "}");
    assertOnlyError(net, "Input late;", "[kiln:unused] input 'late' is read by no layer");
  }

  @Test
  void layerWhoseOutputNobodyReads() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 3)",
        "  Dense side;",
        "  @Layer(from = \"features\", units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dense side;",
        "[kiln:unused] the output of 'side' is read by no layer, and only the last field ('out') is the model's"
            + " output", "name 'side' in a later layer's from, give it a loss of its own to make it a second output"
            + " (@Layer(..., loss = Loss.MEAN_SQUARED_ERROR)), or remove it");
  }

  // ---- shapes a merge combines ----

  @Test
  void addOfTwoShapesThatDisagree() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(from = \"features\", units = 3) Dense a;",
        "  @Layer(from = \"features\", units = 5) Dense b;",
        "  @Layer(from = {\"a\", \"b\"})",
        "  Add sum;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Add sum;",
        "[kiln:merge-shape] Add 'sum' combines its inputs value by value, so they must have the same shape",
        "but 'a' gives (3) and 'b' gives (5): the length differs (3 and 5)");
  }

  @Test
  void concatenateOfImagesOfDifferentHeights() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = {8, 8, 1}) Input image;",
        "  @Layer(from = \"image\", filters = 2, kernel = 3) Conv2D square;",
        "  @Layer(from = \"image\", filters = 2, kernel = {5, 3}) Conv2D tall;",
        "  @Layer(from = {\"square\", \"tall\"})",
        "  Concatenate stacked;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Concatenate stacked;",
        "[kiln:merge-shape] Concatenate 'stacked' joins its inputs along the last axis, so they must agree in every"
            + " other dimension", "images of the same height and width",
        "but 'square' gives (6, 6, 2) and 'tall' gives (4, 6, 2): the height differs (6 and 4)");
  }

  @Test
  void concatenateOfAnImageAndARow() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = {4, 4, 1}) Input image;",
        "  @Layer(shape = 3) Input hint;",
        "  @Layer(from = {\"image\", \"hint\"})",
        "  Concatenate joined;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Concatenate joined;",
        "but 'image' gives (4, 4, 1) and 'hint' gives (3): one is an image, the other a flat row");
  }

  @Test
  void dotOfVectorsOfDifferentLengths() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(shape = 1, indices = true) Input movie;",
        "  @Layer(from = \"user\", vocabulary = 671, units = 10) Embedding userVector;",
        "  @Layer(from = \"movie\", vocabulary = 9066, units = 12) Embedding movieVector;",
        "  @Layer(from = {\"userVector\", \"movieVector\"})",
        "  Dot rating;",
        "}");
    assertOnlyError(net, "Dot rating;",
        "[kiln:merge-shape] Dot 'rating' multiplies two vectors value by value and adds the products, so they must"
            + " be flat and of one length", "but 'userVector' gives (10) and 'movieVector' gives (12): the length differs (10 and 12)");
  }

  @Test
  void dotOfAnImage() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = {4, 4, 1}) Input image;",
        "  @Layer(shape = 16) Input features;",
        "  @Layer(from = {\"image\", \"features\"})",
        "  Dot score;",
        "}");
    assertOnlyError(net, "Dot score;",
        "[kiln:merge-shape] Dot 'score'", "so they must be flat and of one length",
        "but 'image' gives (4, 4, 1) and 'features' gives (16): 'image' is not flat (add a Flatten)");
  }

  // ---- the output and the loss ----

  @Test
  void dotOutputWithBinaryCrossEntropy() {
    JavaFileObject net = net(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(shape = 1, indices = true) Input movie;",
        "  @Layer(from = \"user\", vocabulary = 671, units = 10) Embedding userVector;",
        "  @Layer(from = \"movie\", vocabulary = 9066, units = 10) Embedding movieVector;",
        "  @Layer(from = {\"userVector\", \"movieVector\"})",
        "  Dot liked;",
        "}");
    assertOnlyError(net, "Dot liked;",
        "[kiln:output-loss] the last layer 'liked' is a Dot, whose output is a score, not a probability, so it does"
            + " not fit loss BINARY_CROSS_ENTROPY", "use MEAN_SQUARED_ERROR or MEAN_ABSOLUTE_ERROR",
        "add '@Layer(units = 1) @Activation(SIGMOID) Dense out;' after it for BINARY_CROSS_ENTROPY");
  }

  @Test
  void dotOutputWithCategoricalCrossEntropy() {
    JavaFileObject net = net(
        "@Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 4) Input right;",
        "  @Layer(from = {\"left\", \"right\"})",
        "  Dot score;",
        "}");
    assertOnlyError(net, "Dot score;",
        "[kiln:output-loss] the last layer 'score' is a Dot", "does not fit loss SPARSE_CATEGORICAL_CROSS_ENTROPY",
        "use MEAN_SQUARED_ERROR or MEAN_ABSOLUTE_ERROR");
  }

  @Test
  void modelEndingInAConcatenate() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input a;",
        "  @Layer(shape = 2) Input b;",
        "  @Layer(from = {\"a\", \"b\"})",
        "  Concatenate joined;",
        "}");
    assertOnlyError(net, "Concatenate joined;",
        "[kiln:output-layer] the last layer 'joined' is a Concatenate, but an output is a Dense layer or a Dot,"
            + " which compute the loss", "add e.g. '@Layer(units = 1) Dense out;' after it");
  }

  @Test
  void modelEndingInAnEmbedding() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(vocabulary = 671, units = 10)",
        "  Embedding userVector;",
        "}");
    assertOnlyError(net, "Embedding userVector;",
        "[kiln:output-layer] the last layer 'userVector'", "but an output is a Dense layer or a Dot",
        "add e.g. '@Layer(units = 1) Dense out;' after it");
  }

  // ---- indices and embeddings ----

  @Test
  void embeddingOfAFloatInput() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1) Input user;",
        "  @Layer(vocabulary = 671, units = 10)",
        "  Embedding userVector;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Embedding userVector;",
        "[kiln:indices] Embedding 'userVector' looks up vectors by index", "gives float values",
        "read an input declared with @Layer(shape = ..., indices = true)");
  }

  @Test
  void embeddingOfADenseLayer() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer(vocabulary = 100, units = 3)",
        "  Embedding vectors;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Embedding vectors;",
        "[kiln:indices] Embedding 'vectors' looks up vectors by index, but 'hidden' gives float values",
        "indices = true");
  }

  @Test
  void denseFedAnIndexInput() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(units = 1)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "Dense out;",
        "[kiln:indices] Dense 'out' reads input 'user', which holds integer indices",
        "only an Embedding reads indices",
        "put '@Layer(from = \"user\", vocabulary = ..., units = ...) Embedding ...;' between them");
  }

  @Test
  void concatenateOfAnIndexInput() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(from = {\"features\", \"user\"})",
        "  Concatenate joined;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Concatenate joined;",
        "[kiln:indices] Concatenate 'joined' reads input 'user', which holds integer indices",
        "Embedding ...;' between them");
  }

  @Test
  void embeddingWithoutVocabulary() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(units = 8)",
        "  Embedding userVector;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Layer(units = 8)",
        "[kiln:vocabulary] Embedding layer 'userVector' needs vocabulary",
        "the number of distinct indices, e.g. vocabulary = 10000");
  }

  @Test
  void embeddingWithAVocabularyOfZero() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(units = 8,",
        "      vocabulary = 0)",
        "  Embedding userVector;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "vocabulary = 0",
        "[kiln:vocabulary] vocabulary = 0 in layer 'userVector', but it must be at least 1",
        "e.g. vocabulary = 10000");
  }

  @Test
  void embeddingWithoutUnits() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(vocabulary = 671)",
        "  Embedding userVector;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Layer(vocabulary = 671)",
        "[kiln:units] Embedding layer 'userVector' needs units", "the length of each vector, e.g. units = 16");
  }

  @Test
  void embeddingWithNegativeUnits() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(vocabulary = 671,",
        "      units = -2)",
        "  Embedding userVector;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "units = -2",
        "[kiln:units] units = -2 in layer 'userVector', but it must be at least 1",
        "the length of each vector, e.g. units = 16");
  }

  // ---- reshape ----

  @Test
  void reshapeToADifferentNumberOfValues() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 12) Input features;",
        "  @Layer(",
        "      shape = 10)",
        "  Reshape row;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shape = 10",
        "[kiln:shape] Reshape 'row' gives shape = {10}, which holds 10 values, but", "gives (12), 12 values",
        "the sizes must multiply to the same count");
  }

  @Test
  void reshapeOfALayerToADifferentNumberOfValues() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 12) Dense hidden;",
        "  @Layer(",
        "      shape = {2, 5})",
        "  Reshape grid;",
        "  @Layer(filters = 2, kernel = 2) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shape = {2, 5}",
        "[kiln:shape] Reshape 'grid' gives shape = {2, 5}, which holds 10 values, but 'hidden' gives (12), 12 values");
  }

  @Test
  void reshapeWithoutShape() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 12) Input features;",
        "  @Layer()",
        "  Reshape row;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Layer()",
        "[kiln:shape] Reshape layer 'row' needs shape", "the shape it gives, e.g. shape = {7, 7, 16} or shape = 784");
  }

  @Test
  void reshapeWithFourSizes() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 24) Input features;",
        "  @Layer(",
        "      shape = {1, 2, 3, 4})",
        "  Reshape cube;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shape = {1, 2, 3, 4}",
        "[kiln:shape] Reshape 'cube' has shape = {1, 2, 3, 4}, 4 sizes",
        "an image {height, width, channels}");
  }

  // ---- dropout ----

  @Test
  void dropoutOfALayerAnotherLayerReadsToo() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 8) Dense hidden;",
        "  @Layer(rate = 0.5)",
        "  Dropout drop;",
        "  @Layer(units = 4) Dense narrow;",
        "  @Layer(from = {\"narrow\", \"hidden\"}) Concatenate skip;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dropout drop;",
        "[kiln:dropout-position] Dropout 'drop' masks the output of 'hidden', which 'skip' reads too, unmasked",
        "put the Dropout where only one layer reads it, or give 'skip' its own Dropout");
  }

  @Test
  void dropoutBehindAFlattenOfALayerAnotherLayerReadsToo() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = {6, 6, 1}) Input image;",
        "  @Layer(filters = 2, kernel = 3) Conv2D conv;",
        "  @Layer Flatten flat;",
        "  @Layer(rate = 0.5)",
        "  Dropout drop;",
        "  @Layer(units = 4) Dense narrow;",
        "  @Layer(from = \"conv\") GlobalAveragePooling2D gap;",
        "  @Layer(from = {\"narrow\", \"gap\"}) Concatenate joined;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dropout drop;",
        "[kiln:dropout-position] Dropout 'drop' masks the output of", "which 'gap' reads too, unmasked");
  }

  // ---- attributes that do not apply ----

  @Test
  void fromOnAnInput() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input a;",
        "  @Layer(shape = 4,",
        "      from = \"a\")",
        "  Input b;",
        "  @Layer(from = {\"a\", \"b\"}) Add sum;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "from = \"a\"",
        "[kiln:attribute] 'from' does not apply to Input layer 'b'", "remove it");
  }

  @Test
  void normalizeOnADense() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 1,",
        "      normalize = true)",
        "  Dense out;",
        "}");
    assertOnlyError(net, "normalize = true",
        "[kiln:attribute] 'normalize' does not apply to Dense layer 'out'", "remove it");
  }

  @Test
  void normalizeOnAConcatenate() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input a;",
        "  @Layer(shape = 4) Input b;",
        "  @Layer(from = {\"a\", \"b\"},",
        "      normalize = true)",
        "  Concatenate joined;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "normalize = true",
        "[kiln:attribute] 'normalize' does not apply to Concatenate layer 'joined'", "remove it");
  }

  @Test
  void unitsOnAnInput() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4,",
        "      units = 4)",
        "  Input features;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "units = 4",
        "[kiln:attribute] 'units' does not apply to Input layer 'features'", "remove it");
  }

  @Test
  void activationOnAMerge() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(from = \"features\", units = 3) Dense a;",
        "  @Layer(from = \"features\", units = 3) Dense b;",
        "  @Layer(from = {\"a\", \"b\"})",
        "  @Activation(RELU)",
        "  Add sum;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Activation(RELU)",
        "[kiln:attribute] '@Activation' does not apply to Add layer 'sum'",
        "give the layers it reads theirs, or add a Dense layer after it");
  }

  @Test
  void activationOnADotBetweenDenseLayers() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 5) Input right;",
        "  @Layer(from = \"left\", units = 3) Dense leftCode;",
        "  @Layer(from = \"right\", units = 3) Dense rightCode;",
        "  @Layer(from = {\"leftCode\", \"rightCode\"}, normalize = true)",
        "  @Activation(TANH)",
        "  Dot cosine;",
        "}");
    assertOnlyError(net, "@Activation(TANH)",
        "[kiln:attribute] '@Activation' does not apply to Dot layer 'cosine'",
        "add a Dense layer after it for one, e.g. '@Layer(units = 1) @Activation(SIGMOID) Dense out;'");
  }

  @Test
  void activationOnADotOfEmbeddings() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(shape = 1, indices = true) Input movie;",
        "  @Layer(from = \"user\", vocabulary = 671, units = 10) Embedding userVector;",
        "  @Layer(from = \"movie\", vocabulary = 9066, units = 10) Embedding movieVector;",
        "  @Layer(from = {\"userVector\", \"movieVector\"})",
        "  @Activation(SIGMOID)",
        "  Dot rating;",
        "}");
    assertOnlyError(net, "@Activation(SIGMOID)",
        "[kiln:attribute] '@Activation' does not apply to Dot layer 'rating'",
        "add a Dense layer after it for one, e.g. '@Layer(units = 1) @Activation(SIGMOID) Dense out;'");
  }

  @Test
  void activationOnAnInput() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4)",
        "  @Activation(TANH)",
        "  Input features;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Activation(TANH)",
        "[kiln:attribute] '@Activation' does not apply to Input layer 'features'",
        "an input has no activation; put it on the layer that reads the input");
  }

  // ---- one mistake, one error ----

  @Test
  void layerReadingAFieldWithAnUnknownFromIsNotReportedAgain() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(units = 3,",
        "      from = \"feature\")",
        "  Dense hidden;",
        "  @Layer(from = \"hidden\", units = 3) Dense a;",
        "  @Layer(units = 3) Dense b;",
        "  @Layer(from = {\"a\", \"b\", \"hidden\"}) Add sum;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "from = \"feature\"",
        "[kiln:from] 'feature' in from of 'hidden' is no layer or input of this model");
  }

  @Test
  void inputsNoLayerReadsBecauseOfABrokenFromAreNotReported() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 4) Input right;",
        "  @Layer(",
        "      from = {\"left\", \"rigth\"})",
        "  Dot score;",
        "}");
    assertOnlyError(net, "from = {\"left\", \"rigth\"}",
        "[kiln:from] 'rigth' in from of 'score' is no layer or input of this model");
  }

  @Test
  void layerReadingAnIndexInputDirectlyIsOneError() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(units = 8)",
        "  Dense hidden;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dense hidden;", "[kiln:indices] Dense 'hidden' reads input 'user'");
  }

  @Test
  void embeddingWithoutUnitsIsNotReportedAgainByTheDot() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(shape = 1, indices = true) Input movie;",
        "  @Layer(from = \"user\", vocabulary = 671, units = 10) Embedding userVector;",
        "  @Layer(from = \"movie\", vocabulary = 9066)",
        "  Embedding movieVector;",
        "  @Layer(from = {\"userVector\", \"movieVector\"}) Dot rating;",
        "}");
    assertOnlyError(net, "vocabulary = 9066)", "[kiln:units]", "'movieVector'");
  }

  @Test
  void denseWithZeroUnitsIsNotReportedAgainByTheMerge() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input features;",
        "  @Layer(from = \"features\",",
        "      units = 0)",
        "  Dense a;",
        "  @Layer(from = \"features\", units = 3) Dense b;",
        "  @Layer(from = {\"a\", \"b\"}) Add sum;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "units = 0", "[kiln:units] Dense layer 'a' has units = 0");
  }

  @Test
  void inputWithoutShapeIsNotReportedAgainByTheMerge() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input a;",
        "  @Layer()",
        "  Input b;",
        "  @Layer(from = {\"a\", \"b\"}) Add sum;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "@Layer()", "[kiln:input] input 'b' does not say the shape of one sample");
  }

  // ---- shared layers ----

  @Test
  void sharingAnUnknownLayer() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 4) Input right;",
        "  @Layer(from = \"left\", units = 3) Dense encoder;",
        "  @Layer(from = \"right\",",
        "      shares = \"encodr\") Dense rightEncoder;",
        "  @Layer(from = {\"encoder\", \"rightEncoder\"}) Subtract difference;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shares = \"encodr\"",
        "[kiln:shares] 'rightEncoder' shares the weights of 'encodr', which is no layer declared before it");
  }

  @Test
  void sharingALayerOfAnotherKind() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(shape = 4) Input right;",
        "  @Layer(from = \"user\", vocabulary = 10, units = 4) Embedding userVector;",
        "  @Layer(from = \"right\",",
        "      shares = \"userVector\") Dense rightEncoder;",
        "  @Layer(from = {\"userVector\", \"rightEncoder\"}) Subtract difference;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shares = \"userVector\"",
        "[kiln:shares] 'rightEncoder' shares the weights of 'userVector', an Embedding; a Dense can share only"
            + " another Dense's weights (Dense and Conv2D layers can be shared)");
  }

  @Test
  void aSharedLayerWithUnitsOfItsOwn() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 4) Input right;",
        "  @Layer(from = \"left\", units = 3) Dense encoder;",
        "  @Layer(from = \"right\", shares = \"encoder\",",
        "      units = 3) Dense rightEncoder;",
        "  @Layer(from = {\"encoder\", \"rightEncoder\"}) Subtract difference;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "units = 3) Dense rightEncoder;",
        "[kiln:shares] 'rightEncoder' shares the weights of 'encoder', so it takes its units too; remove units here");
  }

  @Test
  void aSharedLayerWithAnActivationOfItsOwn() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 4) Input right;",
        "  @Layer(from = \"left\", units = 3) @Activation(TANH) Dense encoder;",
        "  @Layer(from = \"right\", shares = \"encoder\") @Activation(TANH)",
        "  Dense rightEncoder;",
        "  @Layer(from = {\"encoder\", \"rightEncoder\"}) Subtract difference;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dense rightEncoder;",
        "[kiln:shares] 'rightEncoder' shares the weights of 'encoder', so it takes its @Activation too");
  }

  @Test
  void aSharedLayerWhoseInputsDifferInShape() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 5) Input right;",
        "  @Layer(from = \"left\", units = 3) Dense encoder;",
        "  @Layer(from = \"right\", shares = \"encoder\")",
        "  Dense rightEncoder;",
        "  @Layer(from = {\"encoder\", \"rightEncoder\"}) Subtract difference;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Dense rightEncoder;",
        "[kiln:shares] 'rightEncoder' shares the weights of 'encoder', but reads (5) where 'encoder' reads (4)",
        "a shared layer's inputs must have one shape");
  }

  @Test
  void sharesOnALayerWithoutWeights() {
    JavaFileObject net = net(
        "@Model(input = {8, 8, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(pool = 2) MaxPool2D pool;",
        "  @Layer(pool = 2,",
        "      shares = \"pool\") MaxPool2D again;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "shares = \"pool\"", "[kiln:attribute] 'shares' does not apply to MaxPool2D layer 'again'");
  }

  @Test
  void aSharedConvolutionWithFiltersOfItsOwn() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = {8, 8, 1}) Input left;",
        "  @Layer(shape = {8, 8, 1}) Input right;",
        "  @Layer(from = \"left\", filters = 2, kernel = 3) Conv2D conv;",
        "  @Layer(from = \"right\", shares = \"conv\",",
        "      filters = 2) Conv2D again;",
        "  @Layer(from = {\"conv\", \"again\"}) Subtract difference;",
        "  @Layer Flatten flat;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "filters = 2) Conv2D again;",
        "[kiln:shares] 'again' shares the weights of 'conv', so it takes its filters too; remove filters here");
  }

  @Test
  void aSharedConvolutionWhoseInputsDifferInShape() {
    JavaFileObject net = net(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Net {",
        "  @Layer(shape = {8, 8, 1}) Input left;",
        "  @Layer(shape = {9, 9, 1}) Input right;",
        "  @Layer(from = \"left\", filters = 2, kernel = 3) Conv2D conv;",
        "  @Layer(from = \"right\", shares = \"conv\")",
        "  Conv2D again;",
        "  @Layer(from = \"conv\") Flatten flat;",
        "  @Layer(from = \"again\") Flatten flatAgain;",
        "  @Layer(from = {\"flat\", \"flatAgain\"}) Concatenate both;",
        "  @Layer(units = 1) Dense out;",
        "}");
    assertOnlyError(net, "Conv2D again;",
        "[kiln:shares] 'again' shares the weights of 'conv', but reads (9, 9, 1) where 'conv' reads (8, 8, 1)",
        "a shared layer's inputs must have one shape");
  }

  @Test
  void aSiameseNetworkCompiles() {
    assertThat(compile(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 4) Input left;",
        "  @Layer(shape = 4) Input right;",
        "  @Layer(from = \"left\", units = 3) @Activation(TANH) Dense encoder;",
        "  @Layer(from = \"right\", shares = \"encoder\") Dense rightEncoder;",
        "  @Layer(from = {\"encoder\", \"rightEncoder\"}) Subtract difference;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense same;",
        "}")).succeededWithoutWarnings();
  }

  // ---- graph models that compile ----

  @Test
  void recommenderCompiles() {
    assertThat(compile(
        "@Model(loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.ADAM, batch = 256)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(shape = 1, indices = true) Input movie;",
        "  @Layer(from = \"user\", vocabulary = 671, units = 10) Embedding userVector;",
        "  @Layer(from = \"movie\", vocabulary = 9066, units = 10) Embedding movieVector;",
        "  @Layer(from = {\"userVector\", \"movieVector\"}) Dot rating;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void concatenateThenMlpCompiles() {
    assertThat(compile(
        "@Model(loss = Loss.BINARY_CROSS_ENTROPY, batch = 64)",
        "abstract class Net {",
        "  @Layer(shape = 1, indices = true) Input user;",
        "  @Layer(shape = 20, indices = true) Input history;",
        "  @Layer(shape = 8) Input features;",
        "  @Layer(from = \"user\", vocabulary = 671, units = 16) Embedding userVector;",
        "  @Layer(from = \"history\", vocabulary = 9066, units = 4) Embedding historyVectors;",
        "  @Layer Flatten historyRow;",
        "  @Layer(from = {\"userVector\", \"historyRow\", \"features\"}) Concatenate joined;",
        "  @Layer(units = 64) @Activation(RELU) Dense hidden;",
        "  @Layer(rate = 0.5) Dropout drop;",
        "  @Layer(units = 1) @Activation(SIGMOID) Dense out;",
        "}")).succeededWithoutWarnings();
  }

  @Test
  void everyMergeCompiles() {
    assertThat(compile(
        "@Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY)",
        "abstract class Net {",
        "  @Layer(shape = 6) Input x;",
        "  @Layer(shape = {2, 3}) Input grid;",
        "  @Layer(from = \"x\", units = 4) @Activation(TANH) Dense a;",
        "  @Layer(from = \"x\", units = 4) @Activation(SIGMOID) Dense b;",
        "  @Layer(from = {\"a\", \"b\"}) Add sum;",
        "  @Layer(from = {\"a\", \"b\"}) Subtract difference;",
        "  @Layer(from = {\"a\", \"b\", \"a\"}) Multiply product;",
        "  @Layer(from = {\"sum\", \"difference\", \"product\"}) Average mean;",
        "  @Layer(from = {\"a\", \"mean\"}, normalize = true) Dot cosine;",
        "  @Layer(from = \"grid\") Flatten cells;",
        "  @Layer(from = {\"mean\", \"cosine\", \"cells\"}) Concatenate joined;",
        "  @Layer(shape = 11) Reshape row;",
        "  @Layer(units = 3) @Activation(SOFTMAX) Dense out;",
        "}")).succeededWithoutWarnings();
  }
}
