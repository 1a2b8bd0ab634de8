package dev.kiln.engine;

import dev.kiln.cl.ClContext;
import java.nio.ByteBuffer;

/** Writes the order in which a pass visits a data set's samples. */
final class Orders {
  private final ClContext cl;

  Orders(ClContext cl) {
    this.cl = cl;
  }

  /** 0, 1, 2, ...: written once per data set. */
  void identity(DeviceData data) {
    if (!data.identityOrder) {
      int[] order = new int[data.capacity()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      cl.write(data.order(), 0, order, 0, order.length);
      data.identityOrder = true;
    }
  }

  /**
   * Queues {@code permutation} as the order of the next pass; the returned buffer holds it and must
   * stay reachable until the queue has passed the copy.
   */
  ByteBuffer shuffled(DeviceData data, int[] permutation) {
    ByteBuffer order = Passes.direct(4 * permutation.length);
    order.asIntBuffer().put(permutation);
    cl.enqueueWrite(data.order(), 0, order);
    data.identityOrder = false;
    return order;
  }
}
