package dev.kiln.processor.layers;

import dev.kiln.processor.ir.Node;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.PlanContext;
import java.util.ArrayList;
import java.util.List;

/**
 * How a layer with weights is updated in a training step. A layer used from one place runs its
 * kind's fused kernel: the weight gradient and the optimizer's update in one. A layer used from
 * several places ({@code shares}) has every use add its weight gradient to the layer's gradient
 * buffer (the same kernel with WEIGHT_GRADIENT_ONLY), then one optimizer update applies the sum; a
 * use of another layer's weights plans nothing of its own, its owner plans for it.
 */
final class WeightUpdates {
  /** A kind's update kernel for one use: fused with the optimizer, or only adding its weight gradient. */
  interface UpdateKernel {
    Kernel of(Node use, boolean gradientOnly);
  }

  private WeightUpdates() {}

  static void plan(Node node, PlanContext plan, UpdateKernel kernel) {
    if (node.owner() != null) {
      return; // the owner of the weights updates them, from every use's gradient
    }
    List<Node> sharers = plan.graph().sharers(node);
    if (sharers.isEmpty()) {
      plan.training(kernel.of(node, false));
      return;
    }
    List<Node> uses = new ArrayList<>(List.of(node));
    uses.addAll(sharers);
    for (Node use : uses) {
      plan.training(kernel.of(use, true));
    }
    plan.training(GradientUpdate.of(node, "optimizer update of the weights its uses share", false));
  }
}
