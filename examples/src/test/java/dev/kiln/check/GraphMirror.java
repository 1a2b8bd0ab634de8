package dev.kiln.check;

import dev.kiln.CompiledModel;
import dev.kiln.data.Dataset;
import dev.kiln.engine.ModelSpec;
import dev.kiln.engine.NodeSpec;
import dev.kiln.reference.ReferenceGraph;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import java.util.Arrays;

/** The plain-Java graph reference with a compiled graph model's nodes and current parameters. */
final class GraphMirror {
  private GraphMirror() {}

  static ReferenceGraph of(CompiledModel net) {
    ModelSpec spec = net.spec();
    ReferenceGraph.Builder graph = ReferenceGraph.builder();
    for (NodeSpec node : spec.nodes()) {
      String name = node.name();
      String[] from = node.from().toArray(String[]::new);
      switch (node.kind()) {
        case INPUT -> {
          if (node.indices()) {
            graph.indexInput(name, node.outputs());
          } else {
            graph.floatInput(name, node.outputs());
          }
        }
        case DENSE -> {
          if (node.shares() != null) {
            graph.sharedDense(name, from[0], node.shares());
          } else {
            graph.dense(name, from[0], new DenseSpec(node.units(), node.activation(), node.alpha(), node.bias()));
          }
        }
        case EMBEDDING -> graph.embedding(name, from[0], node.parameters().get(0).shape()[0], node.units());
        case CONCATENATE -> graph.concatenate(name, from);
        case ADD -> graph.add(name, from);
        case SUBTRACT -> graph.subtract(name, from);
        case MULTIPLY -> graph.multiply(name, from);
        case AVERAGE -> graph.average(name, from);
        case DOT -> graph.dot(name, node.normalize(), from);
        case FLATTEN -> graph.flatten(name, from[0]);
        case RESHAPE -> graph.reshape(name, from[0], node.outputShape());
        default -> throw new IllegalArgumentException("no reference for " + node.kind());
      }
    }
    for (NodeSpec output : spec.outputs()) {
      graph.output(output.name(), output.output().loss(), output.output().weight());
    }
    ReferenceGraph reference = graph.l2(spec.l2()).build();
    for (NodeSpec layer : spec.layers()) {
      double[] params = net.layers().get(layer.layer()).parameters();
      switch (layer.kind()) {
        case DENSE -> {
          if (layer.shares() != null) {
            continue; // the owner's weights are the reference's too
          }
          reference.setWeights(layer.name(), Arrays.copyOfRange(params, 0, layer.weightCount()));
          reference.setBiases(layer.name(), Arrays.copyOfRange(params, layer.weightCount(), params.length));
        }
        case EMBEDDING -> reference.setTable(layer.name(), params);
        default -> { } // no parameters
      }
    }
    return reference;
  }

  /** The samples of {@code data} as the reference takes them: each input's columns, and each output's labels. */
  static ReferenceGraph.Batch batch(ModelSpec spec, Dataset data) {
    ReferenceGraph.Batch batch = new ReferenceGraph.Batch();
    int width = spec.inputWidth();
    for (NodeSpec input : spec.inputs()) {
      int column = spec.column(input);
      double[][] values = new double[data.size()][input.outputs()];
      int[][] indices = new int[data.size()][input.outputs()];
      for (int s = 0; s < data.size(); s++) {
        for (int i = 0; i < input.outputs(); i++) {
          values[s][i] = data.features()[s * width + column + i];
          indices[s][i] = (int) values[s][i];
        }
      }
      if (input.indices()) {
        batch.indices(input.name(), indices);
      } else {
        batch.floats(input.name(), values);
      }
    }
    double[][] labels = Mirror.labels(data);
    for (NodeSpec output : spec.outputs()) {
      int column = output.output().labelColumn();
      int labelWidth = output.output().labelWidth(output.units());
      double[][] own = new double[data.size()][];
      for (int s = 0; s < data.size(); s++) {
        own[s] = Arrays.copyOfRange(labels[s], column, column + labelWidth);
      }
      batch.labels(output.name(), own);
    }
    return batch;
  }
}
