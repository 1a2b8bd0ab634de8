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
 * forward pass. One work-item per input row of a sample. Global size {IN_H, MAX_BATCH}, local {1, 1}.
 */
kernel void {{kernel}}(
    global const int* restrict counters,
    global const int* restrict order,
    global const real* restrict delta,
    global const real* restrict a_prev,
    global real* restrict delta_prev) {
  const int b = get_global_id(1);
  if (b >= counters[BATCH]) return;
  const int iy = get_global_id(0);
  global const real* image = a_prev + (size_t) INPUT_ROW(b) * IN;
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
      real v = g * PREVIOUS_DERIVATIVE(image[position * IN_C + c]);
#ifdef PREVIOUS_DROPOUT_RATE
      if (counters[TRAINING]) {
        KILN_DROPOUT(1, v, counters, PREVIOUS_DROPOUT_RATE, PREVIOUS_DROPOUT_LAYER, b * IN + position * IN_C + c);
      }
#endif
      delta_prev[b * IN + position * IN_C + c] = v;
    }
  }
}
