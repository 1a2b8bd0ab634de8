package dev.kiln.processor.layers;

import static dev.kiln.processor.plan.Arg.Source.PARAMS;

import dev.kiln.processor.emit.EdgeCode;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.PlanContext;
import java.util.ArrayList;
import java.util.List;

/**
 * How a kernel written in Java (a merge's, a Dot's) reaches its inputs' rows of one sample, {@code
 * in0, in1, ...}: in the data set or in a layer's activations; or, for an Embedding whose readers
 * all look its vectors up themselves (ModelGraph.lookedUpByReaders), straight in the Embedding's
 * table at the sample's index, so no lookup kernel runs and nothing is copied. The arguments, the
 * parameters and the declarations below come in the same order.
 */
final class InputRows {
  private InputRows() {}

  /** The arguments for the inputs: per input its buffer, or the indices and the table it looks up. */
  static List<Arg> args(Node node, PlanContext plan) {
    List<Arg> args = new ArrayList<>();
    for (int j = 0; j < node.inputs().size(); j++) {
      Node input = node.inputs().get(j);
      if (plan.graph().lookedUpByReaders(input)) {
        args.add(plan.source(input, 0));
        args.add(Arg.of(PARAMS, input.layer()));
      } else {
        args.add(plan.source(node, j));
      }
    }
    return args;
  }

  static List<String> parameters(Node node, ModelGraph graph) {
    List<String> parameters = new ArrayList<>();
    for (int j = 0; j < node.inputs().size(); j++) {
      Node input = node.inputs().get(j);
      if (graph.lookedUpByReaders(input)) {
        parameters.add("global const real* restrict x" + j + "   /* '" + input.input().name() + "' */");
        parameters.add("global const real* restrict table" + j + "   /* the table of '" + input.name() + "' */");
      } else {
        parameters.add("global const real* restrict x" + j + "   /* '" + input.name() + "' */");
      }
    }
    return parameters;
  }

  /** {@code in<j>}: sample b's values of input j. */
  static void declare(KernelText k, Node node, ModelGraph graph) {
    for (int j = 0; j < node.inputs().size(); j++) {
      Node input = node.inputs().get(j);
      if (graph.lookedUpByReaders(input)) {
        String index = "(int) x" + j + "[" + EdgeCode.of(graph, input, 0).start("b") + "]";
        k.line("global const real* in" + j + " = table" + j + " + (size_t) (" + index + ") * "
            + input.shape().size() + ";");
      } else {
        k.line("global const real* in" + j + " = x" + j + " + " + EdgeCode.of(graph, node, j).start("b") + ";");
      }
    }
  }
}
