package dev.kiln.cl;

import org.jocl.CL;

/**
 * What kind of processor an OpenCL device is. The declaration order is the order of preference when
 * no device is asked for: GPU, then accelerator, then CPU.
 */
public enum DeviceKind {
  GPU,
  ACCELERATOR,
  CPU,
  OTHER;

  /**
   * The kind for a {@code CL_DEVICE_TYPE} bit field; a GPU that also claims another bit is a GPU.
   */
  static DeviceKind of(long clDeviceType) {
    if ((clDeviceType & CL.CL_DEVICE_TYPE_GPU) != 0) {
      return GPU;
    }
    if ((clDeviceType & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) {
      return ACCELERATOR;
    }
    if ((clDeviceType & CL.CL_DEVICE_TYPE_CPU) != 0) {
      return CPU;
    }
    return OTHER;
  }
}
