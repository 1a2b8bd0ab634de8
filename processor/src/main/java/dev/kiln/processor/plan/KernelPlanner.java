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
import static dev.kiln.processor.plan.Arg.Source.STATISTICS;
import static dev.kiln.processor.plan.Arg.Source.TOTALS;
import static dev.kiln.processor.plan.Arg.Source.ZEROS;

import dev.kiln.processor.ir.LayerIr;
import dev.kiln.processor.ir.LayerKind;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stage 3: turns a checked model into kernels and launch orders. Fusions, by construction:
 * <ul>
 *   <li>product (dense or convolution) + bias + activation: {@code <layer>_forward};
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
      if (layer.kind() == LayerKind.BATCH_NORMALIZATION) {
        forward.add(normalizationKernel(layer, model, "_statistics", "bn_statistics.cl",
            "the batch's mean and spread per channel (the running ones outside training)",
            List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, layer.index()),
                Arg.of(STATISTICS, layer.index())), false));
      }
      forward.add(forward(layer, model));
    }
    forward.add(head(layers.get(last), model));

    List<Kernel> backward = new ArrayList<>();
    List<Kernel> inputGradientStep = new ArrayList<>();
    for (int l = last; l >= 0; l--) {
      LayerIr layer = layers.get(l);
      if (layer.kind() == LayerKind.BATCH_NORMALIZATION) {
        backward.add(normalizationKernel(layer, model, "_sums", "bn_sums.cl",
            "the sums over the batch its gradients need, per channel",
            List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(STATISTICS, layer.index()),
                Arg.of(DELTA, layer.index())), false));
      }
      if (l > 0) {
        Kernel toPrevious = backward(layer, layers.get(l - 1), model);
        inputGradientStep.add(toPrevious);
        // training needs a layer's input gradient only when a layer before it has weights to update
        if (layers.subList(0, l).stream().anyMatch(earlier -> earlier.kind().hasParameters())) {
          backward.add(toPrevious);
        }
      }
      if (layer.kind().hasParameters()) {
        backward.add(update(layer, model));
      }
    }
    inputGradientStep.add(inputGradient(layers.get(0), model));
    Kernel finishTraining =
        finish("finish_training_step", "add the batch to the totals, move to the next batch and step");
    Kernel finishEvaluation = finish("finish_evaluation_step", "add the batch to the totals, move to the next batch");

    List<Kernel> trainingStep = new ArrayList<>(forward);
    trainingStep.addAll(backward);
    trainingStep.add(finishTraining);
    if (model.l2() > 0) {
      trainingStep.add(l2Penalty(model));
    }
    List<Kernel> forwardStep = new ArrayList<>(forward);
    forwardStep.add(finishEvaluation);
    List<Kernel> kernels = new ArrayList<>(trainingStep);
    kernels.add(finishEvaluation);
    // the input-gradient kernel, and backward kernels training skips (nothing to train before them)
    inputGradientStep.stream().filter(k -> !kernels.contains(k)).forEach(kernels::add);
    return new KernelPlan(model, List.copyOf(kernels), List.copyOf(trainingStep), List.copyOf(forwardStep),
        List.copyOf(forward), List.copyOf(inputGradientStep));
  }

  private static Arg input(LayerIr layer) {
    return layer.index() == 0 ? Arg.of(FEATURES) : Arg.of(ACTIVATIONS, layer.index() - 1);
  }

  private static Kernel forward(LayerIr layer, ModelIr model) {
    String name = layer.kernelPrefix() + "_forward";
    String activation = layer.activation().name().toLowerCase();
    return switch (layer.kind()) {
      case DENSE -> tiled(name, layer.index(), "dense_forward.cl", layer.name() + ": " + activation + "(x W + b)",
          List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, layer.index()),
              Arg.of(ACTIVATIONS, layer.index())),
          Tiles.forward(layer, model.batch(), model.precision()));
      case CONV2D -> tiled(name, layer.index(), "conv_forward.cl",
          layer.name() + ": " + activation + "(conv(x, W) + b)",
          List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, layer.index()),
              Arg.of(ACTIVATIONS, layer.index())),
          Tiles.convForward(layer, model.batch(), model.precision()));
      case BATCH_NORMALIZATION -> normalizationKernel(layer, model, "_forward", "bn_forward.cl",
          layer.name() + ": " + activation + "(gamma (x - mean) / sqrt(var + epsilon) + beta)",
          List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, layer.index()),
              Arg.of(STATISTICS, layer.index()), Arg.of(ACTIVATIONS, layer.index())), true);
      default -> tiled(name, layer.index(), "pool_forward.cl", layer.name() + ": " + pooling(layer),
          List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(ACTIVATIONS, layer.index())),
          Tiles.pool(layer.output().height(), model.batch()));
    };
  }

  /** A batch normalisation kernel over channel tiles, and over the batch's samples when {@code perSample}. */
  private static Kernel normalizationKernel(LayerIr layer, ModelIr model, String suffix, String template,
                                            String purpose, List<Arg> args, boolean perSample) {
    return tiled(layer.kernelPrefix() + suffix, layer.index(), template, purpose, args,
        Tiles.channels(layer, perSample ? model.batch() : 1, model.precision()));
  }

  private static String pooling(LayerIr layer) {
    return (layer.kind() == LayerKind.MAX_POOL2D ? "max" : "mean") + " over " + layer.window().height() + "x"
        + layer.window().width() + " windows";
  }

  private static Kernel head(LayerIr layer, ModelIr model) {
    return tiled(layer.kernelPrefix() + "_head", layer.index(), "dense_head.cl",
        layer.name() + ": " + layer.activation().name().toLowerCase() + "(x W + b), loss and its gradient",
        List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(PARAMS, layer.index()),
            Arg.of(ACTIVATIONS, layer.index()), Arg.of(LABELS), Arg.of(DELTA, layer.index()),
            Arg.of(SAMPLE_LOSS), Arg.of(SAMPLE_HIT)),
        Tiles.head(layer, model.batch(), model.precision()));
  }

  private static Kernel backward(LayerIr layer, LayerIr previous, ModelIr model) {
    return backwardInto(layer.kernelPrefix() + "_backward",
        layer.name() + ": gradient to the previous layer, through its activation", layer, model,
        Arg.of(ACTIVATIONS, previous.index()), Arg.of(DELTA, previous.index()));
  }

  /** The first layer's backward pass, into the input's gradient (no activation before the input). */
  private static Kernel inputGradient(LayerIr first, ModelIr model) {
    return backwardInto(KernelPlan.INPUT_GRADIENT, first.name() + ": gradient to the model's input (saliency)",
        first, model, Arg.of(FEATURES), Arg.of(INPUT_GRADIENT));
  }

  private static Kernel backwardInto(String name, String purpose, LayerIr layer, ModelIr model, Arg layerInput,
                                     Arg gradient) {
    int l = layer.index();
    return switch (layer.kind()) {
      case DENSE -> tiled(name, l, "dense_backward.cl", purpose,
          List.of(Arg.of(COUNTERS), Arg.of(PARAMS, l), Arg.of(DELTA, l), layerInput, gradient),
          Tiles.backward(layer, model.batch(), model.precision()));
      case CONV2D -> tiled(name, l, "conv_backward.cl", purpose,
          List.of(Arg.of(COUNTERS), Arg.of(PARAMS, l), Arg.of(DELTA, l), Arg.of(ZEROS), layerInput, gradient),
          Tiles.convBackward(layer, model.batch(), model.precision()));
      case BATCH_NORMALIZATION -> tiled(name, l, "bn_backward.cl", purpose,
          List.of(Arg.of(COUNTERS), Arg.of(ORDER), Arg.of(PARAMS, l), Arg.of(STATISTICS, l), Arg.of(DELTA, l),
              layerInput, gradient),
          Tiles.channels(layer, model.batch(), model.precision()));
      default -> tiled(name, l, "pool_backward.cl", purpose,
          List.of(Arg.of(COUNTERS), Arg.of(ORDER), Arg.of(DELTA, l), layerInput, gradient),
          // pool_backward.cl: windows that do not overlap scatter per output row, others gather per input row
          Tiles.pool(overlaps(layer.window()) ? layer.input().height() : layer.output().height(), model.batch()));
    };
  }

  private static boolean overlaps(Window window) {
    return window.strideHeight() < window.height() || window.strideWidth() < window.width();
  }

  private static Kernel update(LayerIr layer, ModelIr model) {
    String name = layer.kernelPrefix() + "_update";
    int l = layer.index();
    if (layer.kind() == LayerKind.BATCH_NORMALIZATION) {
      return tiled(name, l, "bn_update.cl", layer.name() + ": optimizer update of gamma and beta",
          List.of(Arg.of(COUNTERS), Arg.of(HYPER), Arg.of(STATISTICS, l), Arg.of(PARAMS, l), Arg.of(STATE, l)),
          new Tiles.Shape(Map.of(), new long[] {1}));
    }
    boolean conv = layer.kind() == LayerKind.CONV2D;
    return tiled(name, l, conv ? "conv_update.cl" : "dense_update.cl",
        layer.name() + ": weight gradient and optimizer update",
        List.of(input(layer), Arg.of(ORDER), Arg.of(COUNTERS), Arg.of(HYPER), Arg.of(DELTA, l), Arg.of(PARAMS, l),
            Arg.of(STATE, l)),
        conv ? Tiles.convUpdate(layer, model.precision()) : Tiles.update(layer, model.precision()));
  }


  /** A register-tiled kernel: one work-item per work-group, which PoCL runs best (see Tiles). */
  private static Kernel tiled(String name, int layer, String template, String purpose, List<Arg> args,
                              Tiles.Shape shape) {
    long[] local = new long[shape.global().length];
    java.util.Arrays.fill(local, 1);
    return new Kernel(name, layer, template, purpose, args, shape.global(), local, shape.defines());
  }

  /** Weight decay's term of the loss, l2 * sum(w^2), at the end of each training pass, on the device. */
  private static Kernel l2Penalty(ModelIr model) {
    List<Arg> args = new ArrayList<>(List.of(Arg.of(COUNTERS), Arg.of(HYPER), Arg.of(TOTALS)));
    for (LayerIr layer : model.layers()) {
      if (layer.weightCount() > 0) {
        args.add(Arg.of(PARAMS, layer.index()));
      }
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
