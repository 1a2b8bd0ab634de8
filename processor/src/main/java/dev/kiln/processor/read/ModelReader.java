package dev.kiln.processor.read;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Precision;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.layers.LayerDefinition;
import dev.kiln.processor.layers.NodeContent;
import dev.kiln.processor.layers.NodeKind;
import dev.kiln.processor.report.Messages;
import dev.kiln.processor.report.Report;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Stage 1: reads a {@code @Model} class into its graph, reporting everything about the class, its
 * fields and their annotations that is wrong: each field is read by its kind's definition against
 * the shape it receives, so shape mistakes are reported here too, on the value at fault.
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
  public Optional<ReadModel> read(TypeElement type) {
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
    FieldErrors errors = new FieldErrors(report, type);
    Optional<List<Node>> nodes = readNodes(type, input, batch, errors);
    if (nodes.isEmpty()) {
      // a layer's type is unknown (reported) or does not resolve (javac reports it): no network to check
      return Optional.empty();
    }
    ModelGraph graph = new ModelGraph(type.getQualifiedName().toString(), packageOf(type),
        model.enumValue("loss", Loss.class), model.enumValue("optimizer", Optimizer.class), batch,
        model.enumValue("precision", Precision.class), l2, nodes.get());
    return Optional.of(new ReadModel(graph, errors));
  }

  private static String packageOf(TypeElement type) {
    Element enclosing = type.getEnclosingElement();
    while (!(enclosing instanceof PackageElement)) {
      enclosing = enclosing.getEnclosingElement();
    }
    return ((PackageElement) enclosing).getQualifiedName().toString();
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

  /**
   * The model's nodes in declaration order, which is their order in the graph: the model input, then
   * a node per layer field, each reading the one before it. Empty when a field's type is not a layer.
   */
  private Optional<List<Node>> readNodes(TypeElement type, int[] input, int batch, FieldErrors errors) {
    List<Node> nodes = new ArrayList<>();
    nodes.add(new Node(0, "input", NodeKind.INPUT, List.of(), Shape.ofInput(input), -1, "input",
        dev.kiln.processor.ir.Activation.LINEAR,
        new Settings.Input(false, input.clone()), List.of()));
    boolean unresolved = false;
    int layers = 0;
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      Optional<AnnotationReader> layer = AnnotationReader.find(field, Layer.class, elements);
      Optional<AnnotationReader> activation = AnnotationReader.find(field, Activation.class, elements);
      Optional<NodeKind> kind = layerKind(field.asType());
      String fieldName = field.getSimpleName().toString();
      if (layer.isEmpty()) {
        if (kind.isPresent()) {
          report.error(Messages.missingLayer(fieldName, kind.get().typeName()), field);
        } else if (activation.isPresent()) {
          report.error(Messages.activationWithoutLayer(fieldName), field, activation.get().mirror());
        }
        continue;
      }
      checkFieldModifiers(field, fieldName);
      if (kind.isEmpty()) {
        if (field.asType().getKind() != TypeKind.ERROR) { // javac already reports unresolved types
          report.error(Messages.unknownLayerType(fieldName, field.asType().toString(), NodeKind.fieldTypes()), field);
        }
        unresolved = true;
        continue;
      }
      LayerDefinition definition = kind.get().definition();
      rejectAttributes(field, definition, layer.get(), activation);
      Node previous = nodes.get(nodes.size() - 1);
      NodeContent content = definition.read(new AnnotatedField(field, layer.get(), activation, report, batch),
          previous);
      boolean view = definition.isView();
      Node node = new Node(nodes.size(), fieldName, kind.get(), List.of(previous), content.shape(),
          view ? -1 : layers++, view ? fieldName : kernelPrefixes.allocate(fieldName), content.activation(),
          content.settings(), content.parameters());
      errors.declare(node, field);
      nodes.add(node);
    }
    return unresolved ? Optional.empty() : Optional.of(nodes);
  }

  /** Attributes the field's layer type does not take, and @Activation on a layer that has none. */
  private void rejectAttributes(VariableElement field, LayerDefinition kind, AnnotationReader layer,
                                Optional<AnnotationReader> activation) {
    String fieldName = field.getSimpleName().toString();
    for (String attribute : layer.explicitNames()) {
      if (!kind.accepts(attribute)) {
        report.error(Messages.attributeNotApplicable(attribute, fieldName, kind.simpleName(), "remove it"), field,
            layer.mirror(), layer.valueForError(attribute));
      }
    }
    if (activation.isPresent() && !kind.takesActivation()) {
      report.error(Messages.attributeNotApplicable("@Activation", fieldName, kind.simpleName(), kind.activationFix()),
          field, activation.get().mirror());
    }
  }

  private void checkFieldModifiers(VariableElement field, String fieldName) {
    for (Modifier modifier : List.of(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)) {
      if (field.getModifiers().contains(modifier)) {
        report.error(Messages.fieldModifier(fieldName, modifier.toString()), field);
      }
    }
  }

  private static Optional<NodeKind> layerKind(TypeMirror type) {
    if (type instanceof DeclaredType declared) {
      Element element = declared.asElement();
      return NodeKind.forFieldType(((TypeElement) element).getQualifiedName().toString());
    }
    return Optional.empty();
  }
}
