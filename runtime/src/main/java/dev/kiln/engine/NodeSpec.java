package dev.kiln.engine;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import java.util.Arrays;
import java.util.List;

/**
 * One node as compiled: what it reads, the shape of one sample it gives (flat {@code {units}}, or a
 * channels-last image {@code {height, width, channels}}) and its parameters, all as the processor
 * found them; nothing here is inferred again.
 *
 * @param from the nodes it reads, by name
 * @param inputShapes the shapes of those nodes' outputs, in the same order
 * @param layer its index among the model's layers (their buffers and parameters), or -1 for inputs and views
 * @param alpha negative slope of a leaky ReLU
 * @param window a Conv2D's or pool's window, or null
 * @param normalization a BatchNormalization's constants, or null
 * @param recurrence a recurrent layer's gates and direction, or null
 * @param rate a Dropout's rate, or 0
 * @param declared a model input's shape as the user declared it ({28, 28} for a one-channel image), or null
 * @param indices whether a model input holds integer indices (for an Embedding)
 * @param masksZero whether an Embedding marks index 0 as padding that the recurrent layers reading it skip
 * @param normalize whether a Dot takes the cosine (of unit vectors)
 * @param shares the layer whose weights it uses (a shared Dense), or null when it has its own
 * @param output its loss, weight and labels when it is one of the model's outputs, or null
 * @param workspace reals its kernels keep between them in a step (see Buffers.workspace), or 0
 * @param frozen whether training leaves its parameters alone ({@code trainable = false})
 */
public record NodeSpec(String name, NodeKind kind, List<String> from, List<int[]> inputShapes, int[] outputShape,
                       int layer, List<ParameterBlock> parameters, ActivationKind activation, double alpha,
                       Window window, Normalization normalization, Recurrence recurrence, double rate,
                       int[] declared, boolean indices, boolean masksZero, boolean normalize, String shares,
                       Output output, long workspace, boolean frozen) {

  /**
   * What makes a node one of the model's outputs.
   *
   * @param weight its weight in the total loss, the sum of weight times loss over the outputs
   * @param labelColumn where its labels start in a label row, where the outputs' labels sit side by side
   */
  public record Output(Loss loss, double weight, int labelColumn) {
    /** Values per sample in its label: 1 for an integer class, else {@code units}. */
    public int labelWidth(int units) {
      return loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY ? 1 : units;
    }

    /** The metric reported beside its loss: accuracy for a classifier's loss, mean absolute error otherwise. */
    public String metricName() {
      return ModelSpec.metricOf(loss);
    }
  }

  /** The shape of what it reads (its first input). */
  public int[] inputShape() {
    return inputShapes.get(0);
  }

  /** Values per sample flowing in. */
  public int inputs() {
    return width(inputShape());
  }

  /** Values per sample flowing out. */
  public int outputs() {
    return width(outputShape);
  }

  /** A Dense layer's outputs, a Conv2D's filters, a pool's or batch normalisation's channels: the last axis. */
  public int units() {
    return outputShape[outputShape.length - 1];
  }

  /** Whether it adds a bias (Dense and Conv2D, unless {@code bias = false}). */
  public boolean bias() {
    return parameters.stream().anyMatch(p -> p.name().equals("bias"));
  }

  /** All its parameters, as the device stores them: the blocks one after the other. */
  public int parameterCount() {
    return parameters.stream().mapToInt(ParameterBlock::size).sum();
  }

  /** Parameters weight decay applies to; they come first. */
  public int weightCount() {
    return parameters.stream().filter(ParameterBlock::decays).mapToInt(ParameterBlock::size).sum();
  }

  /** Where block {@code name} starts in the layer's parameters. */
  public int offsetOf(String block) {
    int offset = 0;
    for (ParameterBlock p : parameters) {
      if (p.name().equals(block)) {
        return offset;
      }
      offset += p.size();
    }
    throw new IllegalArgumentException(name + " has no parameters named " + block);
  }

  /** The class name the summary prints: {@code Conv2D}. */
  public String type() {
    return kind.typeName();
  }

  /** The output shape as Keras prints it: {@code (None, 26, 26, 32)}. */
  public String outputShapeText() {
    StringBuilder s = new StringBuilder("(None");
    for (int d : outputShape) {
      s.append(", ").append(d);
    }
    return s.append(')').toString();
  }

  private static int width(int[] shape) {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }
}
