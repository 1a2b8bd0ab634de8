/*
 * Kiln: what every model's program starts with.
 *
 * The processor emits, before this file: KILN_DOUBLE (fp64 models), MAX_BATCH (the compiled batch),
 * LABEL_WIDTH (values per label row: every output's labels side by side), and the slots of the
 * counters, hyper and totals buffers, from their one definition in Java (dev.kiln.kernels.DeviceAbi).
 * Every size a kernel loops over is a #define, so the device compiler sees fixed trip counts.
 */
#ifdef KILN_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

/* The data set row of the current batch's sample b, through the pass's visiting order. */
#define SAMPLE_ROW(b) order[counters[OFFSET] + (b)]
/* Each layer's section defines INPUT_START(b), where sample b's input starts in the buffer the layer
 * reads: in the data set, its row through SAMPLE_ROW and the input's columns (a row holds every
 * model input side by side); in an earlier layer's activations, row b; for a layer with
 * GATHERED_INPUT (reading an Embedding's table itself, a fused gather), the row of the sample's index
 * in the table. */

/* Vectors of reals: realv(W) is the vector of W reals (W in 1, 2, 4, 8, 16), vload_real(W) and
 * vstore_real(W) move them, hsum_real(W) adds their lanes. The tiled kernels use them. */
#define KILN_CAT_(a, b) a##b
#define KILN_CAT(a, b) KILN_CAT_(a, b)
#ifdef KILN_DOUBLE
#define KILN_VT_1 double
#define KILN_VT_2 double2
#define KILN_VT_4 double4
#define KILN_VT_8 double8
#define KILN_VT_16 double16
#else
#define KILN_VT_1 float
#define KILN_VT_2 float2
#define KILN_VT_4 float4
#define KILN_VT_8 float8
#define KILN_VT_16 float16
#endif
/* realv(W): the vector of W reals (W in 1, 2, 4, 8, 16); vload_real(W) / vstore_real(W) to match. */
#define realv(W) KILN_CAT(KILN_VT_, W)
#define vload_real(W) KILN_CAT(kiln_vload_, W)
#define vstore_real(W) KILN_CAT(kiln_vstore_, W)
#define kiln_vload_1(o, p) ((p)[o])
#define kiln_vload_2 vload2
#define kiln_vload_4 vload4
#define kiln_vload_8 vload8
#define kiln_vload_16 vload16
#define kiln_vstore_1(v, o, p) ((p)[o] = (v))
#define kiln_vstore_2 vstore2
#define kiln_vstore_4 vstore4
#define kiln_vstore_8 vstore8
#define kiln_vstore_16 vstore16
/* the sum of a vector's lanes */
#define hsum_real(W) KILN_CAT(kiln_hsum_, W)
#define kiln_hsum_1(v) (v)
#define kiln_hsum_2(v) ((v).s0 + (v).s1)
#define kiln_hsum_4(v) kiln_hsum_2((v).s01 + (v).s23)
#define kiln_hsum_8(v) kiln_hsum_4((v).s0123 + (v).s4567)
#define kiln_hsum_16(v) kiln_hsum_8((v).s01234567 + (v).s89abcdef)

/*
 * Dropout masks from a counter-based hash: whether element `element` of layer `layer` is kept in
 * optimizer step `step` of a run seeded `seed`. Nothing is stored; the same inputs give the same
 * mask on every device. (lowbias32, a 32-bit integer hash by C. Wellons, applied three times.)
 */
inline uint kiln_hash(uint x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

inline int dropout_keeps(uint seed, uint step, uint layer, uint element, float rate) {
  uint h = kiln_hash(element + 0x9e3779b9u * (layer + 1u));
  h = kiln_hash(h ^ (step * 0x85ebca6bu));
  h = kiln_hash(h ^ seed);
  return (float) (h >> 8) * (1.0f / 16777216.0f) >= rate;
}

/* Multiplies the W lanes of v, elements element0 .. element0+W-1 of layer `layer`'s output in this
 * step, by their dropout scale: 0 where dropped, 1 / (1 - rate) where kept. Forward kernels apply it
 * to their output; the next layer's backward kernel applies it again to the gradient, so masks are
 * regenerated, never stored. */
#define KILN_DROPOUT(W, v, counters, rate, layer, element0) do { \
    real drop_lane_[W]; \
    vstore_real(W)((v), 0, drop_lane_); \
    for (int drop_j_ = 0; drop_j_ < W; drop_j_++) { \
      const int drop_keep_ = dropout_keeps((uint) (counters)[SEED], (uint) (counters)[STEP], (layer), \
                                           (uint) ((element0) + drop_j_), (rate)); \
      drop_lane_[drop_j_] = drop_keep_ ? drop_lane_[drop_j_] * (real) (1.0 / (1.0 - (rate))) : (real) 0; \
    } \
    (v) = vload_real(W)(0, drop_lane_); \
  } while (0)

/* Adds the W lanes of v to out, and only lanes skip .. W-1 for a shifted last tile (see below). */
#define KILN_ADD_TILE(W, v, out, skip) do { \
    real add_lane_[W]; \
    vstore_real(W)((v), 0, add_lane_); \
    for (int add_j_ = (skip); add_j_ < W; add_j_++) (out)[add_j_] += add_lane_[add_j_]; \
  } while (0)

/* Stores the W lanes of v at out; a shifted last tile (which starts `skip` lanes before its own
 * columns, so that it is full) stores only lanes skip .. W-1. */
#define KILN_STORE_TILE(W, v, out, skip) do { \
    if ((skip) == 0) { \
      vstore_real(W)((v), 0, (out)); \
    } else { \
      real store_lane_[W]; \
      vstore_real(W)((v), 0, store_lane_); \
      for (int store_j_ = (skip); store_j_ < W; store_j_++) (out)[store_j_] = store_lane_[store_j_]; \
    } \
  } while (0)
