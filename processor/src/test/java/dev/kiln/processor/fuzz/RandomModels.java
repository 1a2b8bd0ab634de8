package dev.kiln.processor.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes random model files as users write them against the README: chains, graphs with several
 * inputs and outputs, shared layers and models inside models, mostly with shapes that fit, and with
 * the mistakes and oddities users make mixed in (a layer that does not fit what it reads, extreme or
 * non-finite attribute values, attributes of other layers, inheritance, class kinds and modifiers
 * Kiln cannot subclass, names that meet what the generated class declares or imports).
 *
 * <p>Every file is valid Java on its own (it compiles without the processor), so any error javac
 * reports with Kiln must be Kiln's.
 */
final class RandomModels {
  private static final String[] ACTIVATIONS = {"LINEAR", "SIGMOID", "TANH", "RELU", "LEAKY_RELU"};
  private static final String[] LOSSES = {"MEAN_SQUARED_ERROR", "MEAN_ABSOLUTE_ERROR", "BINARY_CROSS_ENTROPY",
      "CATEGORICAL_CROSS_ENTROPY", "SPARSE_CATEGORICAL_CROSS_ENTROPY"};
  private static final String[] RECURRENT = {"LSTM", "GRU", "SimpleRNN"};

  /** Identifiers that meet something: the generated class's members and imports, OpenCL C words, one another's case. */
  private static final String[] AWKWARD_NAMES = {"cl", "net", "out", "in", "input", "inputs", "model", "weights",
      "buffer", "buffers", "kernels", "program", "context", "queue", "device", "spec", "layers", "List", "String",
      "Override", "Dataset", "Fit", "History", "ClContext", "Generated", "Map", "Math", "System", "Object",
      "kernel", "global", "local", "constant", "half", "float4", "size_t", "barrier", "exp", "max", "tanh", "x",
      "y", "a$b", "a_b", "$", "\u00e4rger", "hidden", "HIDDEN", "Hidden", "open", "fit", "predict", "summary",
      "close", "loss", "labels", "batch", "step", "seed", "rows", "N", "UNITS", "BATCH", "FORWARD", "l",
      "very_long_name_" + "x".repeat(120)};

  /** Type names that meet the types the generated class imports or Kiln's own. */
  private static final String[] AWKWARD_TYPES = {"Dataset", "Fit", "History", "ClContext", "CompiledModel", "List",
      "String", "Generated", "Override", "Path", "IOException", "Dense", "Layer", "Model", "Object", "Math",
      "Arrays", "NodeSpec", "Prediction", "Optional", "Float", "Runnable", "KilnException", "Engine", "ModelSpec"};

  private final Dice dice;
  /** How often each choice that could go wrong does. */
  private final double mistakes;

  RandomModels(long seed, double mistakes) {
    this.dice = new Dice(seed);
    this.mistakes = mistakes;
  }

  /** One file, {@code test.Fuzz<number>}, with one model or a few. */
  FuzzedFile write(int number) {
    String file = "Fuzz" + number;
    FileWriter writer = new FileWriter(file);
    writer.write();
    return new FuzzedFile("test." + file, String.join("\n", writer.text), writer.expected);
  }

  /** A model file's text and the generated classes a clean build of it must contain. */
  record FuzzedFile(String className, String source, List<String> expectedGenerated) {}

  private boolean mistake() {
    return dice.chance(mistakes);
  }

  /** What the last field written gives: a row, an image, a sequence or indices, with its sizes. */
  private record Flow(Kind kind, int... sizes) {
    int width() {
      return sizes[sizes.length - 1];
    }

    int values() {
      return Arrays.stream(sizes).reduce(1, (a, b) -> a * b);
    }
  }

  private enum Kind { ROW, IMAGE, SEQUENCE, INDICES }

  /** An annotation's attributes, written in a random order as users do. */
  private final class Attributes {
    private final List<String> items = new ArrayList<>();

    Attributes put(String name, String value) {
      items.add(name + " = " + value);
      return this;
    }

    String layer() {
      Collections.shuffle(items, new java.util.Random(dice.between(0, 1 << 30)));
      return items.isEmpty() ? "@Layer" : "@Layer(" + String.join(", ", items) + ")";
    }
  }

  private static String quoted(String name) {
    return "\"" + name + "\"";
  }

  private static String braces(int... sizes) {
    if (sizes.length == 1) {
      return Integer.toString(sizes[0]);
    }
    return "{" + String.join(", ", Arrays.stream(sizes).mapToObj(Integer::toString).toList()) + "}";
  }

  /** The whole file: the classes, where they sit, and which generated classes to expect. */
  private final class FileWriter {
    final String file;
    final List<String> text = new ArrayList<>();
    final List<String> expected = new ArrayList<>();
    /** Model classes written so far in this file that a later model may use as a layer. */
    final List<PartModel> parts = new ArrayList<>();
    final Set<String> typeNames = new HashSet<>();

    FileWriter(String file) {
      this.file = file;
      typeNames.add(file);
    }

    void write() {
      text.addAll(List.of("package test;", "", "import static dev.kiln.annotations.ActivationKind.*;", "",
          "import dev.kiln.annotations.*;", "import dev.kiln.layers.*;", ""));
      boolean nested = dice.chance(0.5);
      List<String> members = new ArrayList<>();
      if (dice.chance(0.2)) {
        parts.add(writePart(members, nested));
      }
      String name = nested ? typeName("Net") : file;
      ModelWriter model = new ModelWriter(name);
      model.body.currentParts = parts;
      model.write();
      members.addAll(model.declaration(nested, this));
      if (nested) {
        text.add("final class " + file + " {");
        members.forEach(line -> text.add("  " + line));
        text.add("  private " + file + "() {}");
        text.add("}");
      } else {
        text.addAll(members);
      }
    }

    String typeName(String usual) {
      String name = mistake() ? dice.oneOf(AWKWARD_TYPES) : usual;
      while (!typeNames.add(name)) {
        name = name + typeNames.size();
      }
      return name;
    }

    String generatedName(String model, boolean nested) {
      return "test." + (nested ? file + "_" : "") + model + "Compiled";
    }

    /** A model of loss NONE, rows in and rows out, for the main model to use as a layer. */
    PartModel writePart(List<String> members, boolean nested) {
      String name = typeName("Part");
      int in = dice.between(1, 12);
      Body body = new Body();
      Flow flow = new Flow(Kind.ROW, in);
      int layers = dice.between(1, 3);
      for (int i = 0; i < layers; i++) {
        flow = body.dense(flow, "layer", ACTIVATIONS);
      }
      members.add("@Model(input = " + in + ", loss = Loss.NONE" + (dice.chance(0.3) ? ", batch = 16" : "") + ")");
      members.add((nested ? "abstract static class " : "abstract class ") + name + " {");
      body.lines.forEach(line -> members.add("  " + line));
      members.add("}");
      expected.add(generatedName(name, nested));
      return new PartModel(name, in, flow.width());
    }
  }

  private record PartModel(String name, int in, int out) {}

  /** One model class: its {@code @Model}, its fields and what else the class holds. */
  private final class ModelWriter {
    final String name;
    final Body body = new Body();
    final List<String> modelAttributes = new ArrayList<>();
    String loss;

    ModelWriter(String name) {
      this.name = name;
    }

    void write() {
      loss = dice.chance(0.05) ? "NONE" : dice.oneOf(LOSSES);
      modelAttributes.add("loss = Loss." + loss);
      if (dice.chance(0.3)) {
        modelAttributes.add("optimizer = Optimizer." + dice.oneOf("SGD", "ADAM", "RMSPROP", "ADADELTA"));
      }
      if (dice.chance(0.4)) {
        modelAttributes.add("batch = " + dice.size(1, 64, mistakes));
      }
      if (dice.chance(0.15)) {
        modelAttributes.add("precision = Precision." + dice.oneOf("FLOAT", "DOUBLE"));
      }
      if (dice.chance(0.15)) {
        modelAttributes.add("l2 = " + dice.real(0, 0.01, mistakes));
      }
      Flow flow = dice.chance(0.35) ? body.graph() : body.chain(this);
      flow = body.layers(flow, dice.between(0, 4), null);
      body.head(flow, loss);
      if (!loss.equals("NONE") && dice.chance(0.1)) {
        body.secondOutput();
      }
      if (mistake()) {
        body.oddMember();
      }
      Collections.shuffle(modelAttributes, new java.util.Random(dice.between(0, 1 << 30)));
    }

    /** The class as it is written, with its annotation; adds the generated class it must give. */
    List<String> declaration(boolean nested, FileWriter file) {
      List<String> lines = new ArrayList<>();
      lines.add("@Model(" + String.join(", ", modelAttributes) + ")");
      ClassForm form = new ClassForm(nested);
      lines.add(form.header(name));
      body.lines.forEach(line -> lines.add("  " + line));
      form.constructor(name).forEach(line -> lines.add("  " + line));
      lines.add("}");
      lines.addAll(0, form.before);
      if (form.local) {
        file.expected.add(name + " declared in a method, which no generated class can extend");
        return wrapInMethod(lines);
      }
      file.expected.add(file.generatedName(name, nested));
      return lines;
    }

    private List<String> wrapInMethod(List<String> lines) {
      List<String> wrapped = new ArrayList<>();
      wrapped.add("final class Declares" + name + " {");
      wrapped.add("  static Object make() {");
      lines.forEach(line -> wrapped.add("    " + line));
      wrapped.add("    return null;");
      wrapped.add("  }");
      wrapped.add("}");
      return wrapped;
    }
  }

  /** The class header and constructor: usually what the README shows, sometimes what Kiln must refuse. */
  private final class ClassForm {
    final boolean nested;
    boolean local;
    /** A superclass, written before the model (a local class must be). */
    final List<String> before = new ArrayList<>();

    ClassForm(boolean nested) {
      this.nested = nested;
    }

    String header(String name) {
      List<String> modifiers = new ArrayList<>();
      boolean concrete = mistake();
      if (nested) {
        if (mistake()) {
          modifiers.add(dice.oneOf("private", "protected", "public"));
        }
        if (!mistake()) {
          modifiers.add("static");
        }
      } else {
        local = mistake() && mistake();
      }
      if (!concrete) {
        modifiers.add("abstract");
      } else if (dice.chance(0.3)) {
        modifiers.add("final");
      }
      String generic = mistake() ? "<T>" : "";
      String extendsClause = "";
      if (mistake()) {
        String base = "Base" + name;
        extendsClause = " extends " + base + (dice.chance(0.3) ? "<String>" : "");
        before.addAll(baseClass(base, extendsClause.endsWith(">")));
      } else if (mistake()) {
        extendsClause = " implements " + dice.oneOf("Runnable", "java.io.Serializable", "AutoCloseable",
            "Cloneable", "java.util.function.Supplier<String>");
      }
      return String.join(" ", modifiers) + (modifiers.isEmpty() ? "" : " ") + "class " + name + generic
          + extendsClause + " {";
    }

    /** A superclass: plain, with members of its own, or with layers of its own (which Kiln does not read). */
    private List<String> baseClass(String base, boolean generic) {
      List<String> lines = new ArrayList<>();
      String staticWord = nested ? "static " : "";
      lines.add(staticWord + "abstract class " + base + (generic ? "<T>" : "") + " {");
      switch (dice.between(0, 3)) {
        case 0 -> lines.add("  protected int calls;");
        case 1 -> lines.add("  @Layer(units = 4) Dense inherited;");
        case 2 -> lines.add("  public String describe() { return \"base\"; }");
        default -> lines.add("  protected " + base + "() {}");
      }
      lines.add("}");
      return lines;
    }

    List<String> constructor(String name) {
      if (!mistake()) {
        return List.of();
      }
      return List.of(dice.oneOf(
          name + "() {}",
          "protected " + name + "() {}",
          "private " + name + "() {}",
          name + "(int size) {}",
          name + "() throws Exception {}",
          name + "() { if (Math.random() > 2) { throw new IllegalStateException(\"never\"); } }",
          "public " + name + "() {}"));
    }
  }

  /** A model's fields, each written after the ones it reads. */
  private final class Body {
    final List<String> lines = new ArrayList<>();
    final Set<String> names = new HashSet<>();
    /** Fields that give a row, with their width: what a second output or a merge can read. */
    final List<String> rows = new ArrayList<>();
    final List<Integer> rowWidths = new ArrayList<>();

    String name(String usual) {
      String name = mistake() ? dice.oneOf(AWKWARD_NAMES) : usual + names.size();
      while (!names.add(name)) {
        name = name + names.size();
      }
      return name;
    }

    String field(Attributes attributes, String activation, String type, String usual) {
      String name = name(usual);
      lines.add(attributes.layer() + (activation.isEmpty() ? "" : " " + activation) + " " + type + " " + name + ";");
      return name;
    }

    Flow gives(String field, Flow flow) {
      if (flow.kind() == Kind.ROW) {
        rows.add(field);
        rowWidths.add(flow.width());
      }
      return flow;
    }

    String activation(String... choices) {
      if (dice.chance(0.3)) {
        return "";
      }
      String kind = mistake() ? "SOFTMAX" : dice.oneOf(choices);
      if (kind.equals("LEAKY_RELU") && dice.chance(0.5)) {
        return "@Activation(value = LEAKY_RELU, alpha = " + dice.real(0.01, 0.3, mistakes) + ")";
      }
      return "@Activation(" + kind + ")";
    }

    /** A chain's start: {@code @Model(input)} of a row, an image or a sequence. */
    Flow chain(ModelWriter model) {
      Flow flow = randomInput();
      int[] declared = flow.sizes();
      if (flow.kind() == Kind.IMAGE && declared[2] == 1 && dice.chance(0.3)) {
        declared = new int[] {declared[0], declared[1]};
      }
      String input = braces(declared);
      if (mistake()) {
        input = dice.oneOf("{}", "{1, " + input.replaceAll("[{}]", "") + "}", "{0}", "{-4}", "{2, 3, 4, 5}",
            "{65536, 65536}", "Integer.MAX_VALUE");
      }
      model.modelAttributes.add("input = " + input);
      return flow;
    }

    Flow randomInput() {
      return switch (dice.between(0, 2)) {
        case 0 -> new Flow(Kind.ROW, dice.between(1, 20));
        case 1 -> new Flow(Kind.IMAGE, dice.between(3, 12), dice.between(3, 12), dice.between(1, 3));
        default -> new Flow(Kind.SEQUENCE, dice.between(2, 8), dice.between(1, 6));
      };
    }

    /** Inputs declared as fields, a short branch from each, and the merge that joins them. */
    Flow graph() {
      int count = dice.between(1, 3);
      List<String> branches = new ArrayList<>();
      List<Flow> flows = new ArrayList<>();
      boolean sameWidth = dice.chance(0.5);
      int width = dice.between(1, 8);
      String shared = null;
      for (int i = 0; i < count; i++) {
        Flow flow;
        String input;
        if (dice.chance(0.25)) {
          int length = dice.between(1, 6);
          String shape = mistake() ? dice.size(1, 6, 1) : Integer.toString(length);
          input = field(new Attributes().put("shape", shape).put("indices", "true"), "", "Input", "words");
          flow = embedding(new Flow(Kind.INDICES, length), input);
        } else {
          flow = randomInput();
          input = field(new Attributes().put("shape", braces(flow.sizes())), "", "Input", "input");
        }
        flow = layers(flow, dice.between(0, 2), input);
        flow = toRow(flow);
        if (sameWidth || count == 1) {
          String from = lastField();
          if (shared != null && dice.chance(0.3)) {
            Attributes attributes = new Attributes().put("from", quoted(from)).put("shares", quoted(shared));
            flow = gives(field(attributes, "", "Dense", "twin"), new Flow(Kind.ROW, width));
          } else {
            flow = dense(flow, "branch", ACTIVATIONS, width);
            shared = lastField();
          }
        }
        branches.add(lastField());
        flows.add(flow);
      }
      if (count == 1) {
        return flows.get(0);
      }
      return merge(branches, flows, sameWidth);
    }

    private Flow merge(List<String> branches, List<Flow> flows, boolean sameWidth) {
      String from = "{" + String.join(", ", branches.stream().map(RandomModels::quoted).toList()) + "}";
      Attributes attributes = new Attributes().put("from", from);
      if (!sameWidth || mistake()) {
        int total = flows.stream().mapToInt(Flow::width).sum();
        return gives(field(attributes, "", "Concatenate", "joined"), new Flow(Kind.ROW, total));
      }
      int width = flows.get(0).width();
      String type = dice.oneOf("Add", "Multiply", "Average", "Concatenate", "Subtract", "Dot");
      if (type.equals("Subtract") && branches.size() != 2 && !mistake()) {
        type = "Add";
      }
      if (type.equals("Dot")) {
        if (branches.size() != 2 && !mistake()) {
          type = "Multiply";
        } else {
          if (dice.chance(0.5)) {
            attributes.put("normalize", "true");
          }
          return gives(field(attributes, "", "Dot", "similarity"), new Flow(Kind.ROW, 1));
        }
      }
      int out = type.equals("Concatenate") ? width * branches.size() : width;
      return gives(field(attributes, "", type, "joined"), new Flow(Kind.ROW, out));
    }

    /** Names {@code from} as what the last field written reads. */
    void readsFrom(String from) {
      String line = lines.remove(lines.size() - 1);
      String attribute = "from = " + quoted(from);
      lines.add(line.contains("from = ") ? line : line.startsWith("@Layer(")
          ? "@Layer(" + attribute + ", " + line.substring("@Layer(".length())
          : "@Layer(" + attribute + ")" + line.substring("@Layer".length()));
    }

    String lastField() {
      String line = lines.get(lines.size() - 1);
      return line.substring(line.lastIndexOf(' ') + 1, line.length() - 1);
    }

    /** {@code count} layers, each fitting what the one before gives, unless this is where a mistake goes. */
    Flow layers(Flow flow, int count, String from) {
      for (int i = 0; i < count; i++) {
        flow = mistake() ? anyLayer(flow) : fitting(flow, i == 0 ? from : null);
      }
      return flow;
    }

    Flow fitting(Flow flow, String from) {
      Flow next = switch (flow.kind()) {
        case ROW -> rowLayer(flow);
        case IMAGE -> imageLayer(flow);
        case SEQUENCE -> sequenceLayer(flow);
        case INDICES -> embedding(flow, null);
      };
      if (from != null && dice.chance(0.5)) {
        readsFrom(from); // it reads the field just before it anyway; naming it is what graph users write
      }
      return next;
    }

    Flow rowLayer(Flow flow) {
      return switch (dice.between(0, 6)) {
        case 0, 1, 2 -> dense(flow, "hidden", ACTIVATIONS);
        case 3 -> dropout(flow);
        case 4 -> batchNormalization(flow);
        case 5 -> part(flow);
        default -> reshape(flow);
      };
    }

    Flow imageLayer(Flow flow) {
      int h = flow.sizes()[0];
      int w = flow.sizes()[1];
      int c = flow.sizes()[2];
      return switch (dice.between(0, 6)) {
        case 0, 1 -> convolution(flow);
        case 2 -> {
          int pool = dice.between(1, Math.min(3, Math.min(h, w)));
          Attributes attributes = new Attributes().put("pool", Integer.toString(pool));
          yield gives(field(attributes, "", dice.oneOf("MaxPool2D", "AvgPool2D"), "pool"),
              new Flow(Kind.IMAGE, (h - pool) / pool + 1, (w - pool) / pool + 1, c));
        }
        case 3 -> gives(field(new Attributes(), "", "Flatten", "flat"), new Flow(Kind.ROW, h * w * c));
        case 4 -> gives(field(new Attributes(), "", "GlobalAveragePooling2D", "global"), new Flow(Kind.ROW, c));
        case 5 -> batchNormalization(flow);
        default -> dropout(flow);
      };
    }

    Flow sequenceLayer(Flow flow) {
      int steps = flow.sizes()[0];
      return switch (dice.between(0, 5)) {
        case 0, 1 -> recurrent(flow, dice.oneOf(RECURRENT), false);
        case 2 -> recurrent(flow, dice.oneOf(RECURRENT), true);
        case 3 -> {
          int kernel = dice.between(1, steps);
          int filters = dice.between(1, 8);
          Attributes attributes = new Attributes().put("filters", Integer.toString(filters))
              .put("kernel", Integer.toString(kernel));
          yield gives(field(attributes, activation(ACTIVATIONS), "Conv1D", "conv"),
              new Flow(Kind.SEQUENCE, steps - kernel + 1, filters));
        }
        case 4 -> gives(field(new Attributes(), "", dice.oneOf("GlobalMaxPooling1D", "GlobalAveragePooling1D"), "pool"),
            new Flow(Kind.ROW, flow.width()));
        default -> dropout(flow);
      };
    }

    Flow toRow(Flow flow) {
      return switch (flow.kind()) {
        case ROW -> flow;
        case IMAGE -> gives(field(new Attributes(), "", "Flatten", "flat"), new Flow(Kind.ROW, flow.values()));
        case SEQUENCE -> recurrent(flow, dice.oneOf(RECURRENT), false);
        case INDICES -> toRow(embedding(flow, null));
      };
    }

    Flow dense(Flow flow, String usual, String[] activations) {
      return dense(flow, usual, activations, dice.between(1, 16));
    }

    Flow dense(Flow flow, String usual, String[] activations, int units) {
      Attributes attributes = new Attributes().put("units", mistake() ? dice.size(1, 16, 1) : Integer.toString(units));
      if (dice.chance(0.1)) {
        attributes.put("bias", "false");
      }
      if (dice.chance(0.05)) {
        attributes.put("trainable", "false");
      }
      return gives(field(attributes, activation(activations), "Dense", usual), new Flow(Kind.ROW, units));
    }

    Flow dropout(Flow flow) {
      Attributes attributes = new Attributes();
      if (dice.chance(0.8)) {
        attributes.put("rate", dice.real(0.05, 0.9, mistakes));
      }
      return gives(field(attributes, "", "Dropout", "drop"), flow);
    }

    Flow batchNormalization(Flow flow) {
      Attributes attributes = new Attributes();
      if (dice.chance(0.3)) {
        attributes.put("momentum", dice.real(0.5, 0.999, mistakes));
      }
      if (dice.chance(0.3)) {
        attributes.put("epsilon", dice.real(1e-5, 0.01, mistakes));
      }
      return gives(field(attributes, dice.chance(0.3) ? activation(ACTIVATIONS) : "", "BatchNormalization", "norm"),
          flow);
    }

    Flow reshape(Flow flow) {
      int n = flow.width();
      List<Integer> divisors = new ArrayList<>();
      for (int d = 1; d <= n; d++) {
        if (n % d == 0) {
          divisors.add(d);
        }
      }
      int steps = dice.oneOf(divisors);
      Attributes attributes = new Attributes().put("shape", braces(steps, n / steps));
      return gives(field(attributes, "", "Reshape", "reshaped"), new Flow(Kind.SEQUENCE, steps, n / steps));
    }

    Flow part(Flow flow) {
      List<PartModel> parts = currentParts;
      if (parts.isEmpty()) {
        return dense(flow, "hidden", ACTIVATIONS);
      }
      PartModel part = parts.get(0);
      if (flow.width() != part.in() && !mistake()) {
        flow = dense(flow, "adapter", ACTIVATIONS, part.in());
      }
      Attributes attributes = new Attributes();
      if (dice.chance(0.3)) {
        attributes.put("trainable", "false");
      }
      return gives(field(attributes, "", part.name(), "part"), new Flow(Kind.ROW, part.out()));
    }

    Flow convolution(Flow flow) {
      int h = flow.sizes()[0];
      int w = flow.sizes()[1];
      int kernel = dice.between(1, Math.min(4, Math.min(h, w)));
      int stride = dice.chance(0.7) ? 1 : dice.between(1, 2);
      boolean same = dice.chance(0.3);
      int filters = dice.between(1, 8);
      Attributes attributes = new Attributes().put("filters", Integer.toString(filters))
          .put("kernel", mistake() ? dice.oneOf("{}", "{3, 3, 3}", "{0, 2}", "Integer.MAX_VALUE") : Integer.toString(kernel));
      if (stride != 1 || dice.chance(0.1)) {
        attributes.put("stride", Integer.toString(stride));
      }
      if (same) {
        attributes.put("padding", "Padding.SAME");
      }
      int outH = same ? (h + stride - 1) / stride : (h - kernel) / stride + 1;
      int outW = same ? (w + stride - 1) / stride : (w - kernel) / stride + 1;
      return gives(field(attributes, activation(ACTIVATIONS), "Conv2D", "conv"), new Flow(Kind.IMAGE, outH, outW, filters));
    }

    Flow recurrent(Flow flow, String type, boolean returnSequences) {
      int units = dice.between(1, 8);
      Attributes attributes = new Attributes().put("units", Integer.toString(units));
      if (returnSequences) {
        attributes.put("returnSequences", "true");
      }
      boolean bidirectional = dice.chance(0.2);
      if (dice.chance(0.2) && (!bidirectional || mistake())) {
        attributes.put("goBackwards", "true");
      }
      if (!type.equals("SimpleRNN") && dice.chance(0.2)) {
        attributes.put("recurrentActivation", "ActivationKind." + dice.oneOf(ACTIVATIONS));
      }
      if (type.equals("GRU") && dice.chance(0.3)) {
        attributes.put("resetAfter", "false");
      }
      if (type.equals("LSTM") && dice.chance(0.2)) {
        attributes.put("unitForgetBias", "false");
      }
      String written = bidirectional ? "Bidirectional<" + type + ">" : type;
      int out = bidirectional ? 2 * units : units;
      return gives(field(attributes, activation(ACTIVATIONS), written, "recurrent"),
          returnSequences ? new Flow(Kind.SEQUENCE, flow.sizes()[0], out) : new Flow(Kind.ROW, out));
    }

    Flow embedding(Flow flow, String from) {
      int units = dice.between(1, 8);
      Attributes attributes = new Attributes().put("vocabulary", dice.size(2, 50, mistakes))
          .put("units", Integer.toString(units));
      if (from != null) {
        attributes.put("from", quoted(from));
      }
      if (dice.chance(0.3)) {
        attributes.put("maskZero", "true");
      }
      int length = flow.sizes()[0];
      return gives(field(attributes, "", "Embedding", "vectors"),
          length == 1 ? new Flow(Kind.ROW, units) : new Flow(Kind.SEQUENCE, length, units));
    }

    /** Any layer with any attributes, whatever it reads: what a user in a hurry writes. */
    Flow anyLayer(Flow flow) {
      String type = dice.oneOf("Dense", "Conv2D", "Conv1D", "MaxPool2D", "AvgPool2D", "GlobalAveragePooling2D",
          "GlobalAveragePooling1D", "GlobalMaxPooling1D", "BatchNormalization", "Flatten", "Dropout", "Embedding",
          "LSTM", "GRU", "SimpleRNN", "Bidirectional<LSTM>", "Bidirectional<Dense>", "Bidirectional", "Reshape",
          "Add", "Concatenate", "Dot", "Input", "String", "int", "Object", "LayerHandle");
      Attributes attributes = new Attributes();
      int count = dice.between(0, 3);
      for (int i = 0; i < count; i++) {
        switch (dice.between(0, 13)) {
          case 0 -> attributes.put("units", dice.size(1, 16, 0.5));
          case 1 -> attributes.put("filters", dice.size(1, 8, 0.5));
          case 2 -> attributes.put("kernel", dice.oneOf("3", "{2, 2}", "{}", "{1, 2, 3}", "0", "-2", "1000"));
          case 3 -> attributes.put("pool", dice.oneOf("2", "{2, 3}", "{}", "0", "100"));
          case 4 -> attributes.put("rate", dice.real(0, 1, 0.5));
          case 5 -> attributes.put("shape", dice.oneOf("{}", "4", "{2, 2}", "{0}", "{1, 28, 28, 1}", "{-1, 4}"));
          case 6 -> attributes.put("from", dice.oneOf("\"nowhere\"", "{}", "\"\"", quoted(lastFieldOrEmpty())));
          case 7 -> attributes.put("vocabulary", dice.size(2, 50, 0.5));
          case 8 -> attributes.put("stride", dice.oneOf("0", "2", "{1, 2}", "-1"));
          case 9 -> attributes.put("momentum", dice.real(0, 1, 0.5));
          case 10 -> attributes.put("loss", "Loss." + dice.oneOf(LOSSES));
          case 11 -> attributes.put("shares", quoted(lastFieldOrEmpty()));
          case 12 -> attributes.put("returnSequences", "true");
          default -> attributes.put("lossWeight", dice.real(0, 2, 0.5));
        }
      }
      String modifiers = dice.chance(0.1) ? dice.oneOf("static ", "private ", "final ", "transient ", "volatile ") : "";
      String name = name("odd");
      String initialiser = modifiers.equals("final ") ? " = null" : "";
      lines.add(attributes.layer() + (dice.chance(0.3) ? " " + activation(ACTIVATIONS) : "") + " " + modifiers + type
          + " " + name + initialiser + ";");
      return flow;
    }

    String lastFieldOrEmpty() {
      return lines.isEmpty() ? "" : lastField();
    }

    /** The output layer for the loss: the width and activation it needs, or, as a mistake, not. */
    void head(Flow flow, String loss) {
      flow = toRow(flow);
      switch (loss) {
        case "BINARY_CROSS_ENTROPY" -> dense(flow, "out", new String[] {mistake() ? "RELU" : "SIGMOID"},
            mistake() ? 3 : 1);
        case "CATEGORICAL_CROSS_ENTROPY", "SPARSE_CATEGORICAL_CROSS_ENTROPY" ->
            softmax(flow, mistake() ? 1 : dice.between(2, 10));
        default -> dense(flow, "out", ACTIVATIONS);
      }
    }

    private void softmax(Flow flow, int classes) {
      Attributes attributes = new Attributes().put("units", Integer.toString(classes));
      gives(field(attributes, mistake() ? "" : "@Activation(SOFTMAX)", "Dense", "out"), new Flow(Kind.ROW, classes));
    }

    /** A second output that reads a row before the last one, with a loss of its own. */
    void secondOutput() {
      if (rows.size() < 2) {
        return;
      }
      String from = rows.get(rows.size() - 2);
      Attributes attributes = new Attributes().put("from", quoted(from)).put("units", "1")
          .put("loss", "Loss.MEAN_SQUARED_ERROR");
      if (dice.chance(0.5)) {
        attributes.put("lossWeight", dice.real(0.1, 2, mistakes));
      }
      String line = attributes.layer() + " Dense " + name("extra") + ";";
      // the model's last field stays its main output, reading what it read before the extra one went in
      String main = lines.remove(lines.size() - 1);
      String before = lastField();
      lines.add(line);
      lines.add(main);
      readsFrom(before);
    }

    /** A member that is not a layer: plain fields, methods and types, some of which meet generated ones. */
    void oddMember() {
      lines.add(dice.oneOf(
          "int count;",
          "final String label = \"fuzz\";",
          "static int calls;",
          "private double[] cache;",
          "@Activation(RELU) Dense unannotated;",
          "Dense plain;",
          "@Layer String text;",
          "@Layer int number;",
          "void summary() {}",
          "static int open() { return 0; }",
          "public final void close() {}",
          "float[] predict(float[] sample) { return sample; }",
          "@Override public String toString() { return \"fuzz\"; }",
          "abstract void train();",
          "public void fit() {}",
          "static final class Dataset {}",
          "interface Fit {}",
          "enum History { ONE }",
          "static final class ClContext {}",
          "static final class List {}",
          "static final class Path {}",
          "static final class CompiledModel {}",
          "static final class Override {}",
          "static final class Generated {}",
          "static final class KilnException extends RuntimeException {}"));
    }

    /** The parts written in this file before the model that may use them. */
    List<PartModel> currentParts = List.of();
  }
}
