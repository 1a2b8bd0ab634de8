package dev.kiln.onnx;

import dev.kiln.engine.NodeSpec;
import java.util.List;

/**
 * The merges: Concatenate along the last axis; Add, Subtract, Multiply and Average value by value
 * ({@code Sum}, {@code Sub}, {@code Mul}, {@code Mean}); Dot as {@code Mul} and a sum over the
 * features, of the l2-normalised vectors for a cosine ({@code normalize = true}).
 */
final class MergeTranslation implements NodeTranslation {
  /** Keras's l2_normalize divides by {@code sqrt(max(sum x^2, 1e-12))}. */
  private static final float NORMALIZE_EPSILON = 1e-12f;

  @Override
  public String write(NodeSpec node, Export export) {
    OnnxGraph graph = export.graph();
    List<String> x = node.from().stream().map(export::value).toList();
    return switch (node.kind()) {
      case CONCATENATE -> graph.node("Concat", node.name(), x, Attr.of("axis", -1));
      case ADD -> graph.node("Sum", node.name(), x);
      case SUBTRACT -> graph.node("Sub", node.name(), x);
      case AVERAGE -> graph.node("Mean", node.name(), x);
      case MULTIPLY -> {
        String product = x.get(0);
        for (String factor : x.subList(1, x.size())) {
          product = graph.node("Mul", node.name(), List.of(product, factor));
        }
        yield product;
      }
      case DOT -> dot(node, x, graph);
      default -> throw new IllegalArgumentException(node.kind() + " is not a merge");
    };
  }

  private static String dot(NodeSpec node, List<String> x, OnnxGraph graph) {
    String a = node.normalize() ? l2Normalize(x.get(0), node.name(), graph) : x.get(0);
    String b = node.normalize() ? l2Normalize(x.get(1), node.name(), graph) : x.get(1);
    String products = graph.node("Mul", node.name(), List.of(a, b));
    return graph.node("ReduceSum", node.name(), List.of(products, graph.longs(node.name() + "/axes", -1)),
        Attr.of("keepdims", 1));
  }

  private static String l2Normalize(String x, String hint, OnnxGraph graph) {
    String squares = graph.node("ReduceSumSquare", hint, List.of(x), Attr.ints("axes", -1), Attr.of("keepdims", 1));
    String floor = graph.node("Max", hint, List.of(squares, graph.scalar(hint + "/epsilon", NORMALIZE_EPSILON)));
    return graph.node("Div", hint, List.of(x, graph.node("Sqrt", hint, List.of(floor))));
  }
}
