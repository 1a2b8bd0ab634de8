package dev.kiln.processor.report;

import dev.kiln.processor.ir.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error Kiln's compiler reports, in one place. Each starts with a stable tag users can search
 * for, says what is wrong, what was expected, where a shape came from, and the fix.
 */
public final class Messages {
  private Messages() {}

  public static String notAClass(String kind) {
    return "[kiln:class-kind] @Model must be on a class, but this is " + kind
        + "; declare the model as an abstract class whose fields are its layers";
  }

  public static String finalClass(String name) {
    return "[kiln:class-final] model class " + name + " is final, but Kiln generates a subclass of it; remove 'final'";
  }

  public static String privateClass(String name, String compiled) {
    return "[kiln:class-private] model class " + name
        + " is private, so the generated " + compiled + " cannot extend it; make it package-private or public";
  }

  public static String privateEnclosingClass(String name, String enclosing, String compiled) {
    return "[kiln:class-private] model class " + name + " is inside private class " + enclosing
        + ", so the generated " + compiled + " cannot extend it; make " + enclosing + " package-private or public";
  }

  public static String abstractMethod(String name, String method, String compiled) {
    return "[kiln:class-abstract-method] model class " + name + " has abstract method " + method
        + ", which the generated " + compiled + " does not implement; give it a body";
  }

  public static String innerClass(String name) {
    return "[kiln:class-inner] model class " + name
        + " is an inner (non-static) class; declare it 'static' or move it to its own file";
  }

  public static String noConstructor(String name) {
    return "[kiln:class-constructor] model class " + name
        + " has no non-private constructor without parameters for the generated subclass to call; add one";
  }

  public static String tooManyParameters(String layer, String type, long parameters, long limit, String fix) {
    return "[kiln:size] " + type + " layer '" + layer + "' would have " + parameters + " parameters, more than the "
        + limit + " that Kiln's kernels index a layer's parameters with; " + fix;
  }

  public static String sampleTooLarge(String layer, String type, long values, long limit, String fix) {
    return "[kiln:size] " + type + " layer '" + layer + "' would give " + values + " values per sample, more than the "
        + limit + " that Kiln's kernels index; " + fix;
  }

  public static String batchTooLarge(String layer, int batch, long values, long limit) {
    return "[kiln:size] layer '" + layer + "' holds " + values + " values per sample, so a batch of " + batch
        + " is more than the " + limit + " values Kiln's kernels index in one buffer; use at most @Model(batch = "
        + Math.max(1, limit / values) + "), or a smaller layer";
  }

  public static String layersOutsideModel(String type, List<String> fields) {
    return "[kiln:model] " + type + " has @Layer fields (" + String.join(", ", fields) + ") but no @Model, so Kiln"
        + " never reads them (nor the layers of a model's superclass); declare the model on " + type + ", e.g."
        + " @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR), or move the fields into the @Model class";
  }

  public static String emptyInput() {
    return "[kiln:input] input shape is empty; give the shape of one sample, e.g. input = {784}, or declare the"
        + " model's inputs as fields, e.g. '@Layer(shape = 784) Input image;'";
  }

  /**
   * A model input of more than three sizes ({@code attribute} is {@code input} on {@code @Model},
   * {@code shape} on an Input field); with a leading 1, most likely Keras's batch dimension.
   */
  public static String inputRank(String attribute, int[] shape) {
    String rule = "[kiln:input] " + attribute + " = " + braces(shape) + " has " + shape.length + " sizes, but a"
        + " sample is a row {n}, a sequence or one-channel image {a, b}, or an image {height, width, channels}";
    int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
    return shape[0] == 1 && sample.length <= 3
        ? rule + "; the batch is not part of it (Keras's (None, " + Arrays.stream(sample).mapToObj(Integer::toString)
            .collect(Collectors.joining(", ")) + ")): write " + attribute + " = " + braces(sample)
        : rule + "; flatten it, e.g. " + attribute + " = {" + Arrays.stream(shape).reduce(1, (a, b) -> a * b) + "}";
  }

  public static String nonPositiveInput(int[] shape) {
    return "[kiln:input] input = " + Arrays.stream(shape).mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "{", "}")) + " has a size <= 0; every size must be at least 1";
  }

  public static String inputNotFlat(int[] shape, String layer) {
    int width = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    return "[kiln:shape] Dense layer '" + layer + "' needs a flat input, but the model input is " + shape(shape)
        + "; add '@Layer Flatten flat;' before it, or declare input = {" + width + "}";
  }

  public static String flattenPosition(String field, String after) {
    return "[kiln:flatten-position] Flatten '" + field + "' comes after '" + after
        + "', whose output is already flat; Flatten turns an image (the input's, a Conv2D's or a pool's) into a"
        + " row; remove it";
  }

  /** {@code described}: "an image (6, 6, 4)" or "a sequence (20, 8)". */
  public static String denseOnImage(String layer, String source, String described) {
    return "[kiln:shape] Dense layer '" + layer + "' needs a flat input, but " + source + " gives " + described
        + "; add '@Layer Flatten flat;' before it" + (described.startsWith("an image")
        ? ", or a GlobalAveragePooling2D layer" : "");
  }

  /**
   * A Dense reading a sequence: the fix is the recurrent layer's returnSequences = false when one gives
   * it ({@code recurrent}, else null), a Flatten otherwise.
   */
  public static String denseOnSequence(String layer, String source, String described, String recurrent) {
    return "[kiln:shape] Dense layer '" + layer + "' needs a flat input, but " + source + " gives " + described
        + (recurrent != null ? "; remove returnSequences = true from '" + recurrent + "' to give only its last step"
            + " (units), or add '@Layer Flatten flat;' before '" + layer + "'"
            : "; add '@Layer Flatten flat;' before it");
  }

  /** {@code fix}: how to give the layer a sequence from what it reads now. */
  public static String recurrentOnNonSequence(String layer, String type, String source, String described, String fix) {
    return "[kiln:shape] " + type + " layer '" + layer + "' needs a sequence (steps, features), but " + source
        + " gives " + described + "; " + fix;
  }

  public static String maskedInput(String layer, String type, String embedding) {
    return "[kiln:mask] " + type + " layer '" + layer + "' reads the vectors of '" + embedding + "', whose index 0"
        + " is padding (maskZero = true), but only a recurrent layer (LSTM, GRU, SimpleRNN) skips padded steps; put one"
        + " between them, or remove maskZero = true from '" + embedding + "'";
  }

  public static String maskedBackwardsSequence(String layer, String type, String embedding) {
    return "[kiln:mask] " + type + " layer '" + layer + "' reads the steps of '" + embedding + "' (maskZero = true) from the"
        + " last and gives every step's output, whose padding Kiln cannot mask yet; read them forwards"
        + " (remove goBackwards = true), give only the last step (remove returnSequences = true), or read them both"
        + " ways with a Bidirectional, which gives the backward steps' outputs in the steps' order";
  }

  public static String recurrentActivation(String layer, String type, String attribute, String activation) {
    return "[kiln:activation] " + attribute + " of " + type + " layer '" + layer + "' is " + activation
        + ", which applies to a whole row, not to one gate; use e.g. " + (attribute.equals("@Activation")
            ? "@Activation(TANH), Keras's default" : "recurrentActivation = SIGMOID, Keras's default");
  }

  public static String imageLayerOnFlat(String layer, String type, String source, String shape) {
    return "[kiln:shape] " + type + " layer '" + layer + "' needs an image (height, width, channels), but "
        + source + " gives a flat " + shape + "; declare the model's input as an image, e.g. input = {28, 28, 1},"
        + " and put image layers before Flatten and Dense";
  }

  public static String windowLargerThanInput(String layer, String type, String attribute, String window,
                                             String shape, String source) {
    return "[kiln:window-size] " + attribute + " " + window + " of " + type + " layer '" + layer
        + "' is larger than its input " + shape + " from " + source
        + "; use a smaller " + attribute + ", or padding = Padding.SAME";
  }

  public static String missingAttribute(String layer, String type, String attribute, String example) {
    return "[kiln:" + attribute + "] " + type + " layer '" + layer + "' needs " + attribute + "; " + example;
  }

  public static String nonPositiveAttribute(String layer, String attribute, int value, String example) {
    return "[kiln:" + attribute + "] " + attribute + " = " + value + " in layer '" + layer
        + "', but it must be at least 1; " + example;
  }

  public static String pairLength(String layer, String attribute, int[] values) {
    return "[kiln:" + attribute + "] " + attribute + " = " + braces(values) + " in layer '" + layer
        + "' must be one number (height and width) or two (height, width), e.g. " + attribute + " = 3 or "
        + attribute + " = {3, 3}";
  }

  public static String lengthOverTime(String layer, String attribute, int[] values) {
    return "[kiln:" + attribute + "] " + attribute + " = " + braces(values) + " in layer '" + layer
        + "' must be one number, the steps a window spans over time, e.g. " + attribute + " = 5";
  }

  public static String nonPositivePair(String layer, String attribute, int[] values) {
    return "[kiln:" + attribute + "] " + attribute + " = " + braces(values) + " in layer '" + layer
        + "', but every " + attribute + " size must be at least 1" + (attribute.equals("stride")
        ? "; stride 1 moves the window one position at a time" : "");
  }

  public static String batchNormalizationBatch(String layer) {
    return "[kiln:batch-norm] BatchNormalization '" + layer + "' normalises over the batch, but the model is"
        + " compiled for batch = 1, where every value is its own mean; compile for a larger batch (e.g. 32)"
        + " or remove it";
  }

  public static String batchNormalizationMomentum(String layer, double momentum) {
    return "[kiln:batch-norm] momentum = " + momentum + " in BatchNormalization '" + layer
        + "', but it must be in [0, 1): the share of the running statistics each step keeps; Keras uses 0.99";
  }

  public static String batchNormalizationEpsilon(String layer, double epsilon) {
    return "[kiln:batch-norm] epsilon = " + epsilon + " in BatchNormalization '" + layer
        + "', but it must be positive, to keep the division finite; Keras uses 0.001";
  }

  public static String nonPositiveBatch(int batch) {
    return "[kiln:batch] batch = " + batch + ", but the compiled batch must be at least 1; e.g. batch = 32";
  }

  public static String badL2(double l2) {
    return "[kiln:l2] l2 = " + l2 + ", but weight decay must be a finite number >= 0; e.g. l2 = 1e-4";
  }

  public static String noLayers(String name) {
    return "[kiln:no-layers] model " + name + " has no layers; add fields such as '@Layer(units = 10) Dense out;'";
  }

  public static String fieldModifier(String field, String modifier) {
    return "[kiln:field-modifier] layer field '" + field + "' is " + modifier
        + ", but the generated subclass sets each layer field when it opens; remove '" + modifier + "'";
  }

  public static String unknownLayerType(String field, String type, String known) {
    return "[kiln:layer-type] field '" + field + "' has type " + type
        + ", which is not a Kiln layer; use one of " + known;
  }

  public static String bidirectionalWithoutLayer(String field) {
    return "[kiln:layer-type] Bidirectional field '" + field + "' does not say which recurrent layer it runs both ways;"
        + " declare it Bidirectional<LSTM>, Bidirectional<GRU> or Bidirectional<SimpleRNN>";
  }

  public static String bidirectionalOfNonRecurrent(String field, String type) {
    return "[kiln:layer-type] field '" + field + "' is a Bidirectional of " + type + ", but a Bidirectional runs a"
        + " recurrent layer over a sequence both ways; declare it Bidirectional<LSTM>, Bidirectional<GRU> or"
        + " Bidirectional<SimpleRNN>, or make the field a " + type;
  }

  public static String missingLayer(String field, String type) {
    return "[kiln:missing-layer] field '" + field + "' is a " + type + " but has no @Layer, so it is not part of the"
        + " model; add @Layer(...) to it";
  }

  public static String activationWithoutLayer(String field) {
    return "[kiln:missing-layer] field '" + field + "' has @Activation but no @Layer; add @Layer(...) or remove @Activation";
  }

  public static String missingUnits(String field) {
    return "[kiln:units] Dense layer '" + field + "' does not say how many outputs it has; set @Layer(units = ...)";
  }

  public static String nonPositiveUnits(String field, int units) {
    return "[kiln:units] Dense layer '" + field + "' has units = " + units
        + ", but a layer needs at least 1 output; set @Layer(units = ...)";
  }

  public static String attributeNotApplicable(String attribute, String field, String kind, String fix) {
    return "[kiln:attribute] '" + attribute + "' does not apply to " + kind + " layer '" + field + "'; " + fix;
  }

  /** The fix for an attribute written where its counterpart was meant: {@code filters = 32} on a Dense. */
  public static String counterpartFix(String kind, String attribute, String counterpart, String value) {
    return "a " + kind + " layer takes " + counterpart + " where other layers take " + attribute + ": write "
        + counterpart + " = " + value + " instead";
  }

  /** The fix for a Dropout rate written on another layer: a Dropout field of its own, {@code place} it. */
  public static String dropoutFix(String field, String rate, String place) {
    return "dropout is a layer of its own: remove rate here and declare @Layer(rate = " + rate + ") Dropout "
        + field + "Dropout; " + place + " this field";
  }

  public static String alphaNotFinite(String field, double alpha) {
    return "[kiln:attribute] alpha = " + alpha + " on layer '" + field + "' is not a finite number; give LEAKY_RELU's"
        + " negative slope as one, e.g. alpha = 0.01 (the default)";
  }

  public static String alphaNotApplicable(String field, String activation, double alpha) {
    return "[kiln:attribute] alpha = " + alpha + " on layer '" + field + "' has no effect: alpha is the negative slope"
        + " of LEAKY_RELU, but this layer's activation is " + activation + "; remove alpha, or use"
        + " @Activation(value = LEAKY_RELU, alpha = " + alpha + ")";
  }

  public static String dropoutRate(String field, double rate) {
    return "[kiln:dropout-rate] Dropout '" + field + "' has rate = " + rate
        + ", but the fraction of outputs to drop must be between 0 and 1 (exclusive); e.g. @Layer(rate = 0.5)";
  }

  public static String dropoutFirst(String field) {
    return "[kiln:dropout-position] Dropout '" + field + "' has no Dense layer before it to drop outputs of;"
        + " put it after a Dense layer";
  }

  public static String dropoutTwice(String field, String earlier) {
    return "[kiln:dropout-position] Dropout '" + field + "' follows Dropout '" + earlier
        + "' directly; use one Dropout with the combined rate";
  }

  public static String dropoutAfterOutput(String field, String output) {
    return "[kiln:dropout-position] Dropout '" + field + "' comes after the last layer '" + output
        + "', where it would drop the model's outputs; put it between two layers";
  }

  public static String softmaxNotLast(String field, String last) {
    return "[kiln:softmax-position] softmax on '" + field + "', but softmax is only allowed on an output (the last"
        + " layer, '" + last + "', or a layer with a loss of its own), where it feeds a categorical loss; use RELU or"
        + " TANH here";
  }

  /** {@code role}: "the last layer" for the model's output, "the output" for another. */
  public static String outputLoss(String role, String field, String activation, String loss, String fix) {
    return "[kiln:output-loss] " + role + " '" + field + "' ends in " + activation + ", which does not fit loss "
        + loss + "; " + fix;
  }

  public static String outputSize(String role, String field, int units, String loss, String expected) {
    return "[kiln:output-size] " + role + " '" + field + "' has " + units + " output" + (units == 1 ? "" : "s")
        + ", but loss " + loss + " needs " + expected;
  }

  public static String nameClash(String method, String name, String compiled) {
    return "[kiln:name-clash] method '" + method + "' in " + name + " clashes with the generated " + compiled
        + "." + method + "; rename it";
  }

  public static String generatedNameClash(String model, String earlier, String compiled) {
    return "[kiln:name-clash] model " + model + " would generate " + compiled + ", which " + earlier
        + " generates already; rename one of the two classes";
  }

  public static String throwingConstructor(String name, List<String> checked, String compiled) {
    return "[kiln:class-constructor] the constructor of model class " + name + " throws "
        + String.join(", ", checked) + ", which " + compiled + ".open() would have to declare; catch "
        + (checked.size() == 1 ? "it" : "them") + " inside the constructor instead";
  }

  public static String localClass(String name) {
    return "[kiln:class-local] model class " + name + " is declared inside a method, where annotation processors"
        + " never see it, so Kiln would generate nothing for it; declare it as a static nested class or in a file"
        + " of its own";
  }

  public static String auxiliaryClass(String name, String outer, String file) {
    String where = name.equals(outer) ? "" : " in " + outer + ",";
    return "[kiln:class-file] model class " + name + " is declared" + where + " in " + file + ", so its generated"
        + " class, in a file of its own, would use " + outer + " from another file: an auxiliary class, which"
        + " javac's lint warns about (-Xlint:auxiliaryclass); move " + outer + " to " + outer + ".java";
  }

  public static String genericClass(String name) {
    return "[kiln:class-generic] model class " + name + " has type parameters, but a model's layers are fixed at"
        + " compile time; remove the type parameters";
  }

  // ---- graphs: inputs, from, merges, embeddings ----

  public static String inputShapeMissing(String input) {
    return "[kiln:input] input '" + input + "' does not say the shape of one sample; e.g. @Layer(shape = 784)"
        + " for features, @Layer(shape = {28, 28, 1}) for an image, @Layer(shape = 1, indices = true) for one index";
  }

  /** {@code what}: "input" or "Reshape". */
  public static String shapeNotPositive(String what, String field, int[] shape) {
    return "[kiln:" + (what.equals("input") ? "input" : "shape") + "] " + what + " '" + field + "' has shape = "
        + braces(shape) + ", a size <= 0; every size must be at least 1";
  }

  public static String reshapeRank(String field, int[] shape) {
    return "[kiln:shape] Reshape '" + field + "' has shape = " + braces(shape) + ", " + shape.length + " sizes, but"
        + " a sample is a row {n}, a sequence or one-channel image {a, b}, or an image {height, width, channels}";
  }

  public static String indicesShape(String input, int[] shape) {
    return "[kiln:indices] input '" + input + "' holds indices, so its shape is how many it has per sample, one"
        + " number (shape = 1 for one index, shape = 100 for a sequence of 100), not " + braces(shape);
  }

  public static String inputsTwice(String model) {
    return "[kiln:input] model " + model + " declares its inputs as Input fields, so @Model(input = ...) has no"
        + " meaning; remove it";
  }

  public static String fromUnknown(String field, String name) {
    return "[kiln:from] '" + name + "' in from of '" + field + "' is no layer or input of this model; name a field"
        + " declared before '" + field + "' with @Layer";
  }

  public static String fromLater(String field, String name) {
    return "[kiln:from] '" + field + "' reads '" + name + "', which is declared after it; a layer reads only fields"
        + " declared before it (so a model has no cycles): move '" + name + "' above '" + field + "'";
  }

  public static String fromItself(String field) {
    return "[kiln:from] '" + field + "' reads itself; a layer reads fields declared before it";
  }

  public static String fromNothing(String field) {
    return "[kiln:from] '" + field + "' is the first field, so it has nothing to read; declare an Input field"
        + " before it, or @Model(input = ...)";
  }

  /** {@code given}: how many fields the from attribute names, or -1 when it is not written. */
  public static String arity(String field, String type, String expected, int given) {
    String reads = given < 0 ? "without from it reads only the field before it"
        : "from names " + given + (given == 1 ? " field" : " fields");
    return "[kiln:from] " + type + " '" + field + "' reads " + expected + ", but " + reads
        + "; name them, e.g. from = {\"a\", \"b\"}";
  }

  public static String inputUnused(String input) {
    return "[kiln:unused] input '" + input + "' is read by no layer; remove it, or name it in a layer's from";
  }

  public static String outputUnused(String field, String last) {
    return "[kiln:unused] the output of '" + field + "' is read by no layer, and only the last field ('" + last
        + "') is the model's output; name '" + field + "' in a later layer's from, give it a loss of its own to"
        + " make it a second output (@Layer(..., loss = Loss.MEAN_SQUARED_ERROR)), or remove it";
  }

  public static String lossCount(String field, int count) {
    return "[kiln:loss] '" + field + "' names " + count + " losses; an output has one, e.g. loss ="
        + " Loss.BINARY_CROSS_ENTROPY";
  }

  public static String lossWeight(String field, double weight) {
    return "[kiln:loss] lossWeight = " + weight + " on '" + field + "', but an output's weight in the total loss"
        + " must be a finite number > 0; e.g. lossWeight = 0.5";
  }

  public static String lossWeightWithoutLoss(String field) {
    return "[kiln:loss] '" + field + "' has a lossWeight but no loss, so it is not an output; give it a loss too"
        + " (loss = Loss.MEAN_SQUARED_ERROR), or remove lossWeight";
  }

  public static String indicesIntoFloatLayer(String field, String type, String input) {
    return "[kiln:indices] " + type + " '" + field + "' reads input '" + input + "', which holds integer indices;"
        + " only an Embedding reads indices: put '@Layer(from = \"" + input + "\", vocabulary = ..., units = ...)"
        + " Embedding ...;' between them";
  }

  public static String embeddingOfFloats(String field, String source) {
    return "[kiln:indices] Embedding '" + field + "' looks up vectors by index, but " + source + " gives float"
        + " values; read an input declared with @Layer(shape = ..., indices = true)";
  }

  /** {@code difference}: which dimension disagrees, e.g. "the height differs (6 and 4)". */
  public static String mergeShapes(String field, String type, String first, String firstShape, String other,
                                   String otherShape, String difference, String rule) {
    return "[kiln:merge-shape] " + type + " '" + field + "' " + rule + ", but '" + first + "' gives " + firstShape
        + " and '" + other + "' gives " + otherShape + ": " + difference;
  }

  public static String reshapeSize(String field, int[] shape, int size, String source, String sourceShape) {
    return "[kiln:shape] Reshape '" + field + "' gives shape = " + braces(shape) + ", which holds "
        + Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) + " values, but " + source + " gives "
        + sourceShape + ", " + size + " values; the sizes must multiply to the same count";
  }

  public static String sharesUnknown(String field, String owner) {
    return "[kiln:shares] '" + field + "' shares the weights of '" + owner + "', which is no layer declared"
        + " before it; name an earlier field of its own kind";
  }

  public static String sharesOtherKind(String field, String owner, String type, String ownType) {
    return "[kiln:shares] '" + field + "' shares the weights of '" + owner + "', " + article(type) + " " + type
        + "; a " + ownType + " can share only another " + ownType + "'s weights (Dense and Conv2D layers can be"
        + " shared)";
  }

  public static String partContainsItself(String field, String part, String model) {
    return "[kiln:part] '" + field + "' is a " + part + ", which contains " + model
        + (part.equals(model) ? "" : ", which contains '" + field + "'") + ": a model cannot contain itself;"
        + " use a layer of another model class here";
  }

  public static String partAccessorClash(String field, String part, boolean userMethod) {
    return "[kiln:part] the generated class gives the " + part + " of '" + field + "' as method " + field + "(), but"
        + (userMethod ? " a method of this class" : " a method every compiled model has") + " has that name;"
        + " rename the field" + (userMethod ? " or the method" : "");
  }

  public static String partDoesNotCompile(String field, String part) {
    return "[kiln:part] '" + field + "' is a " + part + ", which does not compile as a model; fix the errors"
        + " reported in " + part + " first";
  }

  public static String partWithSeveralOutputs(String field, String part, int outputs) {
    return "[kiln:part] '" + field + "' is a " + part + ", which has " + outputs + " outputs; a model used as a"
        + " layer gives one, so declare its other outputs in the model that uses it";
  }

  public static String partPrecision(String field, String part, String partPrecision, String precision) {
    return "[kiln:part] '" + field + "' is a " + part + " of precision = " + partPrecision + ", but this model"
        + " computes in " + precision + "; models that share weights need one precision, so declare both with"
        + " precision = " + precision;
  }

  public static String partArity(String field, String part, int inputs, int given) {
    return "[kiln:from] '" + field + "' is a " + part + ", which takes " + inputs + (inputs == 1 ? " input" : " inputs")
        + ", but it reads " + given + (given == 1 ? " field" : " fields") + "; name one for each of " + part
        + "'s inputs, in their order, with from";
  }

  public static String partInputMismatch(String field, String part, String given, Shape givenShape,
                                         boolean givesIndices, Shape expected, boolean indices) {
    String what = part + " takes " + (indices ? "indices " : "") + expected + ", but '" + given + "' gives "
        + (givesIndices ? "indices " : "") + givenShape;
    String fix = indices != givesIndices
        ? (indices ? "feed it an Input of indices" : "put an Embedding between them")
        : givenShape.size() == expected.size()
            ? "put '@Layer(shape = {" + dimensions(expected) + "}) Reshape " + given + "As" + part + ";' before '"
                + field + "'"
            : "their sizes differ (" + givenShape.size() + " and " + expected.size() + "), so change one of them";
    return "[kiln:shape] '" + field + "': " + what + "; " + fix;
  }

  private static String dimensions(Shape shape) {
    StringBuilder d = new StringBuilder();
    for (int x : shape.dimensions()) {
      d.append(d.length() == 0 ? "" : ", ").append(x);
    }
    return d.toString();
  }

  public static String nothingTrains(String model, String lastFrozen) {
    return "[kiln:trainable] every layer of " + model + " with weights is frozen, so training it would change"
        + " nothing; remove trainable = false from '" + lastFrozen + "' or another layer to train";
  }

  public static String sharesWithSettings(String field, String owner, String setting) {
    return "[kiln:shares] '" + field + "' shares the weights of '" + owner + "', so it takes its " + setting
        + " too; remove " + setting + " here";
  }

  public static String sharesOtherShape(String field, String owner, String shape, String ownerShape) {
    return "[kiln:shares] '" + field + "' shares the weights of '" + owner + "', but reads " + shape + " where '"
        + owner + "' reads " + ownerShape + "; a shared layer's inputs must have one shape";
  }

  public static String dropoutShared(String field, String layer, String other) {
    return "[kiln:dropout-position] Dropout '" + field + "' masks the output of '" + layer + "', which '" + other
        + "' reads too, unmasked; put the Dropout where only one layer reads it, or give '" + other
        + "' its own Dropout";
  }

  public static String outputWithoutLoss(String layer, String model) {
    return "[kiln:output-layer] '" + layer + "' is an output with a loss of its own, but " + model + " has"
        + " loss = Loss.NONE: it is trained only inside other models, which have outputs of their own; remove"
        + " its loss, or give " + model + " a loss";
  }

  public static String viewEndsAModelWithoutLoss(String layer, String type, String before) {
    return "[kiln:output-layer] the last layer '" + layer + "' is a " + type + ", which only views '" + before
        + "': end the model at '" + before + "' and declare the " + type + " in the model that contains this one";
  }

  public static String noneForAnOutput(String layer) {
    return "[kiln:output-layer] an output cannot have loss = Loss.NONE: '" + layer + "' would be trained by"
        + " nothing; remove its loss, or give it one such as Loss.MEAN_SQUARED_ERROR";
  }

  public static String outputNotDenseOrDot(String role, String layer, String type) {
    String fix = role.equals("the last layer") ? "add e.g. '@Layer(units = 1) Dense out;' after it"
        : "move its loss to a Dense layer that reads it, e.g. '@Layer(from = \"" + layer
            + "\", units = 1, loss = ...) Dense " + layer + "Out;'";
    return "[kiln:output-layer] " + role + " '" + layer + "' is " + article(type) + " " + type
        + ", but an output is a Dense layer or a Dot, which compute the loss; " + fix;
  }

  public static String dotOutputLoss(String role, String layer, String loss) {
    return "[kiln:output-loss] " + role + " '" + layer + "' is a Dot, whose output is a score, not a probability,"
        + " so it does not fit loss " + loss + "; use MEAN_SQUARED_ERROR or MEAN_ABSOLUTE_ERROR, or add"
        + " '@Layer(units = 1) @Activation(SIGMOID) Dense out;' after it for BINARY_CROSS_ENTROPY";
  }

  public static String positiveSize(String layer, String type, String attribute, int value, String example) {
    return "[kiln:" + attribute + "] " + type + " '" + layer + "' has " + attribute + " = " + value
        + ", but it must be at least 1; " + example;
  }

  public static String internal(String name, Throwable error) {
    return "[kiln:internal] Kiln's compiler failed on " + name + " (" + error
        + "); this is a bug in Kiln, please report it with this model";
  }

  /** "a" or "an", for a type's name. */
  /** "an" before a vowel, and before a name read letter by letter whose first letter sounds like one (an LSTM). */
  private static String article(String word) {
    boolean spelled = word.length() > 1 && Character.isUpperCase(word.charAt(1));
    return "AEIOU".indexOf(word.charAt(0)) >= 0 || spelled && "FHLMNRSX".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  private static String braces(int[] values) {
    return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(", ", "{", "}"));
  }

  private static String shape(int[] shape) {
    return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x", "", ""));
  }
}
