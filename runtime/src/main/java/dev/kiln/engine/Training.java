package dev.kiln.engine;

import dev.kiln.Callback;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.data.Shuffle;
import dev.kiln.kernels.DeviceAbi;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code fit}. When nothing needs the host between epochs (no validation, no live progress bar,
 * no callbacks), epochs are queued back to back: the device starts each
 * new epoch itself and keeps per-epoch totals in a ring, and the host waits once per group of
 * epochs (a few thousand steps) to read them. Small models then run at the device's pace instead of
 * the pace of host round trips. Otherwise the host runs one epoch (and its validation) at a time.
 */
final class Training {
  /** Steps between reads of the totals for a live progress bar. */
  private static final int PROGRESS_EVERY_STEPS = 16;

  private final Passes passes;
  private final Orders orders;
  private final ModelSpec spec;
  /** Epochs the model was trained before this fit: a resumed run shuffles as an unbroken one would. */
  private final int epochsBefore;

  Training(Passes passes, Orders orders, ModelSpec spec, int epochsBefore) {
    this.passes = passes;
    this.orders = orders;
    this.spec = spec;
    this.epochsBefore = epochsBefore;
  }

  History run(DeviceData train, DeviceData validation, int batch, Fit fit, Control control) {
    Progress progress = new Progress(fit, spec.metricName(), Passes.steps(train.capacity(), batch));
    if (validation == null && !progress.live() && fit.callbackList().isEmpty()) {
      return new History(spec.metricName(), queuedEpochs(train, batch, fit, progress, control));
    }
    if (!fit.shuffles()) {
      orders.identity(train);
    }
    ByteBuffer counters = Passes.trainingCounters(train.capacity(), batch, fit.seedValue());
    return epochByEpoch(train.capacity(), (epoch, start) -> residentEpoch(train, counters, batch, epoch, fit,
        progress, start), validation, fit, progress, control);
  }

  /** A training set streamed in chunks ({@link ChunkStream}): one epoch at a time, the next chunk gathered meanwhile. */
  History runStreamed(ChunkStream stream, DeviceData validation, int batch, Fit fit, Control control) {
    Progress progress = new Progress(fit, spec.metricName(), Passes.steps(stream.size(), batch));
    return epochByEpoch(stream.size(), (epoch, start) -> streamedEpoch(stream, batch, epoch, fit, progress, start),
        validation, fit, progress, control);
  }

  /** One epoch of training; the host has waited for it when it returns its totals. */
  private interface EpochPass {
    Passes.Totals train(int epoch, long start);
  }

  private List<History.Epoch> queuedEpochs(DeviceData train, int batch, Fit fit, Progress progress,
                                           Control control) {
    int steps = Passes.steps(train.capacity(), batch);
    int group = Math.max(1, Math.min(DeviceAbi.TOTALS_RING, Passes.MAX_QUEUED_STEPS / steps));
    if (!fit.shuffles()) {
      orders.identity(train);
    }
    passes.bind(train);
    passes.start(Passes.trainingCounters(train.capacity(), batch, fit.seedValue()));
    List<History.Epoch> history = new ArrayList<>();
    List<ByteBuffer> ordersInFlight = new ArrayList<>();
    long groupStart = System.nanoTime();
    for (int epoch = 1; epoch <= fit.epochsToRun(); epoch++) {
      if (fit.shuffles()) {
        ordersInFlight.add(orders.shuffled(train, permutation(train.capacity(), fit, epoch)));
      }
      passes.trainingSteps(steps);
      int queued = epoch - history.size();
      if (queued == group || epoch == fit.epochsToRun()) {
        ByteBuffer totals = passes.queueTotalsRead(DeviceAbi.TOTALS_RING);
        passes.finish();
        long now = System.nanoTime();
        double seconds = (now - groupStart) / 1e9 / queued;
        for (int done = history.size() + 1; done <= epoch; done++) {
          Passes.Totals t = passes.totals(totals, (done - 1) % DeviceAbi.TOTALS_RING);
          History.Epoch record = record(done, t, null, seconds, train.capacity());
          history.add(record);
          control.add(record);
          progress.end(record);
        }
        ordersInFlight.clear();
        groupStart = now;
      }
    }
    return history;
  }

  /** One epoch (and its validation) at a time, with callbacks between; the epochs go to {@code control}. */
  private History epochByEpoch(int samples, EpochPass pass, DeviceData validation, Fit fit, Progress progress,
                               Control control) {
    ByteBuffer validationCounters = validation == null ? null
        : Passes.counters(validation.capacity(), spec.batch(), true);
    if (validation != null) {
      orders.identity(validation);
    }
    List<Callback> callbacks = fit.callbackList();
    callbacks.forEach(c -> c.onTrainBegin(control));
    try {
      for (int epoch = 1; epoch <= fit.epochsToRun() && !control.stopRequested(); epoch++) {
        for (Callback callback : callbacks) {
          callback.onEpochBegin(epoch, control);
        }
        long start = System.nanoTime();
        Passes.Totals t = pass.train(epoch, start);
        Passes.Totals v = null;
        if (validation != null) {
          passes.bind(validation);
          passes.start(validationCounters);
          passes.forwardSteps(Passes.steps(validation.capacity(), spec.batch()));
          ByteBuffer validationTotals = passes.queueTotalsRead(1);
          passes.finish();
          v = passes.totals(validationTotals, 0);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        History.Epoch record = record(epoch, t, v, seconds, samples);
        control.add(record);
        progress.end(record);
        for (Callback callback : callbacks) {
          callback.onEpochEnd(record, control);
        }
      }
    } finally {
      History seen = new History(spec.metricName(), control.epochs());
      callbacks.forEach(c -> c.onTrainEnd(seen, control));
    }
    return new History(spec.metricName(), control.epochs());
  }

  /** An epoch's figures from its training totals and its validation's ({@code null} without validation). */
  private History.Epoch record(int number, Passes.Totals t, Passes.Totals v, double seconds, int samples) {
    List<NodeSpec> reported = spec.reportedOutputs();
    List<History.Output> outputs = new ArrayList<>();
    for (int o = 0; o < reported.size(); o++) {
      outputs.add(new History.Output(reported.get(o).name(), reported.get(o).output().metricName(), t.outputLoss(o),
          t.outputMetric(o), v == null ? Double.NaN : v.outputLoss(o), v == null ? Double.NaN : v.outputMetric(o)));
    }
    // the validation loss carries the same weight-decay term as the training loss (the weights' at the epoch's end)
    return new History.Epoch(number, t.loss(), t.metric(), v == null ? Double.NaN : v.loss() + t.penalty(),
        v == null ? Double.NaN : v.metric(), seconds, samples, outputs);
  }

  private Passes.Totals residentEpoch(DeviceData train, ByteBuffer counters, int batch, int epoch, Fit fit,
                                      Progress progress, long start) {
    int steps = Passes.steps(train.capacity(), batch);
    ByteBuffer order = fit.shuffles() ? orders.shuffled(train, permutation(train.capacity(), fit, epoch)) : null;
    passes.bind(train);
    passes.start(counters);
    if (progress.live()) {
      trainWithProgress(epoch, steps, progress, start);
    } else {
      passes.trainingSteps(steps);
    }
    ByteBuffer totals = passes.queueTotalsRead(1);
    passes.finish();
    Reference.reachabilityFence(order); // the queued copy of the order has run by now
    return passes.totals(totals, 0);
  }

  /** An epoch over a streamed set: chunk by chunk, each a pass of its own, their totals summed. */
  private Passes.Totals streamedEpoch(ChunkStream stream, int batch, int epoch, Fit fit, Progress progress,
                                      long start) {
    stream.beginEpoch(fit.shuffles() ? permutation(stream.size(), fit, epoch) : null);
    Passes.Totals sum = Passes.Totals.NONE;
    int done = 0;
    for (int k = 0; k < stream.chunks(); k++) {
      ChunkStream.Loaded chunk = stream.nextChunk();
      orders.identity(chunk.slot());
      passes.bind(chunk.slot());
      passes.start(Passes.trainingCounters(chunk.rows(), batch, fit.seedValue()));
      int steps = Passes.steps(chunk.rows(), batch);
      passes.trainingSteps(steps);
      ByteBuffer read = passes.queueTotalsRead(1);
      passes.finish();
      sum = sum.plus(passes.totals(read, 0));
      done += steps;
      if (progress.live() && k + 1 < stream.chunks()) {
        progress.update(done, record(epoch, sum, null, 0, 0), (System.nanoTime() - start) / 1e9);
      }
    }
    return sum;
  }

  private void trainWithProgress(int epoch, int steps, Progress progress, long start) {
    for (int done = 0; done < steps; ) {
      int chunk = Math.min(PROGRESS_EVERY_STEPS, steps - done);
      passes.trainingSteps(chunk);
      done += chunk;
      if (done < steps) {
        ByteBuffer totals = passes.queueTotalsRead(1);
        passes.finish();
        progress.update(done, record(epoch, passes.totals(totals, 0), null, 0, 0), (System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** The visiting order of an epoch, from the seed and the epoch's number over the model's whole training. */
  private int[] permutation(int samples, Fit fit, int epoch) {
    return Shuffle.permutation(samples, fit.seedValue() * 1_000_003L + epochsBefore + epoch);
  }
}
