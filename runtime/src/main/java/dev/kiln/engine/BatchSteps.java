package dev.kiln.engine;

import dev.kiln.BatchResult;
import dev.kiln.annotations.Precision;
import dev.kiln.cl.ClBuffer;
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
  /**
   * Steps queued before a call waits for the device: bounds the host memory queued copies hold (at
   * most this many batches of staging, 50 MB for the GAN's discriminator). Fewer leave the device idle
   * more often while the host refills the queue: 16 gave the GAN 144-160 iterations/s, 64 gave 167-219.
   */
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
    float[] features = batch.features();
    return step(batch.size(), batch.labels(), (set, host) -> host.write(set.features(), 0, features), training, seed,
        penalty);
  }

  /** What queues a batch's features into the device set: host copies, device noise, a copy from another model. */
  @FunctionalInterface
  interface Features {
    void enqueue(DeviceData set, HostCopies host);
  }

  /** Queues a step on {@code rows} samples whose features {@code features} puts in place, with {@code labels} from the host. */
  BatchResult step(int rows, float[] labels, Features features, boolean training, long seed, double penalty) {
    if (queued - settled >= MAX_IN_FLIGHT) {
      settle();
    }
    if (data == null) {
      data = allocate.get();
      orders.identity(data);
    }
    passes.bind(data);
    HostCopies host = new HostCopies(free.isEmpty() ? Passes.direct(stagingBytes()) : free.pop());
    stagingInFlight.add(host.staging);
    features.enqueue(data, host);
    host.write(data.labels(), 0, labels);
    ByteBuffer counters = passes.oneBatchCounters(rows, training, seed);
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

  /** Keeps {@code buffer} (read by a copy queued for the next step) until the queue has passed it. */
  void keep(ByteBuffer buffer) {
    inFlight.add(buffer);
  }

  /** Waits for everything queued and frees the buffers its copies held. */
  private void settle() {
    cl.finish();
    settled = queued;
    inFlight.clear();
    free.addAll(stagingInFlight);
    stagingInFlight.clear();
  }

  /** One compiled batch of features and labels in the device's number type. */
  private int stagingBytes() {
    return spec.batch() * (spec.inputWidth() + spec.labelWidth()) * spec.realBytes();
  }

  /** Queued copies of host values for one step, through one staging buffer that is filled front to back. */
  final class HostCopies {
    private final ByteBuffer staging;

    private HostCopies(ByteBuffer staging) {
      this.staging = staging.clear();
    }

    /** Queues {@code values} into {@code target} from real {@code offset} on. */
    void write(ClBuffer target, long offset, float[] values) {
      int from = staging.position();
      if (spec.precision() == Precision.DOUBLE) {
        for (float v : values) {
          staging.putDouble(v);
        }
      } else {
        staging.asFloatBuffer().put(values);
        staging.position(from + values.length * 4);
      }
      cl.enqueueWrite(target, offset * spec.realBytes(), staging.slice(from, staging.position() - from));
    }
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
