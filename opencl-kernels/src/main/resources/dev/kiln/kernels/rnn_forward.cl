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
 * One work-item per sample (global size {MAX_BATCH}, local size {1}); h R is KILN_STATE_PRODUCT
 * (recurrent.cl); the activation is scalar (PoCL's vector tanh is slow).
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
  for (int u = 0; u < UNITS; u++) h[u] = 0;
  for (int s = 0; s < STEPS; s++) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* z = ws + ((size_t) b * STEPS + t) * GATES;
#ifdef MASKED
    const int keeps = KEEPS(b, t);
#else
    const int keeps = 1;
#endif
    if (keeps) {
      KILN_STATE_PRODUCT(z, h, r, z);
      for (int u = 0; u < UNITS; u++) h[u] = CELL(z[u]);
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
