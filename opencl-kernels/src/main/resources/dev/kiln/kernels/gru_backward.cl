/*
 * {{kernel}}: a GRU's backward pass through time. From the gradient of its output (delta: every
 * step's, or the last step's) it goes back over the steps, s = STEPS - 1 .. 0, with what
 * gru_forward.cl kept (same layout), h_prev the step before's h (0 before the first):
 *
 *   dh = delta_s + dh'
 *   dg = dh (1 - z) CELL'(g)           (the candidate's pre-activation)
 *   dz = dh (h_prev - g) GATE'(z)
 *
 *   RESET_AFTER:                       dr = dg m_g GATE'(r)
 *                                      dh' = dh z + [dz, dr, dg r] R^T
 *   else, with R_g the candidate's columns of R and R_zr the others':
 *     drh = dg R_g^T                   (the gradient of r h_prev)
 *     dr = drh h_prev GATE'(r)         dh' = dh z + drh r + [dz, dr] R_zr^T
 *
 * It leaves [dz, dr, dg] over the step's gates (the gradient of x_t W + b_in, which the input's
 * gradient and the kernel's and input bias's updates read). With RESET_AFTER it leaves dg r over m_g
 * at CANDIDATE_AT, so that [dz, dr, dg r] is the gradient of m = h R + b_rec (which the recurrent
 * kernel's and bias's read); else r h_prev stays there, for the candidate's columns of the recurrent
 * kernel's gradient. With MASKED, a padded step passes dh through and leaves no gradient (and zeros
 * at CANDIDATE_AT, which its forward step did not write). One work-item per REC_SAMPLES samples:
 * global size {MAX_BATCH / REC_SAMPLES}, local size {1}; the products with R^T, for the work-item's
 * samples at once, are KILN_STATE_GRADIENT and KILN_STATE_GRADIENT_ROWS (recurrent.cl).
 */
kernel void {{kernel}}(
#ifdef MASKED
    global const real* restrict mask,      /* the data set: the indices of the Embedding, 0 for padding */
    global const int* restrict order,
#endif
    global const int* restrict counters,
    global const real* restrict delta,
    global real* restrict ws) {
  const int n = counters[BATCH];
  const int b0 = get_global_id(0) * REC_SAMPLES;
  if (b0 >= n) return;
  const int many = min(REC_SAMPLES, n - b0);
  global const real* rt = ws + RECURRENT_T_AT;
  real dh[REC_SAMPLES][UNITS];
  real dm[REC_SAMPLES][GATES];   /* the gradient of what the recurrent product gave */
#if !RESET_AFTER
  real drh[REC_SAMPLES][UNITS];   /* the gradient of r h_prev */
#endif
  for (int q = 0; q < REC_SAMPLES; q++) {
    for (int u = 0; u < UNITS; u++) dh[q][u] = 0;
    for (int j = 0; j < GATES; j++) dm[q][j] = 0;
  }
  for (int s = STEPS - 1; s >= 0; s--) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* x[REC_SAMPLES];
    KILN_SAMPLE_ROWS(x, ws, 0, b0, t, GATES);
    int keeps[REC_SAMPLES];
    for (int q = 0; q < many; q++) {
      const int b = b0 + q;
      global real* xq = x[q];
      global real* mg = ws + CANDIDATE_AT + ((size_t) b * STEPS + s) * UNITS;
      global const real* hs = ws + HIDDEN_AT + ((size_t) b * STEPS + s) * UNITS;
      KILN_STEP_OUTPUT_GRADIENT(delta, dh[q], b, s);
#ifdef MASKED
      keeps[q] = KEEPS(b, t);
      if (!keeps[q]) {   /* padding: h carried through, so its gradient does; the gates have none */
        for (int j = 0; j < GATES; j++) {
          xq[j] = 0;
          dm[q][j] = 0;
        }
        for (int u = 0; u < UNITS; u++) mg[u] = 0;
        continue;
      }
#else
      keeps[q] = 1;
#endif
      for (int u = 0; u < UNITS; u++) {
        const real z = xq[u];
        const real g = xq[2 * UNITS + u];
        const real h_prev = s > 0 ? hs[u - UNITS] : (real) 0;
        const real dg = dh[q][u] * ((real) 1 - z) * CELL_DERIVATIVE(g);
        const real dz = dh[q][u] * (h_prev - g) * GATE_DERIVATIVE(z);
        xq[u] = dz;
        xq[2 * UNITS + u] = dg;
        dm[q][u] = dz;
#if RESET_AFTER
        const real rr = xq[UNITS + u];
        const real dr = dg * mg[u] * GATE_DERIVATIVE(rr);
        xq[UNITS + u] = dr;
        dm[q][UNITS + u] = dr;
        dm[q][2 * UNITS + u] = dg * rr;
        mg[u] = dg * rr;
#else
        dm[q][2 * UNITS + u] = dg;
#endif
        dh[q][u] *= z;   /* h = z h_prev + ...: the direct path */
      }
    }
#if RESET_AFTER
    if (s == 0) break;   /* the gradient to the initial state (zeros) is not needed */
    KILN_STATE_GRADIENT(dm, rt, dh, 1);
#else
    if (s == 0) {   /* h_prev = 0: r has no gradient (dr = drh h_prev), the initial state needs none */
      for (int q = 0; q < many; q++) {
        for (int u = 0; u < UNITS; u++) x[q][UNITS + u] = 0;
      }
      break;
    }
    KILN_STATE_GRADIENT_ROWS(dm, rt, drh, 0, 2 * UNITS, GATES);
    for (int q = 0; q < many; q++) {
      if (!keeps[q]) continue;
      global real* xq = x[q];
      global const real* hs = ws + HIDDEN_AT + ((size_t) (b0 + q) * STEPS + s) * UNITS;
      for (int u = 0; u < UNITS; u++) {
        const real rr = xq[UNITS + u];
        const real dr = drh[q][u] * hs[u - UNITS] * GATE_DERIVATIVE(rr);
        xq[UNITS + u] = dr;
        dm[q][UNITS + u] = dr;
        dh[q][u] += drh[q][u] * rr;   /* through r h_prev */
      }
    }
    KILN_STATE_GRADIENT_ROWS(dm, rt, dh, 1, 0, 2 * UNITS);
#endif
  }
}

#undef REC_LANES
#undef REC_GROUP
#undef REC_UNIT_LANES
#undef REC_UNIT_GROUP
#undef REC_SAMPLES
#undef MASKED
#undef KEEPS
