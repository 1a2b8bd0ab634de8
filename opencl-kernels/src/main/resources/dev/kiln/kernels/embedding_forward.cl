/*
 * {{kernel}}: an embedding lookup. Each of a sample's LENGTH indices picks one row of the table:
 *
 *   a[b][l][u] = table[x[b][l]][u]            (u < UNITS; params is the table [VOCABULARY][UNITS])
 *
 * The indices come from the data set as reals (exact up to 2^24); the host checked they lie in
 * 0 .. VOCABULARY - 1 before any kernel ran. A Dropout after the layer masks the copied values.
 * Row l of sample b goes to a + (b LENGTH + l) ROW_STRIDE + ROW_OFFSET: the layer's own buffer
 * (ROW_STRIDE = UNITS, ROW_OFFSET = 0), or its columns of the Concatenate that reads it.
 * One work-item per sample: global size {MAX_BATCH}, local size {1}.
 */
kernel void {{kernel}}(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict params,
    global real* restrict a) {
  const int n = counters[BATCH];
  const int b = get_global_id(0);
  if (b >= n) return;
  global const real* ids = x + INPUT_START(b);
  for (int l = 0; l < LENGTH; l++) {
    global const real* row = params + (size_t) ((int) ids[l]) * UNITS;
    global real* out = a + ((size_t) b * LENGTH + l) * ROW_STRIDE + ROW_OFFSET;
    for (int u = 0; u < UNITS; u++) {
      real v = row[u];
#ifdef DROPOUT_RATE
      if (counters[TRAINING]) {
        KILN_DROPOUT(1, v, counters, DROPOUT_RATE, DROPOUT_LAYER, (b * LENGTH + l) * UNITS + u);
      }
#endif
      out[u] = v;
    }
  }
}
