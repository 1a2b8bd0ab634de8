package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.GRADIENT;
import static dev.kiln.processor.plan.Arg.Source.HYPER;
import static dev.kiln.processor.plan.Arg.Source.ORDER;
import static dev.kiln.processor.plan.Arg.Source.PARAMS;

import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.emit.Defines;
import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.ParameterBlock;
import dev.kiln.processor.ir.Placement;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import dev.kiln.processor.report.Messages;
import java.util.List;
import java.util.Map;

/**
 * Embedding: a vector of {@code units} values per index, looked up from a table
 * {@code [vocabulary][units]} that training learns. One index gives a row of {@code units}; a
 * sequence of L indices gives a sequence (L, units). Its kernels: the lookup (embedding_forward), the
 * gradient summed into the rows the batch used (embedding_scatter), and the optimizer's update of
 * the table (gradient_update), dense as in Keras except for SGD without momentum, where only the
 * used rows change. Indices carry no gradient, so nothing goes back to the input. Read only by a
 * Concatenate, it writes its vectors straight into that layer's buffer and reads its gradient from
 * there, so the join copies nothing; read only by Dense layers, Dots and value-by-value merges, it
 * has no lookup kernel at all: they read its table at the sample's index (the gather fused into the
 * reader).
 */
final class EmbeddingDefinition extends LayerDefinition {
  EmbeddingDefinition() {
    super("dev.kiln.layers.Embedding", "vocabulary", "units", "maskZero");
  }

  @Override
  public boolean readsIndices() {
    return true;
  }

  @Override
  public boolean writesIntoAConcatenation() {
    return true;
  }

  @Override
  public boolean readsItsGradientInPlace() {
    return true;
  }

  @Override
  public boolean isALookup() {
    return true;
  }

  @Override
  public boolean isTrainable() {
    return true;
  }

  @Override
  public NodeContent read(FieldReading field, List<Node> inputs) {
    Node input = inputs.get(0);
    if (!(input.settings() instanceof Settings.Input in && in.indices())) {
      field.error(Messages.embeddingOfFloats(field.name(), Reading.source(input)));
    }
    int vocabulary = Reading.positive(field, "Embedding", "vocabulary", "the number of distinct indices, e.g."
        + " vocabulary = 10000");
    int units = Reading.positive(field, "Embedding", "units", "the length of each vector, e.g. units = 16");
    int length = input.shape().size();
    Shape shape = units == 0 || !input.shape().known() ? Shape.unknown()
        : length == 1 ? Shape.flat(units) : Shape.sequence(length, units);
    return new NodeContent(shape, Activation.LINEAR,
        new Settings.Embedding(vocabulary, field.flag("maskZero")),
        List.of(new ParameterBlock("embeddings", new int[] {vocabulary, units}, ParameterBlock.Init.UNIFORM, false)));
  }

  @Override
  public void planForward(Node node, PlanContext plan) {
    if (plan.graph().lookedUpByReaders(node)) {
      return; // its readers read its table at the sample's index themselves
    }
    int l = node.layer();
    Placement at = plan.graph().placement(node);
    plan.forward(new Kernel(node.kernelPrefix() + "_forward", l, "embedding_forward.cl",
        node.name() + ": the vector of each index" + at.described(node), List.of(plan.source(node, 0), Arg.of(ORDER),
            Arg.of(COUNTERS), Arg.of(PARAMS, l), Arg.of(ACTIVATIONS, at.buffer().layer())), new long[] {plan.batch()},
        new long[] {1}, Map.of()));
  }

  @Override
  public void planBackward(Node node, PlanContext plan) {
    int l = node.layer();
    Placement at = plan.graph().placement(node);
    plan.training(new Kernel(node.kernelPrefix() + "_scatter", l, "embedding_scatter.cl",
        node.name() + ": the gradient into the rows the batch used",
        List.of(plan.source(node, 0), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(HYPER),
            Arg.of(DELTA, at.buffer().layer()), Arg.of(GRADIENT, l), Arg.of(PARAMS, l)), new long[] {units(node)},
        new long[] {1}, Map.of()));
    plan.training(GradientUpdate.of(node, "optimizer update of the table", true));
  }

  private static int units(Node node) {
    return node.shape().channels();
  }

  @Override
  public void defines(Node node, Defines defines) {
    defines.define("LENGTH", node.input().shape().size()).define("UNITS", units(node))
        .define("VOCABULARY", node.settings(Settings.Embedding.class).vocabulary());
  }

  @Override
  public CodeBlock describe(Node node) {
    return CodeBlock.of(node.settings(Settings.Embedding.class).maskZero() ? ".masksZero()" : "");
  }

  @Override
  public String headerDetail(Node node) {
    Settings.Embedding embedding = node.settings(Settings.Embedding.class);
    return ", vocabulary " + embedding.vocabulary() + (embedding.maskZero() ? ", index 0 masked" : "");
  }
}
