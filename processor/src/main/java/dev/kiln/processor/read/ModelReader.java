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
      Set.of("open", "fit", "evaluate", "predict", "inputGradient", "scaleInputs", "inputScaler", "initialize", "summary",
          "save", "load", "layers", "spec", "device", "close", "dataset", "partOf");

  private final Elements elements;
  private final SourcePlacement placement;
  private final Report report;

  /** The models this one is read inside, outermost first: empty unless it is read as a part of another. */
  private final List<String> enclosing;

  public ModelReader(Elements elements, SourcePlacement placement, Report report) {
    this(elements, placement, report, List.of());
  }

  ModelReader(Elements elements, SourcePlacement placement, Report report, List<String> enclosing) {
    this.elements = elements;
    this.placement = placement;
    this.report = report;
    this.enclosing = enclosing;
  }

  /** The model, or empty when it is too broken to check further (the report says why). */
  public Optional<ReadModel> read(TypeElement type) {
    String name = type.getSimpleName().toString();
    if (type.getKind() != ElementKind.CLASS) {
      report.error(Messages.notAClass(type.getKind().toString().toLowerCase().replace('_', ' ')), type);
      return Optional.empty();
    }
    checkClass(type, name);
    placement.checkFile(type, report);
    AnnotationReader model = AnnotationReader.find(type, Model.class, elements).orElseThrow();

    int[] input = model.intArray("input");
    boolean inputFields = ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
        .anyMatch(f -> GraphReader.kindOf(f).filter(NodeKind::isInput).isPresent());
    if (inputFields) {
      if (model.explicitValue("input").isPresent()) {
        report.error(Messages.inputsTwice(name), type, model.mirror(), model.valueForError("input"));
      }
    } else if (input.length == 0) {
      report.error(Messages.emptyInput(), type, model.mirror(), model.valueForError("input"));
    } else if (Arrays.stream(input).anyMatch(d -> d <= 0)) {
      report.error(Messages.nonPositiveInput(input), type, model.mirror(), model.valueForError("input"));
    } else if (input.length > 3) {
      report.error(Messages.inputRank("input", input), type, model.mirror(), model.valueForError("input"));
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
    Precision precision = model.enumValue("precision", Precision.class);
    List<String> within = new ArrayList<>(enclosing);
    if (within.isEmpty()) {
      within.add(type.getQualifiedName().toString());
    }
    GraphReader fields = new GraphReader(elements, placement, report, errors, batch, precision, within);
    Optional<List<Node>> nodes = fields.read(type, inputFields ? null : input);
    if (nodes.isEmpty()) {
      // a layer's type is unknown (reported) or does not resolve (javac reports it): no network to check
      return Optional.empty();
    }
    Loss loss = model.enumValue("loss", Loss.class);
    ModelGraph graph = new ModelGraph(type.getQualifiedName().toString(), packageOf(type), loss,
        model.enumValue("optimizer", Optimizer.class), batch, precision, l2, nodes.get(), fields.outputs(loss),
        fields.parts());
    return Optional.of(new ReadModel(graph, errors, fields.complete()));
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
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      List<String> checked = constructor.getThrownTypes().stream().filter(ModelReader::isChecked)
          .map(t -> ((DeclaredType) t).asElement().getSimpleName().toString()).toList();
      if (constructor.getParameters().isEmpty() && !checked.isEmpty()) {
        report.error(Messages.throwingConstructor(name, checked, compiled), constructor);
      }
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      String methodName = method.getSimpleName().toString();
      if (GENERATED_METHODS.contains(methodName)) {
        report.error(Messages.nameClash(methodName, name, compiled), method);
      }
    }
    checkAbstractMethods(type, name, compiled);
  }

  /** Whether the generated constructor would have to declare {@code thrown}: not a RuntimeException or an Error. */
  private static boolean isChecked(TypeMirror thrown) {
    for (TypeMirror t = thrown; t instanceof DeclaredType declared; ) {
      TypeElement element = (TypeElement) declared.asElement();
      String qualified = element.getQualifiedName().toString();
      if (qualified.equals("java.lang.RuntimeException") || qualified.equals("java.lang.Error")) {
        return false;
      }
      t = element.getSuperclass();
    }
    return thrown instanceof DeclaredType;
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

}
