/*
 * {{kernel}}: a recurrent layer's weight gradients over every step of every sample, and the
 * optimizer's update, in one kernel. Its parameters are one matrix [IN + UNITS + 1][GATES]: the kernel, the recurrent
 * kernel, then the bias row; each row's gradient is a sum over the rows (b, t) of the batch's steps
 * of what that row multiplied in the forward pass, times the gradient of the gates there (dz, which
 * its backward pass through time left in the workspace at row b STEPS + t):
 *
 *   g[i][j]         = sum x_t[i] dz[j] + 2 l2 w[i][j]          (kernel rows, i < IN)
 *   g[IN + k][j]    = sum h_prev[k] dz[j] + 2 l2 r[k][j]       (recurrent rows; h_prev of the first step is 0)
 *   g[IN + UNITS][j] = sum dz[j]                               (bias)
 *                                       (GEMM: M = IN + UNITS + 1, N = GATES, K = batch x STEPS)
 *
 * A GRU (CANDIDATE_AT defined) with RESET_AFTER has two bias rows, b_in then b_rec, and the gradient
 * of what its recurrent product gave differs from its projection's in the candidate's columns (r
 * times it, which gru_backward.cl left at CANDIDATE_AT): the recurrent rows and b_rec read that (dvr).
 * Without RESET_AFTER it has one bias row, and its recurrent rows multiply r h_prev (which
 * gru_forward.cl left at CANDIDATE_AT) instead of h_prev in the candidate's columns: the processor
 * gives it tiles of columns that divide UNITS, so that each tile is one or the other (reset_tile).
 *
 * Register tiles as dense_update.cl's, but of UPDATE_TILE_VECTORS vectors of columns: each
 * work-item owns UPDATE_TILE_ROWS parameter rows x UPDATE_TILE_VECTORS x UPDATE_TILE_COLS gate
 * columns, for UPDATE_ROW_TILES row tiles, so that each value it loads of a row feeds several FMAs
 * (the loads, not the FMAs, bound a tile of one vector). A tile wholly in the kernel rows or in the
 * recurrent rows runs branch-free; one across their border or holding the bias row picks each row's
 * value. Global size {ceil(GATES / (V TC)), ceil((IN + UNITS + 1) / (TR RT))}, local {1, 1}; with
 * more than one vector, V TC divides GATES (only a tile of one vector can overhang the last column).
 */
#ifndef UPDATE_TILE_ROWS
#define UPDATE_TILE_ROWS 6
#endif
#ifndef UPDATE_TILE_COLS
#define UPDATE_TILE_COLS 16
#endif
#ifndef UPDATE_ROW_TILES
#define UPDATE_ROW_TILES 8
#endif
#if UPDATE_TILE_COLS >= 16 && GATES >= 16
#define LUP_TC 16
#elif UPDATE_TILE_COLS >= 8 && GATES >= 8
#define LUP_TC 8
#elif UPDATE_TILE_COLS >= 4 && GATES >= 4
#define LUP_TC 4
#elif UPDATE_TILE_COLS >= 2 && GATES >= 2
#define LUP_TC 2
#else
#define LUP_TC 1
#endif
#ifndef UPDATE_TILE_VECTORS
#define UPDATE_TILE_VECTORS 1
#endif
#define LUP_V UPDATE_TILE_VECTORS
#define LUP_TR UPDATE_TILE_ROWS
#define LUP_RT UPDATE_ROW_TILES
#define LUP_WEIGHT_ROWS (IN + UNITS)
#if defined(CANDIDATE_AT) && RESET_AFTER
#define LUP_ROWS (IN + UNITS + 2)
#else
#define LUP_ROWS (IN + UNITS + 1)
#endif
#if defined(CANDIDATE_AT) && !RESET_AFTER
#define LUP_RESET_BEFORE
#if UNITS % (LUP_TC * LUP_V) != 0
#error "a GRU without reset_after needs update tiles of columns that divide UNITS"
#endif
#endif

kernel void {{kernel}}(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict hyper,
    global const real* restrict ws,
    global real* restrict params,
    global real* restrict state) {
  const int n = counters[BATCH];
  const int c0 = get_global_id(0) * LUP_TC * LUP_V;
  const int o0 = min(c0, GATES - LUP_TC * LUP_V);   /* an overhanging last tile (LUP_V 1) moves back */
  const real l2 = 2 * hyper[L2];
  const int step = counters[STEP] + 1;
  OPTIMIZER_PREPARE(hyper, step)
  const int i_first = get_global_id(1) * (LUP_TR * LUP_RT);
#ifdef LUP_RESET_BEFORE
  const int reset_tile = o0 >= 2 * UNITS;   /* the candidate's columns: the recurrent rows multiply r h_prev */
#endif
  for (int rt = 0; rt < LUP_RT; rt++) {
    const int i0 = i_first + rt * LUP_TR;
    if (i0 >= LUP_ROWS) break;
    realv(LUP_TC) acc[LUP_TR][LUP_V];
#pragma unroll
    for (int t = 0; t < LUP_TR; t++) {
#pragma unroll
      for (int v = 0; v < LUP_V; v++) acc[t][v] = (realv(LUP_TC)) 0;
    }
    for (int b = 0; b < n; b++) {
      global const real* xb = x + INPUT_START(b);
      global const real* hb = ws + HIDDEN_AT + (size_t) b * STEPS * UNITS;
      for (int st = 0; st < STEPS; st++) {
        const int s = GO_BACKWARDS ? STEPS - 1 - st : st;     /* the step that read input step st */
        global const real* dz = ws + ((size_t) b * STEPS + st) * GATES;
        realv(LUP_TC) dv[LUP_V];
#pragma unroll
        for (int v = 0; v < LUP_V; v++) dv[v] = vload_real(LUP_TC)(0, dz + o0 + v * LUP_TC);
        /* what the recurrent rows multiply: h_prev, or r h_prev in a reset tile */
#ifdef LUP_RESET_BEFORE
        global const real* hp = reset_tile ? ws + CANDIDATE_AT + ((size_t) b * STEPS + s) * UNITS
                                           : hb + (s - 1) * UNITS;
#else
        global const real* hp = hb + (s - 1) * UNITS;
#endif
        realv(LUP_TC) dvr[LUP_V];   /* the gradient the recurrent rows take */
#if defined(CANDIDATE_AT) && RESET_AFTER
        global const real* dg = ws + CANDIDATE_AT + ((size_t) b * STEPS + s) * UNITS;
#pragma unroll
        for (int v = 0; v < LUP_V; v++) {
          const int ov = o0 + v * LUP_TC;
          if (ov + LUP_TC <= 2 * UNITS) {
            dvr[v] = dv[v];
          } else if (ov >= 2 * UNITS) {
            dvr[v] = vload_real(LUP_TC)(0, dg + ov - 2 * UNITS);
          } else {
            real lanes[LUP_TC];
            for (int q = 0; q < LUP_TC; q++) lanes[q] = ov + q < 2 * UNITS ? dz[ov + q] : dg[ov + q - 2 * UNITS];
            dvr[v] = vload_real(LUP_TC)(0, lanes);
          }
        }
#else
#pragma unroll
        for (int v = 0; v < LUP_V; v++) dvr[v] = dv[v];
#endif
        global const real* xr = xb + st * IN;
        if (i0 + LUP_TR <= IN) {                               /* kernel rows */
#pragma unroll
          for (int t = 0; t < LUP_TR; t++) {
            const realv(LUP_TC) xv = (realv(LUP_TC)) (xr[i0 + t]);
#pragma unroll
            for (int v = 0; v < LUP_V; v++) acc[t][v] = fma(xv, dv[v], acc[t][v]);
          }
        } else if (i0 >= IN && i0 + LUP_TR <= LUP_WEIGHT_ROWS) {  /* recurrent rows */
          if (s == 0) continue;                                /* h_prev is 0 */
          global const real* hr = hp + (i0 - IN);
#pragma unroll
          for (int t = 0; t < LUP_TR; t++) {
            const realv(LUP_TC) hv = (realv(LUP_TC)) (hr[t]);
#pragma unroll
            for (int v = 0; v < LUP_V; v++) acc[t][v] = fma(hv, dvr[v], acc[t][v]);
          }
        } else {                                               /* across a border, or the bias rows */
          global const real* hr = hp - IN;
#pragma unroll
          for (int t = 0; t < LUP_TR; t++) {
            const int i = i0 + t;
            const real value = i < IN ? xr[i]
                : i < LUP_WEIGHT_ROWS ? (s > 0 ? hr[min(i, LUP_WEIGHT_ROWS - 1)] : (real) 0)
                : (real) 1;
            /* the recurrent rows and b_rec (a RESET_AFTER GRU's last row) take the recurrent product's gradient */
            const int recurrent = (i >= IN && i < LUP_WEIGHT_ROWS) || i == LUP_WEIGHT_ROWS + 1;
#pragma unroll
            for (int v = 0; v < LUP_V; v++) {
              acc[t][v] = fma((realv(LUP_TC)) value, recurrent ? dvr[v] : dv[v], acc[t][v]);
            }
          }
        }
      }
    }
#pragma unroll
    for (int t = 0; t < LUP_TR; t++) {
      const int i = i0 + t;
      if (i < LUP_ROWS) {
#pragma unroll
        for (int v = 0; v < LUP_V; v++) {
          KILN_UPDATE_ROW(LUP_TC, acc[t][v], i, LUP_WEIGHT_ROWS, GATES, o0 + v * LUP_TC, c0 - o0, params, state,
              PARAMS, hyper, step, l2);
        }
      }
    }
  }
}

#undef LUP_TC
#undef LUP_V
#undef LUP_TR
#undef LUP_RT
#undef LUP_WEIGHT_ROWS
#undef LUP_ROWS
#undef LUP_RESET_BEFORE
#undef UPDATE_TILE_ROWS
#undef UPDATE_TILE_COLS
#undef UPDATE_ROW_TILES
#undef UPDATE_TILE_VECTORS
