/*
 * {{kernel}}: a BatchNormalization layer's output, from the statistics bn_statistics.cl computed
 * just before, as one multiply-add per value and the activation:
 *
 *   a = ACTIVATE(x * scale + shift),  scale = gamma / sqrt(var + eps),  shift = beta - mean * scale
 *
 * One work-item per tile of BN_TC channels of one sample, over its POSITIONS. Global {ceil(C / TC),
 * MAX_BATCH}, local {1, 1}.
 */
/* BN_LANES: channels per work-item (the planner's vector width, at most CHANNELS) */
#define BN_TC BN_LANES

kernel void {{kernel}}(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict params,
    global const real* restrict statistics,
    global real* restrict a) {
  const int b = get_global_id(1);
  if (b >= counters[BATCH]) return;
  const int c0 = get_global_id(0) * BN_TC;
  const int o0 = min(c0, CHANNELS - BN_TC);
  const realv(BN_TC) scale = vload_real(BN_TC)(0, params + o0) * vload_real(BN_TC)(0, statistics + CHANNELS + o0);
  const realv(BN_TC) shift = vload_real(BN_TC)(0, params + CHANNELS + o0)
      - vload_real(BN_TC)(0, statistics + o0) * scale;
  global const real* row = x + INPUT_START(b) + o0;
  for (int p = 0; p < POSITIONS; p++) {
    realv(BN_TC) v = ACTIVATE(vload_real(BN_TC)(0, row + p * CHANNELS) * scale + shift);
#ifdef DROPOUT_RATE
    if (counters[TRAINING]) KILN_DROPOUT(BN_TC, v, counters, DROPOUT_RATE, DROPOUT_LAYER, b * OUT + p * CHANNELS + o0);
#endif
    KILN_STORE_TILE(BN_TC, v, a + b * OUT + p * CHANNELS + o0, c0 - o0);
  }
}

#undef BN_TC
#undef BN_LANES
