/*
 * {{kernel}}: the optimizer's update of a layer's whole parameters from a gradient summed in a
 * buffer of its own: an embedding's table (its scatter kernel sums the rows the batch used) or a
 * layer used from two places (each use adds its weight gradient). The gradient is cleared as it is
 * read, ready for the next step. The first DECAYED parameters are weights, which take L2 decay.
 *
 * An embedding's table is updated whole, as Keras and PyTorch do by default (Adam's moments decay
 * for every row, looked up or not); with SPARSE_SGD (an embedding under SGD) and no momentum, the
 * scatter kernel has updated the rows it touched already, and this kernel returns at once.
 *
 * Each work-item updates GRAD_VECTORS vectors of 16 parameters (one vector update, as update_row.cl
 * does), the last one parameter at a time where the parameters do not fill a vector.
 * Global size {ceil(PARAMS / (16 * GRAD_VECTORS))}, local size {1}.
 */
kernel void {{kernel}}(
    global const int* restrict counters,
    global const real* restrict hyper,
    global real* restrict grad,
    global real* restrict params,
    global real* restrict state) {
#if defined(SPARSE_SGD) && defined(OPTIMIZER_SGD)
  if (hyper[MOMENTUM] == (real) 0) return;
#endif
  const int step = counters[STEP] + 1;
  OPTIMIZER_PREPARE(hyper, step)
  const real l2 = 2 * hyper[L2];
  const int first = get_global_id(0) * (GRAD_VECTORS * 16);
  for (int v = 0; v < GRAD_VECTORS; v++) {
    const int k = first + v * 16;
    if (k + 16 <= PARAMS && (k + 16 <= DECAYED || k >= DECAYED)) {
      realv(16) g = vload_real(16)(0, grad + k);
      if (k < DECAYED) g += l2 * vload_real(16)(0, params + k);
      vstore_real(16)((realv(16)) 0, 0, grad + k);
      OPTIMIZER_UPDATE_VECTOR(16, params, state, PARAMS, k, g);
    } else {
      for (int j = k; j < min(k + 16, PARAMS); j++) {
        const real g = grad[j] + (j < DECAYED ? l2 * params[j] : (real) 0);
        grad[j] = 0;
        optimizer_update(params, state, PARAMS, j, g, hyper, step);
      }
    }
  }
}

#undef GRAD_VECTORS
#undef DECAYED
#undef SPARSE_SGD
