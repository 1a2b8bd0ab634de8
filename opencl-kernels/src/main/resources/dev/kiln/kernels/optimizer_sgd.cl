/* SGD with momentum (Keras's form): v = m v - lr g; w += v, or with Nesterov w += m v - lr g.
 * state: [velocity]. */
#define OPTIMIZER_SLOTS 1
#define OPTIMIZER_SGD   /* the embeddings take sparse updates when momentum is 0 */
inline void optimizer_update(global real* w, global real* state, int count, int k, real g,
                             global const real* hyper, int t) {
  const real lr = hyper[LEARNING_RATE];
  const real m = hyper[MOMENTUM];
  const real v = m * state[k] - lr * g;
  state[k] = v;
  w[k] += hyper[NESTEROV] != (real) 0 ? m * v - lr * g : v;
}

/* The same update on W consecutive parameters k .. k+W-1 at once (see optimizer_adam.cl). */
#define OPTIMIZER_PREPARE(hyper, t) \
  const real opt_lr = (hyper)[LEARNING_RATE]; \
  const real opt_mom = (hyper)[MOMENTUM]; \
  const int opt_nesterov = (hyper)[NESTEROV] != (real) 0;
#define OPTIMIZER_UPDATE_VECTOR(W, w, state, count, k, g) do { \
    const realv(W) opt_g = (g); \
    const realv(W) opt_v = opt_mom * vload_real(W)(0, (state) + (k)) - opt_lr * opt_g; \
    vstore_real(W)(opt_v, 0, (state) + (k)); \
    vstore_real(W)(vload_real(W)(0, (w) + (k)) + (opt_nesterov ? opt_mom * opt_v - opt_lr * opt_g : opt_v), 0, (w) + (k)); \
  } while (0)
