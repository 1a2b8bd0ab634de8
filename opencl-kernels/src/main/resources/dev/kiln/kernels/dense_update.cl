/*
 * {{kernel}}: the weight gradient and the optimizer's update in one kernel, so the gradient
 * never goes through memory. Row IN of the parameters is the bias (when HAS_BIAS).
 *
 *   g[i][o] = sum_{b<n} x[b][i] * delta[b][o] + 2 l2 w[i][o]     (i < IN)
 *   g[IN][o] = sum_{b<n} delta[b][o]                                        (bias)
 *                                               (GEMM: M = IN (+1), N = OUT, K = n, x transposed)
 * state holds the optimizer's slots for this layer, one after the other, PARAMS long each.
 *
 * Register tiling for CPUs (PoCL): each work-item owns UPDATE_TILE_ROWS parameter rows x
 * UPDATE_TILE_COLS outputs, accumulated in one vector per row over the live samples:
 *
 *               o0     o0+TC          OUT
 *          +----+-------+----+----+--+       for b in 0..n:
 *   i0     |    | acc[0]|    |    |  |         dv = delta[b][o0 .. o0+TC)       (one vector load)
 *          |    | acc[1]|    |    |  |         acc[t] += x[b][i0+t] (broadcast) * dv
 *   i0+TR  |    |  ...  |    |    |  |       then g = acc + 2 l2 w and optimizer_update, per parameter
 *          +----+-------+----+----+--+
 *   row IN |      bias row (x = 1)   |     the tile that holds row IN (or rows past it) takes a
 *          +-------------------------+     slower path with a select per row; all others are branch-free
 *
 * The last column tile is shifted left to o0 = OUT - TC so it is full; it updates only the columns
 * no other tile owns, so every parameter is updated exactly once.
 * A tile row is updated as one vector (KILN_UPDATE_ROW, update_row.cl; constants such as Adam's
 * 1 - beta^t computed once per work-item by OPTIMIZER_PREPARE); for the shifted tile, per parameter.
 * With WEIGHT_GRADIENT_ONLY (one use of a layer used from two places) the gradient is added to the
 * layer's gradient buffer instead, and gradient_update.cl applies the optimizer once to their sum.
 * A work-item runs UPDATE_ROW_TILES row tiles one after the other (RT), so that its delta panel
 * (n x TC) stays in L1. Global size {ceil(OUT / TC), ceil((IN + HAS_BIAS) / (TR * RT))}, local {1, 1}.
 */

/* ---- tuning parameters (the planner may #define them before this template, per layer) ---- */
#ifndef UPDATE_TILE_ROWS
#define UPDATE_TILE_ROWS 6   /* parameter rows (inputs) per work-item: accumulators, one vector each */
#endif
#ifndef UPDATE_TILE_COLS
#define UPDATE_TILE_COLS 16  /* outputs per work-item = vector width: 1, 2, 4, 8 or 16 */
#endif
#ifndef UPDATE_ROW_TILES
#define UPDATE_ROW_TILES 8   /* row tiles per work-item, one after the other (the delta panel is reused) */
#endif
#if UPDATE_TILE_COLS >= 16 && OUT >= 16
#define UPD_TC 16
#elif UPDATE_TILE_COLS >= 8 && OUT >= 8
#define UPD_TC 8
#elif UPDATE_TILE_COLS >= 4 && OUT >= 4
#define UPD_TC 4
#elif UPDATE_TILE_COLS >= 2 && OUT >= 2
#define UPD_TC 2
#else
#define UPD_TC 1
#endif
#define UPD_TR UPDATE_TILE_ROWS
#define UPD_RT UPDATE_ROW_TILES
#define UPD_ROWS (IN + HAS_BIAS)

kernel void {{kernel}}(
    global const real* restrict x,
#ifdef GATHERED_INPUT
    global const real* restrict indices,   /* x is an Embedding's table: sample b reads the row at its index */
#endif
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict hyper,
    global const real* restrict delta,
#ifdef WEIGHT_GRADIENT_ONLY
    global real* restrict grad) {   /* a shared layer's use: its gradient added to the layer's */
#else
    global real* restrict params,
    global real* restrict state) {
#endif
  const int n = counters[BATCH];
  const int c0 = get_global_id(0) * UPD_TC;
  const int o0 = min(c0, OUT - UPD_TC);
#ifndef WEIGHT_GRADIENT_ONLY
  const real l2 = 2 * hyper[L2];
  const int step = counters[STEP] + 1;
  OPTIMIZER_PREPARE(hyper, step)
#endif
  const int i_first = get_global_id(1) * (UPD_TR * UPD_RT);
  for (int rt = 0; rt < UPD_RT; rt++) {          /* row tiles share the delta panel, which stays in L1 */
    const int i0 = i_first + rt * UPD_TR;
    if (i0 >= UPD_ROWS) break;
    realv(UPD_TC) acc[UPD_TR];
  #pragma unroll
    for (int t = 0; t < UPD_TR; t++) acc[t] = (realv(UPD_TC)) 0;
    global const real* dcol = delta + o0;
    if (i0 + UPD_TR <= IN) {
      for (int b = 0; b < n; b++) {
        global const real* xr = x + INPUT_START(b) + i0;
        const realv(UPD_TC) dv = vload_real(UPD_TC)(0, dcol + b * OUT);
  #pragma unroll
        for (int t = 0; t < UPD_TR; t++) acc[t] = fma((realv(UPD_TC)) xr[t], dv, acc[t]);
      }
    } else {
      for (int b = 0; b < n; b++) {
        global const real* xr = x + INPUT_START(b);
        const realv(UPD_TC) dv = vload_real(UPD_TC)(0, dcol + b * OUT);
  #pragma unroll
        for (int t = 0; t < UPD_TR; t++) {
          const int i = i0 + t;
          const real xv = i < IN ? xr[min(i, IN - 1)] : (real) 1;
          acc[t] = fma((realv(UPD_TC)) xv, dv, acc[t]);
        }
      }
    }
  #pragma unroll
    for (int t = 0; t < UPD_TR; t++) {
      const int i = i0 + t;
      if (i < UPD_ROWS) {
#ifdef WEIGHT_GRADIENT_ONLY
        KILN_ADD_TILE(UPD_TC, acc[t], grad + i * OUT + o0, c0 - o0);
#else
        KILN_UPDATE_ROW(UPD_TC, acc[t], i, IN, OUT, o0, c0 - o0, params, state, PARAMS, hyper, step, l2);
#endif
      }
    }
  }
}

#undef UPD_TC
#undef UPD_TR
#undef UPD_RT
#undef UPDATE_ROW_TILES
#undef UPD_ROWS
#undef UPDATE_TILE_ROWS
#undef UPDATE_TILE_COLS
#undef WEIGHT_GRADIENT_ONLY
