/*
 * {{kernel}}: a SimpleRNN's recurrence, after its input projection (dense_forward.cl with
 * INPUT_PROJECTION) has left z_t = x_t W + b of every step in the workspace. Per step s, reading
 * input step t (t = s, or STEPS - 1 - s with GO_BACKWARDS), with R the recurrent kernel [UNITS][UNITS]:
 *
 *   h = CELL(z_t + h R)                (h starts at 0)
 *
 * It keeps h of every step in the workspace at HIDDEN_AT (row b STEPS + s) for the backward pass
 * through time, and writes its output: h of every step (RETURN_SEQUENCES, in the order it ran them,
 * as Keras does) or of the last, with the Dropout after it applied. With MASKED, a step whose
 * Embedding index is 0 (KEEPS(b, t) false) changes nothing: h carries through it, as in Keras.
 * One work-item per REC_SAMPLES samples (global size {MAX_BATCH / REC_SAMPLES}, local size {1}); h R
 * is KILN_STATE_PRODUCT (recurrent.cl), for the work-item's samples at once; the activation is scalar (PoCL's vector tanh is slow).
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
  for (int q = 0; q < REC_SAMPLES; q++) {
    for (int u = 0; u < UNITS; u++) h[q][u] = 0;
  }
  for (int s = 0; s < STEPS; s++) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* z[REC_SAMPLES];
    KILN_SAMPLE_ROWS(z, ws, 0, b0, t, GATES);
    /* a padded step's z too, unused: the pass back through time leaves 0 there */
    KILN_STATE_PRODUCT(z, h, r, z, many);
    for (int q = 0; q < many; q++) {
#ifdef MASKED
      if (KEEPS(b0 + q, t))
#endif
      for (int u = 0; u < UNITS; u++) h[q][u] = CELL(z[q][u]);
      KILN_STEP_OUTPUT(ws, a, h[q], b0 + q, s);
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
