package dev.kiln.cl;

import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * A block of device memory, made by {@link ClContext#buffer(long)}. Closing it frees the memory;
 * close it only once the kernels that use it have finished.
 */
public final class ClBuffer implements AutoCloseable {
  private final ClContext context;
  private final cl_mem mem;
  private final long bytes;
  private final ClHandle handle;

  ClBuffer(ClContext context, cl_mem mem, long bytes) {
    this.context = context;
    this.mem = mem;
    this.bytes = bytes;
    this.handle =
        ClHandle.register(
            this, "ClBuffer of " + bytes + " bytes", context.handle(), releasing(mem));
  }

  private static Runnable releasing(cl_mem mem) {
    return () -> CL.clReleaseMemObject(mem);
  }

  public long bytes() {
    return bytes;
  }

  public boolean isOpen() {
    return handle.isOpen();
  }

  /** Frees the memory; later calls do nothing. */
  @Override
  public void close() {
    handle.close();
  }

  ClContext context() {
    return context;
  }

  /** The OpenCL object, for a call that is about to use it. */
  cl_mem mem() {
    handle.ensureOpen();
    return mem;
  }
}
