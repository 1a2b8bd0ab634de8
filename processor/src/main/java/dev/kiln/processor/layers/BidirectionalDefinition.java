package dev.kiln.processor.layers;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import java.util.List;

/**
 * Bidirectional, as Keras defines it with its default {@code merge_mode="concat"}: a recurrent layer
 * run over a sequence forwards and, with weights of its own, backwards, their outputs side by side.
 * A field {@code @Layer(units = 64) Bidirectional<LSTM> encoder;} is three nodes (see GraphReader):
 * its two directions, {@code encoder.forward} and {@code encoder.backward}, which the wrapped kind's
 * definition reads from the field's attributes ({@link LayerDefinition#readBothWays}), and the
 * join, a node of this kind reading the two: a Concatenate, the forward layer's outputs first, whose
 * kernels it plans. The backward layer gives every step's output in the steps' order, so a mask of
 * the steps still applies to the join's.
 */
final class BidirectionalDefinition extends LayerDefinition {
  private final LayerDefinition join = MergeDefinition.concatenate();

  BidirectionalDefinition() {
    super("dev.kiln.layers.Bidirectional");
  }

  /** Its two directions, forward then backward. */
  @Override
  public Arity arity() {
    return Arity.TWO;
  }

  @Override
  public boolean takesMasks() {
    return true;
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    return join.read(field, inputs);
  }

  @Override
  public void planForward(Node node, PlanContext plan) {
    join.planForward(node, plan);
  }

  @Override
  public void planBackward(Node node, PlanContext plan) {
    join.planBackward(node, plan);
  }

  @Override
  public String generate(Node node, Kernel kernel, ModelGraph graph) {
    return join.generate(node, kernel, graph);
  }

  /** The handle typed by the layer it runs both ways, e.g. {@code Bidirectional<LSTM>}. */
  @Override
  public CodeBlock handle(Node node) {
    return CodeBlock.of("engine.bidirectional($S, $T.class)", node.name(),
        ClassName.bestGuess(node.inputs().get(0).kind().definition().qualifiedName()));
  }
}
