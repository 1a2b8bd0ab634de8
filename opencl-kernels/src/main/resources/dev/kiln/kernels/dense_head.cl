/*
 * {{layer}}_head: the last dense layer, its activation, and (when the data has labels) the loss and
 * the loss gradient, in one kernel. One work-item per sample, which holds its whole output row.
 *
 * The gradient leaving this kernel is dL/dz, already through the activation:
 *   softmax + categorical cross-entropy and sigmoid + binary cross-entropy: (p - y) / n
 *   mean squared error:  2 (p - y) / (n OUT) * f'(p)
 *   mean absolute error: sign(p - y) / (n OUT) * f'(p)
 * sample_hit is 1 for a correct class (accuracy); for regression it is the absolute error (MAE).
 */
kernel void {{layer}}_head(
    global const real* restrict x,
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict params,
    global real* restrict p,
    global const real* restrict y,
    global real* restrict delta,
    global real* restrict sample_loss,
    global real* restrict sample_hit) {
  const int b = get_global_id(0);
  const int n = counters[BATCH];
  if (b >= n) return;
  global const real* row = x + (size_t) INPUT_ROW(b) * IN;
  real out[OUT];
  for (int o = 0; o < OUT; o++) {
    out[o] = HAS_BIAS ? params[IN * OUT + o] : (real) 0;
  }
  for (int i = 0; i < IN; i++) {
    const real xi = row[i];
    for (int o = 0; o < OUT; o++) {
      out[o] += xi * params[i * OUT + o];
    }
  }
#ifdef SOFTMAX_OUTPUT
  real top = out[0];
  for (int o = 1; o < OUT; o++) top = fmax(top, out[o]);
  real sum = 0;
  for (int o = 0; o < OUT; o++) {
    out[o] = exp(out[o] - top);
    sum += out[o];
  }
  for (int o = 0; o < OUT; o++) out[o] /= sum;
#else
  for (int o = 0; o < OUT; o++) out[o] = ACTIVATE(out[o]);
#endif
  for (int o = 0; o < OUT; o++) p[b * OUT + o] = out[o];
  if (!counters[HAS_LABELS]) return;

  global const real* label = y + (size_t) SAMPLE_ROW(b) * LABEL_WIDTH;
  const real eps = (real) 1e-7;
  real loss = 0;
  real hit = 0;
#if defined(LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY) || defined(LOSS_CATEGORICAL_CROSS_ENTROPY)
  int best = 0;
  for (int o = 1; o < OUT; o++) best = out[o] > out[best] ? o : best;
#ifdef LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY
  const int target = (int) label[0];
  for (int o = 0; o < OUT; o++) {
    const real t = o == target ? (real) 1 : (real) 0;
    delta[b * OUT + o] = (out[o] - t) / n;
  }
  loss = -log(fmax(out[target], eps));
  hit = best == target ? (real) 1 : (real) 0;
#else
  int target = 0;
  for (int o = 0; o < OUT; o++) {
    delta[b * OUT + o] = (out[o] - label[o]) / n;
    loss -= label[o] * log(fmax(out[o], eps));
    target = label[o] > label[target] ? o : target;
  }
  hit = best == target ? (real) 1 : (real) 0;
#endif
#elif defined(LOSS_BINARY_CROSS_ENTROPY)
  for (int o = 0; o < OUT; o++) {
    const real q = clamp(out[o], eps, (real) 1 - eps);
    delta[b * OUT + o] = (out[o] - label[o]) / (n * OUT);
    loss -= (label[o] * log(q) + ((real) 1 - label[o]) * log((real) 1 - q)) / OUT;
    hit += ((out[o] > (real) 0.5) == (label[o] > (real) 0.5)) ? (real) 1 / OUT : (real) 0;
  }
#elif defined(LOSS_MEAN_SQUARED_ERROR)
  for (int o = 0; o < OUT; o++) {
    const real e = out[o] - label[o];
    delta[b * OUT + o] = 2 * e / (n * OUT) * DERIVATIVE(out[o]);
    loss += e * e / OUT;
    hit += fabs(e) / OUT;
  }
#elif defined(LOSS_MEAN_ABSOLUTE_ERROR)
  for (int o = 0; o < OUT; o++) {
    const real e = out[o] - label[o];
    const real s = e > (real) 0 ? (real) 1 : (e < (real) 0 ? (real) -1 : (real) 0);
    delta[b * OUT + o] = s / (n * OUT) * DERIVATIVE(out[o]);
    loss += fabs(e) / OUT;
    hit += fabs(e) / OUT;
  }
#else
#error "the processor defines exactly one LOSS_*"
#endif
  sample_loss[b] = loss;
  sample_hit[b] = hit;
}
