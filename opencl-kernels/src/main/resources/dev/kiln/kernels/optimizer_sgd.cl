/* SGD with momentum. Keras's form (UPDATE_RULE 0): v = m v - lr g; w += v, or with Nesterov
 * w += m v - lr g. PyTorch's (UPDATE_RULE 1): b = m b + g; w -= lr b, or with Nesterov
 * w -= lr (g + m b). The two give the same weights while the learning rate stays the same.
 * state: [velocity, or PyTorch's buffer]. */
#define OPTIMIZER_SLOTS 1
#define OPTIMIZER_SGD   /* the embeddings take sparse updates when momentum is 0 */
inline void optimizer_update(global real* w, global real* state, int count, int k, real g,
                             global const real* hyper, int t) {
  const real lr = hyper[LEARNING_RATE];
  const real m = hyper[MOMENTUM];
  const int nesterov = hyper[NESTEROV] != (real) 0;
  if (hyper[UPDATE_RULE] != (real) 0) {
    const real b = m * state[k] + g;
    state[k] = b;
    w[k] -= lr * (nesterov ? g + m * b : b);
  } else {
    const real v = m * state[k] - lr * g;
    state[k] = v;
    w[k] += nesterov ? m * v - lr * g : v;
  }
}

/* The same update on W consecutive parameters k .. k+W-1 at once (see optimizer_adam.cl). */
#define OPTIMIZER_PREPARE(hyper, t) \
  const real opt_lr = (hyper)[LEARNING_RATE]; \
  const real opt_mom = (hyper)[MOMENTUM]; \
  const int opt_nesterov = (hyper)[NESTEROV] != (real) 0; \
  const int opt_pytorch = (hyper)[UPDATE_RULE] != (real) 0;
#define OPTIMIZER_UPDATE_VECTOR(W, w, state, count, k, g) do { \
    const realv(W) opt_g = (g); \
    const realv(W) opt_s = vload_real(W)(0, (state) + (k)); \
    const realv(W) opt_w = vload_real(W)(0, (w) + (k)); \
    if (opt_pytorch) { \
      const realv(W) opt_b = opt_mom * opt_s + opt_g; \
      vstore_real(W)(opt_b, 0, (state) + (k)); \
      vstore_real(W)(opt_w - opt_lr * (opt_nesterov ? opt_g + opt_mom * opt_b : opt_b), 0, (w) + (k)); \
    } else { \
      const realv(W) opt_v = opt_mom * opt_s - opt_lr * opt_g; \
      vstore_real(W)(opt_v, 0, (state) + (k)); \
      vstore_real(W)(opt_w + (opt_nesterov ? opt_mom * opt_v - opt_lr * opt_g : opt_v), 0, (w) + (k)); \
    } \
  } while (0)
