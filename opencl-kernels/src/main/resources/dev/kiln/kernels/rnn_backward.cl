/*
 * {{kernel}}: a SimpleRNN's backward pass through time. From the gradient of its output (delta:
 * every step's, or the last step's) it goes back over the steps, s = STEPS - 1 .. 0, with h of every
 * step that rnn_forward.cl kept, and leaves in the workspace, over each step's z, the gradient of
 * its pre-activation:
 *
 *   dh = delta_s + dh'        dz = dh CELL'(h)        dh' = dz R^T, for the step before
 *
 * (CELL' in terms of the activation's output, as activations.cl writes it). The Dropout after the
 * layer was applied to delta already. With MASKED, a padded step passes dh through and leaves dz = 0.
 * One work-item per REC_SAMPLES samples: global size {MAX_BATCH / REC_SAMPLES}, local size {1}; dz R^T,
 * for the work-item's samples at once, is KILN_STATE_GRADIENT (recurrent.cl).
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
  for (int q = 0; q < REC_SAMPLES; q++) {
    for (int u = 0; u < UNITS; u++) dh[q][u] = 0;
  }
  for (int s = STEPS - 1; s >= 0; s--) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* z[REC_SAMPLES];
    KILN_SAMPLE_ROWS(z, ws, 0, b0, t, GATES);
    for (int q = 0; q < many; q++) {
      const int b = b0 + q;
      global const real* hs = ws + HIDDEN_AT + ((size_t) b * STEPS + s) * UNITS;
      KILN_STEP_OUTPUT_GRADIENT(delta, dh[q], b, s);
#ifdef MASKED
      if (!KEEPS(b, t)) {   /* padding: h carried through, so its gradient does; z has none */
        for (int u = 0; u < UNITS; u++) z[q][u] = 0;
        continue;
      }
#endif
      for (int u = 0; u < UNITS; u++) {
        z[q][u] = dh[q][u] * CELL_DERIVATIVE(hs[u]);
        dh[q][u] = 0;   /* dh' comes from dz alone */
      }
    }
    if (s == 0) break;   /* the gradient to the initial state (zeros) is not needed */
    KILN_STATE_GRADIENT(z, rt, dh, 1);   /* dh' = dz R^T; a padded step's dh, with dz = 0, carries */
  }
}

#undef REC_LANES
#undef REC_GROUP
#undef REC_UNIT_LANES
#undef REC_UNIT_GROUP
#undef REC_SAMPLES
#undef MASKED
#undef KEEPS
