/*
 * {{kernel}}: a BatchNormalization layer's gradient with respect to its input, through the previous
 * layer's activation (and its dropout mask, regenerated). In training the batch statistics depend on
 * every input, so, with N = n * POSITIONS and the sums of bn_sums.cl:
 *
 *   dx = gamma / sqrt(var + eps) * (dy - sum dy / N - xhat * sum (dy xhat) / N)
 *
 * outside training (the input gradient for saliency) the running statistics are constants:
 *   dx = gamma / sqrt(var + eps) * dy
 *
 * One work-item per tile of BN_TC channels of one sample. Global {ceil(C / TC), MAX_BATCH}, local {1, 1}.
 */
/* BN_LANES: channels per work-item (the planner's vector width, at most CHANNELS) */
#define BN_TC BN_LANES

kernel void {{kernel}}(
    global const int* restrict counters,
    global const int* restrict order,
    global const real* restrict params,
    global const real* restrict statistics,
    global const real* restrict delta,
    global const real* restrict a_prev,
    global real* restrict delta_prev) {
  const int n = counters[BATCH];
  const int b = get_global_id(1);
  if (b >= n) return;
  const int c0 = get_global_id(0) * BN_TC;
  const int o0 = min(c0, CHANNELS - BN_TC);
  const int training = counters[TRAINING];
  const realv(BN_TC) inv_std = vload_real(BN_TC)(0, statistics + CHANNELS + o0);
  const realv(BN_TC) scale = vload_real(BN_TC)(0, params + o0) * inv_std;
  const realv(BN_TC) mean = vload_real(BN_TC)(0, statistics + o0);
  const real count = (real) (n * POSITIONS);
  const realv(BN_TC) mean_dy = training ? vload_real(BN_TC)(0, statistics + 2 * CHANNELS + o0) / count
                                        : (realv(BN_TC)) 0;
  const realv(BN_TC) mean_dy_xhat = training ? vload_real(BN_TC)(0, statistics + 3 * CHANNELS + o0) / count
                                             : (realv(BN_TC)) 0;
  global const real* row = a_prev + INPUT_START(b) + o0;
  for (int p = 0; p < POSITIONS; p++) {
    const realv(BN_TC) x = vload_real(BN_TC)(0, row + p * CHANNELS);
    const realv(BN_TC) dy = vload_real(BN_TC)(0, delta + b * OUT + p * CHANNELS + o0);
    realv(BN_TC) v = scale * (dy - mean_dy - (x - mean) * inv_std * mean_dy_xhat) * PREVIOUS_DERIVATIVE(x);
#ifdef PREVIOUS_DROPOUT_RATE
    if (training) {
      KILN_DROPOUT(BN_TC, v, counters, PREVIOUS_DROPOUT_RATE, PREVIOUS_DROPOUT_LAYER, b * IN + p * CHANNELS + o0);
    }
#endif
    KILN_STORE_TILE(BN_TC, v, delta_prev + b * IN + p * CHANNELS + o0, c0 - o0);
  }
}

#undef BN_TC
#undef BN_LANES
