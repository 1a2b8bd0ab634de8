/*
 * The end of a step: add the batch's per-sample loss and hits to the epoch's totals, and move the
 * counters on to the next batch; at the end of the data set, on to the next epoch (a fresh totals
 * slot, offset 0). One work-item; the host never waits between steps or epochs.
 *
 * sample_loss and sample_hit hold 1 + REPORTED_OUTPUTS rows of MAX_BATCH: the model's (the weighted
 * loss sum, the main output's metric), then each reported output's own (unweighted) loss and metric.
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
  global real* epoch = totals + (counters[EPOCH] % TOTALS_RING) * TOTAL_ENTRY;
  epoch[LOSS_SUM] += loss;
  epoch[HIT_SUM] += hits;
  epoch[SAMPLE_COUNT] += n;
  for (int h = 0; h < REPORTED_OUTPUTS; h++) {
    global const real* own_loss = sample_loss + (h + 1) * MAX_BATCH;
    global const real* own_hit = sample_hit + (h + 1) * MAX_BATCH;
    real output_loss = 0;
    real output_hits = 0;
    for (int b = 0; b < n; b++) {
      output_loss += own_loss[b];
      output_hits += own_hit[b];
    }
    epoch[OUTPUT_LOSS_SUM(h)] += output_loss;
    epoch[OUTPUT_HIT_SUM(h)] += output_hits;
  }
  counters[OFFSET] += n;
  if (counters[OFFSET] >= counters[SIZE]) {
    counters[OFFSET] = 0;
    counters[EPOCH] += 1;
    global real* next = totals + (counters[EPOCH] % TOTALS_RING) * TOTAL_ENTRY;
    for (int slot = 0; slot < TOTAL_ENTRY; slot++) next[slot] = 0;
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
