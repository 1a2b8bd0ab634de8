/*
 * {{kernel}}: a hidden dense layer, product + bias + activation in one kernel.
 *
 *   a[b][o] = ACTIVATE(sum_i x[b][i] * w[i][o] + bias[o])      (GEMM: M = batch, N = OUT, K = IN)
 *
 * params holds w row-major [IN][OUT], then the bias row [OUT] when HAS_BIAS.
 *
 * Register tiling for CPUs (PoCL): one work-item per work-group, each computes a block of
 * FORWARD_TILE_ROWS samples x FORWARD_TILE_COLS outputs in explicit vectors, one vector per sample:
 *
 *                 o0      o0+TC                 OUT
 *          +-----+--------+-----+-----+----+--+     work-item (c, r):
 *          |     |        |     |     |    |  |       o0 = min(c * TC, OUT - TC)   (the last column tile is
 *   b0     |     | acc[0] |     |     |    |  |        shifted left so it is always full; it stores only
 *          |     | acc[1] |     |     |    |  |        the columns no other tile owns)
 *   b0+TR  |     |  ...   |     |     |    |  |       b0 = r * TR; rows b >= n read row n-1 (clamped
 *          +-----+--------+-----+-----+----+--+        pointers, no branch in the loop) and are not stored
 *   for k in 0..IN:  acc[t] += x[b0+t][k] (broadcast) * w[k][o0 .. o0+TC) (one vector load)
 *
 * Global size {ceil(OUT / TC), ceil(MAX_BATCH / TR)}, local size {1, 1}; TC is the effective
 * FORWARD_TILE_COLS below (clamped to OUT).  Work-items with b0 >= n return at once.
 *
 * Sample b's outputs go to a + b ROW_STRIDE + ROW_OFFSET: the layer's own buffer (ROW_STRIDE = OUT,
 * ROW_OFFSET = 0), or its columns of the Concatenate that reads it (ModelGraph.placement).
 *
 * With INPUT_PROJECTION it is an LSTM's input projection of every step at once: a row is one step of
 * one sample (row b STEPS + t), a is the layer's workspace, the bias sits at PROJECTION_BIAS (after
 * the recurrent kernel), and no dropout is applied (the recurrence writes the layer's output).
 */

/* ---- tuning parameters (the planner may #define them before this template, per layer) ---- */
#ifndef FORWARD_TILE_ROWS
#define FORWARD_TILE_ROWS 6   /* samples per work-item: accumulators, one vector each */
#endif
#ifndef FORWARD_TILE_COLS
#define FORWARD_TILE_COLS 16  /* outputs per work-item = vector width: 1, 2, 4, 8 or 16 */
#endif
#ifndef FORWARD_ROW_TILES
#define FORWARD_ROW_TILES 4    /* row tiles per work-item, one after the other, sharing a block of w */
#endif
#ifndef FORWARD_K_BLOCK
#define FORWARD_K_BLOCK 256    /* inputs per block: KB x TC reals of w (16 KiB for 256 x 16 floats) */
#endif
/* FWD_TC: the width actually used, FORWARD_TILE_COLS clamped so that it does not exceed OUT. */
#if FORWARD_TILE_COLS >= 16 && OUT >= 16
#define FWD_TC 16
#elif FORWARD_TILE_COLS >= 8 && OUT >= 8
#define FWD_TC 8
#elif FORWARD_TILE_COLS >= 4 && OUT >= 4
#define FWD_TC 4
#elif FORWARD_TILE_COLS >= 2 && OUT >= 2
#define FWD_TC 2
#else
#define FWD_TC 1
#endif
#define FWD_TR FORWARD_TILE_ROWS
#define FWD_RT FORWARD_ROW_TILES
#define FWD_KB FORWARD_K_BLOCK
#ifdef INPUT_PROJECTION
#define FWD_ROWS (counters[BATCH] * STEPS)
#define FWD_START(r) (INPUT_START((r) / STEPS) + ((r) % STEPS) * IN)
#define FWD_BIAS PROJECTION_BIAS
#else
#define FWD_ROWS counters[BATCH]
#define FWD_START(b) INPUT_START(b)
#define FWD_BIAS (IN * OUT)
#endif

kernel void {{kernel}}(
    global const real* restrict x,
#ifdef GATHERED_INPUT
    global const real* restrict indices,   /* x is an Embedding's table: sample b reads the row at its index */
#endif
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict params,
    global real* restrict a) {
  const int n = FWD_ROWS;
  const int b_first = get_global_id(1) * (FWD_TR * FWD_RT);
  if (b_first >= n) return;
  const int c0 = get_global_id(0) * FWD_TC;          /* first column this work-item owns */
  const int o0 = min(c0, OUT - FWD_TC);              /* first column it computes */
#if HAS_BIAS
  const realv(FWD_TC) bias = vload_real(FWD_TC)(0, params + FWD_BIAS + o0);
#else
  const realv(FWD_TC) bias = (realv(FWD_TC)) 0;
#endif
  global const real* w = params + o0;
  for (int kb = 0; kb < IN; kb += FWD_KB) {          /* K blocks: w[kb .. kb+KB) x TC stays in L1 */
    const int k_end = min(kb + FWD_KB, IN);
    for (int rt = 0; rt < FWD_RT; rt++) {            /* row tiles reuse that block of w */
      const int b0 = b_first + rt * FWD_TR;
      if (b0 >= n) break;
      global const real* xr[FWD_TR];
      realv(FWD_TC) acc[FWD_TR];
#pragma unroll
      for (int t = 0; t < FWD_TR; t++) {
        const int b = min(b0 + t, n - 1);
        xr[t] = x + FWD_START(b);
        /* the first block starts from the bias, later ones from the partial sums stored in a */
        acc[t] = kb == 0 ? bias : vload_real(FWD_TC)(0, a + (size_t) b * ROW_STRIDE + ROW_OFFSET + o0);
      }
      for (int k = kb; k < k_end; k++) {
        const realv(FWD_TC) wk = vload_real(FWD_TC)(0, w + k * OUT);
#pragma unroll
        for (int t = 0; t < FWD_TR; t++) acc[t] = fma((realv(FWD_TC)) xr[t][k], wk, acc[t]);
      }
      const int last = k_end == IN;
#pragma unroll
      for (int t = 0; t < FWD_TR; t++) {
        if (b0 + t < n) {
          realv(FWD_TC) v = last ? ACTIVATE(acc[t]) : acc[t];
#if defined(DROPOUT_RATE) && !defined(INPUT_PROJECTION)
          if (last && counters[TRAINING]) {           /* drop, and scale the kept by 1 / (1 - rate) */
            KILN_DROPOUT(FWD_TC, v, counters, DROPOUT_RATE, DROPOUT_LAYER, (b0 + t) * OUT + o0);
          }
#endif
          KILN_STORE_TILE(FWD_TC, v, a + (size_t) (b0 + t) * ROW_STRIDE + ROW_OFFSET + o0, c0 - o0);
        }
      }
    }
  }
}

#undef FWD_TC
#undef FWD_TR
#undef FWD_RT
#undef FWD_KB
#undef FWD_ROWS
#undef FWD_START
#undef FWD_BIAS
#undef INPUT_PROJECTION
#undef FORWARD_ROW_TILES
#undef FORWARD_K_BLOCK
#undef FORWARD_TILE_ROWS
#undef FORWARD_TILE_COLS
