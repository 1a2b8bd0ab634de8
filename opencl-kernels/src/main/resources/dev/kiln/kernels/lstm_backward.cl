/*
 * {{kernel}}: an LSTM's backward pass through time. From the gradient of its output (delta: every
 * step's, or the last step's) it goes back over the steps, s = STEPS - 1 .. 0, with the gates and
 * states lstm_forward.cl kept in the workspace (same layout), and leaves there, over each step's
 * gates, the gradient of their pre-activations z:
 *
 *   dh = delta_s + dh'                  dh' = dz' R^T, from the step after (0 after the last)
 *   dc = dc' + dh o CELL'(CELL(c))      dc' = dc f, from the step after   (CELL(c) kept by the forward pass)
 *   dz_i = dc g GATE'(i)   dz_f = dc c_prev GATE'(f)   dz_g = dc i CELL'(g)   dz_o = dh CELL(c) GATE'(o)
 *
 * (derivatives in terms of the activations' outputs, as activations.cl writes them). Those gradients
 * are what the input projection's backward product and the weight update read. The Dropout after
 * the layer was applied to delta already, by the backward kernel that wrote it.
 * With MASKED, a padded step (KEEPS(b, t) false) passes dh and dc through and leaves dz = 0.
 * One work-item per REC_SAMPLES samples: global size {MAX_BATCH / REC_SAMPLES}, local size {1}. The
 * gates run in vectors of REC_UNIT_LANES units (no exp or tanh here); dz R^T is KILN_STATE_GRADIENT
 * (recurrent.cl), for the work-item's samples at once.
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
  real dc[REC_SAMPLES][UNITS];
  for (int q = 0; q < REC_SAMPLES; q++) {
    for (int u = 0; u < UNITS; u++) {
      dh[q][u] = 0;
      dc[q][u] = 0;
    }
  }
  for (int s = STEPS - 1; s >= 0; s--) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* z[REC_SAMPLES];
    KILN_SAMPLE_ROWS(z, ws, 0, b0, t, GATES);
    for (int q = 0; q < many; q++) {
      const int b = b0 + q;
      global real* zq = z[q];
      global const real* cs = ws + CELLS_AT + ((size_t) b * STEPS + s) * UNITS;
      global const real* cts = ws + CELL_OUTPUTS_AT + ((size_t) b * STEPS + s) * UNITS;
      KILN_STEP_OUTPUT_GRADIENT(delta, dh[q], b, s);
#ifdef MASKED
      if (!KEEPS(b, t)) {   /* padding: h and c carried through, so their gradients do; the gates have none */
        for (int j = 0; j < GATES; j++) zq[j] = 0;
        continue;
      }
#endif
      for (int u = 0; u < UNITS; u += REC_UNIT_LANES) {
        const realv(REC_UNIT_LANES) dhv = vload_real(REC_UNIT_LANES)(0, dh[q] + u);
        const realv(REC_UNIT_LANES) i = vload_real(REC_UNIT_LANES)(0, zq + u);
        const realv(REC_UNIT_LANES) f = vload_real(REC_UNIT_LANES)(0, zq + UNITS + u);
        const realv(REC_UNIT_LANES) g = vload_real(REC_UNIT_LANES)(0, zq + 2 * UNITS + u);
        const realv(REC_UNIT_LANES) o = vload_real(REC_UNIT_LANES)(0, zq + 3 * UNITS + u);
        const realv(REC_UNIT_LANES) tc = vload_real(REC_UNIT_LANES)(0, cts + u);
        const realv(REC_UNIT_LANES) c_prev =
            s > 0 ? vload_real(REC_UNIT_LANES)(0, cs + u - UNITS) : (realv(REC_UNIT_LANES)) 0;
        const realv(REC_UNIT_LANES) dcv = vload_real(REC_UNIT_LANES)(0, dc[q] + u) + dhv * o * CELL_DERIVATIVE(tc);
        vstore_real(REC_UNIT_LANES)(dcv * g * GATE_DERIVATIVE(i), 0, zq + u);
        vstore_real(REC_UNIT_LANES)(dcv * c_prev * GATE_DERIVATIVE(f), 0, zq + UNITS + u);
        vstore_real(REC_UNIT_LANES)(dcv * i * CELL_DERIVATIVE(g), 0, zq + 2 * UNITS + u);
        vstore_real(REC_UNIT_LANES)(dhv * tc * GATE_DERIVATIVE(o), 0, zq + 3 * UNITS + u);
        vstore_real(REC_UNIT_LANES)(dcv * f, 0, dc[q] + u);
        vstore_real(REC_UNIT_LANES)((realv(REC_UNIT_LANES)) 0, 0, dh[q] + u);   /* dh' comes from dz alone */
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
