/*
 * {{kernel}}: a node that several layers read gets the sum of their gradients. The first of them
 * writes its gradient in place, each other one into a buffer of its own; this kernel adds one such
 * buffer into the gradient, for the current batch's samples:
 *
 *   delta[b][i] += extra[b][i]        (b < n, i < ADD_WIDTH)
 *
 * The planner #defines ADD_WIDTH (values per sample) and ADD_CHUNK (values per work-item).
 * Global size {ceil(MAX_BATCH * ADD_WIDTH / ADD_CHUNK)}, local size {1}.
 */
kernel void {{kernel}}(
    global const int* restrict counters,
    global const real* restrict extra,
    global real* restrict delta) {
  const int live = counters[BATCH] * ADD_WIDTH;
  const int first = get_global_id(0) * ADD_CHUNK;
  const int last = min(first + ADD_CHUNK, live);
  for (int i = first; i < last; i++) delta[i] += extra[i];
}

#undef ADD_WIDTH
#undef ADD_CHUNK
