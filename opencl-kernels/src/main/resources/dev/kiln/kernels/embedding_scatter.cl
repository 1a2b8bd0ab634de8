/*
 * {{kernel}}: the gradient of an embedding's table, which only the rows the batch looked up get:
 * each sample's gradient row is added to the row of the index it came from (an index seen twice
 * gets both). One work-item per column u, so no two work-items touch the same value, and the sums
 * are in sample order, the same on every run:
 *
 *   grad[x[b][l]][u] += delta[b][l][u]        (b < n, l < LENGTH)
 *
 * delta's row l of sample b is at (b LENGTH + l) ROW_STRIDE + ROW_OFFSET, where the forward kernel
 * wrote the values (the layer's own, or its columns of a Concatenate's gradient).
 * grad is zero before the step (the update kernel clears what it reads). With SGD and no momentum
 * the update is this sparse one, applied to the table directly (w -= learning rate * g), and the
 * dense update kernel does nothing: rows nobody looked up would not change anyway.
 * Global size {UNITS}, local size {1}.
 */
kernel void {{kernel}}(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict hyper,
    global const real* restrict delta,
    global real* restrict grad,
    global real* restrict params) {
  const int n = counters[BATCH];
  const int u = get_global_id(0);
#ifdef OPTIMIZER_SGD
  const int sparse = hyper[MOMENTUM] == (real) 0;
  const real rate = hyper[LEARNING_RATE];
#else
  const int sparse = 0;
  const real rate = 0;
#endif
  global real* target = sparse ? params : grad;
  const real scale = sparse ? -rate : (real) 1;
  for (int b = 0; b < n; b++) {
    global const real* ids = x + INPUT_START(b);
    for (int l = 0; l < LENGTH; l++) {
      target[(size_t) ((int) ids[l]) * UNITS + u] += scale * delta[((size_t) b * LENGTH + l) * ROW_STRIDE + ROW_OFFSET + u];
    }
  }
}
