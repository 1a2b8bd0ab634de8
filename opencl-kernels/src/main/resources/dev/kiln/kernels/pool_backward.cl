/*
 * {{kernel}}: a pooling layer's gradient with respect to its input, through the previous layer's
 * activation (and its dropout mask, regenerated). Each input position gathers from every window
 * that covers it:
 *
 *   POOL_MAX: delta[window] if the position is the window's first largest value (row-major), else 0
 *   average:  delta[window] / (the window's positions inside the image)
 *
 * Max pooling keeps no index of where the maxima were: the window is scanned again in the input,
 * which costs a few reads of values that are in cache anyway, and no buffer or extra write in the
 * forward pass.
 *
 * Windows that do not overlap (stride >= window, the usual 2x2 pool) take a scatter path: one
 * work-item per output row of a sample finds each window's maximum once, for all channels in a
 * row of vector lanes, and writes every input of the window (no other window writes them), then
 * zeroes the input rows no window covers. Overlapping windows take the gather path: one work-item
 * per input row, each input summing over the windows that cover it. Global size {OUT_H or IN_H,
 * MAX_BATCH}, local {1, 1}.
 */

/* the gradient through the previous layer: its activation derivative, and its dropout mask (regenerated) */
#ifdef PREVIOUS_DROPOUT_RATE
#define POOL_GRADIENT_OUT(g, a, element) do { \
    real pool_v_ = (g) * PREVIOUS_DERIVATIVE(a); \
    if (counters[TRAINING]) { \
      KILN_DROPOUT(1, pool_v_, counters, PREVIOUS_DROPOUT_RATE, PREVIOUS_DROPOUT_LAYER, (element)); \
    } \
    delta_prev[element] = pool_v_; \
  } while (0)
#else
#define POOL_GRADIENT_OUT(g, a, element) (delta_prev[element] = (g) * PREVIOUS_DERIVATIVE(a))
#endif

#if STRIDE_H >= WIN_H && STRIDE_W >= WIN_W
kernel void {{kernel}}(
    global const int* restrict counters,
    global const int* restrict order,
    global const real* restrict delta,
    global const real* restrict a_prev,
    global real* restrict delta_prev) {
  const int b = get_global_id(1);
  if (b >= counters[BATCH]) return;
  const int oy = get_global_id(0);
  global const real* image = a_prev + INPUT_START(b);
  global const real* d = delta + b * OUT + oy * OUT_W * IN_C;
  const int y0 = oy * STRIDE_H - PAD_TOP;
  const int y_from = max(y0, 0);
  const int y_to = min(y0 + WIN_H, IN_H);
  /* input rows between this window row and the next that no window covers get a zero gradient */
  const int gap_to = oy == OUT_H - 1 ? IN_H : min((oy + 1) * STRIDE_H - PAD_TOP, IN_H);
  for (int y = max(y_to, 0); y < gap_to; y++) {
    for (int i = 0; i < IN_W * IN_C; i++) delta_prev[b * IN + y * IN_W * IN_C + i] = 0;
  }
  if (oy == 0) {
    for (int y = 0; y < y_from; y++) {
      for (int i = 0; i < IN_W * IN_C; i++) delta_prev[b * IN + y * IN_W * IN_C + i] = 0;
    }
  }
  for (int ox = 0; ox < OUT_W; ox++) {
    const int x0 = ox * STRIDE_W - PAD_LEFT;
    const int x_from = max(x0, 0);
    const int x_to = min(x0 + WIN_W, IN_W);
    const int column_gap_to = ox == OUT_W - 1 ? IN_W : min((ox + 1) * STRIDE_W - PAD_LEFT, IN_W);
    for (int y = y_from; y < y_to; y++) {   /* columns right of this window that no window covers */
      for (int xx = x_to; xx < column_gap_to; xx++) {
        for (int c = 0; c < IN_C; c++) delta_prev[b * IN + (y * IN_W + xx) * IN_C + c] = 0;
      }
      if (ox == 0) {
        for (int xx = 0; xx < x_from; xx++) {
          for (int c = 0; c < IN_C; c++) delta_prev[b * IN + (y * IN_W + xx) * IN_C + c] = 0;
        }
      }
    }
    global const real* dy = d + ox * IN_C;
#ifdef POOL_MAX
    int first[IN_C];   /* per channel, the window's first largest value (row-major); channels innermost */
    real best[IN_C];
    for (int c = 0; c < IN_C; c++) {
      first[c] = y_from * IN_W + x_from;
      best[c] = image[first[c] * IN_C + c];
    }
    for (int y = y_from; y < y_to; y++) {
      for (int xx = x_from; xx < x_to; xx++) {
        global const real* px = image + (y * IN_W + xx) * IN_C;
        for (int c = 0; c < IN_C; c++) {
          first[c] = px[c] > best[c] ? y * IN_W + xx : first[c];
          best[c] = fmax(px[c], best[c]);
        }
      }
    }
#else
    const real share = (real) 1 / (real) ((y_to - y_from) * (x_to - x_from));
#endif
    for (int y = y_from; y < y_to; y++) {
      for (int xx = x_from; xx < x_to; xx++) {
        const int position = y * IN_W + xx;
        for (int c = 0; c < IN_C; c++) {
#ifdef POOL_MAX
          const real g = position == first[c] ? dy[c] : (real) 0;
#else
          const real g = dy[c] * share;
#endif
          POOL_GRADIENT_OUT(g, image[position * IN_C + c], b * IN + position * IN_C + c);
        }
      }
    }
  }
}
#else
kernel void {{kernel}}(
    global const int* restrict counters,
    global const int* restrict order,
    global const real* restrict delta,
    global const real* restrict a_prev,
    global real* restrict delta_prev) {
  const int b = get_global_id(1);
  if (b >= counters[BATCH]) return;
  const int iy = get_global_id(0);
  global const real* image = a_prev + INPUT_START(b);
  global const real* d = delta + b * OUT;
  /* the output rows and columns whose windows cover this input row / column */
  const int oy_from = max(0, (iy + PAD_TOP - WIN_H + STRIDE_H) / STRIDE_H);
  const int oy_to = min(OUT_H - 1, (iy + PAD_TOP) / STRIDE_H);
  for (int ix = 0; ix < IN_W; ix++) {
    const int ox_from = max(0, (ix + PAD_LEFT - WIN_W + STRIDE_W) / STRIDE_W);
    const int ox_to = min(OUT_W - 1, (ix + PAD_LEFT) / STRIDE_W);
    const int position = iy * IN_W + ix;
    for (int c = 0; c < IN_C; c++) {
      real g = 0;
      for (int oy = oy_from; oy <= oy_to; oy++) {
        const int y0 = oy * STRIDE_H - PAD_TOP;
        if (iy < y0 || iy >= y0 + WIN_H) continue;
        const int y_from = max(y0, 0);
        const int y_to = min(y0 + WIN_H, IN_H);
        for (int ox = ox_from; ox <= ox_to; ox++) {
          const int x0 = ox * STRIDE_W - PAD_LEFT;
          if (ix < x0 || ix >= x0 + WIN_W) continue;
          const int x_from = max(x0, 0);
          const int x_to = min(x0 + WIN_W, IN_W);
          const real dy = d[(oy * OUT_W + ox) * IN_C + c];
#ifdef POOL_MAX
          int first = -1;
          real best = -INFINITY;
          for (int y = y_from; y < y_to; y++) {
            for (int xx = x_from; xx < x_to; xx++) {
              const real v = image[(y * IN_W + xx) * IN_C + c];
              if (first < 0 || v > best) {
                best = v;
                first = y * IN_W + xx;
              }
            }
          }
          if (first == position) g += dy;
#else
          g += dy / (real) ((y_to - y_from) * (x_to - x_from));
#endif
        }
      }
      POOL_GRADIENT_OUT(g, image[position * IN_C + c], b * IN + position * IN_C + c);
    }
  }
}
#endif

#undef POOL_GRADIENT_OUT
