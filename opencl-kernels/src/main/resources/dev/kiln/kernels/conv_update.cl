/*
 * {{kernel}}: a Conv2D layer's weight gradient and the optimizer's update in one kernel, so the
 * gradient never goes through memory. Row FAN_IN of the parameters is the bias (when HAS_BIAS).
 *
 *   g[ky][kx][c][f] = sum_{b<n,oy,ox} x[b][oy*SH + ky - PT][ox*SW + kx - PL][c] * delta[b][oy][ox][f] + 2 l2 w
 *   g[bias][f]      = sum_{b<n,oy,ox} delta[b][oy][ox][f]
 *                       (GEMM: M = FAN_IN (+1), N = OUT_C, K = n * OUT_H * OUT_W, the patch matrix transposed)
 *
 * A work-item owns CONV_UPDATE_ROW_TILES x CONV_UPDATE_TILE_ROWS parameter rows (taps and channels)
 * and TC filters. It walks the batch one output row (OUT_W pixels) at a time; within it each row
 * tile accumulates in registers, and the running sums of all its row tiles wait in a private array
 * between output rows. So each delta row segment (OUT_W x TC) is read once from memory and reused
 * by every row tile while it is in L1. Then g gets the L2 term and the optimizer's update, row by row.
 * With WEIGHT_GRADIENT_ONLY (one use of a layer used from several places) g is added to the layer's
 * gradient buffer instead, and gradient_update.cl applies the optimizer once to the sum of the uses.
 * Global size {ceil(OUT_C / TC), ceil((FAN_IN + HAS_BIAS) / (TR * RT))}, local {1, 1}.
 */
#ifndef CONV_UPDATE_TILE_ROWS
#define CONV_UPDATE_TILE_ROWS 6
#endif
#ifndef CONV_UPDATE_TILE_COLS
#define CONV_UPDATE_TILE_COLS 16
#endif
#ifndef CONV_UPDATE_ROW_TILES
#define CONV_UPDATE_ROW_TILES 8
#endif
#if CONV_UPDATE_TILE_COLS >= 16 && OUT_C >= 16
#define CU_TC 16
#elif CONV_UPDATE_TILE_COLS >= 8 && OUT_C >= 8
#define CU_TC 8
#elif CONV_UPDATE_TILE_COLS >= 4 && OUT_C >= 4
#define CU_TC 4
#elif CONV_UPDATE_TILE_COLS >= 2 && OUT_C >= 2
#define CU_TC 2
#else
#define CU_TC 1
#endif
#define CU_TR CONV_UPDATE_TILE_ROWS
#define CU_RT CONV_UPDATE_ROW_TILES
#define CU_FAN_IN (WIN_H * WIN_W * IN_C)
#define CU_ROWS (CU_FAN_IN + HAS_BIAS)
#define CU_PADDED (PAD_TOP > 0 || PAD_LEFT > 0 || (OUT_H - 1) * STRIDE_H + WIN_H - PAD_TOP > IN_H \
                   || (OUT_W - 1) * STRIDE_W + WIN_W - PAD_LEFT > IN_W)

kernel void {{kernel}}(
    global const real* restrict x,
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
  const int c0 = get_global_id(0) * CU_TC;
  const int o0 = min(c0, OUT_C - CU_TC);
  const int i_first = get_global_id(1) * (CU_TR * CU_RT);
  if (i_first >= CU_ROWS) return;
  /* each owned row's place in the window: its input offset from the window's corner, and (ky, kx) */
  int offset[CU_RT * CU_TR], ky[CU_RT * CU_TR], kx[CU_RT * CU_TR];
  realv(CU_TC) sum[CU_RT * CU_TR];
  for (int r = 0; r < CU_RT * CU_TR; r++) {
    const int i = min(i_first + r, CU_FAN_IN - 1);
    ky[r] = i / (WIN_W * IN_C);
    kx[r] = (i - ky[r] * WIN_W * IN_C) / IN_C;
    offset[r] = (ky[r] * IN_W + kx[r]) * IN_C + i % IN_C;
    sum[r] = (realv(CU_TC)) 0;
  }
  for (int b = 0; b < n; b++) {
    const int image = (int) INPUT_START(b);
    for (int oy = 0; oy < OUT_H; oy++) {
      global const real* drow = delta + b * OUT + oy * OUT_W * OUT_C + o0;
      const int row_corner = image + (oy * STRIDE_H - PAD_TOP) * IN_W * IN_C;
      for (int rt = 0; rt < CU_RT; rt++) {
        const int i0 = i_first + rt * CU_TR;
        if (i0 >= CU_ROWS) break;
        const int r0 = rt * CU_TR;
        realv(CU_TC) acc[CU_TR];
#pragma unroll
        for (int t = 0; t < CU_TR; t++) acc[t] = sum[r0 + t];
        if (!CU_PADDED && i0 + CU_TR <= CU_FAN_IN) {   /* every row a weight, every read inside */
          global const real* xr[CU_TR];               /* each row's input at the first window of the row */
#pragma unroll
          for (int t = 0; t < CU_TR; t++) xr[t] = x + row_corner - PAD_LEFT * IN_C + offset[r0 + t];
          for (int ox = 0; ox < OUT_W; ox++) {
            const realv(CU_TC) dv = vload_real(CU_TC)(0, drow + ox * OUT_C);
#pragma unroll
            for (int t = 0; t < CU_TR; t++) acc[t] = fma((realv(CU_TC)) xr[t][ox * STRIDE_W * IN_C], dv, acc[t]);
          }
        } else {                                       /* padding, the bias row, or rows past the end */
          for (int ox = 0; ox < OUT_W; ox++) {
            const realv(CU_TC) dv = vload_real(CU_TC)(0, drow + ox * OUT_C);
            const int corner = row_corner + (ox * STRIDE_W - PAD_LEFT) * IN_C;
#pragma unroll
            for (int t = 0; t < CU_TR; t++) {
              const int i = i0 + t;
              const int iy = oy * STRIDE_H - PAD_TOP + ky[r0 + t];
              const int ix = ox * STRIDE_W - PAD_LEFT + kx[r0 + t];
              const int inside = iy >= 0 && iy < IN_H && ix >= 0 && ix < IN_W;
              const real xv = i < CU_FAN_IN ? (inside ? x[corner + offset[r0 + t]] : (real) 0)
                                            : (i == CU_FAN_IN ? (real) 1 : (real) 0);
              acc[t] = fma((realv(CU_TC)) xv, dv, acc[t]);
            }
          }
        }
#pragma unroll
        for (int t = 0; t < CU_TR; t++) sum[r0 + t] = acc[t];
      }
    }
  }
#ifdef WEIGHT_GRADIENT_ONLY
  for (int r = 0; r < CU_RT * CU_TR; r++) {
    const int i = i_first + r;
    if (i >= CU_ROWS) break;
    KILN_ADD_TILE(CU_TC, sum[r], grad + i * OUT_C + o0, c0 - o0);
  }
#else
  const real l2 = 2 * hyper[L2];
  const int step = counters[STEP] + 1;
  OPTIMIZER_PREPARE(hyper, step)
  for (int r = 0; r < CU_RT * CU_TR; r++) {
    const int i = i_first + r;
    if (i >= CU_ROWS) break;
    KILN_UPDATE_ROW(CU_TC, sum[r], i, CU_FAN_IN, OUT_C, o0, c0 - o0, params, state, PARAMS, hyper, step, l2);
  }
#endif
}

#undef CU_TC
#undef CU_TR
#undef CU_RT
#undef CU_FAN_IN
#undef CU_ROWS
#undef CU_PADDED
#undef CONV_UPDATE_TILE_ROWS
#undef CONV_UPDATE_TILE_COLS
#undef CONV_UPDATE_ROW_TILES
#undef WEIGHT_GRADIENT_ONLY
