/*
 * {{kernel}}: an LSTM's backward pass through time. From the gradient of its output (delta: every
 * step's, or the last step's) it goes back over the steps, s = STEPS - 1 .. 0, with the gates and
 * states lstm_forward.cl kept in the workspace (same layout), and leaves there, over each step's
 * gates, the gradient of their pre-activations z:
 *
 *   dh = delta_s + dh'                  dh' = dz' R^T, from the step after (0 after the last)
 *   dc = dc' + dh o CELL'(CELL(c))      dc' = dc f, from the step after
 *   dz_i = dc g GATE'(i)   dz_f = dc c_prev GATE'(f)   dz_g = dc i CELL'(g)   dz_o = dh CELL(c) GATE'(o)
 *
 * (derivatives in terms of the activations' outputs, as activations.cl writes them). Those gradients
 * are what the input projection's backward product and the weight update read. The Dropout after
 * the layer was applied to delta already, by the backward kernel that wrote it.
 * One work-item per sample: global size {MAX_BATCH}, local size {1}.
 */
kernel void {{kernel}}(
    global const int* restrict counters,
    global const real* restrict params,
    global const real* restrict delta,
    global real* restrict ws) {
  const int n = counters[BATCH];
  const int b = get_global_id(0);
  if (b >= n) return;
  global const real* r = params + IN * GATES;
  real dh[UNITS];
  real dc[UNITS];
  for (int u = 0; u < UNITS; u++) {
    dh[u] = 0;
    dc[u] = 0;
  }
  for (int s = STEPS - 1; s >= 0; s--) {
    const int t = GO_BACKWARDS ? STEPS - 1 - s : s;
    global real* z = ws + ((size_t) b * STEPS + t) * GATES;
    global const real* cs = ws + CELLS_AT + ((size_t) b * STEPS + s) * UNITS;
#if RETURN_SEQUENCES
    global const real* dy = delta + ((size_t) b * STEPS + s) * UNITS;
#else
    global const real* dy = delta + (size_t) b * UNITS;
#endif
    for (int u = 0; u < UNITS; u++) {
#if RETURN_SEQUENCES
      const real dhu = dh[u] + dy[u];
#else
      const real dhu = s == STEPS - 1 ? dh[u] + dy[u] : dh[u];
#endif
      const real i = z[u];
      const real f = z[UNITS + u];
      const real g = z[2 * UNITS + u];
      const real o = z[3 * UNITS + u];
      const real tc = CELL(cs[u]);
      const real c_prev = s > 0 ? cs[u - UNITS] : (real) 0;
      const real dcu = dc[u] + dhu * o * CELL_DERIVATIVE(tc);
      z[u] = dcu * g * GATE_DERIVATIVE(i);
      z[UNITS + u] = dcu * c_prev * GATE_DERIVATIVE(f);
      z[2 * UNITS + u] = dcu * i * CELL_DERIVATIVE(g);
      z[3 * UNITS + u] = dhu * tc * GATE_DERIVATIVE(o);
      dc[u] = dcu * f;
    }
    if (s == 0) break;   /* the gradient to the initial state (zeros) is not needed */
    for (int k = 0; k < UNITS; k++) {   /* dh'[k] = sum_j dz[j] R[k][j] */
      global const real* rk = r + k * GATES;
      realv(LSTM_LANES) acc[LSTM_GROUP];
#pragma unroll
      for (int g = 0; g < LSTM_GROUP; g++) acc[g] = (realv(LSTM_LANES)) 0;
      for (int j0 = 0; j0 < GATES; j0 += LSTM_LANES * LSTM_GROUP) {
#pragma unroll
        for (int g = 0; g < LSTM_GROUP; g++) {
          const int j = j0 + g * LSTM_LANES;
          acc[g] = fma(vload_real(LSTM_LANES)(0, z + j), vload_real(LSTM_LANES)(0, rk + j), acc[g]);
        }
      }
      realv(LSTM_LANES) sum = acc[0];
#pragma unroll
      for (int g = 1; g < LSTM_GROUP; g++) sum += acc[g];
      dh[k] = hsum_real(LSTM_LANES)(sum);
    }
  }
}

#undef LSTM_LANES
#undef LSTM_GROUP
