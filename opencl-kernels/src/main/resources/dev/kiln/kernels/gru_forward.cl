/*
 * {{kernel}}: a GRU's recurrence, after its input projection (dense_forward.cl with INPUT_PROJECTION)
 * has left x_t W + b_in of every step in the workspace, split in Keras's order: update z, reset r,
 * candidate. Per step s, reading input step t (t = s, or STEPS - 1 - s with GO_BACKWARDS), with R the
 * recurrent kernel [UNITS][GATES], h_prev the state so far (0 at first):
 *
 *   RESET_AFTER (Keras's reset_after = true, its default), b_rec the second row of the bias:
 *   m = h_prev R + b_rec               one product per step, fused with the gates below
 *   z = GATE(x_z + m_z)   r = GATE(x_r + m_r)   g = CELL(x_g + r m_g)
 *
 *   else (reset_after = false, one bias row, in x already):
 *   m = h_prev R_zr                    the product with the z and r columns of R
 *   z = GATE(x_z + m_z)   r = GATE(x_r + m_r)   g = CELL(x_g + (r h_prev) R_g)   a second product
 *
 *   h = z h_prev + (1 - z) g
 *
 * It keeps for the backward pass through time, in the workspace: z, r and g over the step's
 * projection (row b STEPS + t), at CANDIDATE_AT (row b STEPS + s) m_g (RESET_AFTER) or r h_prev
 * (which the recurrent kernel's gradient reads), and h at HIDDEN_AT (row b STEPS + s); and writes its
 * output: h of every step (RETURN_SEQUENCES, in the order it ran them) or of the last, with the
 * Dropout after it applied. With MASKED, a step whose Embedding index is 0 (KEEPS(b, t) false) changes
 * nothing: h carries through it, as in Keras.
 * One work-item per sample (global size {MAX_BATCH}, local size {1}); the products are
 * KILN_STATE_PRODUCT and KILN_STATE_PRODUCT_COLUMNS (recurrent.cl).
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
#if RESET_AFTER
  global const real* recurrent_bias = params + PROJECTION_BIAS + GATES;
#else
  real reset[UNITS];   /* r h_prev */
#endif
  real h[UNITS];
  real m[GATES];
  for (int u = 0; u < UNITS; u++) h[u] = 0;
  for (int s = 0; s < STEPS; s++) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* x = ws + ((size_t) b * STEPS + t) * GATES;
    global real* mg = ws + CANDIDATE_AT + ((size_t) b * STEPS + s) * UNITS;
#ifdef MASKED
    const int keeps = KEEPS(b, t);
#else
    const int keeps = 1;
#endif
    if (keeps) {
#if RESET_AFTER
      KILN_STATE_PRODUCT(recurrent_bias, h, r, m);
      for (int u = 0; u < UNITS; u++) {   /* scalar: PoCL's vector exp and tanh are many times slower */
        const real z = GATE(x[u] + m[u]);
        const real rr = GATE(x[UNITS + u] + m[UNITS + u]);
        const real g = CELL(x[2 * UNITS + u] + rr * m[2 * UNITS + u]);
        x[u] = z;
        x[UNITS + u] = rr;
        x[2 * UNITS + u] = g;
        mg[u] = m[2 * UNITS + u];
        h[u] = z * h[u] + ((real) 1 - z) * g;
      }
#else
      KILN_STATE_PRODUCT_COLUMNS(x, h, r, m, 0, 2 * UNITS);   /* m = x + h_prev R over z and r */
      for (int u = 0; u < UNITS; u++) {
        const real rr = GATE(m[UNITS + u]);
        x[u] = GATE(m[u]);
        x[UNITS + u] = rr;
        reset[u] = rr * h[u];
        mg[u] = reset[u];
      }
      KILN_STATE_PRODUCT_COLUMNS(x, reset, r, m, 2 * UNITS, GATES);   /* m_g = x_g + (r h_prev) R_g */
      for (int u = 0; u < UNITS; u++) {
        const real z = x[u];
        const real g = CELL(m[2 * UNITS + u]);
        x[2 * UNITS + u] = g;
        h[u] = z * h[u] + ((real) 1 - z) * g;
      }
#endif
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
