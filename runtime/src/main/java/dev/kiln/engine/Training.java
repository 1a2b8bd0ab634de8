package dev.kiln.engine;

import dev.kiln.Callback;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.data.Shuffle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * One {@code fit}. When nothing needs the host between epochs (no validation, no live progress bar,
 * no weight-decay term to add to the loss), epochs are queued back to back: the device starts each
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
  private final DoubleSupplier l2Penalty;
  /** Epochs the model was trained before this fit: a resumed run shuffles as an unbroken one would. */
  private final int epochsBefore;

  Training(Passes passes, Orders orders, ModelSpec spec, DoubleSupplier l2Penalty, int epochsBefore) {
    this.passes = passes;
    this.orders = orders;
    this.spec = spec;
    this.l2Penalty = l2Penalty;
    this.epochsBefore = epochsBefore;
  }

  History run(DeviceData train, DeviceData validation, int batch, Fit fit, Control control) {
    Progress progress = new Progress(fit, spec.metricName(), Passes.steps(train.capacity(), batch));
    if (validation == null && !progress.live() && spec.l2() == 0 && fit.callbackList().isEmpty()) {
      return new History(spec.metricName(), queuedEpochs(train, batch, fit, progress));
    }
    List<Callback> callbacks = fit.callbackList();
    callbacks.forEach(c -> c.onTrainBegin(control));
    History history = null;
    try {
      epochByEpoch(train, validation, batch, fit, progress, control);
      history = new History(spec.metricName(), control.epochs());
      return history;
    } finally {
      History seen = history != null ? history : new History(spec.metricName(), control.epochs());
      callbacks.forEach(c -> c.onTrainEnd(seen, control));
    }
  }

  private List<History.Epoch> queuedEpochs(DeviceData train, int batch, Fit fit, Progress progress) {
    int steps = Passes.steps(train.capacity(), batch);
    int group = Math.max(1, Math.min(Buffers.TOTALS_RING, Passes.MAX_QUEUED_STEPS / steps));
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
        ordersInFlight.add(orders.shuffled(train, permutation(train, fit, epoch)));
      }
      passes.trainingSteps(steps);
      int queued = epoch - history.size();
      if (queued == group || epoch == fit.epochsToRun()) {
        ByteBuffer totals = passes.queueTotalsRead(Buffers.TOTALS_RING);
        passes.finish();
        long now = System.nanoTime();
        double seconds = (now - groupStart) / 1e9 / queued;
        for (int done = history.size() + 1; done <= epoch; done++) {
          Passes.Totals t = passes.totals(totals, (done - 1) % Buffers.TOTALS_RING);
          History.Epoch record = new History.Epoch(done, t.loss(), t.metric(), Double.NaN, Double.NaN, seconds,
              train.capacity());
          history.add(record);
          progress.end(record);
        }
        ordersInFlight.clear();
        groupStart = now;
      }
    }
    return history;
  }

  /** One epoch (and its validation) at a time, with callbacks between; the epochs go to {@code control}. */
  private void epochByEpoch(DeviceData train, DeviceData validation, int batch, Fit fit, Progress progress,
                            Control control) {
    int steps = Passes.steps(train.capacity(), batch);
    ByteBuffer trainCounters = Passes.trainingCounters(train.capacity(), batch, fit.seedValue());
    ByteBuffer validationCounters = validation == null ? null
        : Passes.counters(validation.capacity(), spec.batch(), true);
    if (validation != null) {
      orders.identity(validation);
    }
    if (!fit.shuffles()) {
      orders.identity(train);
    }
    for (int epoch = 1; epoch <= fit.epochsToRun() && !control.stopRequested(); epoch++) {
      for (Callback callback : fit.callbackList()) {
        callback.onEpochBegin(epoch, control);
      }
      long start = System.nanoTime();
      ByteBuffer order = fit.shuffles() ? orders.shuffled(train, permutation(train, fit, epoch)) : null;
      passes.bind(train);
      passes.start(trainCounters);
      if (progress.live()) {
        trainWithProgress(epoch, steps, progress, start);
      } else {
        passes.trainingSteps(steps);
      }
      ByteBuffer trainTotals = passes.queueTotalsRead(1);
      ByteBuffer validationTotals = null;
      if (validation != null) {
        passes.bind(validation);
        passes.start(validationCounters);
        passes.forwardSteps(Passes.steps(validation.capacity(), spec.batch()));
        validationTotals = passes.queueTotalsRead(1);
      }
      passes.finish();
      double seconds = (System.nanoTime() - start) / 1e9;
      double penalty = l2Penalty.getAsDouble();
      Passes.Totals t = passes.totals(trainTotals, 0);
      Passes.Totals v = validationTotals == null ? null : passes.totals(validationTotals, 0);
      History.Epoch record = new History.Epoch(epoch, t.loss() + penalty, t.metric(),
          v == null ? Double.NaN : v.loss() + penalty, v == null ? Double.NaN : v.metric(), seconds,
          train.capacity());
      control.add(record);
      progress.end(record);
      Reference.reachabilityFence(order); // the queued copy of the order has run by now
      for (Callback callback : fit.callbackList()) {
        callback.onEpochEnd(record, control);
      }
    }
  }

  private void trainWithProgress(int epoch, int steps, Progress progress, long start) {
    for (int done = 0; done < steps; ) {
      int chunk = Math.min(PROGRESS_EVERY_STEPS, steps - done);
      passes.trainingSteps(chunk);
      done += chunk;
      if (done < steps) {
        ByteBuffer totals = passes.queueTotalsRead(1);
        passes.finish();
        progress.update(epoch, done, passes.totals(totals, 0), (System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** The visiting order of an epoch, from the seed and the epoch's number over the model's whole training. */
  private int[] permutation(DeviceData train, Fit fit, int epoch) {
    return Shuffle.permutation(train.capacity(), fit.seedValue() * 1_000_003L + epochsBefore + epoch);
  }
}
