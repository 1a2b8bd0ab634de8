/* RMSprop: s = rho s + (1-rho) g^2; as Keras computes it (UPDATE_RULE 0) w -= lr g / sqrt(s + eps),
 * as PyTorch does (UPDATE_RULE 1) w -= lr g / (sqrt(s) + eps). state: [s]. */
#define OPTIMIZER_SLOTS 1
inline void optimizer_update(global real* w, global real* state, int count, int k, real g,
                             global const real* hyper, int t) {
  const real rho = hyper[RHO];
  const real eps = hyper[EPSILON];
  const real s = rho * state[k] + ((real) 1 - rho) * g * g;
  state[k] = s;
  const real root = hyper[UPDATE_RULE] != (real) 0 ? sqrt(s) + eps : sqrt(s + eps);
  w[k] -= hyper[LEARNING_RATE] * g / root;
}

/* The same update on W consecutive parameters k .. k+W-1 at once (see optimizer_adam.cl): epsilon
 * goes inside the root (opt_eps_in, Keras) or after it (opt_eps_out, PyTorch). */
#define OPTIMIZER_PREPARE(hyper, t) \
  const real opt_rho = (hyper)[RHO]; \
  const real opt_lr = (hyper)[LEARNING_RATE]; \
  const int opt_pytorch = (hyper)[UPDATE_RULE] != (real) 0; \
  const real opt_eps_in = opt_pytorch ? (real) 0 : (hyper)[EPSILON]; \
  const real opt_eps_out = opt_pytorch ? (hyper)[EPSILON] : (real) 0;
#define OPTIMIZER_UPDATE_VECTOR(W, w, state, count, k, g) do { \
    const realv(W) opt_g = (g); \
    const realv(W) opt_s = opt_rho * vload_real(W)(0, (state) + (k)) + ((real) 1 - opt_rho) * opt_g * opt_g; \
    vstore_real(W)(opt_s, 0, (state) + (k)); \
    vstore_real(W)(vload_real(W)(0, (w) + (k)) - opt_lr * opt_g / (sqrt(opt_s + opt_eps_in) + opt_eps_out), 0, (w) + (k)); \
  } while (0)
