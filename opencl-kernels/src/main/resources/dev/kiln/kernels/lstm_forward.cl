/*
 * {{kernel}}: an LSTM's recurrence, after its input projection (dense_forward.cl with
 * INPUT_PROJECTION) has left z_t = x_t W + b of every step in the workspace. Per step s, reading
 * input step t (t = s, or STEPS - 1 - s with GO_BACKWARDS), with R the recurrent kernel
 * [UNITS][GATES] and the gates in Keras's order (input, forget, candidate, output):
 *
 *   z = z_t + h R                      one product per step, fused with the gates below
 *   i = GATE(z_i)  f = GATE(z_f)  g = CELL(z_g)  o = GATE(z_o)
 *   c = f c + i g                      h = o CELL(c)          (h and c start at 0)
 *
 * It keeps what the backward pass through time needs in the workspace:
 *   [0, MAX_BATCH STEPS GATES)   the activated gates, over z_t: row b STEPS + t
 *   [CELLS_AT, + ... UNITS)      c of each step: row b STEPS + s
 *   [CELL_OUTPUTS_AT, + ... UNITS)   CELL(c) of each step: row b STEPS + s
 *   [HIDDEN_AT, + ... UNITS)     h of each step: row b STEPS + s
 * and writes its output: h of every step (RETURN_SEQUENCES, in the order it ran them, as Keras
 * does) or of the last, with the Dropout after it applied. With MASKED, a step whose Embedding index
 * is 0 (KEEPS(b, t) false) changes nothing: h and c carry through it, as in Keras.
 *
 * One work-item per REC_SAMPLES samples (global size {MAX_BATCH / REC_SAMPLES}, local size {1}):
 * the steps of a sample depend on each other, the samples do not. h R is KILN_STATE_PRODUCT
 * (recurrent.cl), for the work-item's samples at once: each vector of R it loads serves them all.
 */
kernel void {{kernel}}(
#ifdef MASKED
    global const real* restrict mask,      /* the data set: the indices of the Embedding, 0 for padding */
    global const int* restrict order,
#endif
    global const int* restrict counters,
    global const real* restrict params,
    global real* restrict ws,
    global real* restrict a) {
  const int n = counters[BATCH];
  const int b0 = get_global_id(0) * REC_SAMPLES;
  if (b0 >= n) return;
  const int many = min(REC_SAMPLES, n - b0);
  global const real* r = params + IN * GATES;
  real h[REC_SAMPLES][UNITS];
  real c[REC_SAMPLES][UNITS];
  for (int q = 0; q < REC_SAMPLES; q++) {
    for (int u = 0; u < UNITS; u++) {
      h[q][u] = 0;
      c[q][u] = 0;
    }
  }
  for (int s = 0; s < STEPS; s++) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* z[REC_SAMPLES];
    KILN_SAMPLE_ROWS(z, ws, 0, b0, t, GATES);
    /* a padded step's z too, unused: the pass back through time leaves 0 there */
    KILN_STATE_PRODUCT(z, h, r, z, many);
    for (int q = 0; q < many; q++) {
      const int b = b0 + q;
      global real* cs = ws + CELLS_AT + ((size_t) b * STEPS + s) * UNITS;
      global real* cts = ws + CELL_OUTPUTS_AT + ((size_t) b * STEPS + s) * UNITS;
#ifdef MASKED
      if (!KEEPS(b, t)) {   /* padding: h and c carry through, and so does the output */
        for (int u = 0; u < UNITS; u++) cs[u] = c[q][u];
        KILN_STEP_OUTPUT(ws, a, h[q], b, s);
        continue;
      }
#endif
      global real* zq = z[q];
      for (int u = 0; u < UNITS; u++) {   /* scalar: PoCL's vector exp and tanh are many times slower */
        const real i = GATE(zq[u]);
        const real f = GATE(zq[UNITS + u]);
        const real g = CELL(zq[2 * UNITS + u]);
        const real o = GATE(zq[3 * UNITS + u]);
        zq[u] = i;
        zq[UNITS + u] = f;
        zq[2 * UNITS + u] = g;
        zq[3 * UNITS + u] = o;
        c[q][u] = f * c[q][u] + i * g;
        const real ct = CELL(c[q][u]);
        h[q][u] = o * ct;
        cs[u] = c[q][u];
        cts[u] = ct;
      }
      KILN_STEP_OUTPUT(ws, a, h[q], b, s);
    }
  }
}

#undef REC_LANES
#undef REC_GROUP
#undef REC_UNIT_LANES
#undef REC_UNIT_GROUP
#undef REC_SAMPLES
#undef MASKED
#undef KEEPS
