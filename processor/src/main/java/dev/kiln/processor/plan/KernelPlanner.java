package dev.kiln.processor.plan;

import static dev.kiln.processor.plan.Arg.Source.ACTIVATIONS;
import static dev.kiln.processor.plan.Arg.Source.COUNTERS;
import static dev.kiln.processor.plan.Arg.Source.DELTA;
import static dev.kiln.processor.plan.Arg.Source.FEATURES;
import static dev.kiln.processor.plan.Arg.Source.HYPER;
import static dev.kiln.processor.plan.Arg.Source.INPUT_GRADIENT;
import static dev.kiln.processor.plan.Arg.Source.LABELS;
import static dev.kiln.processor.plan.Arg.Source.ORDER;
import static dev.kiln.processor.plan.Arg.Source.PARAMS;
import static dev.kiln.processor.plan.Arg.Source.SAMPLE_HIT;
import static dev.kiln.processor.plan.Arg.Source.SAMPLE_LOSS;
import static dev.kiln.processor.plan.Arg.Source.STATE;
import static dev.kiln.processor.plan.Arg.Source.TOTALS;

import dev.kiln.processor.ir.LayerIr;
import dev.kiln.processor.ir.ModelIr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stage 3: turns a checked model into kernels and launch orders. Fusions, by construction:
 * <ul>
 *   <li>product + bias + activation: {@code <layer>_forward};
 *   <li>last layer + activation + loss + its gradient in closed form: {@code <layer>_head};
 *   <li>the previous layer's activation derivative inside the backward product: {@code <layer>_backward};
 *   <li>weight gradient + optimizer update: {@code <layer>_update};
 *   <li>metrics and the move to the next batch on the device: {@code finish_*_step}, so a whole
 *       epoch is enqueued without the host setting an argument or waiting.
 * </ul>
 */
public final class KernelPlanner {
  public KernelPlan plan(ModelIr model) {
    List<LayerIr> layers = model.layers();
    int last = layers.size() - 1;
    List<Kernel> forward = new ArrayList<>();
    for (LayerIr layer : layers.subList(0, last)) {
      forward.add(forward(layer, model));
    }
    forward.add(head(layers.get(last), model));

    List<Kernel> backward = new ArrayList<>();
    List<Kernel> inputGradientStep = new ArrayList<>();
    for (int l = last; l >= 0; l--) {
      LayerIr layer = layers.get(l);
      if (l > 0) {
        Kernel toPrevious = backward(layer, model);
        backward.add(toPrevious);
        inputGradientStep.add(toPrevious);
      }
      backward.add(update(layer, model));
    }
    inputGradientStep.add(inputGradient(layers.get(0), model));
    Kernel finishTraining = finish("finish_training_step", "add the batch to the totals, move to the next batch and step");
    Kernel finishEvaluation = finish("finish_evaluation_step", "add the batch to the totals, move to the next batch");

    List<Kernel> trainingStep = new ArrayList<>(forward);
    trainingStep.addAll(backward);
    trainingStep.add(finishTraining);
    List<Kernel> forwardStep = new ArrayList<>(forward);
    forwardStep.add(finishEvaluation);
    List<Kernel> kernels = new ArrayList<>(trainingStep);
    kernels.add(finishEvaluation);
    kernels.add(inputGradientStep.get(inputGradientStep.size() - 1));
    return new KernelPlan(model, List.copyOf(kernels), List.copyOf(trainingStep), List.copyOf(forwardStep),
        List.copyOf(forward), List.copyOf(inputGradientStep));
  }

  private static Arg input(LayerIr layer) {
    return layer.index() == 0 ? Arg.of(FEATURES) : Arg.of(ACTIVATIONS, layer.index() - 1);
  }

  private static Kernel forward(LayerIr layer, ModelIr model) {
    return tiled(layer.kernelPrefix() + "_forward", layer.index(), "dense_forward.cl",
        layer.name() + ": " + layer.activation().name().toLowerCase() + "(x W + b)",
        List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, layer.index()),
            Arg.of(ACTIVATIONS, layer.index())),
        Tiles.forward(layer, model.batch(), model.precision()));
  }

  private static Kernel head(LayerIr layer, ModelIr model) {
    return tiled(layer.kernelPrefix() + "_head", layer.index(), "dense_head.cl",
        layer.name() + ": " + layer.activation().name().toLowerCase() + "(x W + b), loss and its gradient",
        List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, layer.index()),
            Arg.of(ACTIVATIONS, layer.index()), Arg.of(LABELS), Arg.of(DELTA, layer.index()),
            Arg.of(SAMPLE_LOSS), Arg.of(SAMPLE_HIT)),
        Tiles.head(layer, model.batch(), model.precision()));
  }

  private static Kernel backward(LayerIr layer, ModelIr model) {
    int previous = layer.index() - 1;
    return tiled(layer.kernelPrefix() + "_backward", layer.index(), "dense_backward.cl",
        layer.name() + ": gradient to the previous layer, through its activation",
        List.of(Arg.of(COUNTERS), Arg.of(PARAMS, layer.index()), Arg.of(DELTA, layer.index()),
            Arg.of(ACTIVATIONS, previous), Arg.of(DELTA, previous)),
        Tiles.backward(layer, model.batch(), model.precision()));
  }

  /** The first layer's backward product, into the input's gradient (no activation before the input). */
  private static Kernel inputGradient(LayerIr first, ModelIr model) {
    return tiled(KernelPlan.INPUT_GRADIENT, 0, "dense_backward.cl",
        first.name() + ": gradient to the model's input (saliency)",
        List.of(Arg.of(COUNTERS), Arg.of(PARAMS, 0), Arg.of(DELTA, 0), Arg.of(FEATURES), Arg.of(INPUT_GRADIENT)),
        Tiles.backward(first, model.batch(), model.precision()));
  }

  private static Kernel update(LayerIr layer, ModelIr model) {
    return tiled(layer.kernelPrefix() + "_update", layer.index(), "dense_update.cl",
        layer.name() + ": weight gradient and optimizer update",
        List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(HYPER), Arg.of(DELTA, layer.index()),
            Arg.of(PARAMS, layer.index()), Arg.of(STATE, layer.index())),
        Tiles.update(layer, model.precision()));
  }

  /** A register-tiled kernel: one work-item per work-group, which PoCL runs best (see Tiles). */
  private static Kernel tiled(String name, int layer, String template, String purpose, List<Arg> args,
                              Tiles.Shape shape) {
    long[] local = new long[shape.global().length];
    java.util.Arrays.fill(local, 1);
    return new Kernel(name, layer, template, purpose, args, shape.global(), local, shape.defines());
  }

  private static Kernel finish(String name, String purpose) {
    return new Kernel(name, -1, null, purpose,
        List.of(Arg.of(COUNTERS), Arg.of(SAMPLE_LOSS), Arg.of(SAMPLE_HIT), Arg.of(TOTALS)),
        new long[] {1}, new long[] {1}, Map.of());
  }
}
