package dev.kiln.processor.ir;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The layer types a field can have, with the {@code @Layer} attributes each one accepts. */
public enum LayerKind {
  DENSE("dev.kiln.layers.Dense", Set.of("units", "bias")),
  CONV2D("dev.kiln.layers.Conv2D", Set.of("filters", "kernel", "stride", "padding", "bias")),
  MAX_POOL2D("dev.kiln.layers.MaxPool2D", Set.of("pool", "stride", "padding")),
  AVG_POOL2D("dev.kiln.layers.AvgPool2D", Set.of("pool", "stride", "padding")),
  /** An average pool whose window is the whole image: {h, w, c} in, {c} out. */
  GLOBAL_AVERAGE_POOLING2D("dev.kiln.layers.GlobalAveragePooling2D", Set.of()),
  /** Normalises each channel over the batch, then scales and shifts it (gamma, beta). */
  BATCH_NORMALIZATION("dev.kiln.layers.BatchNormalization", Set.of("momentum", "epsilon")),
  /** Not a layer of its own in the kernels: it masks the output of the layer before it. */
  DROPOUT("dev.kiln.layers.Dropout", Set.of("rate")),
  /** Not a kernel either: an image read as one flat row, as the layers' memory already is. */
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

  /** Max, average or global average pooling. */
  public boolean isPool() {
    return this == MAX_POOL2D || this == AVG_POOL2D || this == GLOBAL_AVERAGE_POOLING2D;
  }

  /** Whether it has trained parameters (and so an activation and an update kernel). */
  public boolean hasParameters() {
    return this == DENSE || this == CONV2D || this == BATCH_NORMALIZATION;
  }

  public static Optional<LayerKind> forType(String qualifiedName) {
    return Arrays.stream(values()).filter(k -> k.qualifiedName.equals(qualifiedName)).findFirst();
  }
}
