/*
 * The end of every update kernel: one row of a layer's parameter matrix [rows][COLS], W columns from
 * o0, gets its gradient g plus the L2 term (weight rows only, not the bias row) and the optimizer's
 * update. A whole row is one vector update (OPTIMIZER_PREPARE must be in scope); a shifted last tile
 * (skip > 0) updates only its own columns, one parameter at a time.
 */
#define KILN_UPDATE_ROW(W, g, row, weight_rows, cols, o0, skip, params, state, count, hyper, step, l2) do { \
    const int upd_k0_ = (row) * (cols) + (o0); \
    const int upd_weight_ = (row) < (weight_rows); \
    if ((skip) == 0) { \
      const realv(W) upd_g_ = upd_weight_ ? (g) + (l2) * vload_real(W)(0, (params) + upd_k0_) : (g); \
      OPTIMIZER_UPDATE_VECTOR(W, (params), (state), (count), upd_k0_, upd_g_); \
    } else { \
      real upd_lane_[W]; \
      vstore_real(W)((g), 0, upd_lane_); \
      for (int upd_j_ = (skip); upd_j_ < W; upd_j_++) { \
        const int upd_k_ = upd_k0_ + upd_j_; \
        const real upd_gk_ = upd_weight_ ? upd_lane_[upd_j_] + (l2) * (params)[upd_k_] : upd_lane_[upd_j_]; \
        optimizer_update((params), (state), (count), upd_k_, upd_gk_, (hyper), (step)); \
      } \
    } \
  } while (0)
