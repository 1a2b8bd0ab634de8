/* SGD with momentum (Keras's form): v = m v - lr g; w += v, or with Nesterov w += m v - lr g.
 * state: [velocity]. */
#define OPTIMIZER_SLOTS 1
inline void optimizer_update(global real* w, global real* state, int count, int k, real g,
                             global const real* hyper, int t) {
  const real lr = hyper[LEARNING_RATE];
  const real m = hyper[MOMENTUM];
  const real v = m * state[k] - lr * g;
  state[k] = v;
  w[k] += hyper[NESTEROV] != (real) 0 ? m * v - lr * g : v;
}
