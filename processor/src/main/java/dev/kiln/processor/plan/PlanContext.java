package dev.kiln.processor.plan;

import dev.kiln.annotations.Precision;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import java.util.Map;

/**
 * What a kind's definition plans with: where the buffers of the nodes around it are, and the lists
 * its kernels go into. The planner decides which steps launch what; a definition only says which
 * kernels its node needs.
 */
public interface PlanContext {
  /** The model being planned. */
  ModelGraph graph();

  /** The compiled batch: the most samples a kernel works on. */
  int batch();

  Precision precision();

  /**
   * The #defines of {@code output}'s head kernel (dense_head.cl): its loss, where its labels start,
   * its weight, whether it is the main output and whether an earlier head wrote the sample's loss.
   */
  Map<String, String> head(Node output);

  /** The buffer holding what {@code node} reads at input {@code input}: a layer's activations, or the model input. */
  Arg source(Node node, int input);

  /** Adds a kernel of the forward pass, which training, evaluation and inference all launch. */
  void forward(Kernel kernel);

  /**
   * Adds a kernel of its backward pass that comes before its gradients to what it reads, and so
   * runs wherever they run: in training, and for the gradient to the model's input (an LSTM's
   * backward pass through time, which gives the gradient of every step's input projection).
   */
  void backward(Kernel kernel);

  /**
   * Adds a kernel only a training step launches, after the backward kernels added so far: one that
   * updates its layer's parameters, or computes what only their update needs. A frozen layer's
   * ({@code trainable = false}) are left out, so a step runs nothing that could move its weights.
   */
  void training(Kernel kernel);

  /** The gradient from {@code node} to what it reads at {@code input}: the kernel's name, and where it goes. */
  GradientEdge edge(Node node, int input);

  /**
   * Adds the kernel that carries the gradient along {@code edge}: to the input-gradient step
   * (saliency), and to the training step when a layer before the edge has parameters to update.
   */
  void gradient(GradientEdge edge, Kernel kernel);
}
