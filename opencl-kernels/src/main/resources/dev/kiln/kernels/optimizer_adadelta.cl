/* Adadelta: Eg = rho Eg + (1-rho) g^2; dx = -sqrt(Edx + eps) / sqrt(Eg + eps) g;
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
