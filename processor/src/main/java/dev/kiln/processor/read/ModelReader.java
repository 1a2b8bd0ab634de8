package dev.kiln.processor.read;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Padding;
import dev.kiln.annotations.Precision;
import dev.kiln.processor.ir.LayerIr;
import dev.kiln.processor.ir.LayerKind;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Normalization;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.ir.Window;
import dev.kiln.processor.report.Messages;
import dev.kiln.processor.report.Report;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Stage 1: reads a {@code @Model} class into the IR, reporting everything about the class, its
 * fields and their annotations that is wrong on its own (not in relation to other layers).
 */
public final class ModelReader {
  /** Methods of the generated class; a user method of the same name would clash with it. */
  static final Set<String> GENERATED_METHODS =
      Set.of("open", "fit", "evaluate", "predict", "inputGradient", "scaleInputs", "inputScaler", "initialize", "summary", "save", "load", "layers", "spec", "device", "close");

  private final Elements elements;
  private final Report report;
  private final OpenClNames kernelPrefixes = new OpenClNames();

  public ModelReader(Elements elements, Report report) {
    this.elements = elements;
    this.report = report;
  }

  /** The model, or empty when it is too broken to check further (the report says why). */
  public Optional<ModelIr> read(TypeElement type) {
    String name = type.getSimpleName().toString();
    if (type.getKind() != ElementKind.CLASS) {
      report.error(Messages.notAClass(type.getKind().toString().toLowerCase().replace('_', ' ')), type);
      return Optional.empty();
    }
    checkClass(type, name);
    AnnotationReader model = AnnotationReader.find(type, Model.class, elements).orElseThrow();

    int[] input = model.intArray("input");
    if (input.length == 0) {
      report.error(Messages.emptyInput(), type, model.mirror(), model.valueForError("input"));
    } else if (Arrays.stream(input).anyMatch(d -> d <= 0)) {
      report.error(Messages.nonPositiveInput(input), type, model.mirror(), model.valueForError("input"));
    }
    int batch = model.intValue("batch");
    if (batch <= 0) {
      report.error(Messages.nonPositiveBatch(batch), type, model.mirror(), model.valueForError("batch"));
    }
    double l2 = model.doubleValue("l2");
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      report.error(Messages.badL2(l2), type, model.mirror(), model.valueForError("l2"));
    }

    List<VariableElement> layerFields = ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
        .filter(f -> AnnotationReader.find(f, Layer.class, elements).isPresent())
        .toList();
    if (layerFields.isEmpty()) {
      report.error(Messages.noLayers(name), type);
    }
    boolean[] unresolved = new boolean[1];
    VariableElement[] flatten = new VariableElement[1];
    List<LayerIr> layers = readLayers(type, input, batch, unresolved, flatten);
    if (unresolved[0]) {
      // a layer's type is unknown (reported) or does not resolve (javac reports it): no network to check
      return Optional.empty();
    }
    return Optional.of(new ModelIr(type, input, flatten[0], model.enumValue("loss", Loss.class),
        model.enumValue("optimizer", Optimizer.class), batch,
        model.enumValue("precision", Precision.class), l2, List.copyOf(layers)));
  }

  private void checkClass(TypeElement type, String name) {
    String compiled = compiledName(type);
    Set<Modifier> modifiers = type.getModifiers();
    if (modifiers.contains(Modifier.FINAL)) {
      report.error(Messages.finalClass(name), type);
    }
    if (!type.getTypeParameters().isEmpty()) {
      report.error(Messages.genericClass(name), type);
    }
    if (modifiers.contains(Modifier.PRIVATE)) {
      report.error(Messages.privateClass(name, compiled), type);
    }
    for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement enclosing;
         outer = outer.getEnclosingElement()) {
      if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(Messages.privateEnclosingClass(name, enclosing.getSimpleName().toString(), compiled), type);
      }
    }
    if (type.getEnclosingElement() instanceof TypeElement && !modifiers.contains(Modifier.STATIC)) {
      report.error(Messages.innerClass(name), type);
    }
    // the default constructor of a private class is private: the class-private error covers it
    boolean constructible = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty()
            && (!c.getModifiers().contains(Modifier.PRIVATE) || elements.getOrigin(c) == Elements.Origin.MANDATED));
    if (!constructible) {
      report.error(Messages.noConstructor(name), type);
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      String methodName = method.getSimpleName().toString();
      if (GENERATED_METHODS.contains(methodName)) {
        report.error(Messages.nameClash(methodName, name, compiled), method);
      }
    }
    checkAbstractMethods(type, name, compiled);
  }

  /** The generated class implements only the generated methods; any other abstract method would fail it. */
  private void checkAbstractMethods(TypeElement type, String name, String compiled) {
    List<ExecutableElement> methods = ElementFilter.methodsIn(elements.getAllMembers(type));
    for (ExecutableElement method : methods) {
      String methodName = method.getSimpleName().toString();
      if (!method.getModifiers().contains(Modifier.ABSTRACT) || GENERATED_METHODS.contains(methodName)) {
        continue;
      }
      boolean implemented = methods.stream().anyMatch(m -> m != method
          && !m.getModifiers().contains(Modifier.ABSTRACT) && elements.overrides(m, method, type));
      if (!implemented) {
        Element where = method.getEnclosingElement().equals(type) ? method : type;
        report.error(Messages.abstractMethod(name, methodName + "()", compiled), where);
      }
    }
  }

  /** The generated class's simple name: {@code Outer_NetCompiled} for a nested {@code Outer.Net}. */
  private static String compiledName(TypeElement type) {
    StringBuilder nested = new StringBuilder(type.getSimpleName());
    for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement enclosing;
         outer = outer.getEnclosingElement()) {
      nested.insert(0, enclosing.getSimpleName() + "_");
    }
    return nested + "Compiled";
  }

  private List<LayerIr> readLayers(TypeElement type, int[] input, int batch, boolean[] unresolved,
                                   VariableElement[] flatten) {
    List<LayerIr> layers = new ArrayList<>();
    VariableElement lastField = null;
    Shape shape = Shape.ofInput(input);
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      Optional<AnnotationReader> layer = AnnotationReader.find(field, Layer.class, elements);
      Optional<AnnotationReader> activation = AnnotationReader.find(field, Activation.class, elements);
      Optional<LayerKind> kind = layerKind(field.asType());
      String fieldName = field.getSimpleName().toString();
      if (layer.isEmpty()) {
        if (kind.isPresent()) {
          report.error(Messages.missingLayer(fieldName, kind.get().simpleName()), field);
        } else if (activation.isPresent()) {
          report.error(Messages.activationWithoutLayer(fieldName), field, activation.get().mirror());
        }
        continue;
      }
      checkFieldModifiers(field, fieldName);
      if (kind.isEmpty()) {
        if (field.asType().getKind() != TypeKind.ERROR) { // javac already reports unresolved types
          report.error(Messages.unknownLayerType(fieldName, field.asType().toString(), knownLayerTypes()), field);
        }
        unresolved[0] = true;
        continue;
      }
      lastField = field;
      rejectAttributes(field, kind.get(), layer.get(), activation);
      String source = layers.isEmpty() ? "the model input" : "'" + layers.get(layers.size() - 1).name() + "'";
      switch (kind.get()) {
        case DROPOUT -> readDropout(field, layers, layer.get());
        case FLATTEN -> shape = readFlatten(field, layers, shape, flatten);
        default -> {
          LayerIr ir = switch (kind.get()) {
            case DENSE -> readDense(field, layers.size(), shape, source, input, layer.get(), activation);
            case CONV2D -> readConv(field, layers.size(), shape, source, layer.get(), activation);
            case BATCH_NORMALIZATION -> readBatchNormalization(field, layers.size(), shape, batch, layer.get(),
                activation);
            default -> readPool(field, layers.size(), kind.get(), shape, source, layer.get());
          };
          layers.add(ir);
          shape = ir.output();
        }
      }
    }
    if (!layers.isEmpty() && layers.get(layers.size() - 1).dropoutField() == lastField && lastField != null) {
      report.error(Messages.dropoutAfterOutput(lastField.getSimpleName().toString(),
          layers.get(layers.size() - 1).name()), lastField);
    }
    return layers;
  }

  /** Attributes the field's layer type does not take, and @Activation on a layer without weights. */
  private void rejectAttributes(VariableElement field, LayerKind kind, AnnotationReader layer,
                                Optional<AnnotationReader> activation) {
    String fieldName = field.getSimpleName().toString();
    for (String attribute : layer.explicitNames()) {
      if (!kind.accepts(attribute)) {
        report.error(Messages.attributeNotApplicable(attribute, fieldName, kind.simpleName(), "remove it"), field,
            layer.mirror(), layer.valueForError(attribute));
      }
    }
    if (activation.isPresent() && !kind.hasParameters()) {
      String fix = kind == LayerKind.DROPOUT ? "dropout only masks the previous layer's outputs; remove it"
          : "put the activation on the layer before it";
      report.error(Messages.attributeNotApplicable("@Activation", fieldName, kind.simpleName(), fix), field,
          activation.get().mirror());
    }
  }

  /**
   * A Flatten field reads an image (the input's, a Conv2D's or a pool's) as one row; memory is
   * row-major already, so it costs nothing. Returns the shape after it.
   */
  private Shape readFlatten(VariableElement field, List<LayerIr> layers, Shape shape, VariableElement[] flatten) {
    String fieldName = field.getSimpleName().toString();
    if (layers.isEmpty()) {
      if (flatten[0] != null) {
        report.error(Messages.flattenPosition(fieldName, flatten[0].getSimpleName().toString()), field);
        return shape;
      }
      flatten[0] = field;
      return Shape.flat(shape.size());
    }
    LayerIr previous = layers.get(layers.size() - 1);
    if (!shape.image()) {
      String after = previous.flattenField() != null ? previous.flattenField().getSimpleName().toString()
          : previous.name();
      report.error(Messages.flattenPosition(fieldName, after), field);
      return shape;
    }
    layers.set(layers.size() - 1, previous.withFlatten(field));
    return Shape.flat(shape.size());
  }

  /** A Dropout field masks the output of the layer before it: it becomes part of that layer. */
  private void readDropout(VariableElement field, List<LayerIr> layers, AnnotationReader layer) {
    String fieldName = field.getSimpleName().toString();
    double rate = layer.doubleValue("rate");
    if (!(rate > 0 && rate < 1)) {
      report.error(Messages.dropoutRate(fieldName, rate), field, layer.mirror(), layer.valueForError("rate"));
    }
    if (layers.isEmpty()) {
      report.error(Messages.dropoutFirst(fieldName), field);
      return;
    }
    LayerIr previous = layers.get(layers.size() - 1);
    if (previous.hasDropout()) {
      report.error(Messages.dropoutTwice(fieldName, previous.dropoutField().getSimpleName().toString()), field);
      return;
    }
    layers.set(layers.size() - 1, previous.withDropout(field, rate));
  }

  private LayerIr readDense(VariableElement field, int index, Shape shape, String source, int[] input,
                            AnnotationReader layer, Optional<AnnotationReader> activation) {
    String fieldName = field.getSimpleName().toString();
    if (shape.image()) {
      report.error(index == 0 ? Messages.inputNotFlat(input, fieldName)
          : Messages.denseOnImage(fieldName, source, shape.toString()), field);
    }
    int units = positive(field, layer, "units", "e.g. units = 64");
    Activated activated = readActivation(field, activation);
    return new LayerIr(field, index, kernelPrefixes.allocate(fieldName), LayerKind.DENSE, Shape.flat(shape.size()),
        Shape.flat(units), units, layer.booleanValue("bias"), activated.function(), activated.alpha(), null, 0,
        null, null, null);
  }

  private LayerIr readConv(VariableElement field, int index, Shape shape, String source, AnnotationReader layer,
                           Optional<AnnotationReader> activation) {
    String fieldName = field.getSimpleName().toString();
    int filters = positive(field, layer, "filters", "e.g. filters = 32");
    if (layer.explicitValue("kernel").isEmpty()) {
      report.error(Messages.missingAttribute(fieldName, "Conv2D", "kernel", "e.g. kernel = 3 for 3x3 windows"), field,
          layer.mirror());
    }
    int[] kernel = pair(field, layer, "kernel", new int[] {1, 1});
    Activated activated = readActivation(field, activation);
    Window.Placed placed = place(field, layer, "Conv2D", shape, source, kernel, pair(field, layer, "stride",
        new int[] {1, 1}));
    return new LayerIr(field, index, kernelPrefixes.allocate(fieldName), LayerKind.CONV2D, shape,
        imageOut(shape, placed, filters), filters, layer.booleanValue("bias"),
        activated.function(), activated.alpha(), placed.window(), 0, null, null, null);
  }

  /** Batch normalisation over the last axis: an image's channels, or a row's features. */
  private LayerIr readBatchNormalization(VariableElement field, int index, Shape shape, int batch,
                                         AnnotationReader layer, Optional<AnnotationReader> activation) {
    String fieldName = field.getSimpleName().toString();
    if (batch == 1) {
      report.error(Messages.batchNormalizationBatch(fieldName), field);
    }
    double momentum = layer.doubleValue("momentum");
    if (!(momentum >= 0 && momentum < 1)) {
      report.error(Messages.batchNormalizationMomentum(fieldName, momentum), field, layer.mirror(),
          layer.valueForError("momentum"));
    }
    double epsilon = layer.doubleValue("epsilon");
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      report.error(Messages.batchNormalizationEpsilon(fieldName, epsilon), field, layer.mirror(),
          layer.valueForError("epsilon"));
    }
    Activated activated = readActivation(field, activation);
    return new LayerIr(field, index, kernelPrefixes.allocate(fieldName), LayerKind.BATCH_NORMALIZATION, shape, shape,
        shape.channels(), false, activated.function(), activated.alpha(), null, 0, null, null,
        new Normalization(momentum, epsilon));
  }

  private LayerIr readPool(VariableElement field, int index, LayerKind kind, Shape shape, String source,
                           AnnotationReader layer) {
    if (kind == LayerKind.GLOBAL_AVERAGE_POOLING2D) {
      requireImage(field, kind, shape, source);
      Window whole = new Window(shape.height(), shape.width(), shape.height(), shape.width(), 0, 0);
      return new LayerIr(field, index, kernelPrefixes.allocate(field.getSimpleName().toString()), kind, shape,
          Shape.flat(shape.channels()), shape.channels(), false, ActivationKind.LINEAR, 0, whole, 0, null, null,
          null);
    }
    int[] pool = pair(field, layer, "pool", new int[] {2, 2});
    int[] stride = pair(field, layer, "stride", pool);
    Window.Placed placed = place(field, layer, kind.simpleName(), shape, source, pool, stride);
    return new LayerIr(field, index, kernelPrefixes.allocate(field.getSimpleName().toString()), kind, shape,
        imageOut(shape, placed, shape.channels()), shape.channels(), false,
        ActivationKind.LINEAR, 0, placed.window(), 0, null, null, null);
  }

  /** The image a window layer gives; after an input that is no image (reported), a row, so no error follows from it. */
  private static Shape imageOut(Shape in, Window.Placed placed, int channels) {
    return in.image() ? Shape.image(placed.outHeight(), placed.outWidth(), channels) : Shape.flat(channels);
  }

  /** The window over the input image, reporting an input that is no image or a VALID window larger than it. */
  private Window.Placed place(VariableElement field, AnnotationReader layer, String type, Shape shape, String source,
                              int[] window, int[] stride) {
    requireImage(field, LayerKind.forType("dev.kiln.layers." + type).orElseThrow(), shape, source);
    boolean same = layer.enumValue("padding", Padding.class) == Padding.SAME;
    String attribute = type.equals("Conv2D") ? "kernel" : "pool";
    if (shape.image() && !same && (window[0] > shape.height() || window[1] > shape.width())) {
      report.error(Messages.windowLargerThanInput(field.getSimpleName().toString(), type, attribute,
          window[0] + "x" + window[1], shape.toString(), source), field, layer.mirror(),
          layer.valueForError(attribute));
    }
    Shape image = shape.image() ? shape : Shape.image(1, 1, shape.channels());
    return Window.place(image.height(), image.width(), window[0], window[1], stride[0], stride[1], same);
  }

  private void requireImage(VariableElement field, LayerKind kind, Shape shape, String source) {
    if (!shape.image()) {
      report.error(Messages.imageLayerOnFlat(field.getSimpleName().toString(), kind.simpleName(), source,
          shape.toString()), field);
    }
  }

  /** A (height, width) attribute: one number for both, or two; each at least 1. */
  private int[] pair(VariableElement field, AnnotationReader layer, String attribute, int[] defaults) {
    if (layer.explicitValue(attribute).isEmpty()) {
      return defaults;
    }
    int[] values = layer.intArray(attribute);
    String fieldName = field.getSimpleName().toString();
    if (values.length < 1 || values.length > 2) {
      report.error(Messages.pairLength(fieldName, attribute, values), field, layer.mirror(),
          layer.valueForError(attribute));
      return defaults;
    }
    if (Arrays.stream(values).anyMatch(v -> v <= 0)) {
      report.error(Messages.nonPositivePair(fieldName, attribute, values), field, layer.mirror(),
          layer.valueForError(attribute));
      return defaults;
    }
    return values.length == 1 ? new int[] {values[0], values[0]} : values;
  }

  /** An int attribute the layer needs, at least 1: reported when missing or not positive. */
  private int positive(VariableElement field, AnnotationReader layer, String attribute, String example) {
    String fieldName = field.getSimpleName().toString();
    int value = layer.intValue(attribute);
    if (layer.explicitValue(attribute).isEmpty()) {
      report.error(attribute.equals("units") ? Messages.missingUnits(fieldName)
          : Messages.missingAttribute(fieldName, "Conv2D", attribute, example), field, layer.mirror());
      return 1;
    }
    if (value <= 0) {
      report.error(attribute.equals("units") ? Messages.nonPositiveUnits(fieldName, value)
          : Messages.nonPositiveAttribute(fieldName, attribute, value, example), field, layer.mirror(),
          layer.valueForError(attribute));
      return 1;
    }
    return value;
  }

  private record Activated(ActivationKind function, double alpha) {}

  private Activated readActivation(VariableElement field, Optional<AnnotationReader> activation) {
    ActivationKind function = activation.map(a -> a.enumValue("value", ActivationKind.class))
        .orElse(ActivationKind.LINEAR);
    double alpha = activation.map(a -> a.doubleValue("alpha")).orElse(0.01);
    if (activation.isPresent() && function != ActivationKind.LEAKY_RELU
        && activation.get().explicitValue("alpha").isPresent()) {
      report.error(Messages.alphaNotApplicable(field.getSimpleName().toString(), function.name(), alpha),
          field, activation.get().mirror(), activation.get().valueForError("alpha"));
    }
    return new Activated(function, alpha);
  }

  private void checkFieldModifiers(VariableElement field, String fieldName) {
    for (Modifier modifier : List.of(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)) {
      if (field.getModifiers().contains(modifier)) {
        report.error(Messages.fieldModifier(fieldName, modifier.toString()), field);
      }
    }
  }

  private static Optional<LayerKind> layerKind(TypeMirror type) {
    if (type instanceof DeclaredType declared) {
      Element element = declared.asElement();
      return LayerKind.forType(((TypeElement) element).getQualifiedName().toString());
    }
    return Optional.empty();
  }

  private static String knownLayerTypes() {
    return Arrays.stream(LayerKind.values()).map(LayerKind::qualifiedName).collect(Collectors.joining(", "));
  }
}
