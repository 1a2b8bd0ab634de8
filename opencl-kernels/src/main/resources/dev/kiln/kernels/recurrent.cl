/*
 * What the recurrent layers' kernels share (lstm_*.cl, gru_*.cl, rnn_*.cl): the product of the state
 * with the recurrent kernel, the product of a gradient with its transpose, and the store of a step's
 * output. Macros, expanded in each layer's section, where its sizes (UNITS, GATES, STEPS) and its
 * kernel's vector widths (REC_LANES, REC_GROUP, REC_UNIT_LANES, REC_UNIT_GROUP) are defined.
 */

/* out[j] = start[j] + sum_k h[k] r[k][j], j < GATES, with r [UNITS][GATES]: vectors of REC_LANES
 * gate values, REC_GROUP of them in flight (independent FMA chains). out may be start. */
#define KILN_STATE_PRODUCT(start, h, r, out) KILN_STATE_PRODUCT_COLUMNS(start, h, r, out, 0, GATES)

/* The same over the columns from <= j < to only, gate blocks of a GRU: from and to multiples of UNITS,
 * which REC_LANES and REC_GROUP, powers of two that divide GATES = 3 UNITS, divide too. */
#define KILN_STATE_PRODUCT_COLUMNS(start, h, r, out, from, to) do { \
    for (int j0_ = (from); j0_ < (to); j0_ += REC_LANES * REC_GROUP) { \
      realv(REC_LANES) acc_[REC_GROUP]; \
      _Pragma("unroll") for (int g_ = 0; g_ < REC_GROUP; g_++) { \
        acc_[g_] = vload_real(REC_LANES)(0, (start) + j0_ + g_ * REC_LANES); \
      } \
      for (int k_ = 0; k_ < UNITS; k_++) { \
        const realv(REC_LANES) hk_ = (realv(REC_LANES)) ((h)[k_]);   /* not (T)(h)[k]: a vector literal */ \
        global const real* rk_ = (r) + k_ * GATES + j0_; \
        _Pragma("unroll") for (int g_ = 0; g_ < REC_GROUP; g_++) { \
          acc_[g_] = fma(hk_, vload_real(REC_LANES)(0, rk_ + g_ * REC_LANES), acc_[g_]); \
        } \
      } \
      _Pragma("unroll") for (int g_ = 0; g_ < REC_GROUP; g_++) { \
        vstore_real(REC_LANES)(acc_[g_], 0, (out) + j0_ + g_ * REC_LANES); \
      } \
    } \
  } while (0)

/* dh[k] = (keep ? dh[k] : 0) + sum_j d[j] rt[j][k], k < UNITS, with rt = R transposed [GATES][UNITS]
 * (recurrent_transpose.cl): vectors of REC_UNIT_LANES units, REC_UNIT_GROUP of them in flight. */
#define KILN_STATE_GRADIENT(d, rt, dh, keep) KILN_STATE_GRADIENT_ROWS(d, rt, dh, keep, 0, GATES)

/* The same over the rows from <= j < to of rt only (the gradient of some gate blocks' columns of R). */
#define KILN_STATE_GRADIENT_ROWS(d, rt, dh, keep, from, to) do { \
    for (int k0_ = 0; k0_ < UNITS; k0_ += REC_UNIT_LANES * REC_UNIT_GROUP) { \
      realv(REC_UNIT_LANES) acc_[REC_UNIT_GROUP]; \
      _Pragma("unroll") for (int g_ = 0; g_ < REC_UNIT_GROUP; g_++) { \
        acc_[g_] = (keep) ? vload_real(REC_UNIT_LANES)(0, (dh) + k0_ + g_ * REC_UNIT_LANES) \
                          : (realv(REC_UNIT_LANES)) 0; \
      } \
      for (int j_ = (from); j_ < (to); j_++) { \
        const realv(REC_UNIT_LANES) dj_ = (realv(REC_UNIT_LANES)) ((d)[j_]); \
        global const real* row_ = (rt) + j_ * UNITS + k0_; \
        _Pragma("unroll") for (int g_ = 0; g_ < REC_UNIT_GROUP; g_++) { \
          acc_[g_] = fma(dj_, vload_real(REC_UNIT_LANES)(0, row_ + g_ * REC_UNIT_LANES), acc_[g_]); \
        } \
      } \
      _Pragma("unroll") for (int g_ = 0; g_ < REC_UNIT_GROUP; g_++) { \
        vstore_real(REC_UNIT_LANES)(acc_[g_], 0, (dh) + k0_ + g_ * REC_UNIT_LANES); \
      } \
    } \
  } while (0)

/* Step s's state h of sample b (UNITS values) kept in the workspace at HIDDEN_AT, and written to the
 * layer's output a: every step's (RETURN_SEQUENCES, at OUTPUT_STEP(s): s, in the order the steps ran,
 * as Keras does, or, for a Bidirectional's backward layer, the input step s read) or only the last's,
 * through the Dropout after the layer (OUTPUT_DROPOUT, from the layer's section). */
#define KILN_STEP_OUTPUT(ws, a, h, b, s) do { \
    global real* hs_ = (ws) + HIDDEN_AT + ((size_t) (b) * STEPS + (s)) * UNITS; \
    for (int u_ = 0; u_ < UNITS; u_++) hs_[u_] = (h)[u_]; \
    if (RETURN_SEQUENCES || (s) == STEPS - 1) { \
      const int row_ = RETURN_SEQUENCES ? (b) * STEPS + OUTPUT_STEP(s) : (b); \
      for (int u_ = 0; u_ < UNITS; u_++) { \
        real v_ = (h)[u_]; \
        OUTPUT_DROPOUT(v_, row_ * UNITS + u_); \
        (a)[(size_t) row_ * UNITS + u_] = v_; \
      } \
    } \
  } while (0)

/* The gradient of step s's output for sample b added to dh: every step's (RETURN_SEQUENCES, at
 * OUTPUT_STEP(s)), or the last step's. The Dropout after the layer was applied to delta already. */
#define KILN_STEP_OUTPUT_GRADIENT(delta, dh, b, s) do { \
    if (RETURN_SEQUENCES || (s) == STEPS - 1) { \
      global const real* dy_ = (delta) + (size_t) (RETURN_SEQUENCES ? (b) * STEPS + OUTPUT_STEP(s) : (b)) * UNITS; \
      for (int u_ = 0; u_ < UNITS; u_++) (dh)[u_] += dy_[u_]; \
    } \
  } while (0)
