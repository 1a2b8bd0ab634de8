/*
 * What the recurrent layers' kernels share (lstm_*.cl, gru_*.cl, rnn_*.cl): the product of the state
 * with the recurrent kernel, the product of a gradient with its transpose, and the store of a step's
 * output. Macros, expanded in each layer's section, where its sizes (UNITS, GATES, STEPS) and its
 * kernel's vector widths (REC_LANES, REC_GROUP, REC_UNIT_LANES, REC_UNIT_GROUP) and samples per
 * work-item (REC_SAMPLES) are defined.
 */

/* A work-item runs REC_SAMPLES samples side by side, b0 .. b0 + REC_SAMPLES - 1, so that each vector of
 * the recurrent kernel it loads feeds REC_SAMPLES chains of FMAs: R does not fit in the L1 cache, and
 * loading it once per sample is what bounds the recurrence. The first `many` are the batch's samples
 * (the last work-item of a partial batch has fewer); the others are computed, never stored. */

/* out[q][j] = start[q][j] + sum_k h[q][k] r[k][j] for each sample q, from <= j < to, with r
 * [UNITS][GATES] and h [REC_SAMPLES][UNITS]; start and out are REC_SAMPLES rows each (arrays of row
 * pointers, or private [REC_SAMPLES][GATES] arrays), of which the first `many` of out are written; out
 * may be start. from and to are multiples of UNITS (a GRU's gate blocks), which REC_LANES x REC_GROUP,
 * a power of two that divides GATES, divides. Vectors of REC_LANES gate values, REC_GROUP of them per
 * sample in flight. */
#define KILN_STATE_PRODUCT_COLUMNS(start, h, r, out, from, to, many) do { \
    for (int j0_ = (from); j0_ < (to); j0_ += REC_LANES * REC_GROUP) { \
      realv(REC_LANES) acc_[REC_SAMPLES][REC_GROUP]; \
      _Pragma("unroll") for (int q_ = 0; q_ < REC_SAMPLES; q_++) { \
        _Pragma("unroll") for (int g_ = 0; g_ < REC_GROUP; g_++) { \
          acc_[q_][g_] = vload_real(REC_LANES)(0, (start)[q_] + j0_ + g_ * REC_LANES); \
        } \
      } \
      for (int k_ = 0; k_ < UNITS; k_++) { \
        realv(REC_LANES) hk_[REC_SAMPLES]; \
        _Pragma("unroll") for (int q_ = 0; q_ < REC_SAMPLES; q_++) { \
          hk_[q_] = (realv(REC_LANES)) ((h)[q_][k_]);   /* not (T)(h)[q][k]: a vector literal */ \
        } \
        global const real* rk_ = (r) + k_ * GATES + j0_; \
        _Pragma("unroll") for (int g_ = 0; g_ < REC_GROUP; g_++) { \
          const realv(REC_LANES) w_ = vload_real(REC_LANES)(0, rk_ + g_ * REC_LANES); \
          _Pragma("unroll") for (int q_ = 0; q_ < REC_SAMPLES; q_++) acc_[q_][g_] = fma(hk_[q_], w_, acc_[q_][g_]); \
        } \
      } \
      _Pragma("unroll") for (int q_ = 0; q_ < REC_SAMPLES; q_++) { \
        if (q_ < (many)) { \
          _Pragma("unroll") for (int g_ = 0; g_ < REC_GROUP; g_++) { \
            vstore_real(REC_LANES)(acc_[q_][g_], 0, (out)[q_] + j0_ + g_ * REC_LANES); \
          } \
        } \
      } \
    } \
  } while (0)

/* The same over all the columns. */
#define KILN_STATE_PRODUCT(start, h, r, out, many) KILN_STATE_PRODUCT_COLUMNS(start, h, r, out, 0, GATES, many)

/* dh[q][k] = (keep ? dh[q][k] : 0) + sum_j d[q][j] rt[j][k] for each sample q, k < UNITS, over the rows
 * from <= j < to of rt = R transposed [GATES][UNITS] (recurrent_transpose.cl), with d REC_SAMPLES rows
 * of GATES and dh [REC_SAMPLES][UNITS] (private): vectors of REC_UNIT_LANES units, REC_UNIT_GROUP of
 * them per sample in flight. A padded step's row of d is 0, so with keep its dh carries through. */
#define KILN_STATE_GRADIENT_ROWS(d, rt, dh, keep, from, to) do { \
    for (int k0_ = 0; k0_ < UNITS; k0_ += REC_UNIT_LANES * REC_UNIT_GROUP) { \
      realv(REC_UNIT_LANES) acc_[REC_SAMPLES][REC_UNIT_GROUP]; \
      _Pragma("unroll") for (int q_ = 0; q_ < REC_SAMPLES; q_++) { \
        _Pragma("unroll") for (int g_ = 0; g_ < REC_UNIT_GROUP; g_++) { \
          acc_[q_][g_] = (keep) ? vload_real(REC_UNIT_LANES)(0, (dh)[q_] + k0_ + g_ * REC_UNIT_LANES) \
                                : (realv(REC_UNIT_LANES)) 0; \
        } \
      } \
      for (int j_ = (from); j_ < (to); j_++) { \
        realv(REC_UNIT_LANES) dj_[REC_SAMPLES]; \
        _Pragma("unroll") for (int q_ = 0; q_ < REC_SAMPLES; q_++) dj_[q_] = (realv(REC_UNIT_LANES)) ((d)[q_][j_]); \
        global const real* row_ = (rt) + j_ * UNITS + k0_; \
        _Pragma("unroll") for (int g_ = 0; g_ < REC_UNIT_GROUP; g_++) { \
          const realv(REC_UNIT_LANES) w_ = vload_real(REC_UNIT_LANES)(0, row_ + g_ * REC_UNIT_LANES); \
          _Pragma("unroll") for (int q_ = 0; q_ < REC_SAMPLES; q_++) acc_[q_][g_] = fma(dj_[q_], w_, acc_[q_][g_]); \
        } \
      } \
      _Pragma("unroll") for (int q_ = 0; q_ < REC_SAMPLES; q_++) { \
        _Pragma("unroll") for (int g_ = 0; g_ < REC_UNIT_GROUP; g_++) { \
          vstore_real(REC_UNIT_LANES)(acc_[q_][g_], 0, (dh)[q_] + k0_ + g_ * REC_UNIT_LANES); \
        } \
      } \
    } \
  } while (0)

/* The same over all the rows. */
#define KILN_STATE_GRADIENT(d, rt, dh, keep) KILN_STATE_GRADIENT_ROWS(d, rt, dh, keep, 0, GATES)

/* The rows of step t of the work-item's REC_SAMPLES samples in the workspace at `at`, `width` reals each. */
#define KILN_SAMPLE_ROWS(rows, ws, at, b0, t, width) do { \
    _Pragma("unroll") for (int q_ = 0; q_ < REC_SAMPLES; q_++) { \
      (rows)[q_] = (ws) + (at) + ((size_t) ((b0) + q_) * STEPS + (t)) * (width); \
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
