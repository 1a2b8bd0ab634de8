/*
 * {{kernel}}: the gradient with respect to this layer's input, through the previous
 * layer's activation (and its dropout mask, regenerated from the same hash as in the forward pass),
 * in one pass (the derivative is applied as the product is stored):
 *
 *   delta_prev[b][i] = PREVIOUS_DERIVATIVE(a_prev[b][i]) * sum_o delta[b][o] * w[i][o]
 *                                                   (GEMM: M = batch, N = IN, K = OUT, w transposed)
 * Runs before the same layer's update kernel, which changes w.
 *
 * Register tiling for CPUs (PoCL), the same micro-kernel as the forward pass: each work-item owns
 * BACKWARD_TILE_COLS inputs (one vector, TC wide) and BACKWARD_ROW_TILES x BACKWARD_TILE_ROWS samples.
 * w is read transposed, so a work-item first copies a block of it, w[i0 .. i0+TC)[ob .. ob+KB), into
 * a private panel wt[KB][TC] (one transpose per block, shared by all its row tiles):
 *
 *   w rows i0..i0+TC          panel wt (private)            delta_prev
 *   +--------------+          +--+--+--...--+            +------------+
 *   | w[i0][ob..]  |  ---->   |  one vector |  o = ob    | acc[0]     |  b0
 *   | w[i0+1][ob..]|          |  per o      |  ...       | acc[1] ... |
 *   +--------------+          +--+--+--...--+  ob+KB     +------------+  b0+TR
 *   acc[t] += delta[b0+t][o] (broadcast) * wt[o - ob] (vector), for o in the block
 *
 * With OUT > KB the partial sums go through delta_prev between blocks; the derivative is applied
 * after the last. The last column tile is shifted left (i0 = IN - TC) and stores only its own
 * columns; rows b >= n read row n-1 and are not stored.
 * Global size {ceil(IN / TC), ceil(MAX_BATCH / (TR * RT))}, local size {1, 1}.
 *
 * With INPUT_PROJECTION it is the gradient through an LSTM's input projection: a row is one step of
 * one sample (row b STEPS + t), and delta is the layer's workspace, where its backward pass through
 * time left the gradient of every step's gates.
 */

/* ---- tuning parameters (the planner may #define them before this template, per layer) ---- */
#ifndef BACKWARD_TILE_ROWS
#define BACKWARD_TILE_ROWS 6    /* samples per row tile: accumulators, one vector each */
#endif
#ifndef BACKWARD_TILE_COLS
#define BACKWARD_TILE_COLS 16   /* inputs per work-item = vector width: 1, 2, 4, 8 or 16 */
#endif
#ifndef BACKWARD_ROW_TILES
#define BACKWARD_ROW_TILES 16   /* row tiles per work-item, sharing one transposed panel */
#endif
#ifndef BACKWARD_K_BLOCK
#define BACKWARD_K_BLOCK 128    /* outputs per panel: KB x TC reals in private memory (8 KiB) */
#endif
#if BACKWARD_TILE_COLS >= 16 && IN >= 16
#define BWD_TC 16
#elif BACKWARD_TILE_COLS >= 8 && IN >= 8
#define BWD_TC 8
#elif BACKWARD_TILE_COLS >= 4 && IN >= 4
#define BWD_TC 4
#elif BACKWARD_TILE_COLS >= 2 && IN >= 2
#define BWD_TC 2
#else
#define BWD_TC 1
#endif
#define BWD_TR BACKWARD_TILE_ROWS
#define BWD_RT BACKWARD_ROW_TILES
#define BWD_KB (BACKWARD_K_BLOCK < OUT ? BACKWARD_K_BLOCK : OUT)

kernel void {{kernel}}(
    global const int* restrict counters,
    global const real* restrict params,
    global const real* restrict delta,
    global const real* restrict a_prev,
    global real* restrict delta_prev) {
#ifdef INPUT_PROJECTION
  const int n = counters[BATCH] * STEPS;
#else
  const int n = counters[BATCH];
#endif
  const int b_first = get_global_id(1) * (BWD_TR * BWD_RT);
  if (b_first >= n) return;
  const int c0 = get_global_id(0) * BWD_TC;         /* first input this work-item owns */
  const int i0 = min(c0, IN - BWD_TC);              /* first input it computes */
  real wt[BWD_KB * BWD_TC];
  for (int ob = 0; ob < OUT; ob += BWD_KB) {
    const int o_end = min(ob + BWD_KB, OUT);
    for (int o = ob; o < o_end; o++) {
#pragma unroll
      for (int c = 0; c < BWD_TC; c++) wt[(o - ob) * BWD_TC + c] = params[(i0 + c) * OUT + o];
    }
    const int last = o_end == OUT;
    for (int rt = 0; rt < BWD_RT; rt++) {
      const int b0 = b_first + rt * BWD_TR;
      if (b0 >= n) break;
      global const real* d[BWD_TR];
      realv(BWD_TC) acc[BWD_TR];
#pragma unroll
      for (int t = 0; t < BWD_TR; t++) {
        const int b = min(b0 + t, n - 1);
        d[t] = delta + b * OUT;
        acc[t] = ob == 0 ? (realv(BWD_TC)) 0 : vload_real(BWD_TC)(0, delta_prev + b * IN + i0);
      }
      for (int o = ob; o < o_end; o++) {
        const realv(BWD_TC) wv = vload_real(BWD_TC)(0, wt + (o - ob) * BWD_TC);
#pragma unroll
        for (int t = 0; t < BWD_TR; t++) acc[t] = fma((realv(BWD_TC)) d[t][o], wv, acc[t]);
      }
#pragma unroll
      for (int t = 0; t < BWD_TR; t++) {
        const int b = b0 + t;
        if (b < n) {
          realv(BWD_TC) v =
              last ? acc[t] * PREVIOUS_DERIVATIVE(vload_real(BWD_TC)(0, a_prev + b * IN + i0)) : acc[t];
#ifdef PREVIOUS_DROPOUT_RATE
          if (last && counters[TRAINING]) {      /* the previous layer's dropout mask, regenerated */
            KILN_DROPOUT(BWD_TC, v, counters, PREVIOUS_DROPOUT_RATE, PREVIOUS_DROPOUT_LAYER, b * IN + i0);
          }
#endif
          KILN_STORE_TILE(BWD_TC, v, delta_prev + b * IN + i0, c0 - i0);
        }
      }
    }
  }
}

#undef BWD_TC
#undef BWD_TR
#undef BWD_RT
#undef BWD_KB
#undef INPUT_PROJECTION
#undef BACKWARD_TILE_ROWS
#undef BACKWARD_TILE_COLS
#undef BACKWARD_ROW_TILES
#undef BACKWARD_K_BLOCK
