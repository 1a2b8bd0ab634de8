/*
 * {{kernel}}: a pooling layer (POOL_MAX: the largest value of each window; else the mean of the
 * window's positions inside the image), per channel, on channels-last images:
 *
 *   a[b][oy][ox][c] = max or mean over x[b][oy*SH - PT .. + WIN_H)[ox*SW - PL .. + WIN_W)[c], inside the image
 *
 * GlobalAveragePooling2D is the mean with one window over the whole image. One work-item per output
 * row of a sample: pooling reads each input about once, so it is bound by memory, not arithmetic,
 * and the inner loop runs over the contiguous channels. Global size {OUT_H, MAX_BATCH}, local {1, 1}.
 */
kernel void {{kernel}}(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global real* restrict a) {
  const int b = get_global_id(1);
  if (b >= counters[BATCH]) return;
  const int oy = get_global_id(0);
  global const real* image = x + INPUT_START(b);
  const int y_from = max(oy * STRIDE_H - PAD_TOP, 0);
  const int y_to = min(oy * STRIDE_H - PAD_TOP + WIN_H, IN_H);
  for (int ox = 0; ox < OUT_W; ox++) {
    const int x_from = max(ox * STRIDE_W - PAD_LEFT, 0);
    const int x_to = min(ox * STRIDE_W - PAD_LEFT + WIN_W, IN_W);
    real v[IN_C];
    for (int c = 0; c < IN_C; c++) {
#ifdef POOL_MAX
      v[c] = -INFINITY;
#else
      v[c] = 0;
#endif
    }
    for (int y = y_from; y < y_to; y++) {
      for (int xx = x_from; xx < x_to; xx++) {
        global const real* px = image + (y * IN_W + xx) * IN_C;
#ifdef POOL_MAX
        for (int c = 0; c < IN_C; c++) v[c] = fmax(v[c], px[c]);
#else
        for (int c = 0; c < IN_C; c++) v[c] += px[c];
#endif
      }
    }
    const int element0 = (oy * OUT_W + ox) * IN_C;
    global real* out = a + b * OUT + element0;
#ifndef POOL_MAX
    const real count = (real) ((y_to - y_from) * (x_to - x_from));
#endif
    for (int c = 0; c < IN_C; c++) {
#ifdef POOL_MAX
      real r = v[c];
#else
      real r = v[c] / count;
#endif
#ifdef DROPOUT_RATE
      if (counters[TRAINING]) KILN_DROPOUT(1, r, counters, DROPOUT_RATE, DROPOUT_LAYER, b * OUT + element0 + c);
#endif
      out[c] = r;
    }
  }
}
