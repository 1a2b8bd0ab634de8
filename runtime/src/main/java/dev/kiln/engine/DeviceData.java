package dev.kiln.engine;

import dev.kiln.cl.ClBuffer;

/**
 * A data set on the device: features, labels, and the order in which the next pass visits samples.
 * Uploaded once per {@code fit} or {@code evaluate}, so steps never copy data (or, for a training set
 * too large for the device, one chunk at a time: see ChunkStream).
 */
final class DeviceData implements AutoCloseable {
  private final ClBuffer features;
  private final ClBuffer labels;
  private final ClBuffer order;
  private final int capacity;
  /** Whether {@code order} holds 0, 1, 2, ... (written once, then left alone). */
  boolean identityOrder;

  DeviceData(ClBuffer features, ClBuffer labels, ClBuffer order, int capacity) {
    this.features = features;
    this.labels = labels;
    this.order = order;
    this.capacity = capacity;
  }

  ClBuffer features() {
    return features;
  }

  ClBuffer labels() {
    return labels;
  }

  ClBuffer order() {
    return order;
  }

  /** Samples it holds (for the predict staging set: the most it can hold). */
  int capacity() {
    return capacity;
  }

  @Override
  public void close() {
    features.close();
    labels.close();
    order.close();
  }
}
