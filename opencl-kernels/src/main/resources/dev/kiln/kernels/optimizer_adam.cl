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

/* The same update on W consecutive parameters k .. k+W-1 at once (W in 1, 2, 4, 8, 16; realv,
 * vload_real and vstore_real come from the dense templates). OPTIMIZER_PREPARE declares the step's
 * constants once per work-item, so pown runs once per work-item and not once per parameter.
 * Same operations in the same order as optimizer_update above. */
#define OPTIMIZER_PREPARE(hyper, t) \
  const real opt_b1 = (hyper)[BETA1]; \
  const real opt_b2 = (hyper)[BETA2]; \
  const real opt_lr = (hyper)[LEARNING_RATE]; \
  const real opt_eps = (hyper)[EPSILON]; \
  const real opt_d1 = (real) 1 - pown(opt_b1, (t)); \
  const real opt_d2 = (real) 1 - pown(opt_b2, (t));
#define OPTIMIZER_UPDATE_VECTOR(W, w, state, count, k, g) do { \
    const realv(W) opt_g = (g); \
    const realv(W) opt_m = opt_b1 * vload_real(W)(0, (state) + (k)) + ((real) 1 - opt_b1) * opt_g; \
    const realv(W) opt_v = opt_b2 * vload_real(W)(0, (state) + (count) + (k)) + ((real) 1 - opt_b2) * opt_g * opt_g; \
    vstore_real(W)(opt_m, 0, (state) + (k)); \
    vstore_real(W)(opt_v, 0, (state) + (count) + (k)); \
    const realv(W) opt_mh = opt_m / opt_d1; \
    const realv(W) opt_vh = opt_v / opt_d2; \
    vstore_real(W)(vload_real(W)(0, (w) + (k)) - opt_lr * opt_mh / (sqrt(opt_vh) + opt_eps), 0, (w) + (k)); \
  } while (0)
