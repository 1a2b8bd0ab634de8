package dev.kiln.engine;

import dev.kiln.cl.ClBuffer;

/**
 * A data set on the device: features, labels, and the order in which the next pass visits samples.
 * Uploaded once per {@code fit} or {@code evaluate}, so steps never copy data.
 */
record DeviceData(ClBuffer features, ClBuffer labels, ClBuffer order, int capacity) implements AutoCloseable {
  @Override
  public void close() {
    features.close();
    labels.close();
    order.close();
  }
}
