package dev.kiln.processor.ir;

import dev.kiln.annotations.ActivationKind;
import javax.lang.model.element.VariableElement;

/**
 * One layer as the compiler understands it: what the user wrote and the shapes inferred for it.
 *
 * @param field the annotated field, where errors about this layer are reported
 * @param index position in the network, from 0
 * @param kernelPrefix the start of its kernels' names: the field name as a unique OpenCL identifier
 * @param inputWidth values per sample that flow in
 * @param units values per sample that flow out
 * @param alpha the negative slope, for {@link ActivationKind#LEAKY_RELU}
 * @param dropout the fraction of this layer's outputs a following Dropout field drops in training, or 0
 * @param dropoutField that Dropout field, or null
 */
public record LayerIr(
    VariableElement field,
    int index,
    String kernelPrefix,
    LayerKind kind,
    int inputWidth,
    int units,
    boolean bias,
    ActivationKind activation,
    double alpha,
    double dropout,
    VariableElement dropoutField) {

  /** This layer with a Dropout field after it. */
  public LayerIr withDropout(VariableElement field, double rate) {
    return new LayerIr(this.field, index, kernelPrefix, kind, inputWidth, units, bias, activation, alpha, rate, field);
  }

  public boolean hasDropout() {
    return dropoutField != null;
  }

  public String name() {
    return field.getSimpleName().toString();
  }

  /** Rows of the parameter matrix: one per input, plus the bias row. */
  public int parameterRows() {
    return inputWidth + (bias ? 1 : 0);
  }

  public int parameterCount() {
    return parameterRows() * units;
  }
}
