/*
 * {{layer}}_update: the weight gradient and the optimizer's update in one kernel, so the gradient
 * never goes through memory. One work-item per parameter (output o, input row i); row IN is the bias.
 *
 *   g[i][o] = sum_b x[INPUT_ROW(b)][i] * delta[b][o] + 2 l2 w[i][o]     (i < IN)
 *   g[IN][o] = sum_b delta[b][o]                                        (bias)
 *
 * state holds the optimizer's slots for this layer, one after the other, PARAMS long each.
 */
kernel void {{layer}}_update(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict hyper,
    global const real* restrict delta,
    global real* restrict params,
    global real* restrict state) {
  const int o = get_global_id(0);
  const int i = get_global_id(1);
  const int n = counters[BATCH];
  const int k = i * OUT + o;
  real g = 0;
  if (i < IN) {
    for (int b = 0; b < n; b++) {
      g += x[(size_t) INPUT_ROW(b) * IN + i] * delta[b * OUT + o];
    }
    g += 2 * hyper[L2] * params[k];
  } else {
    for (int b = 0; b < n; b++) {
      g += delta[b * OUT + o];
    }
  }
  optimizer_update(params, state, PARAMS, k, g, hyper, counters[STEP] + 1);
}
