package dev.kiln.processor.check;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Output;
import dev.kiln.processor.layers.NodeKind;
import dev.kiln.processor.report.Messages;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 2: rules about how the layers fit together and with the loss. Each rule reports on the
 * value it is about ({@code SOFTMAX} in {@code @Activation(SOFTMAX)}, {@code 3} in
 * {@code @Layer(units = 3)}), or on the field when the user did not write one, and the stage goes
 * on, so one build shows every error.
 */
public final class NetworkRules {
  private final NodeErrors errors;

  public NetworkRules(NodeErrors errors) {
    this.errors = errors;
  }

  /** {@code complete}: whether every field could be read; otherwise the last node read is not the output. */
  public void check(ModelGraph model, boolean complete) {
    Node output = model.output();
    if (output.kind().isInput()) {
      return; // no layers: reported when the class was read
    }
    new SizeLimits(errors).check(model);
    for (Node node : model.nodes()) {
      if (model.outputOf(node).isEmpty() && node.activation().isSoftmax()) {
        errors.error(node, Activation.class, "value", Messages.softmaxNotLast(node.name(), output.name()));
      }
      if (node.kind().isDropout()) {
        checkDropoutIsAlone(model, node);
      }
      if (!node.kind().definition().isView() && !node.kind().definition().takesMasks()) {
        for (Node input : node.inputs()) {
          ModelGraph.maskOf(input).ifPresent(embedding -> errors.error(node,
              Messages.maskedInput(node.name(), node.kind().typeName(), embedding.name())));
        }
      }
    }
    if (!complete) {
      return;
    }
    if (model.loss() == Loss.NONE) {
      // trained only as a part of other models: any last layer will do, and no other output has a use
      model.outputs().stream().filter(out -> !out.main()).forEach(out ->
          errors.error(out.node(), Messages.outputWithoutLoss(out.node().name(), model.nestedName())));
      if (output.kind().definition().isView()) {
        errors.error(output, Messages.viewEndsAModelWithoutLoss(output.name(), output.kind().typeName(),
            output.input().name()));
      }
      return;
    }
    checkSomethingTrains(model);
    for (Output out : model.outputs()) {
      if (out.loss() == Loss.NONE) {
        errors.error(out.node(), Layer.class, "loss", Messages.noneForAnOutput(out.node().name()));
        continue;
      }
      checkOutput(out.node(), out.loss(), out.main() ? "the last layer" : "the output");
    }
  }

  /** A model whose layers are all frozen would train nothing: reported on the last one frozen. */
  private void checkSomethingTrains(ModelGraph model) {
    if (model.layers().stream().anyMatch(Node::trains)) {
      return;
    }
    model.layers().stream().filter(Node::frozen).reduce((first, second) -> second).ifPresent(last ->
        errors.error(last, Layer.class, "trainable", Messages.nothingTrains(model.nestedName(), last.name())));
  }

  /** An output computes its loss: a Dense layer whose activation fits it, or a Dot for a regression. */
  private void checkOutput(Node output, Loss loss, String role) {
    if (output.kind().isDropout()) {
      errors.error(output, Messages.dropoutAfterOutput(output.name(), output.input().name()));
    } else if (output.kind() == NodeKind.DOT) {
      if (!DOT_LOSSES.contains(loss)) {
        errors.error(output, Messages.dotOutputLoss(role, output.name(), loss.toString()));
      }
    } else if (output.kind() != NodeKind.DENSE) {
      errors.error(output, Messages.outputNotDenseOrDot(role, output.name(), output.kind().typeName()));
    } else {
      checkOutputFitsLoss(output, loss, role);
    }
  }

  /** The losses a Dot output fits: it is a score, not a probability. */
  private static final Set<Loss> DOT_LOSSES = Set.of(Loss.MEAN_SQUARED_ERROR, Loss.MEAN_ABSOLUTE_ERROR);

  /**
   * A Dropout masks the stored output of what it reads, in place: nothing else may read that output,
   * or it would see the mask too.
   */
  private void checkDropoutIsAlone(ModelGraph model, Node dropout) {
    Node masked = model.storage(dropout.input());
    Node toward = dropout;
    for (Node n = dropout.input(); ; n = n.input()) {
      Node next = toward;
      Optional<Node> other = model.consumers(n).stream().filter(c -> c != next).findFirst();
      if (other.isPresent()) {
        errors.error(dropout, Messages.dropoutShared(dropout.name(), masked.name(), other.get().name()));
        return;
      }
      if (n == masked) {
        return;
      }
      toward = n;
    }
  }

  private void checkOutputFitsLoss(Node output, Loss loss, String role) {
    ActivationKind activation = output.activation().kind();
    String name = output.name();
    int units = output.shape().size();
    boolean sized = output.shape().known(); // an unknown size was reported with the layer
    switch (loss) {
      case CATEGORICAL_CROSS_ENTROPY, SPARSE_CATEGORICAL_CROSS_ENTROPY -> {
        if (activation != ActivationKind.SOFTMAX) {
          errors.error(output, Activation.class, "value", Messages.outputLoss(role, name, activation.toString(),
              loss.toString(), "categorical cross-entropy needs class probabilities: add @Activation(SOFTMAX) to '"
                  + name + "'"));
        }
        if (sized && units == 1) {
          errors.error(output, Layer.class, "units", Messages.outputSize(role, name, 1, loss.toString(),
              "one output per class (at least 2); for two classes use units = 2, or 1 unit with SIGMOID and"
                  + " BINARY_CROSS_ENTROPY"));
        }
      }
      case BINARY_CROSS_ENTROPY -> {
        if (activation != ActivationKind.SIGMOID) {
          errors.error(output, Activation.class, "value", Messages.outputLoss(role, name, activation.toString(),
              loss.toString(), "binary cross-entropy needs a probability: use @Activation(SIGMOID) on '" + name + "'"));
        }
        if (sized && units > 1) {
          errors.error(output, Layer.class, "units", Messages.outputSize(role, name, units, loss.toString(),
              "exactly 1 (the probability of the positive class); for " + units
                  + " classes use SOFTMAX with SPARSE_CATEGORICAL_CROSS_ENTROPY"));
        }
      }
      case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR -> {
        if (activation == ActivationKind.SOFTMAX) {
          errors.error(output, Activation.class, "value", Messages.outputLoss(role, name, "SOFTMAX", loss.toString(),
              "softmax outputs are class probabilities; use CATEGORICAL_CROSS_ENTROPY, or a LINEAR output for"
                  + " regression"));
        }
      }
    }
  }
}
