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
 * One work-item per sample (global size {MAX_BATCH}, local size {1}): the steps of a sample depend
 * on each other, the samples do not. h R runs in vectors of REC_LANES gate values, REC_GROUP
 * vectors at once (independent FMA chains); R stays in cache across the steps.
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
  const int b = get_global_id(0);
  if (b >= n) return;
  global const real* r = params + IN * GATES;
  real h[UNITS];
  real c[UNITS];
  for (int u = 0; u < UNITS; u++) {
    h[u] = 0;
    c[u] = 0;
  }
  for (int s = 0; s < STEPS; s++) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* z = ws + ((size_t) b * STEPS + t) * GATES;
    global real* cs = ws + CELLS_AT + ((size_t) b * STEPS + s) * UNITS;
#ifdef MASKED
    if (!KEEPS(b, t)) {   /* padding: h and c carry through, and so does the output */
      for (int u = 0; u < UNITS; u++) cs[u] = c[u];
      KILN_STEP_OUTPUT(ws, a, h, b, s);
      continue;
    }
#endif
    KILN_STATE_PRODUCT(z, h, r, z);
    global real* cts = ws + CELL_OUTPUTS_AT + ((size_t) b * STEPS + s) * UNITS;
    for (int u = 0; u < UNITS; u++) {   /* scalar: PoCL's vector exp and tanh are many times slower */
      const real i = GATE(z[u]);
      const real f = GATE(z[UNITS + u]);
      const real g = CELL(z[2 * UNITS + u]);
      const real o = GATE(z[3 * UNITS + u]);
      z[u] = i;
      z[UNITS + u] = f;
      z[2 * UNITS + u] = g;
      z[3 * UNITS + u] = o;
      c[u] = f * c[u] + i * g;
      const real ct = CELL(c[u]);
      h[u] = o * ct;
      cs[u] = c[u];
      cts[u] = ct;
    }
    KILN_STEP_OUTPUT(ws, a, h, b, s);
  }
}

#undef REC_LANES
#undef REC_GROUP
#undef REC_UNIT_LANES
#undef REC_UNIT_GROUP
#undef MASKED
#undef KEEPS
