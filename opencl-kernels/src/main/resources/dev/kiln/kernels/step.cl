/*
 * The end of a step: add the batch's per-sample loss and hits to the epoch's totals, and move the
 * counters on to the next batch; at the end of the data set, on to the next epoch (a fresh totals
 * slot, offset 0). One work-item; the host never waits between steps or epochs.
 */
inline void finish_batch(global int* counters, global const real* sample_loss,
                         global const real* sample_hit, global real* totals) {
  const int n = counters[BATCH];
  real loss = 0;
  real hits = 0;
  for (int b = 0; b < n; b++) {
    loss += sample_loss[b];
    hits += sample_hit[b];
  }
  global real* epoch = totals + (counters[EPOCH] % TOTALS_RING) * TOTAL_SLOTS;
  epoch[LOSS_SUM] += loss;
  epoch[HIT_SUM] += hits;
  epoch[SAMPLE_COUNT] += n;
  counters[OFFSET] += n;
  if (counters[OFFSET] >= counters[SIZE]) {
    counters[OFFSET] = 0;
    counters[EPOCH] += 1;
    global real* next = totals + (counters[EPOCH] % TOTALS_RING) * TOTAL_SLOTS;
    next[LOSS_SUM] = 0;
    next[HIT_SUM] = 0;
    next[SAMPLE_COUNT] = 0;
    next[L2_TERM] = 0;
  }
  counters[BATCH] = min(counters[BATCH_LIMIT], counters[SIZE] - counters[OFFSET]);
}

kernel void finish_training_step(
    global int* counters,
    global const real* sample_loss,
    global const real* sample_hit,
    global real* totals) {
  finish_batch(counters, sample_loss, sample_hit, totals);
  counters[STEP] += 1;
}

kernel void finish_evaluation_step(
    global int* counters,
    global const real* sample_loss,
    global const real* sample_hit,
    global real* totals) {
  finish_batch(counters, sample_loss, sample_hit, totals);
}
