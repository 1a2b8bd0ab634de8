package dev.kiln.processor.layers;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.emit.Defines;
import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import java.util.List;
import java.util.Set;

/**
 * Everything the compiler knows about one kind of node, in one place: the field type that declares
 * it and the {@code @Layer} attributes it takes, how a field of it is read and its shape inferred,
 * the kernels it plans, and the {@code #define}s and description it emits. The stages are generic
 * and ask the definition; adding a kind means one definition here, one handle in the runtime and
 * its kernel templates.
 */
public abstract class LayerDefinition {
  private final String qualifiedName;
  private final Set<String> attributes;

  protected LayerDefinition(String qualifiedName, String... attributes) {
    this.qualifiedName = qualifiedName;
    this.attributes = Set.of(attributes);
  }

  /** The field type that declares it, e.g. {@code dev.kiln.layers.Dense}. */
  public final String qualifiedName() {
    return qualifiedName;
  }

  public final String simpleName() {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }

  /**
   * Whether {@code @Layer(attribute = ...)} means something for it: {@code from} does for all but
   * inputs, {@code loss} and {@code lossWeight} (which make an output) for all but inputs and views,
   * {@code trainable} for kinds that {@link #freezes()}.
   */
  public final boolean accepts(String attribute) {
    return switch (attribute) {
      case "from" -> arity() != Arity.NONE;
      case "loss", "lossWeight" -> arity() != Arity.NONE && !isView();
      case "trainable" -> freezes();
      default -> attributes.contains(attribute);
    };
  }

  /**
   * Whether it can read a masked sequence (an Embedding's with {@code maskZero}) and skip its masked
   * steps: recurrent layers can; for every other kind such an input is an error.
   */
  public boolean takesMasks() {
    return false;
  }

  /** Whether {@code @Activation} means something for it. */
  public boolean takesActivation() {
    return false;
  }

  /**
   * The activation its description (and so the summary) shows: the node's own, except for a kind
   * whose {@code @Activation} works inside it (an LSTM's), while what it gives needs no derivative.
   */
  public Activation describedActivation(Node node) {
    return node.activation();
  }

  /** Why {@code @Activation} does not apply, and what to do instead. */
  public String activationFix() {
    return "put the activation on the layer before it";
  }

  /**
   * Whether its output is a view of what it reads (Flatten, Dropout): it owns no buffers and no
   * kernels of its own; the layers around it read and write through it.
   */
  public boolean isView() {
    return false;
  }

  /** Whether it has parameters a training step updates. */
  public boolean isTrainable() {
    return false;
  }

  /**
   * Whether {@code trainable = false} can freeze it: a training step then plans none of its
   * {@link PlanContext#training} kernels. Every kind with parameters to train, unless it says otherwise.
   */
  public boolean freezes() {
    return isTrainable();
  }

  /** Why {@code trainable} does not apply to it, and what to do instead. */
  public String freezeFix() {
    return "it has no weights for training to change; remove it";
  }

  /** How many nodes a node of this kind reads. */
  public enum Arity {
    /** an input reads nothing */
    NONE,
    /** a layer or a view reads one node */
    ONE,
    /** Dot and Subtract read exactly two */
    TWO,
    /** Concatenate, Add, Multiply and Average read two or more */
    TWO_OR_MORE
  }

  public Arity arity() {
    return Arity.ONE;
  }

  /**
   * Whether its kernels can write its values into the buffer of a Concatenate that is its only
   * reader, at its columns, and read its gradient from there (see ModelGraph.placement): then the
   * join copies nothing. Its templates use ROW_STRIDE and ROW_OFFSET for where a row goes.
   */
  public boolean writesIntoAConcatenation() {
    return false;
  }

  /**
   * Whether, written into a Concatenate, its backward kernels read their gradient straight from the
   * Concatenate's (a kind without an activation: an Embedding). Otherwise the Concatenate's backward
   * kernel still gives it a gradient of its own, through its activation, reading the values it
   * wrote from the Concatenate's buffer.
   */
  public boolean readsItsGradientInPlace() {
    return false;
  }

  /**
   * Whether its values are rows of its table picked by one index per sample (an Embedding), which
   * readers that {@link #looksUpRows()} can read from the table themselves.
   */
  public boolean isALookup() {
    return false;
  }

  /** Whether its kernels can read an input that {@link #isALookup()} straight from the table (see InputRows). */
  public boolean looksUpRows() {
    return false;
  }

  /** Whether it reads integer indices (an Embedding) rather than float values, as every other kind does. */
  public boolean readsIndices() {
    return false;
  }

  /**
   * Reads a field of this kind that reads {@code inputs} (as many as {@link #arity()} says): checks
   * its attributes against the shapes it receives, reporting what is wrong on the field, and says what
   * the node holds. It always returns a content (with a stand-in where a value was wrong), so the
   * layers after it are still checked.
   */
  public abstract NodeContent read(FieldReading field, List<Node> inputs);

  /** Whether a Bidirectional can run it over a sequence both ways: the recurrent layers can. */
  public boolean runsBothWays() {
    return false;
  }

  /**
   * Reads the two directions of a Bidirectional field of this kind from the field's attributes: the
   * forward layer, and the backward one, which reads the steps from the last to the first and gives
   * its outputs in the steps' order, as Keras does. Only kinds that {@link #runsBothWays()} are asked.
   */
  public List<NodeContent> readBothWays(FieldReading field, List<Node> inputs) {
    throw new IllegalStateException(simpleName() + " layers do not run both ways");
  }

  /**
   * Reads a field that shares the weights of {@code owner} (a layer of this kind declared before
   * it): it takes the owner's settings, and reports an input of another shape. Only kinds that
   * accept the {@code shares} attribute are asked.
   */
  public NodeContent readShared(FieldReading field, List<Node> inputs, Node owner) {
    throw new IllegalStateException(simpleName() + " layers cannot be shared");
  }

  /** The attributes a use of a shared layer takes from the layer, so may not set itself. */
  public List<String> sharedAttributes() {
    return List.of();
  }

  /** Adds the kernels that compute its output in the forward pass. */
  public void planForward(Node node, PlanContext plan) {}

  /** As the model's output: the kernel that computes it, the loss and the loss's gradient in one. */
  public Kernel planHead(Node node, PlanContext plan) {
    throw new IllegalStateException(simpleName() + " cannot be a model's output");
  }

  /**
   * Adds the kernels of its backward pass: the gradient to what it reads ({@link PlanContext#gradient},
   * which decides which steps need it) and its own parameter update.
   */
  public void planBackward(Node node, PlanContext plan) {}

  /**
   * The source of a kernel it planned without a template ({@code kernel.template() == null}): kinds
   * whose kernels depend on how many inputs they read write them whole.
   */
  public String generate(Node node, Kernel kernel, ModelGraph graph) {
    throw new IllegalStateException(simpleName() + " has no generated kernels");
  }

  /**
   * Values per row its kernels read ({@code IN}) and write ({@code OUT}): a sample's whole input and
   * output, except for a recurrent layer, whose products work on one step of one sample per row.
   */
  public int rowInputs(Node node) {
    return node.inputs().get(0).shape().size();
  }

  public int rowOutputs(Node node) {
    return node.shape().size();
  }

  /**
   * Reals its kernels keep between them in a step, for a compiled batch of {@code batch} (the
   * workspace buffer, Arg.Source.WORKSPACE): none unless a kind says so.
   */
  public long workspace(Node node, int batch) {
    return 0;
  }

  /** opencl-kernels files of macros its templates use, included once at the start of the program. */
  public List<String> sharedTemplates() {
    return List.of();
  }

  /** Its own {@code #define}s in its section of the program (sizes, windows), after the common ones. */
  public void defines(Node node, Defines defines) {}

  /** What its section header says after the shapes, e.g. {@code ", relu, no bias"}. */
  public String headerDetail(Node node) {
    return "";
  }

  /** How the generated constructor gets the handle its field holds, from the engine. */
  public CodeBlock handle(Node node) {
    return CodeBlock.of("engine.node($S, $T.class)", node.name(), ClassName.bestGuess(qualifiedName));
  }

  /** Builder calls of its own in the model's description, after the common ones, e.g. {@code .window(...)}. */
  public CodeBlock describe(Node node) {
    return CodeBlock.of("");
  }
}
