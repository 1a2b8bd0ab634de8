package dev.kiln.cl;

import dev.kiln.KilnException;
import org.jocl.CL;

/**
 * The one gate to JOCL: loads its native library once, with a clear error when there is no OpenCL,
 * and turns OpenCL return codes into {@link KilnException}s.
 */
final class Jocl {
  static final String INSTALL_ADVICE =
      "Kiln needs an OpenCL runtime: on Debian or Ubuntu, "
          + "`apt-get install pocl-opencl-icd ocl-icd-libopencl1` gives a CPU device; "
          + "for a GPU, install its vendor's OpenCL driver. `clinfo` lists what is installed.";

  /** What JOCL's LinkageError says when no OpenCL library candidate could be opened. */
  private static final String JOCL_NO_OPENCL = "Could not initialize native OpenCL library";

  private static boolean loaded;

  private Jocl() {}

  /** Loads JOCL and the system's OpenCL library, and makes JOCL return error codes, not throw. */
  static synchronized void load() {
    if (loaded) {
      return;
    }
    try {
      // The first use of org.jocl.CL runs its static initialiser, which loads the native libraries.
      CL.setExceptionsEnabled(false);
    } catch (LinkageError e) {
      throw loadFailure(e);
    }
    loaded = true;
  }

  /** Says which library is missing: the system's OpenCL loader, or JOCL's own native part. */
  static KilnException loadFailure(LinkageError e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains(JOCL_NO_OPENCL)) {
      return new KilnException(
          "The OpenCL loader library is missing: the dynamic linker found neither "
              + "libOpenCL.so.1 nor libOpenCL.so (JOCL tries both). "
              + "On Debian or Ubuntu, `apt-get install ocl-icd-libopencl1` installs it; "
              + "elsewhere, add the folder that holds libOpenCL.so.1 to LD_LIBRARY_PATH. "
              + INSTALL_ADVICE,
          e);
    }
    return new KilnException(
        "JOCL's native library could not be loaded (" + e + "). " + INSTALL_ADVICE, e);
  }

  static void check(int code, String call) {
    check(code, call, null);
  }

  /** Throws unless {@code code} is CL_SUCCESS; {@code detail} (may be null) says what was asked. */
  static void check(int code, String call, String detail) {
    if (code != CL.CL_SUCCESS) {
      throw failure(code, call, detail);
    }
  }

  /** "call failed: CL_NAME (detail). Hint" */
  static KilnException failure(int code, String call, String detail) {
    StringBuilder message = new StringBuilder(call).append(" failed: ").append(ClErrors.name(code));
    if (detail != null) {
      message.append(" (").append(detail).append(')');
    }
    String hint = ClErrors.hint(code);
    if (hint != null) {
      message.append(". ").append(hint);
    }
    return new KilnException(message.toString());
  }
}
