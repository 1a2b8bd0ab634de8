/* Adam with bias correction, as Keras computes it (UPDATE_RULE 0):
 *   m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= m alpha / (sqrt(v) + eps),
 *   alpha = lr sqrt(1 - b2^t) / (1 - b1^t).
 * PyTorch's form (UPDATE_RULE 1), w -= lr m_hat / (sqrt(v_hat) + eps), is the same with
 * eps sqrt(1 - b2^t) in Keras's place of eps: its epsilon weighs more in the first steps.
 * state: [m, v]. */
#define OPTIMIZER_SLOTS 2
inline void optimizer_update(global real* w, global real* state, int count, int k, real g,
                             global const real* hyper, int t) {
  const real b1 = hyper[BETA1];
  const real b2 = hyper[BETA2];
  const real d2 = (real) 1 - pown(b2, t);
  const real alpha = hyper[LEARNING_RATE] * sqrt(d2) / ((real) 1 - pown(b1, t));
  const real eps = hyper[UPDATE_RULE] != (real) 0 ? hyper[EPSILON] * sqrt(d2) : hyper[EPSILON];
  const real m = state[k] + (g - state[k]) * ((real) 1 - b1);
  const real v = state[count + k] + (g * g - state[count + k]) * ((real) 1 - b2);
  state[k] = m;
  state[count + k] = v;
  w[k] -= m * alpha / (sqrt(v) + eps);
}

/* The same update on W consecutive parameters k .. k+W-1 at once (W in 1, 2, 4, 8, 16; realv,
 * vload_real and vstore_real come from the dense templates). OPTIMIZER_PREPARE declares the step's
 * constants once per work-item, so pown runs once per work-item and not once per parameter.
 * Same operations in the same order as optimizer_update above. */
#define OPTIMIZER_PREPARE(hyper, t) \
  const real opt_b1 = (hyper)[BETA1]; \
  const real opt_b2 = (hyper)[BETA2]; \
  const real opt_d2 = (real) 1 - pown(opt_b2, (t)); \
  const real opt_alpha = (hyper)[LEARNING_RATE] * sqrt(opt_d2) / ((real) 1 - pown(opt_b1, (t))); \
  const real opt_eps = (hyper)[UPDATE_RULE] != (real) 0 ? (hyper)[EPSILON] * sqrt(opt_d2) : (hyper)[EPSILON];
#define OPTIMIZER_UPDATE_VECTOR(W, w, state, count, k, g) do { \
    const realv(W) opt_g = (g); \
    const realv(W) opt_m0 = vload_real(W)(0, (state) + (k)); \
    const realv(W) opt_v0 = vload_real(W)(0, (state) + (count) + (k)); \
    const realv(W) opt_m = opt_m0 + (opt_g - opt_m0) * ((real) 1 - opt_b1); \
    const realv(W) opt_v = opt_v0 + (opt_g * opt_g - opt_v0) * ((real) 1 - opt_b2); \
    vstore_real(W)(opt_m, 0, (state) + (k)); \
    vstore_real(W)(opt_v, 0, (state) + (count) + (k)); \
    vstore_real(W)(vload_real(W)(0, (w) + (k)) - opt_m * opt_alpha / (sqrt(opt_v) + opt_eps), 0, (w) + (k)); \
  } while (0)
