/*
 * {{kernel}}: the two sums over the batch that a BatchNormalization layer's gradients need, per
 * channel, from its output gradient delta (with respect to gamma xhat + beta, the activation's
 * derivative already applied by the next layer's backward kernel):
 *
 *   statistics[2C .. 3C) = sum delta            (the gradient of beta)
 *   statistics[3C .. 4C) = sum delta * xhat     (the gradient of gamma),  xhat = (x - mean) / sqrt(var + eps)
 *
 * xhat is recomputed from the layer's input and the statistics, not stored. One work-item per tile
 * of BN_TC channels. Global {ceil(C / TC), 1}.
 */
/* BN_LANES: channels per work-item (the planner's vector width, at most CHANNELS) */
#define BN_TC BN_LANES

kernel void {{kernel}}(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global real* restrict statistics,
    global const real* restrict delta) {
  const int n = counters[BATCH];
  const int c0 = get_global_id(0) * BN_TC;
  const int o0 = min(c0, CHANNELS - BN_TC);
  const realv(BN_TC) mean = vload_real(BN_TC)(0, statistics + o0);
  const realv(BN_TC) inv_std = vload_real(BN_TC)(0, statistics + CHANNELS + o0);
  realv(BN_TC) sum_dy = (realv(BN_TC)) 0;
  realv(BN_TC) sum_dy_xhat = (realv(BN_TC)) 0;
  for (int b = 0; b < n; b++) {
    global const real* row = x + INPUT_START(b) + o0;
    global const real* d = delta + b * OUT + o0;
    for (int p = 0; p < POSITIONS; p++) {
      const realv(BN_TC) dy = vload_real(BN_TC)(0, d + p * CHANNELS);
      sum_dy += dy;
      sum_dy_xhat += dy * (vload_real(BN_TC)(0, row + p * CHANNELS) - mean) * inv_std;
    }
  }
  KILN_STORE_TILE(BN_TC, sum_dy, statistics + 2 * CHANNELS + o0, c0 - o0);
  KILN_STORE_TILE(BN_TC, sum_dy_xhat, statistics + 3 * CHANNELS + o0, c0 - o0);
}

#undef BN_TC
#undef BN_LANES
