package dev.kiln.engine;

import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the processor compiled: the description the generated class carries so the runtime can
 * allocate buffers, print a summary and check checkpoints against it.
 *
 * @param flattenName the Flatten field that reads an image input as a row, or null
 * @param kernels distinct kernels in the model's program
 * @param launchesPerTrainingStep kernels one training step enqueues
 */
public record ModelSpec(String name, int[] inputShape, String flattenName, Loss loss, Optimizer optimizer, int batch,
                        Precision precision, double l2, List<LayerSpec> layers, int kernels,
                        int launchesPerTrainingStep) {

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String simpleName() {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  public int inputWidth() {
    return Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
  }

  public LayerSpec output() {
    return layers.get(layers.size() - 1);
  }

  /** Values per sample in a label: 1 for an integer class, else the output width. */
  public int labelWidth() {
    return loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY ? 1 : output().units();
  }

  public boolean isClassifier() {
    return loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY || loss == Loss.CATEGORICAL_CROSS_ENTROPY
        || loss == Loss.BINARY_CROSS_ENTROPY;
  }

  /** The metric reported beside the loss: accuracy for classifiers, mean absolute error otherwise. */
  public String metricName() {
    return isClassifier() ? "accuracy" : "mae";
  }

  /** Bytes per number on the device. */
  public int realBytes() {
    return precision == Precision.DOUBLE ? 8 : 4;
  }

  /** Slots of optimizer state each parameter carries. */
  public int optimizerSlots() {
    return switch (optimizer) {
      case SGD, RMSPROP -> 1;
      case ADAM, ADADELTA -> 2;
    };
  }

  public long parameterCount() {
    return layers.stream().mapToLong(LayerSpec::parameterCount).sum();
  }

  /** A one-line description that identifies the architecture, for checkpoint checks. */
  public String describe() {
    StringBuilder d = new StringBuilder(name).append(" input ").append(Arrays.toString(inputShape))
        .append(' ').append(loss).append(' ').append(optimizer).append(' ').append(precision);
    for (LayerSpec layer : layers) {
      d.append(" | ").append(layer.name()).append(' ').append(layer.type()).append(' ');
      if (layer.isDense()) {
        d.append(layer.inputs()).append("->").append(layer.units());
      } else {
        d.append(Arrays.toString(layer.inputShape())).append("->").append(Arrays.toString(layer.outputShape()));
        d.append(layer.window() == null ? "" : " " + layer.window());
        d.append(layer.normalization() == null ? "" : " " + layer.normalization());
      }
      if (layer.activates()) {
        d.append(' ').append(layer.activation()).append(layer.bias() || layer.isBatchNormalization() ? "" : " nobias");
      }
      d.append(layer.dropoutName() == null ? "" : " | " + layer.dropoutName() + " Dropout " + layer.dropout());
    }
    return d.toString();
  }

  /** Collects a spec; the generated code calls it in one chained expression. */
  public static final class Builder {
    private final String name;
    private int[] inputShape;
    private String flattenName;
    private Loss loss;
    private Optimizer optimizer;
    private int batch;
    private Precision precision;
    private double l2;
    private final List<LayerSpec> layers = new ArrayList<>();
    private int kernels;
    private int launches;

    private Builder(String name) {
      this.name = name;
    }

    public Builder input(int... shape) {
      this.inputShape = shape.clone();
      return this;
    }

    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder batch(int batch) {
      this.batch = batch;
      return this;
    }

    public Builder precision(Precision precision) {
      this.precision = precision;
      return this;
    }

    public Builder l2(double l2) {
      this.l2 = l2;
      return this;
    }

    public Builder dense(String layerName, int inputs, int units, boolean bias,
                         dev.kiln.annotations.ActivationKind activation, double alpha) {
      layers.add(new LayerSpec(layerName, "Dense", new int[] {inputs}, new int[] {units}, units, bias, activation,
          alpha, null, 0, null, null, null));
      return this;
    }

    /** A Conv2D layer reading the previous layer's (or the input's) image; {@code output} is {height, width, filters}. */
    public Builder conv2d(String layerName, int[] output, Window window, boolean bias,
                          dev.kiln.annotations.ActivationKind activation, double alpha) {
      layers.add(new LayerSpec(layerName, "Conv2D", imageInput(), output.clone(), output[2], bias, activation,
          alpha, window, 0, null, null, null));
      return this;
    }

    /** A MaxPool2D, AvgPool2D or GlobalAveragePooling2D layer reading the previous layer's (or the input's) image. */
    public Builder pool(String layerName, String type, int[] output, Window window) {
      int[] input = imageInput();
      layers.add(new LayerSpec(layerName, type, input, output.clone(), input[2], false,
          dev.kiln.annotations.ActivationKind.LINEAR, 0, window, 0, null, null, null));
      return this;
    }

    /** A BatchNormalization layer after the last layer (or on the input); its shape is its input's. */
    public Builder batchNormalization(String layerName, int[] shape, Normalization normalization,
                                      dev.kiln.annotations.ActivationKind activation, double alpha) {
      layers.add(new LayerSpec(layerName, "BatchNormalization", shape.clone(), shape.clone(), shape[shape.length - 1],
          false, activation, alpha, null, 0, null, null, normalization));
      return this;
    }

    /** The shape an image layer added now reads: the last layer's output, or the input as {h, w, c}. */
    private int[] imageInput() {
      if (!layers.isEmpty()) {
        return layers.get(layers.size() - 1).outputShape();
      }
      return inputShape.length == 2 ? new int[] {inputShape[0], inputShape[1], 1} : inputShape.clone();
    }

    /** A Dropout field after the layer added last. */
    public Builder dropout(String fieldName, double rate) {
      layers.set(layers.size() - 1, layers.get(layers.size() - 1).withDropout(fieldName, rate));
      return this;
    }

    /** A Flatten field: on the input when no layer is added yet, else after the layer added last. */
    public Builder flatten(String fieldName) {
      if (layers.isEmpty()) {
        this.flattenName = fieldName;
      } else {
        layers.set(layers.size() - 1, layers.get(layers.size() - 1).withFlatten(fieldName));
      }
      return this;
    }

    public Builder kernels(int kernelCount, int launchesPerTrainingStep) {
      this.kernels = kernelCount;
      this.launches = launchesPerTrainingStep;
      return this;
    }

    public ModelSpec build() {
      return new ModelSpec(name, Objects.requireNonNull(inputShape), flattenName, Objects.requireNonNull(loss),
          Objects.requireNonNull(optimizer), batch, Objects.requireNonNull(precision), l2, List.copyOf(layers),
          kernels, launches);
    }
  }
}
