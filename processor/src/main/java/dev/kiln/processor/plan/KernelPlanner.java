package dev.kiln.processor.plan;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.EXTRA_GRADIENT;
import static dev.kiln.processor.plan.Arg.Source.FEATURES;
import static dev.kiln.processor.plan.Arg.Source.HYPER;
import static dev.kiln.processor.plan.Arg.Source.INPUT_GRADIENT;
import static dev.kiln.processor.plan.Arg.Source.PARAMS;
import static dev.kiln.processor.plan.Arg.Source.SAMPLE_HIT;
import static dev.kiln.processor.plan.Arg.Source.SAMPLE_LOSS;
import static dev.kiln.processor.plan.Arg.Source.TOTALS;

import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Precision;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Output;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 3: turns a checked model into kernels and launch orders. It walks the graph forwards, then
 * backwards, and asks each node's definition for its kernels; the fusions are the definitions':
 * <ul>
 *   <li>product (dense or convolution) + bias + activation: {@code <layer>_forward};
 *   <li>the output layer + activation + loss + its gradient in closed form: {@code <layer>_head};
 *   <li>the earlier layer's activation derivative inside the backward product: {@code <layer>_backward};
 *   <li>weight gradient + optimizer update: {@code <layer>_update};
 *   <li>views (Flatten, Dropout) cost no kernel: the layers around them read through them;
 *   <li>metrics and the move to the next batch on the device: {@code finish_*_step}, so a whole
 *       epoch is enqueued without the host setting an argument or waiting.
 * </ul>
 */
public final class KernelPlanner {
  /** Values one work-item of a gradient sum adds. */
  private static final int ADD_CHUNK = 1024;

  public KernelPlan plan(ModelGraph model) {
    if (model.loss() == Loss.NONE) {
      return forwardOnly(model);
    }
    Steps steps = new Steps(model);
    for (Node node : model.nodes()) {
      if (model.outputOf(node).isPresent()) {
        steps.forward(node.kind().definition().planHead(node, steps));
      } else {
        node.kind().definition().planForward(node, steps);
      }
    }
    // backwards: every reader of a node comes after it, so its gradients are complete when it is reached
    for (int n = model.nodes().size() - 1; n >= 0; n--) {
      Node node = model.nodes().get(n);
      steps.addGradientSums(node);
      node.kind().definition().planBackward(node, steps);
    }
    Kernel finishTraining =
        finish("finish_training_step", "add the batch to the totals, move to the next batch and step");
    Kernel finishEvaluation = finish("finish_evaluation_step", "add the batch to the totals, move to the next batch");

    List<Kernel> trainingStep = new ArrayList<>(steps.forward);
    trainingStep.addAll(steps.backward);
    trainingStep.add(finishTraining);
    if (model.l2() > 0) {
      trainingStep.add(l2Penalty(model));
    }
    List<Kernel> forwardStep = new ArrayList<>(steps.forward);
    forwardStep.add(finishEvaluation);
    List<Kernel> kernels = new ArrayList<>(trainingStep);
    kernels.add(finishEvaluation);
    // the input-gradient kernels, and backward kernels training skips (nothing to train before them)
    steps.inputGradient.stream().filter(k -> !kernels.contains(k)).forEach(kernels::add);
    return new KernelPlan(model, List.copyOf(kernels), List.copyOf(trainingStep), List.copyOf(forwardStep),
        List.copyOf(steps.forward), List.copyOf(steps.inputGradient), List.copyOf(steps.extraWidths));
  }

  /**
   * A model without a loss (trained only as a part of others): forward kernels alone. Its steps
   * that would read labels run the forward pass and move on; the runtime does not call them.
   */
  private KernelPlan forwardOnly(ModelGraph model) {
    Steps steps = new Steps(model);
    model.nodes().forEach(node -> node.kind().definition().planForward(node, steps));
    Kernel finishTraining =
        finish("finish_training_step", "move to the next batch and step (unused: the model has no loss)");
    Kernel finishEvaluation = finish("finish_evaluation_step", "move to the next batch (unused: the model has no loss)");
    List<Kernel> trainingStep = new ArrayList<>(steps.forward);
    trainingStep.add(finishTraining);
    List<Kernel> forwardStep = new ArrayList<>(steps.forward);
    forwardStep.add(finishEvaluation);
    List<Kernel> kernels = new ArrayList<>(trainingStep);
    kernels.add(finishEvaluation);
    return new KernelPlan(model, List.copyOf(kernels), List.copyOf(trainingStep), List.copyOf(forwardStep),
        List.copyOf(steps.forward), List.of(), List.copyOf(steps.extraWidths));
  }

  /** One input of a node that the backward pass carries a gradient along. */
  private record Edge(Node node, int input) {}

  /** The launch lists as the definitions fill them, and the buffers they plan with. */
  private static final class Steps implements PlanContext {
    private final ModelGraph model;
    private final List<Kernel> forward = new ArrayList<>();
    private final List<Kernel> backward = new ArrayList<>();
    private final List<Kernel> inputGradient = new ArrayList<>();
    /** Per node that stores values (a layer or a model input), the edges whose gradients reach it. */
    private final Map<Node, List<Edge>> edgesTo = new HashMap<>();
    /** Where each edge's gradient goes: the stored node's own gradient for one, an extra buffer for the others. */
    private final Map<Edge, Arg> targets = new HashMap<>();
    /** Values per sample of each extra gradient buffer. */
    private final List<Integer> extraWidths = new ArrayList<>();

    Steps(ModelGraph model) {
      this.model = model;
      for (Node node : model.nodes()) {
        if (!node.isLayer() || node.kind().definition().readsIndices()) {
          continue; // inputs and views send nothing back; an Embedding's indices take no gradient
        }
        for (int k = 0; k < node.inputs().size(); k++) {
          edgesTo.computeIfAbsent(model.storage(node.inputs().get(k)), s -> new ArrayList<>()).add(new Edge(node, k));
        }
      }
      // the last reader's backward kernel runs first and writes the gradient itself (an output's head
      // did, when the stored node is an output); the others write extra buffers, which a sum adds in
      // once every reader has run
      edgesTo.forEach((stored, edges) -> {
        boolean head = model.outputOf(stored).isPresent();
        for (int e = 0; e < edges.size(); e++) {
          if (e == edges.size() - 1 && !head) {
            targets.put(edges.get(e), ownGradient(stored));
          } else {
            targets.put(edges.get(e), Arg.of(EXTRA_GRADIENT, extraWidths.size()));
            extraWidths.add(stored.shape().size());
          }
        }
      });
    }

    private Arg ownGradient(Node stored) {
      return stored.isLayer() ? Arg.of(DELTA, stored.layer()) : Arg.of(INPUT_GRADIENT, model.inputs().indexOf(stored));
    }

    @Override
    public ModelGraph graph() {
      return model;
    }

    @Override
    public int batch() {
      return model.batch();
    }

    @Override
    public Precision precision() {
      return model.precision();
    }

    @Override
    public Map<String, String> head(Node node) {
      Output output = model.outputOf(node).orElseThrow();
      Map<String, String> defines = new LinkedHashMap<>();
      defines.put("LOSS_" + output.loss().name(), "");
      defines.put("LABEL_COLUMN", Integer.toString(output.labelColumn()));
      if (output.weight() != 1) {
        defines.put("LOSS_WEIGHT", "((real) " + output.weight() + ")");
      }
      if (output != model.outputs().get(0)) {
        defines.put("ADD_LOSS", "");
      }
      if (output.main()) {
        defines.put("MAIN_OUTPUT", "");
      }
      if (model.reportedOutputs() > 0) {
        defines.put("OUTPUT_ROW", Integer.toString(model.outputRow(output)));
      }
      return defines;
    }

    @Override
    public Arg source(Node node, int input) {
      Node stored = model.storage(node.inputs().get(input));
      return stored.isLayer() ? Arg.of(ACTIVATIONS, stored.layer()) : Arg.of(FEATURES);
    }

    @Override
    public void forward(Kernel kernel) {
      forward.add(kernel);
    }

    @Override
    public void backward(Kernel kernel) {
      inputGradient.add(kernel);
      if (model.trainsUpTo(layerOf(kernel))) {
        backward.add(kernel);
      }
    }

    @Override
    public void training(Kernel kernel) {
      if (layerOf(kernel).trains()) {
        backward.add(kernel);
      }
    }

    private Node layerOf(Kernel kernel) {
      return model.layers().get(kernel.layer());
    }

    @Override
    public GradientEdge edge(Node node, int input) {
      Node stored = model.storage(node.inputs().get(input));
      Arg target = targets.get(new Edge(node, input));
      String which = node.inputs().size() > 1 ? "_" + input : "";
      if (!stored.isLayer()) {
        boolean only = model.inputs().size() == 1 && edgesTo.get(stored).size() == 1;
        return new GradientEdge(only ? KernelPlan.INPUT_GRADIENT : node.kernelPrefix() + "_input_gradient" + which,
            node.name() + ": gradient to the model's input" + (only ? "" : " '" + stored.name() + "'")
                + " (saliency)", Arg.of(FEATURES), target, null);
      }
      String to = node.inputs().size() > 1 ? "'" + node.inputs().get(input).name() + "'" : "the previous layer";
      return new GradientEdge(node.kernelPrefix() + "_backward" + which,
          node.name() + ": gradient to " + to + ", through its activation",
          Arg.of(ACTIVATIONS, stored.layer()), target, stored);
    }

    @Override
    public void gradient(GradientEdge edge, Kernel kernel) {
      inputGradient.add(kernel);
      // training needs a layer's input gradient only when a layer before it has parameters to update
      if (!edge.toModelInput() && model.trainsUpTo(edge.producer())) {
        backward.add(kernel);
      }
    }

    /** Adds the extra gradient buffers of {@code stored}'s readers into its own gradient. */
    void addGradientSums(Node stored) {
      List<Edge> edges = edgesTo.getOrDefault(stored, List.of());
      Arg own = ownGradient(stored);
      int width = stored.shape().size();
      for (Edge edge : edges) {
        Arg extra = targets.get(edge);
        if (extra.source() != EXTRA_GRADIENT) {
          continue;
        }
        Kernel sum = new Kernel(stored.kernelPrefix() + "_gradient_add_" + extra.layer(), stored.layer(),
            "gradient_add.cl", stored.name() + ": add the gradient from '" + edge.node().name() + "'",
            List.of(Arg.of(COUNTERS), extra, own), new long[] {Tiles.ceil(model.batch() * width, ADD_CHUNK)},
            new long[] {1}, Map.of("ADD_WIDTH", Integer.toString(width), "ADD_CHUNK", Integer.toString(ADD_CHUNK)));
        inputGradient.add(sum);
        if (stored.isLayer() && model.trainsUpTo(stored)) {
          backward.add(sum);
        }
      }
    }
  }

  /** Weight decay's term of the loss, l2 * sum(w^2), at the end of each training pass, on the device. */
  private static Kernel l2Penalty(ModelGraph model) {
    List<Arg> args = new ArrayList<>(List.of(Arg.of(COUNTERS), Arg.of(HYPER), Arg.of(TOTALS)));
    for (Node layer : model.decayedLayers()) {
      args.add(Arg.of(PARAMS, layer.layer()));
    }
    return new Kernel(KernelPlan.L2_PENALTY, -1, null, "the L2 term of the loss when a training pass ends",
        List.copyOf(args), new long[] {1}, new long[] {1}, Map.of());
  }

  private static Kernel finish(String name, String purpose) {
    return new Kernel(name, -1, null, purpose,
        List.of(Arg.of(COUNTERS), Arg.of(SAMPLE_LOSS), Arg.of(SAMPLE_HIT), Arg.of(TOTALS)),
        new long[] {1}, new long[] {1}, Map.of());
  }
}
