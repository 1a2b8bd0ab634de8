package dev.kiln.engine;

import dev.kiln.Evaluation;
import dev.kiln.annotations.Precision;
import dev.kiln.cl.ClContext;
import dev.kiln.kernels.DeviceAbi;
import dev.kiln.kernels.DeviceAbi.Counter;
import dev.kiln.kernels.DeviceAbi.Total;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queued pieces of a pass over a data set: bind it, set the device's counters, clear the
 * totals, enqueue steps, and queue a read of the totals. Nothing here waits for the device, so a
 * caller can queue several passes (epochs, validation) and synchronise once.
 */
final class Passes {
  /** Steps queued before the host waits, so that a huge epoch does not pile up commands in the driver. */
  static final int MAX_QUEUED_STEPS = 4096;
  private final ClContext cl;
  private final Buffers buffers;
  private final StepKernels kernels;
  private final ModelSpec spec;
  private DeviceData bound;
  /**
   * What the device's counters are set for by the last predict or one-batch step, or null once a
   * pass's start set them (training steps move them on), so neither runs on another pass's counters.
   */
  private OneBatch set;
  /**
   * Counter values queued by {@link #start} and not yet known to be copied: a queued copy reads its
   * host buffer when it runs, so the buffer must outlive it (a collected direct buffer is freed).
   */
  private final List<ByteBuffer> queuedCounters = new ArrayList<>();
  /** One-batch passes queued since {@link #set} was: the next one's totals slot in the ring. */
  private long oneBatchPasses;

  /** Counters for passes over one batch of {@code rows} bound samples: predicts, or steps on a given batch. */
  private record OneBatch(int rows, boolean labels, boolean training, long seed) {}

  Passes(ClContext cl, Buffers buffers, StepKernels kernels, ModelSpec spec) {
    this.cl = cl;
    this.buffers = buffers;
    this.kernels = kernels;
    this.spec = spec;
  }

  /** Points the data-reading kernels at {@code data}; queued launches keep the arguments they had. */
  void bind(DeviceData data) {
    if (data != bound) {
      buffers.bind(data);
      kernels.bindData(buffers);
      bound = data;
    }
  }

  /**
   * Counter values (from OFFSET on, in {@link DeviceAbi.Counter}'s slots) for passes over {@code size} samples
   * in batches of {@code batch}; at the end of each pass the device starts the next one itself.
   */
  static ByteBuffer counters(int size, int batch, boolean labels) {
    return counters(size, batch, labels, false, 0);
  }

  /** The same, for training passes: dropout on, its masks drawn from {@code seed}. */
  static ByteBuffer trainingCounters(int size, int batch, long seed) {
    return counters(size, batch, true, true, seed);
  }

  private static ByteBuffer counters(int size, int batch, boolean labels, boolean training, long seed) {
    int[] slots = new int[DeviceAbi.Counter.values().length];
    slots[Counter.BATCH.ordinal()] = Math.min(batch, size);
    slots[Counter.SIZE.ordinal()] = size;
    slots[Counter.HAS_LABELS.ordinal()] = labels ? 1 : 0;
    slots[Counter.BATCH_LIMIT.ordinal()] = batch;
    slots[Counter.TRAINING.ordinal()] = training ? 1 : 0;
    slots[Counter.SEED.ordinal()] = (int) (seed ^ (seed >>> 32));
    // from OFFSET on: STEP stays as training left it
    ByteBuffer counters = direct(4 * (slots.length - Counter.OFFSET.ordinal()));
    for (int slot = Counter.OFFSET.ordinal(); slot < slots.length; slot++) {
      counters.putInt(slots[slot]);
    }
    return counters.rewind();
  }

  /** Queues the start of passes: the counters (kept until {@link #finish}, as the queue reads them later) and zero totals. */
  void start(ByteBuffer counters) {
    cl.enqueueWrite(buffers.counters(), 4L * DeviceAbi.Counter.OFFSET.ordinal(), counters);
    queuedCounters.add(counters);
    cl.fill(buffers.totals(), (byte) 0);
    set = null;
  }

  /**
   * Queues the counters of a forward pass over {@code rows} predict rows, unless they are set
   * already; returns what was queued (keep it until the queue has passed it), or null.
   */
  ByteBuffer predictCounters(int rows) {
    return setFor(new OneBatch(rows, false, false, 0));
  }

  /**
   * Queues the counters of training (or forward) passes over a bound batch of {@code rows} labelled
   * samples, and zero totals, unless they are set already; returns what was queued (keep it until
   * the queue has passed it), or null. Each such pass then ends the data set, so the device moves on
   * to the next totals slot itself.
   */
  ByteBuffer oneBatchCounters(int rows, boolean training, long seed) {
    ByteBuffer queued = setFor(new OneBatch(rows, true, training, seed));
    if (queued != null) {
      cl.fill(buffers.totals(), (byte) 0);
      oneBatchPasses = 0;
    }
    return queued;
  }

  private ByteBuffer setFor(OneBatch wanted) {
    if (wanted.equals(set)) {
      return null;
    }
    ByteBuffer queued = wanted.training()
        ? counters(wanted.rows(), wanted.rows(), true, true, wanted.seed())
        : counters(wanted.rows(), wanted.rows(), wanted.labels());
    cl.enqueueWrite(buffers.counters(), 4L * DeviceAbi.Counter.OFFSET.ordinal(), queued);
    set = wanted;
    return queued;
  }

  /**
   * Queues one step over the batch {@link #oneBatchCounters} set the counters for, then a read of
   * its totals into the returned buffer (decode it with {@link #totals totals(read, 0)} once the
   * queue has passed it). A slot of the ring is reused {@link DeviceAbi#TOTALS_RING} steps later,
   * after this read.
   */
  ByteBuffer oneBatchStep(boolean training) {
    if (training) {
      kernels.enqueueTrainingStep(cl);
    } else {
      kernels.enqueueForwardStep(cl);
    }
    ByteBuffer read = direct(entry() * spec.realBytes());
    long slot = oneBatchPasses++ % DeviceAbi.TOTALS_RING;
    cl.enqueueRead(buffers.totals(), slot * read.capacity(), read);
    return read;
  }

  /** Zero counters, the step count included: a model as initialised. */
  void clearCounters() {
    cl.fill(buffers.counters(), (byte) 0);
    set = null;
  }

  void trainingSteps(int steps) {
    for (int step = 1; step <= steps; step++) {
      kernels.enqueueTrainingStep(cl);
      if (step % MAX_QUEUED_STEPS == 0) {
        cl.finish();
      }
    }
  }

  void forwardSteps(int steps) {
    for (int step = 1; step <= steps; step++) {
      kernels.enqueueForwardStep(cl);
      if (step % MAX_QUEUED_STEPS == 0) {
        cl.finish();
      }
    }
  }

  /**
   * Queues a read of the totals of epochs {@code 0 .. count - 1} since the counters were set (at
   * most {@link DeviceAbi#TOTALS_RING}); decode it with {@link #totals} once the queue has passed it.
   */
  ByteBuffer queueTotalsRead(int count) {
    ByteBuffer totals = direct(count * entry() * spec.realBytes());
    cl.enqueueRead(buffers.totals(), 0, totals);
    return totals;
  }

  /** The totals of epoch {@code epoch} in a read made by {@link #queueTotalsRead}. */
  Totals totals(ByteBuffer read, int epoch) {
    double[] t = new double[entry()];
    for (int i = 0; i < t.length; i++) {
      int slot = epoch * t.length + i;
      t[i] = spec.precision() == Precision.DOUBLE ? read.getDouble(slot * 8) : read.getFloat(slot * 4);
    }
    int reported = spec.reportedOutputs().size();
    double[] outputLoss = new double[reported];
    double[] outputHit = new double[reported];
    for (int o = 0; o < reported; o++) {
      outputLoss[o] = t[DeviceAbi.outputLossSlot(o)];
      outputHit[o] = t[DeviceAbi.outputHitSlot(o)];
    }
    return new Totals(t[Total.LOSS_SUM.ordinal()], t[Total.HIT_SUM.ordinal()], (long) t[Total.SAMPLE_COUNT.ordinal()],
        t[Total.L2_TERM.ordinal()], outputLoss, outputHit);
  }

  /** Reals per epoch in the totals. */
  private int entry() {
    return DeviceAbi.totalEntry(spec.reportedOutputs().size());
  }

  /** Waits for everything queued. */
  void finish() {
    cl.finish();
    queuedCounters.clear();
  }

  static ByteBuffer direct(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }

  static int steps(int size, int batch) {
    return (size + batch - 1) / batch;
  }

  /**
   * Sums the kernels kept over a pass.
   *
   * @param penalty weight decay's term of the loss, l2 * sum(w^2), when the pass ended (0 without it)
   * @param outputLossSums each reported output's own loss, summed (unweighted); empty for one output
   * @param outputHitSums each reported output's correct predictions or absolute errors, summed
   */
  record Totals(double lossSum, double hitSum, long samples, double penalty, double[] outputLossSums,
                double[] outputHitSums) {
    static final Totals NONE = new Totals(0, 0, 0, 0, new double[0], new double[0]);

    /** As an {@link Evaluation} of {@code spec}'s outputs, with {@code penalty} added to the loss. */
    Evaluation evaluation(ModelSpec spec, double penalty) {
      Map<String, Evaluation> outputs = new LinkedHashMap<>();
      List<NodeSpec> reported = spec.reportedOutputs();
      for (int o = 0; o < reported.size(); o++) {
        outputs.put(reported.get(o).name(), new Evaluation(outputLoss(o), reported.get(o).output().metricName(),
            outputMetric(o), (int) samples));
      }
      return new Evaluation(loss() + penalty, spec.metricName(), metric(), (int) samples, outputs);
    }

    /** The loss with weight decay's term: mean over the samples, plus the penalty. */
    double loss() {
      return lossSum / Math.max(1, samples) + penalty;
    }

    double metric() {
      return hitSum / Math.max(1, samples);
    }

    /** Reported output {@code output}'s mean loss, without weight decay (Keras shows the penalty in the total only). */
    double outputLoss(int output) {
      return outputLossSums[output] / Math.max(1, samples);
    }

    double outputMetric(int output) {
      return outputHitSums[output] / Math.max(1, samples);
    }

    /** This pass followed by {@code later}: the sums add, the penalty is the later one's. */
    Totals plus(Totals later) {
      return new Totals(lossSum + later.lossSum, hitSum + later.hitSum, samples + later.samples, later.penalty,
          sum(outputLossSums, later.outputLossSums), sum(outputHitSums, later.outputHitSums));
    }

    private static double[] sum(double[] a, double[] b) {
      if (a.length == 0) {
        return b.clone();
      }
      double[] sum = a.clone();
      for (int i = 0; i < b.length; i++) {
        sum[i] += b[i];
      }
      return sum;
    }
  }

}
