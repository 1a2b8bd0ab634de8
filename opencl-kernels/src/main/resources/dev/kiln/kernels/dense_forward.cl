/*
 * {{layer}}_forward: a hidden dense layer, product + bias + activation in one kernel.
 *
 *   a[b][o] = ACTIVATE(sum_i x[INPUT_ROW(b)][i] * w[i][o] + bias[o])
 *
 * params holds w row-major [IN][OUT], then the bias row [OUT] when HAS_BIAS.
 * One work-item per (output o, sample b); dimension 0 runs over outputs so that neighbouring
 * work-items read neighbouring weights (PoCL vectorises across it).
 */
kernel void {{layer}}_forward(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict params,
    global real* restrict a) {
  const int o = get_global_id(0);
  const int b = get_global_id(1);
  if (b >= counters[BATCH]) return;
  global const real* row = x + (size_t) INPUT_ROW(b) * IN;
  real z = HAS_BIAS ? params[IN * OUT + o] : (real) 0;
  for (int i = 0; i < IN; i++) {
    z += row[i] * params[i * OUT + o];
  }
  a[b * OUT + o] = ACTIVATE(z);
}
