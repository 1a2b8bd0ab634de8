/*
 * Noise drawn on the device: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3"), the generator dev.kiln.engine.Philox runs on the host, so a host draw (Noise.sample)
 * gives the same numbers. Block i of draw d under key k is philox(k, (i, d, 0, 0)); its four words
 * give values 4i .. 4i+3 of the draw: uniform in [low, high), or two Box-Muller pairs of normals.
 * Built on its own (with KILN_DOUBLE for fp64 models), beside the model's program.
 */
#ifdef KILN_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

inline uint4 philox4x32_10(uint4 c, uint2 k) {
  for (int round = 0; round < 10; round++) {
    const uint hi0 = mul_hi(0xD2511F53u, c.x);
    const uint lo0 = 0xD2511F53u * c.x;
    const uint hi1 = mul_hi(0xCD9E8D57u, c.z);
    const uint lo1 = 0xCD9E8D57u * c.z;
    c = (uint4) (hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    k += (uint2) (0x9E3779B9u, 0xBB67AE85u);
  }
  return c;
}

/* a word's top 24 bits as a float in [0, 1) */
inline float unit_float(uint word) {
  return (float) (word >> 8) * (1.0f / 16777216.0f);
}

/* out[offset + j] for j < count: value j of draw `draw`, uniform in [low, high) */
kernel void noise_uniform(global real* out, const uint offset, const uint count, const uint key_lo,
                          const uint key_hi, const uint draw, const float low, const float high) {
  const uint block = get_global_id(0);
  const uint4 words = philox4x32_10((uint4) (block, draw, 0u, 0u), (uint2) (key_lo, key_hi));
  const float values[4] = {unit_float(words.x), unit_float(words.y), unit_float(words.z), unit_float(words.w)};
  for (uint lane = 0; lane < 4; lane++) {
    const uint j = 4 * block + lane;
    if (j < count) out[offset + j] = (real) (low + (high - low) * values[lane]);
  }
}

/* out[offset + j] for j < count: value j of draw `draw`, normal with `mean` and `stddev` */
kernel void noise_normal(global real* out, const uint offset, const uint count, const uint key_lo,
                         const uint key_hi, const uint draw, const float mean, const float stddev) {
  const uint block = get_global_id(0);
  const uint4 words = philox4x32_10((uint4) (block, draw, 0u, 0u), (uint2) (key_lo, key_hi));
  float values[4];
  for (int pair = 0; pair < 2; pair++) {
    const float u1 = unit_float(pair == 0 ? words.x : words.z) + 1.0f / 16777216.0f;  /* (0, 1]: log is finite */
    const float u2 = unit_float(pair == 0 ? words.y : words.w);
    const float radius = sqrt(-2.0f * log(u1));
    const float angle = 6.2831853071795864f * u2;
    values[2 * pair] = radius * cos(angle);
    values[2 * pair + 1] = radius * sin(angle);
  }
  for (uint lane = 0; lane < 4; lane++) {
    const uint j = 4 * block + lane;
    if (j < count) out[offset + j] = (real) (mean + stddev * values[lane]);
  }
}
