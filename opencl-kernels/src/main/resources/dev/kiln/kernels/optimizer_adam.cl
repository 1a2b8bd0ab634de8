/* Adam with bias correction: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * w -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps). state: [m, v]. */
#define OPTIMIZER_SLOTS 2
inline void optimizer_update(global real* w, global real* state, int count, int k, real g,
                             global const real* hyper, int t) {
  const real b1 = hyper[BETA1];
  const real b2 = hyper[BETA2];
  const real m = b1 * state[k] + ((real) 1 - b1) * g;
  const real v = b2 * state[count + k] + ((real) 1 - b2) * g * g;
  state[k] = m;
  state[count + k] = v;
  const real m_hat = m / ((real) 1 - pown(b1, t));
  const real v_hat = v / ((real) 1 - pown(b2, t));
  w[k] -= hyper[LEARNING_RATE] * m_hat / (sqrt(v_hat) + hyper[EPSILON]);
}
