package dev.kiln.processor.ir;

import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Precision;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * A whole model: the one place its meaning lives at compile time.
 *
 * @param flatten the Flatten field that turns an image input into a row, or null
 */
public record ModelIr(
    TypeElement type,
    int[] inputShape,
    VariableElement flatten,
    Loss loss,
    Optimizer optimizer,
    int batch,
    Precision precision,
    double l2,
    List<LayerIr> layers) {

  public String packageName() {
    Element enclosing = type.getEnclosingElement();
    while (!(enclosing instanceof PackageElement)) {
      enclosing = enclosing.getEnclosingElement();
    }
    return ((PackageElement) enclosing).getQualifiedName().toString();
  }

  /** The class name with enclosing classes, e.g. {@code Outer.Net}. */
  public String nestedName() {
    String pkg = packageName();
    String qualified = type.getQualifiedName().toString();
    return pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
  }

  /** The generated class: {@code Outer_NetCompiled} for a nested {@code Outer.Net}. */
  public String compiledName() {
    return nestedName().replace('.', '_') + "Compiled";
  }

  public int inputWidth() {
    int width = 1;
    for (int d : inputShape) {
      width *= d;
    }
    return width;
  }

  public LayerIr output() {
    return layers.get(layers.size() - 1);
  }

  /** Values per sample in a label: 1 for an integer class, else the output width. */
  public int labelWidth() {
    return loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY ? 1 : output().units();
  }
}
