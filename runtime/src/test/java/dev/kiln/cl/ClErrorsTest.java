package dev.kiln.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void aMissingOpenClLoaderIsNamedWithItsPackage() {
    // What JOCL 2.0.6 throws when neither libOpenCL.so.1 nor libOpenCL.so can be opened.
    String message =
        Jocl.loadFailure(
                new UnsatisfiedLinkError(
                    "Could not initialize native OpenCL library. Implementation library could not"
                        + " be loaded"))
            .getMessage();
    assertTrue(message.contains("found neither libOpenCL.so.1 nor libOpenCL.so"), message);
    assertTrue(message.contains("`apt-get install ocl-icd-libopencl1`"), message);
  }

  @Test
  void aJoclNativeFailureSaysItIsJocls() {
    String message =
        Jocl.loadFailure(new UnsatisfiedLinkError("libstdc++.so.6: cannot open shared object"))
            .getMessage();
    assertTrue(message.startsWith("JOCL's native library could not be loaded"), message);
    assertTrue(message.contains("libstdc++.so.6"), message);
  }
}
