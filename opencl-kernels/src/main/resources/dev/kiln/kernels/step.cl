/*
 * The end of a step: add the batch's per-sample loss and hits to the running totals, and move the
 * counters on to the next batch. One work-item; the host never waits between steps.
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
  totals[LOSS_SUM] += loss;
  totals[HIT_SUM] += hits;
  totals[SAMPLE_COUNT] += n;
  counters[OFFSET] += n;
  counters[BATCH] = min(counters[BATCH_LIMIT], max(0, counters[SIZE] - counters[OFFSET]));
}

kernel void finish_training_step(global int* counters, global const real* sample_loss,
                                 global const real* sample_hit, global real* totals) {
  finish_batch(counters, sample_loss, sample_hit, totals);
  counters[STEP] += 1;
}

kernel void finish_evaluation_step(global int* counters, global const real* sample_loss,
                                   global const real* sample_hit, global real* totals) {
  finish_batch(counters, sample_loss, sample_hit, totals);
}
