/* RMSprop: s = rho s + (1-rho) g^2; w -= lr g / (sqrt(s) + eps). state: [s]. */
#define OPTIMIZER_SLOTS 1
inline void optimizer_update(global real* w, global real* state, int count, int k, real g,
                             global const real* hyper, int t) {
  const real rho = hyper[RHO];
  const real s = rho * state[k] + ((real) 1 - rho) * g * g;
  state[k] = s;
  w[k] -= hyper[LEARNING_RATE] * g / (sqrt(s) + hyper[EPSILON]);
}
