/*
 * {{kernel}}: a BatchNormalization layer's statistics for this batch, per channel (the last axis:
 * an image's channels, or a row's features), over the n * POSITIONS values of each channel:
 *
 *   training:  mean = sum x / N,  var = sum (x - mean)^2 / N  (biased, as Keras), N = n * POSITIONS;
 *              running_mean = BN_MOMENTUM running_mean + (1 - BN_MOMENTUM) mean, likewise the variance
 *   otherwise: mean and var are the running ones
 *   statistics[0 .. C) = mean, statistics[C .. 2C) = 1 / sqrt(var + BN_EPSILON)
 *
 * params: [gamma C][beta C][running mean C][running variance C]. Two passes over the batch (the
 * mean first) rather than sum and sum of squares, which cancel badly when the mean is large.
 * One work-item per tile of BN_TC channels, read as one vector per position (channels are
 * contiguous); the last tile is shifted left and stores only its own channels. Global {ceil(C / TC), 1}.
 */
/* BN_LANES: channels per work-item (the planner's vector width, at most CHANNELS) */
#define BN_TC BN_LANES

kernel void {{kernel}}(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global real* restrict params,
    global real* restrict statistics) {
  const int n = counters[BATCH];
  const int c0 = get_global_id(0) * BN_TC;
  const int o0 = min(c0, CHANNELS - BN_TC);
  realv(BN_TC) mean;
  realv(BN_TC) var;
  if (counters[TRAINING]) {
    realv(BN_TC) sum = (realv(BN_TC)) 0;
    for (int b = 0; b < n; b++) {
      global const real* row = x + INPUT_START(b) + o0;
      for (int p = 0; p < POSITIONS; p++) sum += vload_real(BN_TC)(0, row + p * CHANNELS);
    }
    const real count = (real) (n * POSITIONS);
    mean = sum / count;
    realv(BN_TC) squares = (realv(BN_TC)) 0;
    for (int b = 0; b < n; b++) {
      global const real* row = x + INPUT_START(b) + o0;
      for (int p = 0; p < POSITIONS; p++) {
        const realv(BN_TC) d = vload_real(BN_TC)(0, row + p * CHANNELS) - mean;
        squares += d * d;
      }
    }
    var = squares / count;
    const realv(BN_TC) running_mean = BN_MOMENTUM * vload_real(BN_TC)(0, params + 2 * CHANNELS + o0)
        + ((real) 1 - BN_MOMENTUM) * mean;
    const realv(BN_TC) running_var = BN_MOMENTUM * vload_real(BN_TC)(0, params + 3 * CHANNELS + o0)
        + ((real) 1 - BN_MOMENTUM) * var;
    KILN_STORE_TILE(BN_TC, running_mean, params + 2 * CHANNELS + o0, c0 - o0);
    KILN_STORE_TILE(BN_TC, running_var, params + 3 * CHANNELS + o0, c0 - o0);
  } else {
    mean = vload_real(BN_TC)(0, params + 2 * CHANNELS + o0);
    var = vload_real(BN_TC)(0, params + 3 * CHANNELS + o0);
  }
  KILN_STORE_TILE(BN_TC, mean, statistics + o0, c0 - o0);
  KILN_STORE_TILE(BN_TC, rsqrt(var + BN_EPSILON), statistics + CHANNELS + o0, c0 - o0);
}

#undef BN_TC
#undef BN_LANES
