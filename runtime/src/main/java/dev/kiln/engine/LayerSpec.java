package dev.kiln.engine;

import dev.kiln.annotations.ActivationKind;
import java.util.Arrays;

/**
 * One layer as compiled. Shapes are per sample: {@code {units}} for flat layers, {@code {height,
 * width, channels}} for images (channels-last).
 *
 * @param type Dense, Conv2D, MaxPool2D, AvgPool2D, GlobalAveragePooling2D or BatchNormalization
 * @param units a Dense layer's outputs, a Conv2D's filters, a pool's or batch normalisation's channels
 * @param alpha negative slope of a leaky ReLU
 * @param window a Conv2D's or pool's window, or null for Dense
 * @param dropout the fraction of this layer's outputs dropped in training by the Dropout field after it, or 0
 * @param dropoutName that Dropout field's name, or null
 * @param flattenName the Flatten field after this layer, or null
 * @param normalization a BatchNormalization's constants, or null
 */
public record LayerSpec(String name, String type, int[] inputShape, int[] outputShape, int units, boolean bias,
                        ActivationKind activation, double alpha, Window window, double dropout, String dropoutName,
                        String flattenName, Normalization normalization) {

  LayerSpec withDropout(String field, double rate) {
    return new LayerSpec(name, type, inputShape, outputShape, units, bias, activation, alpha, window, rate, field,
        flattenName, normalization);
  }

  LayerSpec withFlatten(String field) {
    return new LayerSpec(name, type, inputShape, outputShape, units, bias, activation, alpha, window, dropout,
        dropoutName, field, normalization);
  }

  /** Values per sample flowing in. */
  public int inputs() {
    return Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
  }

  /** Values per sample flowing out. */
  public int outputs() {
    return Arrays.stream(outputShape).reduce(1, (a, b) -> a * b);
  }

  public boolean isDense() {
    return type.equals("Dense");
  }

  public boolean isConvolution() {
    return type.equals("Conv2D");
  }

  public boolean isBatchNormalization() {
    return type.equals("BatchNormalization");
  }

  /** Whether it applies an activation: Dense, Conv2D and BatchNormalization do; pools do not. */
  public boolean activates() {
    return isDense() || isConvolution() || isBatchNormalization();
  }

  /** Inputs that reach one output: all of them for Dense, one window of every channel for Conv2D. */
  public int fanIn() {
    return isConvolution() ? window.height() * window.width() * inputShape[2] : inputs();
  }

  /**
   * Rows of the parameter matrix: one per input of an output (its fan-in), then the bias row; none
   * for pools; for batch normalisation gamma, beta, running mean and running variance.
   */
  public int parameterRows() {
    if (isBatchNormalization()) {
      return 4;
    }
    return isDense() || isConvolution() ? fanIn() + (bias ? 1 : 0) : 0;
  }

  /** Weights then biases, as stored on the device: row-major [fan-in][units], then [units]. */
  public int parameterCount() {
    return parameterRows() * units;
  }

  public int weightCount() {
    return isDense() || isConvolution() ? fanIn() * units : 0;
  }

  /** The output shape as Keras prints it: {@code (None, 26, 26, 32)}. */
  public String outputShapeText() {
    StringBuilder s = new StringBuilder("(None");
    for (int d : outputShape) {
      s.append(", ").append(d);
    }
    return s.append(')').toString();
  }
}
