package dev.kiln.annotations;

/** The number type of a model's weights and arithmetic. */
public enum Precision {
  /** 32-bit floats: the default, fast everywhere. */
  FLOAT,
  /** 64-bit doubles: for gradient checks and numerically delicate work; needs cl_khr_fp64. */
  DOUBLE
}
