/*
 * {{kernel}}: the last dense layer, its activation, and (when the data has labels) the loss and
 * the loss gradient, in one kernel. One work-item per sample, which holds its whole output row.
 *
 * The gradient leaving this kernel is dL/dz, already through the activation:
 *   softmax + categorical cross-entropy and sigmoid + binary cross-entropy: (p - y) / n
 *   mean squared error:  2 (p - y) / (n OUT) * f'(p)
 *   mean absolute error: sign(p - y) / (n OUT) * f'(p)
 * sample_hit is 1 for a correct class (accuracy); for regression it is the absolute error (MAE).
 * The cross-entropies are reported from the logits, as Keras's fit computes them (log-softmax, and
 * max(z, 0) - z y + log(1 + exp(-|z|)) for a sigmoid), so a saturated output reports its true loss
 * rather than that of a probability clamped to 1e-7.
 *
 * The planner #defines, per head: LOSS_<name> (this output's loss), LABEL_COLUMN (where its labels
 * start in a label row of LABEL_WIDTH: a model's outputs' labels sit side by side), LOSS_WEIGHT (its
 * weight in the total loss, when not 1), MAIN_OUTPUT (the model's output, whose metric is reported),
 * ADD_LOSS (for every head after the first: the sample's loss is the sum of the outputs') and, in a
 * model of several outputs, OUTPUT_ROW (the row of sample_loss and sample_hit for its own figures).
 *
 * Tiled for CPUs: a work-item takes HEAD_TILE_ROWS samples; their logits come from the forward
 * register tile (one vector of HEAD_VECTOR outputs per sample and vector position, the last vector
 * shifted left so it ends at OUT), then each sample runs the scalar softmax / loss code below.
 * Global size {ceil(MAX_BATCH / HEAD_TILE_ROWS)}, local size {1}.
 */

#ifndef HEAD_TILE_ROWS
#define HEAD_TILE_ROWS 4    /* samples per work-item */
#endif
#ifndef HEAD_VECTOR
#define HEAD_VECTOR 16      /* outputs per vector; clamped to OUT; OUT / HEAD_VECTOR vectors per sample */
#endif
#if HEAD_VECTOR >= 16 && OUT >= 16
#define HD_V 16
#elif HEAD_VECTOR >= 8 && OUT >= 8
#define HD_V 8
#elif HEAD_VECTOR >= 4 && OUT >= 4
#define HD_V 4
#elif HEAD_VECTOR >= 2 && OUT >= 2
#define HD_V 2
#else
#define HD_V 1
#endif
#define HD_NV ((OUT + HD_V - 1) / HD_V)
#define HD_TR HEAD_TILE_ROWS
#ifdef LOSS_WEIGHT
#define HD_WEIGHTED(v) ((v) * LOSS_WEIGHT)
#else
#define HD_WEIGHTED(v) (v)
#endif

kernel void {{kernel}}(
    global const real* restrict x,
#ifdef GATHERED_INPUT
    global const real* restrict indices,   /* x is an Embedding's table: sample b reads the row at its index */
#endif
    global const int* restrict order,
    global const int* restrict counters,
    global const real* restrict params,
    global real* restrict p,
    global const real* restrict y,
    global real* restrict delta,
    global real* restrict sample_loss,
    global real* restrict sample_hit) {
  const int n = counters[BATCH];
  const int b0 = get_global_id(0) * HD_TR;
  if (b0 >= n) return;
  global const real* xr[HD_TR];
#pragma unroll
  for (int t = 0; t < HD_TR; t++) xr[t] = x + INPUT_START(min(b0 + t, n - 1));
  realv(HD_V) acc[HD_TR][HD_NV];
#pragma unroll
  for (int v = 0; v < HD_NV; v++) {
    const int o0 = min(v * HD_V, OUT - HD_V);
#if HAS_BIAS
    const realv(HD_V) bias = vload_real(HD_V)(0, params + IN * OUT + o0);
#else
    const realv(HD_V) bias = (realv(HD_V)) 0;
#endif
#pragma unroll
    for (int t = 0; t < HD_TR; t++) acc[t][v] = bias;
  }
  for (int i = 0; i < IN; i++) {
#pragma unroll
    for (int v = 0; v < HD_NV; v++) {
      const realv(HD_V) wv = vload_real(HD_V)(0, params + i * OUT + min(v * HD_V, OUT - HD_V));
#pragma unroll
      for (int t = 0; t < HD_TR; t++) acc[t][v] = fma((realv(HD_V)) xr[t][i], wv, acc[t][v]);
    }
  }
  for (int t = 0; t < HD_TR; t++) {
    const int b = b0 + t;
    if (b >= n) break;
    real out[OUT];
#pragma unroll
    for (int v = HD_NV - 1; v >= 0; v--) {    /* the shifted last vector first, the others overwrite */
      real lane[HD_V];
      vstore_real(HD_V)(acc[t][v], 0, lane);
      const int o0 = min(v * HD_V, OUT - HD_V);
      for (int j = 0; j < HD_V; j++) out[o0 + j] = lane[j];
    }
    real z[OUT];   /* the logits, for the reported cross-entropy */
    for (int o = 0; o < OUT; o++) z[o] = out[o];
#ifdef SOFTMAX_OUTPUT
    real top = out[0];
    for (int o = 1; o < OUT; o++) top = fmax(top, out[o]);
    real sum = 0;
    for (int o = 0; o < OUT; o++) {
      out[o] = exp(out[o] - top);
      sum += out[o];
    }
    for (int o = 0; o < OUT; o++) out[o] /= sum;
    const real log_sum_exp = top + log(sum);
#else
    for (int o = 0; o < OUT; o++) out[o] = ACTIVATE(out[o]);
#endif
    for (int o = 0; o < OUT; o++) p[b * OUT + o] = out[o];
    if (!counters[HAS_LABELS]) continue;

    global const real* label = y + (size_t) SAMPLE_ROW(b) * LABEL_WIDTH + LABEL_COLUMN;
    real loss = 0;
    real hit = 0;
#if defined(LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY) || defined(LOSS_CATEGORICAL_CROSS_ENTROPY)
    int best = 0;
    for (int o = 1; o < OUT; o++) best = out[o] > out[best] ? o : best;
#ifdef LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY
    const int target = (int) label[0];
    for (int o = 0; o < OUT; o++) {
      const real t = o == target ? (real) 1 : (real) 0;
      delta[b * OUT + o] = HD_WEIGHTED((out[o] - t) / n);
    }
    loss = log_sum_exp - z[target];
    hit = best == target ? (real) 1 : (real) 0;
#else
    int target = 0;
    for (int o = 0; o < OUT; o++) {
      delta[b * OUT + o] = HD_WEIGHTED((out[o] - label[o]) / n);
      loss += label[o] * (log_sum_exp - z[o]);
      target = label[o] > label[target] ? o : target;
    }
    hit = best == target ? (real) 1 : (real) 0;
#endif
#elif defined(LOSS_BINARY_CROSS_ENTROPY)
    for (int o = 0; o < OUT; o++) {
      delta[b * OUT + o] = HD_WEIGHTED((out[o] - label[o]) / (n * OUT));
      loss += (fmax(z[o], (real) 0) - z[o] * label[o] + log1p(exp(-fabs(z[o])))) / OUT;
      hit += ((out[o] > (real) 0.5) == (label[o] > (real) 0.5)) ? (real) 1 / OUT : (real) 0;
    }
#elif defined(LOSS_MEAN_SQUARED_ERROR)
    for (int o = 0; o < OUT; o++) {
      const real e = out[o] - label[o];
      delta[b * OUT + o] = HD_WEIGHTED(2 * e / (n * OUT) * DERIVATIVE(out[o]));
      loss += e * e / OUT;
      hit += fabs(e) / OUT;
    }
#elif defined(LOSS_MEAN_ABSOLUTE_ERROR)
    for (int o = 0; o < OUT; o++) {
      const real e = out[o] - label[o];
      const real s = e > (real) 0 ? (real) 1 : (e < (real) 0 ? (real) -1 : (real) 0);
      delta[b * OUT + o] = HD_WEIGHTED(s / (n * OUT) * DERIVATIVE(out[o]));
      loss += fabs(e) / OUT;
      hit += fabs(e) / OUT;
    }
#else
#error "the processor defines exactly one LOSS_*"
#endif
#ifdef ADD_LOSS
    sample_loss[b] += HD_WEIGHTED(loss);   /* another output's head wrote its share first */
#else
    sample_loss[b] = HD_WEIGHTED(loss);
#endif
#ifdef MAIN_OUTPUT
    sample_hit[b] = hit;
#endif
#ifdef OUTPUT_ROW
    sample_loss[OUTPUT_ROW * MAX_BATCH + b] = loss;
    sample_hit[OUTPUT_ROW * MAX_BATCH + b] = hit;
#endif
  }
}

#undef HD_V
#undef HD_NV
#undef HD_TR
#undef HD_WEIGHTED
#undef HEAD_TILE_ROWS
#undef HEAD_VECTOR
#undef LOSS_MEAN_SQUARED_ERROR
#undef LOSS_MEAN_ABSOLUTE_ERROR
#undef LOSS_BINARY_CROSS_ENTROPY
#undef LOSS_CATEGORICAL_CROSS_ENTROPY
#undef LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY
#undef LABEL_COLUMN
#undef LOSS_WEIGHT
#undef ADD_LOSS
#undef MAIN_OUTPUT
#undef OUTPUT_ROW
