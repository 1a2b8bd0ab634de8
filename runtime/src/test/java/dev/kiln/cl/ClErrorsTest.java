package dev.kiln.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClErrorsTest {
  @Test
  void namesErrorCodes() {
    assertEquals("CL_SUCCESS", ClErrors.name(0));
    assertEquals("CL_INVALID_KERNEL_ARGS", ClErrors.name(-52));
    assertEquals("CL_INVALID_WORK_GROUP_SIZE", ClErrors.name(-54));
    assertEquals("CL_BUILD_PROGRAM_FAILURE", ClErrors.name(-11));
    assertEquals("CL_PLATFORM_NOT_FOUND_KHR", ClErrors.name(-1001));
    assertEquals("CL_MAX_SIZE_RESTRICTION_EXCEEDED", ClErrors.name(-72));
    assertEquals("unknown OpenCL error -9999", ClErrors.name(-9999));
  }

  @Test
  void failuresNameTheCallTheErrorAndAHint() {
    assertEquals(
        "clEnqueueNDRangeKernel(dense_forward) failed: CL_INVALID_WORK_GROUP_SIZE (global [100],"
            + " local [64]). Each local size must divide its global size, and their product must"
            + " not exceed the device's or the kernel's maximum work-group size",
        Jocl.failure(-54, "clEnqueueNDRangeKernel(dense_forward)", "global [100], local [64]")
            .getMessage());
    assertEquals(
        "clFinish failed: CL_INVALID_COMMAND_QUEUE",
        Jocl.failure(-36, "clFinish", null).getMessage());
  }
}
