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
 * One work-item per REC_SAMPLES samples (global size {MAX_BATCH / REC_SAMPLES}, local size {1}); the
 * products, for the work-item's samples at once, are KILN_STATE_PRODUCT and KILN_STATE_PRODUCT_COLUMNS
 * (recurrent.cl).
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
  real m[REC_SAMPLES][GATES];
#if RESET_AFTER
  global const real* recurrent_bias[REC_SAMPLES];   /* where each sample's product starts */
  for (int q = 0; q < REC_SAMPLES; q++) recurrent_bias[q] = params + PROJECTION_BIAS + GATES;
#else
  real reset[REC_SAMPLES][UNITS];   /* r h_prev */
#endif
  for (int q = 0; q < REC_SAMPLES; q++) {
    for (int u = 0; u < UNITS; u++) {
      h[q][u] = 0;
#if !RESET_AFTER
      reset[q][u] = 0;
#endif
    }
  }
  for (int s = 0; s < STEPS; s++) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* x[REC_SAMPLES];
    KILN_SAMPLE_ROWS(x, ws, 0, b0, t, GATES);
    int keeps[REC_SAMPLES];
    for (int q = 0; q < REC_SAMPLES; q++) {
#ifdef MASKED
      keeps[q] = q < many && KEEPS(b0 + q, t);
#else
      keeps[q] = q < many;
#endif
    }
#if RESET_AFTER
    KILN_STATE_PRODUCT(recurrent_bias, h, r, m, REC_SAMPLES);
    for (int q = 0; q < many; q++) {
      if (!keeps[q]) continue;
      global real* xq = x[q];
      global real* mg = ws + CANDIDATE_AT + ((size_t) (b0 + q) * STEPS + s) * UNITS;
      for (int u = 0; u < UNITS; u++) {   /* scalar: PoCL's vector exp and tanh are many times slower */
        const real z = GATE(xq[u] + m[q][u]);
        const real rr = GATE(xq[UNITS + u] + m[q][UNITS + u]);
        const real g = CELL(xq[2 * UNITS + u] + rr * m[q][2 * UNITS + u]);
        xq[u] = z;
        xq[UNITS + u] = rr;
        xq[2 * UNITS + u] = g;
        mg[u] = m[q][2 * UNITS + u];
        h[q][u] = z * h[q][u] + ((real) 1 - z) * g;
      }
    }
#else
    KILN_STATE_PRODUCT_COLUMNS(x, h, r, m, 0, 2 * UNITS, REC_SAMPLES);   /* m = x + h_prev R over z and r */
    for (int q = 0; q < many; q++) {
      if (!keeps[q]) continue;
      global real* xq = x[q];
      global real* mg = ws + CANDIDATE_AT + ((size_t) (b0 + q) * STEPS + s) * UNITS;
      for (int u = 0; u < UNITS; u++) {
        const real rr = GATE(m[q][UNITS + u]);
        xq[u] = GATE(m[q][u]);
        xq[UNITS + u] = rr;
        reset[q][u] = rr * h[q][u];
        mg[u] = reset[q][u];
      }
    }
    KILN_STATE_PRODUCT_COLUMNS(x, reset, r, m, 2 * UNITS, GATES, REC_SAMPLES);   /* m_g = x_g + (r h_prev) R_g */
    for (int q = 0; q < many; q++) {
      if (!keeps[q]) continue;
      global real* xq = x[q];
      for (int u = 0; u < UNITS; u++) {
        const real z = xq[u];
        const real g = CELL(m[q][2 * UNITS + u]);
        xq[2 * UNITS + u] = g;
        h[q][u] = z * h[q][u] + ((real) 1 - z) * g;
      }
    }
#endif
    for (int q = 0; q < many; q++) KILN_STEP_OUTPUT(ws, a, h[q], b0 + q, s);
  }
}

#undef REC_LANES
#undef REC_GROUP
#undef REC_UNIT_LANES
#undef REC_UNIT_GROUP
#undef REC_SAMPLES
#undef MASKED
#undef KEEPS
