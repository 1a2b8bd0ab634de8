package dev.kiln.cl;

import dev.kiln.KilnException;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/**
 * One kernel of a {@link ClProgram}, with its arguments. Arguments stay set between launches, so
 * set the buffers once and only the scalars that change. Setting arguments is not thread-safe: set
 * them and launch from one thread at a time.
 */
public final class ClKernel implements AutoCloseable {
  private final ClProgram program;
  private final String name;
  private final cl_kernel kernel;
  private final ClHandle handle;
  // The buffers set as arguments, by index, held so that the cleaner cannot free memory a kernel
  // still uses.
  private final ClBuffer[] buffers;

  ClKernel(ClProgram program, String name, cl_kernel kernel) {
    this.program = program;
    this.name = name;
    this.kernel = kernel;
    this.handle = ClHandle.register(this, "ClKernel " + name, program.handle(), releasing(kernel));
    this.buffers = new ClBuffer[parameterCount(name, kernel)];
  }

  private static int parameterCount(String name, cl_kernel kernel) {
    return ClInfo.intValue(
        "clGetKernelInfo(" + name + ", CL_KERNEL_NUM_ARGS)",
        (size, value, ret) -> CL.clGetKernelInfo(kernel, CL.CL_KERNEL_NUM_ARGS, size, value, ret));
  }

  private static Runnable releasing(cl_kernel kernel) {
    return () -> CL.clReleaseKernel(kernel);
  }

  public String name() {
    return name;
  }

  /** Sets parameter {@code index} to a buffer of the same context. */
  public ClKernel arg(int index, ClBuffer buffer) {
    if (buffer.context() != program.context()) {
      throw new KilnException(
          "Argument " + index + " of kernel " + name + " is a ClBuffer of another ClContext");
    }
    set(index, Sizeof.cl_mem, Pointer.to(buffer.mem()));
    buffers[index] = buffer; // OpenCL has checked the index
    return this;
  }

  public ClKernel arg(int index, int value) {
    return scalar(index, Sizeof.cl_int, Pointer.to(new int[] {value}));
  }

  public ClKernel arg(int index, float value) {
    return scalar(index, Sizeof.cl_float, Pointer.to(new float[] {value}));
  }

  public ClKernel arg(int index, double value) {
    return scalar(index, Sizeof.cl_double, Pointer.to(new double[] {value}));
  }

  public boolean isOpen() {
    return handle.isOpen();
  }

  /** Releases the kernel; later calls do nothing. */
  @Override
  public void close() {
    handle.close();
  }

  ClContext context() {
    return program.context();
  }

  /** The OpenCL object, for a launch: checks that it and its buffer arguments are still open. */
  cl_kernel forLaunch() {
    handle.ensureOpen();
    for (int index = 0; index < buffers.length; index++) {
      if (buffers[index] != null && !buffers[index].isOpen()) {
        throw new KilnException(
            "Argument " + index + " of kernel " + name + " is a closed ClBuffer");
      }
    }
    return kernel;
  }

  private ClKernel scalar(int index, long size, Pointer value) {
    set(index, size, value);
    buffers[index] = null;
    return this;
  }

  private void set(int index, long size, Pointer value) {
    handle.ensureOpen();
    int code = CL.clSetKernelArg(kernel, index, size, value);
    if (code != CL.CL_SUCCESS) {
      throw Jocl.failure(code, "clSetKernelArg(" + name + ", " + index + ")", null);
    }
  }
}
