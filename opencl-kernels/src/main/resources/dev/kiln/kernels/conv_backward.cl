/*
 * {{kernel}}: a Conv2D layer's gradient with respect to its input, through the previous layer's
 * activation (and its dropout mask, regenerated):
 *
 *   delta_prev[b][iy][ix][c] = PREVIOUS_DERIVATIVE(a_prev[b][iy][ix][c])
 *       * sum_{ky,kx,f} delta[b][oy][ox][f] * w[ky][kx][c][f],   oy = (iy + PT - ky) / SH, ox likewise,
 *                                              over the (ky, kx) where that division is exact and in range
 *
 * Implicit GEMM again, gathering rather than scattering so that no two work-items write one value:
 * M = n * IN_H * IN_W input pixels, N = IN_C channels, K = WIN_H * WIN_W * OUT_C. A work-item owns
 * TC channels of CONV_BACKWARD_TILE_ROWS x CONV_BACKWARD_ROW_TILES pixels. w is read transposed, so it
 * first copies CONV_BACKWARD_TAPS taps of it, w[tap][c0 .. c0+TC)[0 .. OUT_C), into a private panel
 * (one vector per filter) shared by all its row tiles; with more taps than that, partial sums go
 * through delta_prev between panels and the derivative is applied after the last.
 * Global size {ceil(IN_C / TC), ceil(MAX_BATCH * IN_H * IN_W / (TR * RT))}, local {1, 1}.
 */
#ifndef CONV_BACKWARD_TILE_ROWS
#define CONV_BACKWARD_TILE_ROWS 6
#endif
#ifndef CONV_BACKWARD_TILE_COLS
#define CONV_BACKWARD_TILE_COLS 16
#endif
#ifndef CONV_BACKWARD_ROW_TILES
#define CONV_BACKWARD_ROW_TILES 8
#endif
#ifndef CONV_BACKWARD_TAPS
#define CONV_BACKWARD_TAPS 1
#endif
#if CONV_BACKWARD_TILE_COLS >= 16 && IN_C >= 16
#define CB_TC 16
#elif CONV_BACKWARD_TILE_COLS >= 8 && IN_C >= 8
#define CB_TC 8
#elif CONV_BACKWARD_TILE_COLS >= 4 && IN_C >= 4
#define CB_TC 4
#elif CONV_BACKWARD_TILE_COLS >= 2 && IN_C >= 2
#define CB_TC 2
#else
#define CB_TC 1
#endif
#define CB_TR CONV_BACKWARD_TILE_ROWS
#define CB_RT CONV_BACKWARD_ROW_TILES
#define CB_TAPS CONV_BACKWARD_TAPS
#define CB_PIXELS (IN_H * IN_W)

kernel void {{kernel}}(
    global const int* restrict counters,
    global const real* restrict params,
    global const real* restrict delta,
    global const real* restrict zeros,
    global const real* restrict a_prev,
    global real* restrict delta_prev) {
  const int rows = counters[BATCH] * CB_PIXELS;
  const int q_first = get_global_id(1) * (CB_TR * CB_RT);
  if (q_first >= rows) return;
  const int c0 = get_global_id(0) * CB_TC;
  const int i0 = min(c0, IN_C - CB_TC);
  real wt[CB_TAPS * OUT_C * CB_TC];
  for (int tap0 = 0; tap0 < WIN_H * WIN_W; tap0 += CB_TAPS) {
    const int tap_end = min(tap0 + CB_TAPS, WIN_H * WIN_W);
    for (int tap = tap0; tap < tap_end; tap++) {
      for (int f = 0; f < OUT_C; f++) {
#pragma unroll
        for (int j = 0; j < CB_TC; j++) {
          wt[((tap - tap0) * OUT_C + f) * CB_TC + j] = params[(tap * IN_C + i0 + j) * OUT_C + f];
        }
      }
    }
    const int last = tap_end == WIN_H * WIN_W;
    for (int rt = 0; rt < CB_RT; rt++) {
      const int q0 = q_first + rt * CB_TR;
      if (q0 >= rows) break;
      int b[CB_TR], iy[CB_TR], ix[CB_TR];
      realv(CB_TC) acc[CB_TR];
#pragma unroll
      for (int t = 0; t < CB_TR; t++) {
        const int q = min(q0 + t, rows - 1);
        b[t] = q / CB_PIXELS;
        iy[t] = (q - b[t] * CB_PIXELS) / IN_W;
        ix[t] = q - b[t] * CB_PIXELS - iy[t] * IN_W;
        acc[t] = tap0 == 0 ? (realv(CB_TC)) 0 : vload_real(CB_TC)(0, delta_prev + q * IN_C + i0);
      }
      for (int tap = tap0; tap < tap_end; tap++) {
        const int ky = tap / WIN_W;
        const int kx = tap - ky * WIN_W;
        /* the output gradient each pixel reaches through this tap; zeros where no output window
         * covers it (the image's edges, strides), so every tile runs the same unmasked loop */
        global const real* dr[CB_TR];
#pragma unroll
        for (int t = 0; t < CB_TR; t++) {
          const int sy = iy[t] + PAD_TOP - ky;
          const int sx = ix[t] + PAD_LEFT - kx;
          const int oy = sy / STRIDE_H;
          const int ox = sx / STRIDE_W;
          const int hit = sy >= 0 && sx >= 0 && oy * STRIDE_H == sy && ox * STRIDE_W == sx && oy < OUT_H && ox < OUT_W;
          dr[t] = hit ? delta + b[t] * OUT + (oy * OUT_W + ox) * OUT_C : zeros;
        }
        const real* panel = wt + (tap - tap0) * OUT_C * CB_TC;
        for (int f = 0; f < OUT_C; f++) {
          const realv(CB_TC) wv = vload_real(CB_TC)(0, panel + f * CB_TC);
#pragma unroll
          for (int t = 0; t < CB_TR; t++) acc[t] = fma((realv(CB_TC)) dr[t][f], wv, acc[t]);
        }
      }
#pragma unroll
      for (int t = 0; t < CB_TR; t++) {
        const int q = q0 + t;
        if (q < rows) {
          realv(CB_TC) v = acc[t];
          if (last) {
            v *= PREVIOUS_DERIVATIVE(vload_real(CB_TC)(0, a_prev + q * IN_C + i0));
#ifdef PREVIOUS_DROPOUT_RATE
            if (counters[TRAINING]) {
              KILN_DROPOUT(CB_TC, v, counters, PREVIOUS_DROPOUT_RATE, PREVIOUS_DROPOUT_LAYER, q * IN_C + i0);
            }
#endif
          }
          KILN_STORE_TILE(CB_TC, v, delta_prev + q * IN_C + i0, c0 - i0);
        }
      }
    }
  }
}

#undef CB_TC
#undef CB_TR
#undef CB_RT
#undef CB_TAPS
#undef CB_PIXELS
#undef CONV_BACKWARD_TILE_ROWS
#undef CONV_BACKWARD_TILE_COLS
#undef CONV_BACKWARD_ROW_TILES
#undef CONV_BACKWARD_TAPS
