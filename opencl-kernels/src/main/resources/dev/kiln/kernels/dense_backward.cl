/*
 * {{layer}}_backward: the gradient with respect to this layer's input, through the previous
 * layer's activation, in one pass (the derivative is applied as the product is stored):
 *
 *   delta_prev[b][i] = PREVIOUS_DERIVATIVE(a_prev[b][i]) * sum_o delta[b][o] * w[i][o]
 *
 * Runs before {{layer}}_update, which changes w.
 */
kernel void {{layer}}_backward(
    global const int* restrict counters,
    global const real* restrict params,
    global const real* restrict delta,
    global const real* restrict a_prev,
    global real* restrict delta_prev) {
  const int i = get_global_id(0);
  const int b = get_global_id(1);
  if (b >= counters[BATCH]) return;
  global const real* d = delta + b * OUT;
  global const real* w = params + i * OUT;
  real sum = 0;
  for (int o = 0; o < OUT; o++) {
    sum += d[o] * w[o];
  }
  delta_prev[b * IN + i] = sum * PREVIOUS_DERIVATIVE(a_prev[b * IN + i]);
}
