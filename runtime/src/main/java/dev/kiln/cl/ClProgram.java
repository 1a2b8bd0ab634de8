package dev.kiln.cl;

import dev.kiln.KilnException;
import java.util.List;
import org.jocl.CL;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * A built OpenCL program, made by {@link ClContext#build(String, String)}; hands out its kernels.
 */
public final class ClProgram implements AutoCloseable {
  private final ClContext context;
  private final cl_program program;
  private final boolean fromCache;
  private final ClHandle handle;

  ClProgram(ClContext context, cl_program program, boolean fromCache) {
    this.context = context;
    this.program = program;
    this.fromCache = fromCache;
    this.handle = ClHandle.register(this, "ClProgram", context.handle(), releasing(program));
  }

  private static Runnable releasing(cl_program program) {
    return () -> CL.clReleaseProgram(program);
  }

  /**
   * A new kernel object for the kernel {@code name}.
   *
   * @throws KilnException when the program has no such kernel; the message lists those it has
   */
  public ClKernel kernel(String name) {
    handle.ensureOpen();
    int[] error = new int[1];
    cl_kernel kernel = CL.clCreateKernel(program, name, error);
    if (error[0] == CL.CL_INVALID_KERNEL_NAME) {
      throw new KilnException(
          "The program has no kernel \""
              + name
              + "\"; its kernels are: "
              + String.join(", ", kernelNames()));
    }
    Jocl.check(error[0], "clCreateKernel(" + name + ")");
    return new ClKernel(this, name, kernel);
  }

  /** The names of the kernels the program defines. */
  public List<String> kernelNames() {
    handle.ensureOpen();
    return ProgramBuilds.kernelNames(program);
  }

  /** Whether the program was loaded from the {@link ProgramCache} rather than compiled. */
  public boolean fromCache() {
    return fromCache;
  }

  public boolean isOpen() {
    return handle.isOpen();
  }

  /**
   * Releases the program and the kernels made from it that are still open; later calls do nothing.
   */
  @Override
  public void close() {
    handle.close();
  }

  ClContext context() {
    return context;
  }

  ClHandle handle() {
    return handle;
  }
}
