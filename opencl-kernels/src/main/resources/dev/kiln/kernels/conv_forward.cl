/*
 * {{kernel}}: a Conv2D layer, convolution + bias + activation in one kernel, on channels-last images.
 *
 *   a[b][oy][ox][f] = ACTIVATE(bias[f] + sum_{ky,kx,c} x[b][oy*SH + ky - PT][ox*SW + kx - PL][c] * w[ky][kx][c][f])
 *
 * Implicit GEMM: M = n * OUT_H * OUT_W output pixels, N = OUT_C filters, K = WIN_H * WIN_W * IN_C,
 * with the patch matrix never built: the dense forward's register-tiled micro-kernel with another
 * row address. Without padding, a window row (kx, c) is contiguous in channels-last memory, so the
 * inner loop runs over WIN_W * IN_C consecutive inputs. Measured on the 2-core PoCL machine, the
 * tutorial CNN's second convolution (batch 128, 2.7 GFLOP): 59 ms with the rows addressed through a
 * private array of offsets, 18-21 ms (130-150 GFLOP/s) through per-row pointers as below. Not built,
 * so not measured: an explicit im2col (it would write and read back M x K values, 85 MB a step for
 * that layer) and direct convolution (one output per work-item, so no register reuse of w).
 *
 * params holds w row-major [WIN_H][WIN_W][IN_C][OUT_C] (Keras's HWIO), then the bias [OUT_C].
 * Each work-item computes CONV_TILE_ROWS pixels x TC filters in vectors, for CONV_ROW_TILES row
 * tiles in turn (their w panel, K x TC, stays in L1). The last column tile is shifted left so it
 * is full and stores only its own columns; pixels past the batch read the last one and are not
 * stored. Global size {ceil(OUT_C / TC), ceil(MAX_BATCH * OUT_H * OUT_W / (TR * RT))}, local {1, 1}.
 * Output pixel m (of the whole batch) goes to a + m ROW_STRIDE + ROW_OFFSET: the layer's own buffer
 * (ROW_STRIDE = OUT_C, ROW_OFFSET = 0), or its channels of the Concatenate that reads it.
 */
#ifndef CONV_TILE_ROWS
#define CONV_TILE_ROWS 6
#endif
#ifndef CONV_TILE_COLS
#define CONV_TILE_COLS 16
#endif
#ifndef CONV_ROW_TILES
#define CONV_ROW_TILES 8
#endif
#if CONV_TILE_COLS >= 16 && OUT_C >= 16
#define CF_TC 16
#elif CONV_TILE_COLS >= 8 && OUT_C >= 8
#define CF_TC 8
#elif CONV_TILE_COLS >= 4 && OUT_C >= 4
#define CF_TC 4
#elif CONV_TILE_COLS >= 2 && OUT_C >= 2
#define CF_TC 2
#else
#define CF_TC 1
#endif
#define CF_TR CONV_TILE_ROWS
#define CF_RT CONV_ROW_TILES
#define CF_PIXELS (OUT_H * OUT_W)
/* whether some window reaches outside the image (SAME padding): then every read is checked */
#define CF_PADDED (PAD_TOP > 0 || PAD_LEFT > 0 || (OUT_H - 1) * STRIDE_H + WIN_H - PAD_TOP > IN_H \
                   || (OUT_W - 1) * STRIDE_W + WIN_W - PAD_LEFT > IN_W)

kernel void {{kernel}}(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict params,
    global real* restrict a) {
  const int rows = counters[BATCH] * CF_PIXELS;
  const int m_first = get_global_id(1) * (CF_TR * CF_RT);
  if (m_first >= rows) return;
  const int c0 = get_global_id(0) * CF_TC;
  const int o0 = min(c0, OUT_C - CF_TC);
#if HAS_BIAS
  const realv(CF_TC) bias = vload_real(CF_TC)(0, params + WIN_H * WIN_W * IN_C * OUT_C + o0);
#else
  const realv(CF_TC) bias = (realv(CF_TC)) 0;
#endif
  global const real* w = params + o0;
  for (int rt = 0; rt < CF_RT; rt++) {
    const int m0 = m_first + rt * CF_TR;
    if (m0 >= rows) break;
    int corner[CF_TR];   /* offset in x of the window's top-left input (it may lie in the padding) */
#if CF_PADDED
    int iy0[CF_TR], ix0[CF_TR];
#endif
    realv(CF_TC) acc[CF_TR];
#pragma unroll
    for (int t = 0; t < CF_TR; t++) {
      const int m = min(m0 + t, rows - 1);
      const int b = m / CF_PIXELS;
      const int oy = (m - b * CF_PIXELS) / OUT_W;
      const int ox = m - b * CF_PIXELS - oy * OUT_W;
      corner[t] = (int) INPUT_START(b) + ((oy * STRIDE_H - PAD_TOP) * IN_W + ox * STRIDE_W - PAD_LEFT) * IN_C;
#if CF_PADDED
      iy0[t] = oy * STRIDE_H - PAD_TOP;
      ix0[t] = ox * STRIDE_W - PAD_LEFT;
#endif
      acc[t] = bias;
    }
    for (int ky = 0; ky < WIN_H; ky++) {
#if CF_PADDED
      for (int kx = 0; kx < WIN_W; kx++) {
        int at[CF_TR];
        real inside[CF_TR];   /* 1 inside the image, 0 in the padding (read at the corner instead) */
#pragma unroll
        for (int t = 0; t < CF_TR; t++) {
          const int iy = iy0[t] + ky;
          const int ix = ix0[t] + kx;
          const int within = iy >= 0 && iy < IN_H && ix >= 0 && ix < IN_W;
          inside[t] = within ? (real) 1 : (real) 0;
          at[t] = within ? corner[t] + (ky * IN_W + kx) * IN_C : 0;
        }
        global const real* wk = w + (ky * WIN_W + kx) * IN_C * OUT_C;
        for (int c = 0; c < IN_C; c++) {
          const realv(CF_TC) wv = vload_real(CF_TC)(0, wk + c * OUT_C);
#pragma unroll
          for (int t = 0; t < CF_TR; t++) acc[t] = fma((realv(CF_TC)) (x[at[t] + c] * inside[t]), wv, acc[t]);
        }
      }
#else
      global const real* xr[CF_TR];   /* window row ky of each pixel: WIN_W * IN_C consecutive inputs */
#pragma unroll
      for (int t = 0; t < CF_TR; t++) xr[t] = x + corner[t] + ky * IN_W * IN_C;
      global const real* wk = w + ky * WIN_W * IN_C * OUT_C;
      for (int k = 0; k < WIN_W * IN_C; k++) {
        const realv(CF_TC) wv = vload_real(CF_TC)(0, wk + k * OUT_C);
#pragma unroll
        for (int t = 0; t < CF_TR; t++) acc[t] = fma((realv(CF_TC)) xr[t][k], wv, acc[t]);
      }
#endif
    }
#pragma unroll
    for (int t = 0; t < CF_TR; t++) {
      const int m = m0 + t;
      if (m < rows) {
        realv(CF_TC) v = ACTIVATE(acc[t]);
#ifdef DROPOUT_RATE
        if (counters[TRAINING]) KILN_DROPOUT(CF_TC, v, counters, DROPOUT_RATE, DROPOUT_LAYER, m * OUT_C + o0);
#endif
        KILN_STORE_TILE(CF_TC, v, a + (size_t) m * ROW_STRIDE + ROW_OFFSET + o0, c0 - o0);
      }
    }
  }
}

#undef CF_TC
#undef CF_TR
#undef CF_RT
#undef CF_PIXELS
#undef CF_PADDED
#undef CONV_TILE_ROWS
#undef CONV_TILE_COLS
#undef CONV_ROW_TILES
