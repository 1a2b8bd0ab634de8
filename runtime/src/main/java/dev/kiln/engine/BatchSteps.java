package dev.kiln.engine;

import dev.kiln.BatchResult;
import dev.kiln.annotations.Precision;
import dev.kiln.cl.ClContext;
import dev.kiln.data.Dataset;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Steps on batches the caller hands over one at a time (Keras's {@code train_on_batch} and
 * {@code test_on_batch}). Each call queues the batch's upload into a device set of one compiled
 * batch, one training or forward step, and a read of that step's totals, and returns without
 * waiting; its {@link BatchResult} waits when first read. While calls of one kind and size follow
 * each other the counters stay as they are and each step's totals get a ring slot of their own.
 * Host buffers of queued copies are kept here until the queue has passed them.
 */
final class BatchSteps implements AutoCloseable {
  /** Steps queued before a call waits for the device: bounds the host memory queued copies hold. */
  static final int MAX_IN_FLIGHT = 64;

  private final ClContext cl;
  private final Passes passes;
  private final ModelSpec spec;
  private final Orders orders;
  private final Supplier<DeviceData> allocate;
  private final Object lock;
  private DeviceData data;
  /** Staging for one batch's features and labels, free to refill. */
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  /** Staging and totals buffers of queued copies, with the staging to hand back once passed. */
  private final List<ByteBuffer> inFlight = new ArrayList<>();
  private final List<ByteBuffer> stagingInFlight = new ArrayList<>();
  /** Steps queued, and steps the host has seen the device finish, since the model opened. */
  private long queued;
  private long settled;

  /**
   * @param allocate a device set for one compiled batch, with labels
   * @param lock the model's lock, held while a result waits for the device
   */
  BatchSteps(ClContext cl, Passes passes, Orders orders, ModelSpec spec, Supplier<DeviceData> allocate,
             Object lock) {
    this.cl = cl;
    this.passes = passes;
    this.orders = orders;
    this.spec = spec;
    this.allocate = allocate;
    this.lock = lock;
  }

  /**
   * Queues a step on {@code batch} (checked, scaled, at most one compiled batch): a training step
   * with dropout drawn from {@code seed}, or a forward one; {@code penalty} is added to the loss.
   */
  BatchResult step(Dataset batch, boolean training, long seed, double penalty) {
    if (queued - settled >= MAX_IN_FLIGHT) {
      settle();
    }
    if (data == null) {
      data = allocate.get();
      orders.identity(data);
    }
    passes.bind(data);
    float[] features = batch.features();
    float[] labels = batch.labels();
    ByteBuffer staging = stage(features, labels);
    int featureBytes = features.length * spec.realBytes();
    cl.enqueueWrite(data.features(), 0, staging.slice(0, featureBytes));
    cl.enqueueWrite(data.labels(), 0, staging.slice(featureBytes, labels.length * spec.realBytes()));
    stagingInFlight.add(staging);
    ByteBuffer counters = passes.oneBatchCounters(batch.size(), training, seed);
    if (counters != null) {
      inFlight.add(counters);
    }
    ByteBuffer totals = passes.oneBatchStep(training);
    inFlight.add(totals);
    long ticket = ++queued;
    return new BatchResult(() -> {
      synchronized (lock) {
        if (settled < ticket) {
          settle();
        }
      }
      return passes.totals(totals, 0).evaluation(spec, penalty);
    });
  }

  /** Waits for everything queued and frees the buffers its copies held. */
  private void settle() {
    cl.finish();
    settled = queued;
    inFlight.clear();
    free.addAll(stagingInFlight);
    stagingInFlight.clear();
  }

  /** A batch's features then labels in the device's number type, in a direct buffer of one compiled batch. */
  private ByteBuffer stage(float[] features, float[] labels) {
    ByteBuffer staging = free.isEmpty()
        ? Passes.direct(spec.batch() * (spec.inputWidth() + spec.labelWidth()) * spec.realBytes())
        : free.pop();
    staging.clear();
    for (float[] values : new float[][] {features, labels}) {
      if (spec.precision() == Precision.DOUBLE) {
        for (float v : values) {
          staging.putDouble(v);
        }
      } else {
        staging.asFloatBuffer().put(values);
        staging.position(staging.position() + values.length * 4);
      }
    }
    return staging.rewind();
  }

  /** Waits for queued steps, so their results stay readable, and frees the device set. */
  @Override
  public void close() {
    if (queued > settled) {
      settle();
    }
    if (data != null) {
      data.close();
    }
  }
}
