/*
 * {{kernel}}: the optimizer's update of a BatchNormalization layer's gamma and beta, from the sums
 * of bn_sums.cl (gamma's gradient is sum dy xhat, beta's sum dy; no weight decay, as in Keras).
 * The running statistics after them in params are not trained. 2 C parameters: one work-item.
 */
kernel void {{kernel}}(
    global const int* restrict counters,
    global const real* restrict hyper,
    global const real* restrict statistics,
    global real* restrict params,
    global real* restrict state) {
  const int step = counters[STEP] + 1;
  for (int c = 0; c < CHANNELS; c++) {
    optimizer_update(params, state, PARAMS, c, statistics[3 * CHANNELS + c], hyper, step);
    optimizer_update(params, state, PARAMS, CHANNELS + c, statistics[2 * CHANNELS + c], hyper, step);
  }
}
