package dev.kiln.processor.read;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Precision;
import dev.kiln.processor.check.NetworkRules;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Output;
import dev.kiln.processor.ir.Part;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.layers.FieldReading;
import dev.kiln.processor.layers.LayerDefinition;
import dev.kiln.processor.layers.NodeContent;
import dev.kiln.processor.layers.NodeKind;
import dev.kiln.processor.report.Messages;
import dev.kiln.processor.report.Report;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads a model class's fields into the nodes of its graph, in declaration order, which is the
 * graph's topological order: a field reads the field declared before it, or the earlier fields its
 * {@code from} names. Each field is read by its kind's definition against what it reads. A field that
 * cannot be read is reported once; the fields that read it are skipped quietly, so one mistake is
 * one error.
 */
final class GraphReader {
  private final Elements elements;
  private final SourcePlacement placement;
  private final Report report;
  private final FieldErrors errors;
  private final int batch;
  private final OpenClNames kernelPrefixes = new OpenClNames();
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Node> byName = new HashMap<>();
  /** Fields reported as unreadable: whatever reads them is skipped without another error. */
  private final Set<String> broken = new HashSet<>();
  /** The loss each field names of its own (making it an output), and its weight. */
  private final Map<Node, OwnLoss> ownLosses = new HashMap<>();
  private int layers;

  private record OwnLoss(Loss loss, double weight) {}

  /** The models being read, outermost first, this one last: a part that is one of them would contain itself. */
  private final List<String> enclosing;
  /** The parts read, in order. */
  private final List<Part> parts = new ArrayList<>();
  private final Precision precision;

  GraphReader(Elements elements, SourcePlacement placement, Report report, FieldErrors errors, int batch,
              Precision precision, List<String> enclosing) {
    this.elements = elements;
    this.placement = placement;
    this.report = report;
    this.errors = errors;
    this.batch = batch;
    this.precision = precision;
    this.enclosing = List.copyOf(enclosing);
  }

  /** The models used as layers, in order. */
  List<Part> parts() {
    return parts;
  }

  /** The kind of node a field's type declares, if it is one of Kiln's. */
  static Optional<NodeKind> kindOf(VariableElement field) {
    if (field.asType() instanceof DeclaredType declared) {
      Element element = declared.asElement();
      return NodeKind.forFieldType(((TypeElement) element).getQualifiedName().toString());
    }
    return Optional.empty();
  }

  /**
   * The nodes of {@code type}, with the input {@code @Model(input = ...)} declares first when
   * {@code modelInput} is not null; empty when a field's type is no node of Kiln's.
   */
  /** Whether every field could be read, so that the graph is the model's whole graph. */
  boolean complete() {
    return broken.isEmpty();
  }

  Optional<List<Node>> read(TypeElement type, int[] modelInput) {
    if (modelInput != null) {
      add(new Node(0, "input", NodeKind.INPUT, List.of(), Shape.ofInput(modelInput), -1, "input",
          dev.kiln.processor.ir.Activation.LINEAR, new Settings.Input(false, modelInput.clone(), false), List.of()));
    }
    List<String> declared = ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
        .filter(f -> AnnotationReader.find(f, Layer.class, elements).isPresent())
        .map(f -> f.getSimpleName().toString()).toList();
    boolean unresolved = false;
    String previous = modelInput != null ? "input" : null;
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      Optional<AnnotationReader> layer = AnnotationReader.find(field, Layer.class, elements);
      Optional<AnnotationReader> activation = AnnotationReader.find(field, Activation.class, elements);
      Optional<NodeKind> kind = kindOf(field);
      String name = field.getSimpleName().toString();
      if (layer.isEmpty()) {
        if (kind.isPresent()) {
          report.error(Messages.missingLayer(name, kind.get().typeName()), field);
        } else if (activation.isPresent()) {
          report.error(Messages.activationWithoutLayer(name), field, activation.get().mirror());
        }
        continue;
      }
      checkFieldModifiers(field, name);
      Optional<TypeElement> partType = partType(field);
      if (partType.isPresent()) {
        String[] from = layer.get().stringArray("from");
        readPart(field, layer.get(), activation, partType.get(), from.length > 0 ? List.of(from)
            : previous == null ? List.of() : List.of(previous), declared.subList(declared.indexOf(name) + 1,
            declared.size()));
        previous = name;
        continue;
      }
      if (kind.isEmpty()) {
        if (field.asType().getKind() != TypeKind.ERROR) { // javac already reports unresolved types
          report.error(Messages.unknownLayerType(name, field.asType().toString(), NodeKind.fieldTypes()), field);
        }
        unresolved = true;
        continue;
      }
      LayerDefinition definition = kind.get().definition();
      // a Bidirectional's attributes and input are those of the layer it runs both ways
      Optional<NodeKind> wrapped = kind.get().isBidirectional() ? wrappedKind(field, name) : Optional.of(kind.get());
      if (wrapped.isEmpty()) {
        broken.add(name);
        previous = name;
        continue;
      }
      rejectAttributes(field, wrapped.get().definition(), layer.get(), activation,
          dropoutPlace(name, previous, declared));
      if (kind.get().isBidirectional() && layer.get().explicitValue("goBackwards").isPresent()) {
        report.error(Messages.attributeNotApplicable("goBackwards", name, definition.simpleName(),
            "a Bidirectional reads the steps both ways already; remove it"), field, layer.get().mirror(),
            layer.get().valueForError("goBackwards"));
      }
      AnnotatedField reading = new AnnotatedField(field, layer.get(), activation, report, batch);
      Optional<List<Node>> inputs = inputsOf(reading, wrapped.get().definition(), layer.get().stringArray("from"),
          previous, declared.subList(declared.indexOf(name) + 1, declared.size()));
      previous = name;
      if (inputs.isEmpty()) {
        broken.add(name);
        continue;
      }
      if (kind.get().isBidirectional()) {
        inputs = Optional.of(directions(reading, field, wrapped.get(), inputs.get()));
      }
      Optional<NodeContent> content = definition.accepts("shares") && layer.get().explicitValue("shares").isPresent()
          ? shared(reading, definition, kind.get(), layer.get().stringValue("shares"), inputs.get())
          : Optional.of(definition.read(reading, inputs.get()));
      if (content.isEmpty()) {
        broken.add(name);
        continue;
      }
      boolean view = definition.isView() || kind.get().isInput();
      Node node = new Node(nodes.size(), name, kind.get(), inputs.get(), content.get().shape(), view ? -1 : layers++,
          view ? name : kernelPrefixes.allocate(name), content.get().activation(), content.get().settings(),
          content.get().parameters(), frozen(reading));
      errors.declare(node, field);
      add(node);
      if (definition.accepts("loss")) {
        readOwnLoss(reading, layer.get()).ifPresent(own -> ownLosses.put(node, own));
      }
    }
    if (unresolved) {
      return Optional.empty();
    }
    if (broken.isEmpty()) {
      reportUnused();
    }
    return Optional.of(nodes);
  }

  /**
   * The layer kind a Bidirectional field runs both ways, its type argument ({@code Bidirectional<LSTM>});
   * empty after reporting that it has none or that it is no recurrent layer.
   */
  private Optional<NodeKind> wrappedKind(VariableElement field, String name) {
    List<? extends TypeMirror> arguments = ((DeclaredType) field.asType()).getTypeArguments();
    if (arguments.isEmpty() || !(arguments.get(0) instanceof DeclaredType argument)) {
      report.error(Messages.bidirectionalWithoutLayer(name), field);
      return Optional.empty();
    }
    TypeElement type = (TypeElement) argument.asElement();
    Optional<NodeKind> wrapped = NodeKind.forFieldType(type.getQualifiedName().toString());
    if (wrapped.isEmpty() || !wrapped.get().definition().runsBothWays()) {
      report.error(Messages.bidirectionalOfNonRecurrent(name, type.getSimpleName().toString()), field);
      return Optional.empty();
    }
    return wrapped;
  }

  /**
   * The two directions of a Bidirectional field, {@code name.forward} and {@code name.backward}, as
   * nodes of the kind it wraps reading {@code inputs}: the nodes its join reads.
   */
  private List<Node> directions(AnnotatedField reading, VariableElement field, NodeKind kind, List<Node> inputs) {
    List<NodeContent> contents = kind.definition().readBothWays(reading, inputs);
    List<Node> directions = new ArrayList<>();
    for (int d = 0; d < contents.size(); d++) {
      String name = reading.name() + (d == 0 ? ".forward" : ".backward");
      // kernels encoder_fw_recurrence, encoder_bw_update, beside the join's encoder_forward
      String kernelPrefix = kernelPrefixes.allocate(reading.name() + (d == 0 ? "_fw" : "_bw"));
      NodeContent content = contents.get(d);
      Node node = new Node(nodes.size(), name, kind, inputs, content.shape(), layers++, kernelPrefix,
          content.activation(), content.settings(), content.parameters(), frozen(reading));
      errors.declare(node, field);
      add(node);
      directions.add(node);
    }
    return directions;
  }

  /**
   * The model's outputs: the last layer, with its own loss or {@code modelLoss}, and every layer that
   * names a loss of its own, in the graph's order; their labels side by side in that order.
   */
  List<Output> outputs(Loss modelLoss) {
    Node last = ModelGraph.lastLayerOf(nodes);
    List<Output> outputs = new ArrayList<>();
    int column = 0;
    for (Node node : nodes) {
      OwnLoss own = ownLosses.get(node);
      if (node == last || own != null) {
        Loss loss = own != null && own.loss() != null ? own.loss() : modelLoss;
        outputs.add(new Output(node, loss, own != null ? own.weight() : 1, column, node == last));
        column += Output.labelWidth(node, loss);
      }
    }
    return outputs;
  }

  /** The loss and weight a field names of its own, reporting more than one loss, a bad weight, a weight alone. */
  private Optional<OwnLoss> readOwnLoss(AnnotatedField field, AnnotationReader layer) {
    if (layer.explicitValue("loss").isEmpty() && layer.explicitValue("lossWeight").isEmpty()) {
      return Optional.empty();
    }
    Loss[] losses = layer.enumArray("loss", Loss.class);
    double weight = layer.doubleValue("lossWeight");
    if (losses.length > 1) {
      field.error("loss", Messages.lossCount(field.name(), losses.length));
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      field.error("lossWeight", Messages.lossWeight(field.name(), weight));
    }
    return Optional.of(new OwnLoss(losses.length > 0 ? losses[0] : null, weight));
  }

  private void add(Node node) {
    nodes.add(node);
    byName.put(node.name(), node);
  }

  /**
   * The nodes a field reads: those its {@code from} names, or the field before it. Reports a name
   * that is not an earlier field, a count its kind does not take, and indices fed to a kind that
   * reads values; empty after an error, or when what it reads could not be read.
   */
  private Optional<List<Node>> inputsOf(AnnotatedField field, LayerDefinition definition, String[] from,
                                        String previous, List<String> later) {
    if (definition.arity() == LayerDefinition.Arity.NONE) {
      return Optional.of(List.of());
    }
    List<String> names = from.length > 0 ? List.of(from) : previous == null ? List.of() : List.of(previous);
    if (names.isEmpty() && definition.arity() == LayerDefinition.Arity.ONE) {
      field.error(Messages.fromNothing(field.name()));
      return Optional.empty();
    }
    if (!arityFits(definition.arity(), names.size())) {
      field.error("from", Messages.arity(field.name(), definition.simpleName(), expected(definition.arity()),
          from.length > 0 ? from.length : -1));
      return Optional.empty();
    }
    Optional<List<Node>> resolved = resolve(field, names, later);
    if (resolved.isEmpty()) {
      return Optional.empty();
    }
    List<Node> inputs = resolved.get();
    for (Node input : inputs) {
      if (input.settings() instanceof Settings.Input in && in.indices() && !definition.readsIndices()) {
        field.error(Messages.indicesIntoFloatLayer(field.name(), definition.simpleName(), input.name()));
        return Optional.empty();
      }
    }
    return Optional.of(inputs);
  }

  /**
   * The nodes {@code names} name, reporting a name that is not an earlier field; empty after an error,
   * or when one of them could not be read.
   */
  private Optional<List<Node>> resolve(FieldReading field, List<String> names, List<String> later) {
    List<Node> inputs = new ArrayList<>();
    boolean readable = true;
    for (String name : names) {
      Node node = byName.get(name);
      if (node != null) {
        inputs.add(node);
        continue;
      }
      readable = false;
      if (name.equals(field.name())) {
        field.error("from", Messages.fromItself(field.name()));
      } else if (later.contains(name)) {
        field.error("from", Messages.fromLater(field.name(), name));
      } else if (!broken.contains(name)) {
        field.error("from", Messages.fromUnknown(field.name(), name));
      }
    }
    return readable ? Optional.of(inputs) : Optional.empty();
  }

  /** The model class a field's type is, if it is one: a part, a model used as a layer. */
  private Optional<TypeElement> partType(VariableElement field) {
    if (field.asType() instanceof DeclaredType declared && declared.asElement() instanceof TypeElement type
        && AnnotationReader.find(type, Model.class, elements).isPresent()) {
      return Optional.of(type);
    }
    return Optional.empty();
  }

  /**
   * A field whose type is a model class: reads that model as it compiles alone, checks that what the
   * field reads fits its inputs, and inlines its nodes, named {@code field.node}. The field's name
   * then stands for the part's output. Errors in the part itself are its own compilation's; here the
   * field says only that it does not compile.
   */
  private void readPart(VariableElement field, AnnotationReader layer, Optional<AnnotationReader> activation,
                        TypeElement type, List<String> names, List<String> later) {
    String name = field.getSimpleName().toString();
    String partName = type.getSimpleName().toString();
    AnnotatedField reading = new AnnotatedField(field, layer, activation, report, batch);
    broken.add(name); // until its nodes are in
    for (String attribute : layer.explicitNames()) {
      if (!attribute.equals("from") && !attribute.equals("trainable")) {
        reading.error(attribute, Messages.attributeNotApplicable(attribute, name, "the model " + partName
            + " used as a", "a model used as a layer takes only from and trainable; remove it"));
      }
    }
    activation.ifPresent(a -> report.error(Messages.attributeNotApplicable("@Activation", name, "the model "
        + partName + " used as a", "its own layers have theirs; remove it"), field, a.mirror()));
    boolean userMethod = ElementFilter.methodsIn(field.getEnclosingElement().getEnclosedElements()).stream()
        .anyMatch(m -> m.getSimpleName().contentEquals(name) && m.getParameters().isEmpty());
    if (userMethod || ModelReader.GENERATED_METHODS.contains(name)) {
      reading.error(Messages.partAccessorClash(name, partName, userMethod));
    }
    String qualified = type.getQualifiedName().toString();
    if (enclosing.contains(qualified)) {
      String model = enclosing.get(enclosing.size() - 1);
      reading.error(Messages.partContainsItself(name, partName, model.substring(model.lastIndexOf('.') + 1)));
      return;
    }
    List<String> within = new ArrayList<>(enclosing);
    within.add(qualified);
    Report partReport = new Report();
    Optional<ReadModel> read = new ModelReader(elements, placement, partReport, within).read(type);
    read.ifPresent(m -> new NetworkRules(m.errors()).check(m.graph(), m.complete()));
    if (read.isEmpty() || !partReport.isClean()) {
      reading.error(Messages.partDoesNotCompile(name, partName));
      return;
    }
    ModelGraph part = read.get().graph();
    if (part.outputs().size() > 1) {
      reading.error(Messages.partWithSeveralOutputs(name, partName, part.outputs().size()));
      return;
    }
    if (part.precision() != precision) {
      reading.error(Messages.partPrecision(name, partName, part.precision().name(), precision.name()));
      return;
    }
    boolean frozen = frozen(reading);
    Optional<Node> unfreezable = part.layers().stream()
        .filter(n -> n.kind().definition().isTrainable() && !n.kind().definition().freezes()).findFirst();
    if (frozen && unfreezable.isPresent()) {
      Node kept = unfreezable.get();
      reading.error("trainable", Messages.attributeNotApplicable("trainable", name, "the model " + partName
          + " used as a", "it has " + kept.kind().typeName() + " layer '" + kept.name() + "', and "
          + kept.kind().definition().freezeFix()));
      return;
    }
    if (names.isEmpty()) {
      reading.error(Messages.fromNothing(name));
      return;
    }
    List<Node> partInputs = part.inputs();
    if (names.size() != partInputs.size()) {
      reading.error("from", Messages.partArity(name, partName, partInputs.size(), names.size()));
      return;
    }
    Optional<List<Node>> inputs = resolve(reading, names, later);
    if (inputs.isEmpty()) {
      return;
    }
    boolean fits = true;
    for (int i = 0; i < partInputs.size(); i++) {
      Node given = inputs.get().get(i);
      Node expected = partInputs.get(i);
      boolean indices = expected.settings(Settings.Input.class).indices();
      boolean givesIndices = given.settings() instanceof Settings.Input in && in.indices();
      if (!given.shape().equals(expected.shape()) || indices != givesIndices) {
        reading.error(Messages.partInputMismatch(name, partName, given.name(), given.shape(), givesIndices,
            expected.shape(), indices));
        fits = false;
      }
    }
    if (!fits) {
      return;
    }
    inline(part, field, inputs.get(), frozen);
    parts.add(new Part(name, qualified, compiledNameOf(part), frozen));
    broken.remove(name);
  }

  /**
   * Copies {@code part}'s nodes into this graph after the nodes read so far: named {@code field.node},
   * its inputs replaced by {@code inputs}, frozen when the field is; the field's name stands for its output.
   */
  private void inline(ModelGraph part, VariableElement field, List<Node> inputs, boolean frozen) {
    String prefix = field.getSimpleName().toString();
    Map<Node, Node> copies = new HashMap<>();
    for (int i = 0; i < part.inputs().size(); i++) {
      copies.put(part.inputs().get(i), inputs.get(i));
    }
    for (Node node : part.nodes()) {
      if (copies.containsKey(node)) {
        continue;
      }
      Settings settings = node.settings() instanceof Settings.Shareable shareable && shareable.owner() != null
          ? shareable.withOwner(copies.get(shareable.owner())) : node.settings();
      String name = prefix + "." + node.name();
      Node copy = new Node(nodes.size(), name, node.kind(), node.inputs().stream().map(copies::get).toList(),
          node.shape(), node.isLayer() ? layers++ : -1,
          node.isLayer() ? kernelPrefixes.allocate(prefix + "_" + node.kernelPrefix()) : name, node.activation(),
          settings, node.parameters(), frozen || node.frozen());
      copies.put(node, copy);
      errors.declare(copy, field);
      add(copy);
    }
    byName.put(prefix, copies.get(part.output()));
  }

  /** The generated class of a part: {@code pkg.Outer_NetCompiled}. */
  private static String compiledNameOf(ModelGraph part) {
    return part.packageName().isEmpty() ? part.compiledName() : part.packageName() + "." + part.compiledName();
  }

  /**
   * A field that shares the weights of the earlier field {@code ownerName}, of its own kind (a layer
   * that shares takes the original's owner: the weights have one owner); empty after an error.
   */
  private Optional<NodeContent> shared(AnnotatedField field, LayerDefinition definition, NodeKind kind,
                                       String ownerName, List<Node> inputs) {
    Node owner = byName.get(ownerName);
    if (owner == null) {
      if (!broken.contains(ownerName)) {
        field.error("shares", Messages.sharesUnknown(field.name(), ownerName));
      }
      return Optional.empty();
    }
    if (owner.kind() != kind) {
      field.error("shares", Messages.sharesOtherKind(field.name(), ownerName, owner.kind().typeName(),
          kind.typeName()));
      return Optional.empty();
    }
    for (String attribute : shareAttributes(definition)) {
      if (field.isSet(attribute)) {
        field.error(attribute, Messages.sharesWithSettings(field.name(), ownerName, attribute));
        return Optional.empty();
      }
    }
    if (field.hasActivation()) {
      field.error(Messages.sharesWithSettings(field.name(), ownerName, "@Activation"));
      return Optional.empty();
    }
    return Optional.of(definition.readShared(field, inputs, owner));
  }

  /** What a use of a shared layer takes from it: its kind's settings, and whether training updates it. */
  private static List<String> shareAttributes(LayerDefinition definition) {
    List<String> attributes = new ArrayList<>(definition.sharedAttributes());
    attributes.add("trainable");
    return attributes;
  }

  /** Whether the field says {@code trainable = false}. */
  private static boolean frozen(FieldReading field) {
    return !field.flag("trainable");
  }

    private static boolean arityFits(LayerDefinition.Arity arity, int count) {
    return switch (arity) {
      case NONE -> count == 0;
      case ONE -> count == 1;
      case TWO -> count == 2;
      case TWO_OR_MORE -> count >= 2;
    };
  }

  private static String expected(LayerDefinition.Arity arity) {
    return switch (arity) {
      case NONE -> "nothing";
      case ONE -> "one field";
      case TWO -> "exactly two fields";
      case TWO_OR_MORE -> "two or more fields";
    };
  }

  /** Every node but the output must be read by another: an input or a layer nobody reads is a mistake. */
  private void reportUnused() {
    if (nodes.isEmpty()) {
      return;
    }
    Node last = ModelGraph.lastLayerOf(nodes);
    for (Node node : nodes) {
      OwnLoss own = ownLosses.get(node);
      if (own != null && own.loss() == null && node != last) {
        errors.error(node, Layer.class, "lossWeight", Messages.lossWeightWithoutLoss(node.name()));
        continue;
      }
      boolean output = node == last || own != null;
      if (!output && nodes.stream().noneMatch(n -> n.inputs().contains(node))) {
        errors.error(node, node.kind().isInput() ? Messages.inputUnused(node.name())
            : Messages.outputUnused(node.name(), last.name()));
      }
    }
  }

  /** Attributes the field's type does not take, and @Activation on a node that has none. */
  private void rejectAttributes(VariableElement field, LayerDefinition kind, AnnotationReader layer,
                                Optional<AnnotationReader> activation, Optional<String> dropoutPlace) {
    String fieldName = field.getSimpleName().toString();
    for (String attribute : layer.explicitNames()) {
      if (!kind.accepts(attribute)) {
        String fix = fixFor(attribute, fieldName, kind, layer, dropoutPlace);
        report.error(Messages.attributeNotApplicable(attribute, fieldName, kind.simpleName(), fix), field,
            layer.mirror(), layer.valueForError(attribute));
      }
    }
    if (activation.isPresent() && !kind.takesActivation()) {
      report.error(Messages.attributeNotApplicable("@Activation", fieldName, kind.simpleName(), kind.activationFix()),
          field, activation.get().mirror());
    }
  }

  /**
   * What to do with {@code attribute}, which {@code kind} does not take: freeze the layer another way;
   * give the rate to a Dropout of its own; write the attribute this kind takes for the same thing
   * (units for filters); or remove it.
   */
  private static String fixFor(String attribute, String fieldName, LayerDefinition kind, AnnotationReader layer,
                               Optional<String> dropoutPlace) {
    String value = Counterparts.written(layer.valueForError(attribute));
    if (attribute.equals("trainable")) {
      return kind.freezeFix();
    }
    if (attribute.equals("rate") && dropoutPlace.isPresent()) {
      return Messages.dropoutFix(fieldName, value, dropoutPlace.get());
    }
    return Counterparts.of(attribute).filter(c -> kind.accepts(c) && !layer.explicitNames().contains(c))
        .map(c -> Messages.counterpartFix(kind.simpleName(), attribute, c, value)).orElse("remove it");
  }

  /**
   * Where a Dropout field of a layer's own would go: after it; before the last layer, whose output
   * is the model's; nowhere when the last layer reads an input (a Dropout needs a layer before it).
   */
  private Optional<String> dropoutPlace(String name, String previous, List<String> declared) {
    if (!name.equals(declared.get(declared.size() - 1))) {
      return Optional.of("after");
    }
    Node before = previous == null ? null : byName.get(previous);
    return before == null || before.kind().isInput() ? Optional.empty() : Optional.of("before");
  }

  private void checkFieldModifiers(VariableElement field, String fieldName) {
    for (Modifier modifier : List.of(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)) {
      if (field.getModifiers().contains(modifier)) {
        report.error(Messages.fieldModifier(fieldName, modifier.toString()), field);
      }
    }
  }
}
