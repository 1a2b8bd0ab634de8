/* Adadelta (the same in Keras and PyTorch; only their defaults differ): Eg = rho Eg + (1-rho) g^2;
 * dx = -sqrt(Edx + eps) / sqrt(Eg + eps) g;
 * Edx = rho Edx + (1-rho) dx^2; w += lr dx. state: [Eg, Edx]. */
#define OPTIMIZER_SLOTS 2
inline void optimizer_update(global real* w, global real* state, int count, int k, real g,
                             global const real* hyper, int t) {
  const real rho = hyper[RHO];
  const real eps = hyper[EPSILON];
  const real eg = rho * state[k] + ((real) 1 - rho) * g * g;
  const real dx = -sqrt(state[count + k] + eps) / sqrt(eg + eps) * g;
  state[k] = eg;
  state[count + k] = rho * state[count + k] + ((real) 1 - rho) * dx * dx;
  w[k] += hyper[LEARNING_RATE] * dx;
}

/* The same update on W consecutive parameters k .. k+W-1 at once (see optimizer_adam.cl). */
#define OPTIMIZER_PREPARE(hyper, t) \
  const real opt_rho = (hyper)[RHO]; \
  const real opt_eps = (hyper)[EPSILON]; \
  const real opt_lr = (hyper)[LEARNING_RATE];
#define OPTIMIZER_UPDATE_VECTOR(W, w, state, count, k, g) do { \
    const realv(W) opt_g = (g); \
    const realv(W) opt_edx = vload_real(W)(0, (state) + (count) + (k)); \
    const realv(W) opt_eg = opt_rho * vload_real(W)(0, (state) + (k)) + ((real) 1 - opt_rho) * opt_g * opt_g; \
    const realv(W) opt_dx = -sqrt(opt_edx + opt_eps) / sqrt(opt_eg + opt_eps) * opt_g; \
    vstore_real(W)(opt_eg, 0, (state) + (k)); \
    vstore_real(W)(opt_rho * opt_edx + ((real) 1 - opt_rho) * opt_dx * opt_dx, 0, (state) + (count) + (k)); \
    vstore_real(W)(vload_real(W)(0, (w) + (k)) + opt_lr * opt_dx, 0, (w) + (k)); \
  } while (0)
