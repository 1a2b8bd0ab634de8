package dev.kiln.processor.ir;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The layer types a field can have, with the {@code @Layer} attributes each one accepts. */
public enum LayerKind {
  DENSE("dev.kiln.layers.Dense", Set.of("units", "bias")),
  /** Not a layer of its own in the kernels: it masks the output of the Dense layer before it. */
  DROPOUT("dev.kiln.layers.Dropout", Set.of("rate")),
  /** Not a kernel either: an image input read as one flat row, as the layers' memory already is. */
  FLATTEN("dev.kiln.layers.Flatten", Set.of());

  private final String qualifiedName;
  private final Set<String> attributes;

  LayerKind(String qualifiedName, Set<String> attributes) {
    this.qualifiedName = qualifiedName;
    this.attributes = attributes;
  }

  public String qualifiedName() {
    return qualifiedName;
  }

  public String simpleName() {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }

  /** Whether {@code @Layer(name = ...)} means something for this kind. */
  public boolean accepts(String attribute) {
    return attributes.contains(attribute);
  }

  public static Optional<LayerKind> forType(String qualifiedName) {
    return Arrays.stream(values()).filter(k -> k.qualifiedName.equals(qualifiedName)).findFirst();
  }
}
