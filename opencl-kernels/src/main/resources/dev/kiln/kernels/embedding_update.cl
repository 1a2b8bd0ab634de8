/*
 * {{kernel}}: the optimizer's update of a whole embedding table from the gradient the scatter kernel
 * summed, as Keras and PyTorch do by default (Adam's moments decay for every row, looked up or not);
 * the gradient is cleared as it is read, ready for the next step. With SGD and no momentum the
 * scatter kernel has updated the rows it touched already, and this kernel returns at once.
 *
 * Each work-item updates EMB_VECTORS vectors of 16 parameters (one vector update, as update_row.cl
 * does), the last one parameter at a time where the table does not fill a vector.
 * Global size {ceil(PARAMS / (16 * EMB_VECTORS))}, local size {1}.
 */
kernel void {{kernel}}(
    global const int* restrict counters,
    global const real* restrict hyper,
    global real* restrict grad,
    global real* restrict params,
    global real* restrict state) {
#ifdef OPTIMIZER_SGD
  if (hyper[MOMENTUM] == (real) 0) return;
#endif
  const int step = counters[STEP] + 1;
  OPTIMIZER_PREPARE(hyper, step)
  const int first = get_global_id(0) * (EMB_VECTORS * 16);
  for (int v = 0; v < EMB_VECTORS; v++) {
    const int k = first + v * 16;
    if (k + 16 <= PARAMS) {
      const realv(16) g = vload_real(16)(0, grad + k);
      vstore_real(16)((realv(16)) 0, 0, grad + k);
      OPTIMIZER_UPDATE_VECTOR(16, params, state, PARAMS, k, g);
    } else {
      for (int j = k; j < PARAMS; j++) {
        const real g = grad[j];
        grad[j] = 0;
        optimizer_update(params, state, PARAMS, j, g, hyper, step);
      }
      return;
    }
  }
}

#undef EMB_VECTORS
