package dev.kiln.processor.read;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Precision;
import dev.kiln.processor.ir.LayerIr;
import dev.kiln.processor.ir.LayerKind;
import dev.kiln.processor.ir.ModelIr;
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
    List<LayerIr> layers = readLayers(type, input, unresolved, flatten);
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

  private List<LayerIr> readLayers(TypeElement type, int[] input, boolean[] unresolved, VariableElement[] flatten) {
    List<LayerIr> layers = new ArrayList<>();
    VariableElement lastField = null;
    int width = Arrays.stream(input).reduce(1, (a, b) -> a * b);
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
      if (kind.get() == LayerKind.DROPOUT) {
        readDropout(field, layers, layer.get(), activation);
        continue;
      }
      if (kind.get() == LayerKind.FLATTEN) {
        readFlatten(field, layers, layer.get(), activation, flatten);
        continue;
      }
      if (layers.isEmpty() && input.length > 1 && flatten[0] == null) {
        report.error(Messages.inputNotFlat(input, fieldName), field);
      }
      LayerIr ir = readDense(field, layers.size(), width, kind.get(), layer.get(), activation);
      layers.add(ir);
      width = ir.units();
    }
    if (!layers.isEmpty() && layers.get(layers.size() - 1).dropoutField() == lastField && lastField != null) {
      report.error(Messages.dropoutAfterOutput(lastField.getSimpleName().toString(),
          layers.get(layers.size() - 1).name()), lastField);
    }
    return layers;
  }

  /** A Flatten field reads an image input as one row; layers' memory is row-major already, so it costs nothing. */
  private void readFlatten(VariableElement field, List<LayerIr> layers, AnnotationReader layer,
                           Optional<AnnotationReader> activation, VariableElement[] flatten) {
    String fieldName = field.getSimpleName().toString();
    for (String attribute : layer.explicitNames()) {
      report.error(Messages.attributeNotApplicable(attribute, fieldName, "Flatten", "remove it"), field,
          layer.mirror(), layer.valueForError(attribute));
    }
    activation.ifPresent(a -> report.error(Messages.attributeNotApplicable("@Activation", fieldName, "Flatten",
        "remove it"), field, a.mirror()));
    if (!layers.isEmpty() || flatten[0] != null) {
      String after = layers.isEmpty() ? flatten[0].getSimpleName().toString() : layers.get(layers.size() - 1).name();
      report.error(Messages.flattenPosition(fieldName, after), field);
      return;
    }
    flatten[0] = field;
  }

  /** A Dropout field masks the output of the Dense layer before it: it becomes part of that layer. */
  private void readDropout(VariableElement field, List<LayerIr> layers, AnnotationReader layer,
                           Optional<AnnotationReader> activation) {
    String fieldName = field.getSimpleName().toString();
    for (String attribute : layer.explicitNames()) {
      if (!LayerKind.DROPOUT.accepts(attribute)) {
        report.error(Messages.attributeNotApplicable(attribute, fieldName, "Dropout", "remove it"), field,
            layer.mirror(), layer.valueForError(attribute));
      }
    }
    activation.ifPresent(a -> report.error(Messages.attributeNotApplicable("@Activation", fieldName, "Dropout",
        "dropout only masks the previous layer's outputs; remove it"), field, a.mirror()));
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

  private LayerIr readDense(VariableElement field, int index, int width, LayerKind kind,
                            AnnotationReader layer, Optional<AnnotationReader> activation) {
    String fieldName = field.getSimpleName().toString();
    for (String attribute : layer.explicitNames()) {
      if (!kind.accepts(attribute)) {
        report.error(Messages.attributeNotApplicable(attribute, fieldName, kind.simpleName(),
            "remove it"), field, layer.mirror(), layer.valueForError(attribute));
      }
    }
    int units = layer.intValue("units");
    if (layer.explicitValue("units").isEmpty()) {
      report.error(Messages.missingUnits(fieldName), field, layer.mirror());
    } else if (units <= 0) {
      report.error(Messages.nonPositiveUnits(fieldName, units), field, layer.mirror(), layer.valueForError("units"));
    }
    ActivationKind function = activation.map(a -> a.enumValue("value", ActivationKind.class))
        .orElse(ActivationKind.LINEAR);
    double alpha = activation.map(a -> a.doubleValue("alpha")).orElse(0.01);
    if (activation.isPresent() && function != ActivationKind.LEAKY_RELU
        && activation.get().explicitValue("alpha").isPresent()) {
      report.error(Messages.alphaNotApplicable(fieldName, function.name(), alpha),
          field, activation.get().mirror(), activation.get().valueForError("alpha"));
    }
    return new LayerIr(field, index, kernelPrefixes.allocate(fieldName), kind, width, units,
        layer.booleanValue("bias"), function, alpha, 0, null);
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
