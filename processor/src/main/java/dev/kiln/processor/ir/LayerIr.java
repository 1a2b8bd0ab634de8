package dev.kiln.processor.ir;

import dev.kiln.annotations.ActivationKind;
import javax.lang.model.element.VariableElement;

/**
 * One layer as the compiler understands it: what the user wrote and the shapes inferred for it.
 *
 * @param field the annotated field, where errors about this layer are reported
 * @param index position in the network, from 0
 * @param kernelPrefix the start of its kernels' names: the field name as a unique OpenCL identifier
 * @param input the shape of a sample flowing in
 * @param output the shape of a sample flowing out
 * @param units a Dense layer's outputs, a Conv2D's filters, a pool's channels
 * @param alpha the negative slope, for {@link ActivationKind#LEAKY_RELU}
 * @param window a Conv2D's or pool's window, or null for Dense
 * @param dropout the fraction of this layer's outputs a following Dropout field drops in training, or 0
 * @param dropoutField that Dropout field, or null
 * @param flattenField the Flatten field after this layer, or null
 * @param normalization a BatchNormalization's constants, or null for other layers
 */
public record LayerIr(
    VariableElement field,
    int index,
    String kernelPrefix,
    LayerKind kind,
    Shape input,
    Shape output,
    int units,
    boolean bias,
    ActivationKind activation,
    double alpha,
    Window window,
    double dropout,
    VariableElement dropoutField,
    VariableElement flattenField,
    Normalization normalization) {

  /** This layer with a Dropout field after it. */
  public LayerIr withDropout(VariableElement field, double rate) {
    return new LayerIr(this.field, index, kernelPrefix, kind, input, output, units, bias, activation, alpha, window,
        rate, field, flattenField, normalization);
  }

  /** This layer with a Flatten field after it. */
  public LayerIr withFlatten(VariableElement field) {
    return new LayerIr(this.field, index, kernelPrefix, kind, input, output, units, bias, activation, alpha, window,
        dropout, dropoutField, field, normalization);
  }

  /** The shape the next layer reads: the output, as a row when a Flatten follows (the same memory). */
  public Shape next() {
    return flattenField == null ? output : Shape.flat(output.size());
  }

  public boolean hasDropout() {
    return dropoutField != null;
  }

  public String name() {
    return field.getSimpleName().toString();
  }

  /** Values per sample flowing in. */
  public int inputWidth() {
    return input.size();
  }

  /** Values per sample flowing out. */
  public int outputWidth() {
    return output.size();
  }

  /** Inputs that reach one output: all of them for Dense, a window of every channel for Conv2D. */
  public int fanIn() {
    return kind == LayerKind.CONV2D ? window.height() * window.width() * input.channels() : inputWidth();
  }

  /**
   * Rows of the parameter matrix: one per input of an output, plus the bias row; none for pools;
   * for batch normalisation gamma, beta, running mean and running variance, one value per channel.
   */
  public int parameterRows() {
    if (kind == LayerKind.BATCH_NORMALIZATION) {
      return 4;
    }
    return kind.hasParameters() ? fanIn() + (bias ? 1 : 0) : 0;
  }

  public int parameterCount() {
    return parameterRows() * units;
  }

  /** Weights, which weight decay applies to: not biases, nor batch normalisation's values. */
  public int weightCount() {
    return kind == LayerKind.DENSE || kind == LayerKind.CONV2D ? fanIn() * units : 0;
  }
}
