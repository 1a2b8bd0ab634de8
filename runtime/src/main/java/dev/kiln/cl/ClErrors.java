package dev.kiln.cl;

import java.util.Map;
import org.jocl.CL;

/** Names and hints for OpenCL error codes. */
public final class ClErrors {
  // Codes newer than JOCL 2.0.5 knows (OpenCL 2.2 and 3.0).
  private static final Map<Integer, String> NEWER =
      Map.of(-71, "CL_INVALID_SPEC_ID", -72, "CL_MAX_SIZE_RESTRICTION_EXCEEDED");

  private static final Map<Integer, String> HINTS =
      Map.ofEntries(
          Map.entry(
              CL.CL_PLATFORM_NOT_FOUND_KHR,
              "No OpenCL platform is installed. " + Jocl.INSTALL_ADVICE),
          Map.entry(
              CL.CL_INVALID_WORK_GROUP_SIZE,
              "Each local size must divide its global size, and their product must not exceed the"
                  + " device's or the kernel's maximum work-group size"),
          Map.entry(
              CL.CL_INVALID_WORK_ITEM_SIZE,
              "A local size exceeds the device's maximum work-item size in that dimension"),
          Map.entry(CL.CL_INVALID_WORK_DIMENSION, "Launch with 1, 2 or 3 dimensions"),
          Map.entry(CL.CL_INVALID_GLOBAL_WORK_SIZE, "Every global size must be positive"),
          Map.entry(
              CL.CL_INVALID_KERNEL_ARGS,
              "A kernel argument is not set: call arg(index, ...) for every parameter before"
                  + " launching"),
          Map.entry(
              CL.CL_INVALID_ARG_SIZE,
              "The value does not have the parameter's type (int, float, double or a buffer)"),
          Map.entry(CL.CL_INVALID_ARG_INDEX, "The kernel has fewer parameters"),
          Map.entry(
              CL.CL_INVALID_ARG_VALUE, "A buffer parameter needs a buffer, a scalar one a number"),
          Map.entry(
              CL.CL_INVALID_BUFFER_SIZE,
              "A buffer needs a positive size no larger than the device's largest allocation"),
          Map.entry(
              CL.CL_MEM_OBJECT_ALLOCATION_FAILURE,
              "The device is out of memory: use smaller batches or a device with more memory"),
          Map.entry(
              CL.CL_OUT_OF_RESOURCES,
              "The device ran out of resources, or a kernel accessed memory out of bounds"),
          Map.entry(CL.CL_OUT_OF_HOST_MEMORY, "The host is out of memory"),
          Map.entry(
              CL.CL_COMPILER_NOT_AVAILABLE,
              "This OpenCL driver cannot compile programs; choose another device with kiln.device"),
          Map.entry(CL.CL_DEVICE_NOT_AVAILABLE, "The device is busy or switched off"),
          Map.entry(CL.CL_INVALID_BUILD_OPTIONS, "The compiler does not accept the build options"));

  private ClErrors() {}

  /** The constant's name for an OpenCL error code, e.g. "CL_INVALID_KERNEL_ARGS" for -52. */
  public static String name(int code) {
    String name;
    try {
      name = CL.stringFor_errorCode(code);
    } catch (LinkageError noOpenCl) {
      name = null; // no OpenCL library: still answer, as messages ask for names
    }
    if (name == null || !name.startsWith("CL_")) {
      name = NEWER.getOrDefault(code, "unknown OpenCL error " + code);
    }
    return name;
  }

  /** What usually causes the error and how to fix it, or null when there is nothing to add. */
  static String hint(int code) {
    return HINTS.get(code);
  }
}
