package dev.kiln.cl;

import dev.kiln.KilnException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * An OpenCL context on one device with one in-order command queue. It builds programs (through the
 * {@link ProgramCache}), makes buffers, and runs every queue operation: launches are queued without
 * waiting, reads and writes wait for everything queued before them.
 *
 * <p>Queue operations may be called from several threads; each is atomic. Closing the context
 * releases the programs, kernels and buffers made from it.
 */
public final class ClContext implements AutoCloseable {
  private final ClDevice device;
  private final ProgramCache cache;
  private final cl_context context;
  private final cl_command_queue queue;
  private final ClHandle handle;

  private ClContext(
      ClDevice device, ProgramCache cache, cl_context context, cl_command_queue queue) {
    this.device = device;
    this.cache = cache;
    this.context = context;
    this.queue = queue;
    this.handle =
        ClHandle.register(this, "ClContext on " + device.name(), null, releasing(context, queue));
  }

  private static Runnable releasing(cl_context context, cl_command_queue queue) {
    return () -> {
      CL.clReleaseCommandQueue(queue);
      CL.clReleaseContext(context);
    };
  }

  /** A context on {@code device} that caches programs in {@link ProgramCache#standard()}. */
  public static ClContext open(ClDevice device) {
    return open(device, ProgramCache.standard());
  }

  /** A context on {@code device} that caches programs in {@code cache}. */
  public static ClContext open(ClDevice device, ProgramCache cache) {
    Jocl.load();
    cl_device_id[] devices = {device.id()};
    int[] error = new int[1];
    cl_context context = CL.clCreateContext(null, 1, devices, null, null, error);
    Jocl.check(error[0], "clCreateContext(" + device.name() + ")");
    cl_command_queue queue = createQueue(context, device, error);
    if (error[0] != CL.CL_SUCCESS) {
      CL.clReleaseContext(context);
      throw Jocl.failure(error[0], "clCreateCommandQueue(" + device.name() + ")", null);
    }
    return new ClContext(device, cache, context, queue);
  }

  // Deprecated since OpenCL 2.0, but clCreateCommandQueueWithProperties is missing on 1.2 drivers.
  @SuppressWarnings("deprecation")
  private static cl_command_queue createQueue(cl_context context, ClDevice device, int[] error) {
    return CL.clCreateCommandQueue(context, device.id(), 0, error);
  }

  public ClDevice device() {
    return device;
  }

  public ProgramCache cache() {
    return cache;
  }

  /**
   * The program built from {@code source} with compiler {@code options} (null means none), loaded
   * from the cache when it holds a binary that the driver accepts.
   *
   * @throws KilnException when compilation fails, with the error name and the full build log
   */
  public ClProgram build(String source, String options) {
    handle.ensureOpen();
    String opts = options == null ? "" : options.strip();
    String key = ProgramCache.key(source, opts, device);
    Optional<byte[]> binary = cache.load(key);
    if (binary.isPresent()) {
      Optional<cl_program> cached = ProgramBuilds.fromBinary(context, device, binary.get(), opts);
      if (cached.isPresent()) {
        return new ClProgram(this, cached.get(), true);
      }
      cache.delete(key); // intact but refused by the driver: build from source instead
    }
    cl_program program = ProgramBuilds.fromSource(context, device, source, opts);
    ProgramBuilds.binary(program).ifPresent(built -> cache.store(key, built));
    return new ClProgram(this, program, false);
  }

  /**
   * A read-write buffer of {@code bytes} bytes. On a CPU device it lives in host memory that the
   * device uses directly.
   */
  public ClBuffer buffer(long bytes) {
    if (bytes <= 0) {
      throw new KilnException("A buffer needs a positive size, not " + bytes + " bytes");
    }
    handle.ensureOpen();
    long flags = CL.CL_MEM_READ_WRITE | (device.isCpu() ? CL.CL_MEM_ALLOC_HOST_PTR : 0);
    int[] error = new int[1];
    cl_mem mem = CL.clCreateBuffer(context, flags, bytes, null, error);
    Jocl.check(error[0], "clCreateBuffer(" + bytes + " bytes)");
    return new ClBuffer(this, mem, bytes);
  }

  /**
   * Queues {@code kernel} over {@code global} work-items in work-groups of {@code local} (1 to 3
   * dimensions) and returns without waiting. Pass an explicit local size: left to the driver
   * (null), it may pick a poor one and compile an extra variant of the kernel.
   */
  public void launch(ClKernel kernel, long[] global, long[] local) {
    if (global.length < 1
        || global.length > 3
        || (local != null && local.length != global.length)) {
      throw new KilnException(
          "launch("
              + kernel.name()
              + ") needs 1 to 3 global sizes and as many local ones, not global "
              + Arrays.toString(global)
              + ", local "
              + Arrays.toString(local));
    }
    requireOwn(kernel.context(), "ClKernel " + kernel.name());
    synchronized (this) {
      handle.ensureOpen();
      int code =
          CL.clEnqueueNDRangeKernel(
              queue, kernel.forLaunch(), global.length, null, global, local, 0, null, null);
      if (code != CL.CL_SUCCESS) { // messages are built only on failure: launches are hot
        throw Jocl.failure(
            code,
            "clEnqueueNDRangeKernel(" + kernel.name() + ")",
            "global " + Arrays.toString(global) + ", local " + Arrays.toString(local));
      }
    }
  }

  /**
   * Copies {@code src[srcOffset]} to {@code src[srcOffset + count - 1]} into the buffer, starting
   * at byte {@code offsetBytes}; returns when the copy is done.
   */
  public void write(ClBuffer b, long offsetBytes, float[] src, int srcOffset, int count) {
    transfer(
        Transfer.WRITE,
        b,
        offsetBytes,
        Pointer.to(src),
        src.length,
        srcOffset,
        count,
        Sizeof.cl_float);
  }

  /** Like {@link #write(ClBuffer, long, float[], int, int)}, for doubles. */
  public void write(ClBuffer b, long offsetBytes, double[] src, int srcOffset, int count) {
    transfer(
        Transfer.WRITE,
        b,
        offsetBytes,
        Pointer.to(src),
        src.length,
        srcOffset,
        count,
        Sizeof.cl_double);
  }

  /** Like {@link #write(ClBuffer, long, float[], int, int)}, for ints. */
  public void write(ClBuffer b, long offsetBytes, int[] src, int srcOffset, int count) {
    transfer(
        Transfer.WRITE,
        b,
        offsetBytes,
        Pointer.to(src),
        src.length,
        srcOffset,
        count,
        Sizeof.cl_int);
  }

  /**
   * Copies {@code count} floats from the buffer, starting at byte {@code offsetBytes}, into {@code
   * dst} from index {@code dstOffset}; returns when the copy is done, so after every command queued
   * before it.
   */
  public void read(ClBuffer b, long offsetBytes, float[] dst, int dstOffset, int count) {
    transfer(
        Transfer.READ,
        b,
        offsetBytes,
        Pointer.to(dst),
        dst.length,
        dstOffset,
        count,
        Sizeof.cl_float);
  }

  /** Like {@link #read(ClBuffer, long, float[], int, int)}, for doubles. */
  public void read(ClBuffer b, long offsetBytes, double[] dst, int dstOffset, int count) {
    transfer(
        Transfer.READ,
        b,
        offsetBytes,
        Pointer.to(dst),
        dst.length,
        dstOffset,
        count,
        Sizeof.cl_double);
  }

  /** Like {@link #read(ClBuffer, long, float[], int, int)}, for ints. */
  public void read(ClBuffer b, long offsetBytes, int[] dst, int dstOffset, int count) {
    transfer(
        Transfer.READ,
        b,
        offsetBytes,
        Pointer.to(dst),
        dst.length,
        dstOffset,
        count,
        Sizeof.cl_int);
  }

  /**
   * Queues a copy of all of {@code source} (a direct buffer, position 0) into the buffer at byte
   * {@code offsetBytes} and returns at once. Nobody may change {@code source} until a later
   * blocking read or {@link #finish()} has returned.
   */
  public void enqueueWrite(ClBuffer b, long offsetBytes, ByteBuffer source) {
    enqueueTransfer(Transfer.WRITE, b, offsetBytes, source, false);
  }

  /**
   * Queues a copy from the buffer at byte {@code offsetBytes} into all of {@code target} (a direct
   * buffer, position 0) and returns at once; {@code target} holds the data after a later blocking
   * read or {@link #finish()} has returned.
   */
  public void enqueueRead(ClBuffer b, long offsetBytes, ByteBuffer target) {
    enqueueTransfer(Transfer.READ, b, offsetBytes, target, false);
  }

  /** Like {@link #enqueueRead}, but returns when {@code target} holds the data (after all queued before it). */
  public void read(ClBuffer b, long offsetBytes, ByteBuffer target) {
    enqueueTransfer(Transfer.READ, b, offsetBytes, target, true);
  }

  private void enqueueTransfer(Transfer direction, ClBuffer buffer, long offsetBytes, ByteBuffer host,
                               boolean blocking) {
    requireOwn(buffer.context(), "ClBuffer");
    if (!host.isDirect()) {
      throw new KilnException(direction.call + ": a queued copy needs a direct ByteBuffer, which stays put");
    }
    long bytes = host.capacity();
    if (offsetBytes < 0 || offsetBytes > buffer.bytes() - bytes) {
      throw new KilnException(direction.call + ": bytes " + offsetBytes + " to " + (offsetBytes + bytes)
          + " do not fit a buffer of " + buffer.bytes() + " bytes");
    }
    synchronized (this) {
      handle.ensureOpen();
      int code = direction == Transfer.READ
          ? CL.clEnqueueReadBuffer(queue, buffer.mem(), blocking, offsetBytes, bytes, Pointer.to(host), 0, null, null)
          : CL.clEnqueueWriteBuffer(queue, buffer.mem(), blocking, offsetBytes, bytes, Pointer.to(host), 0, null,
              null);
      if (code != CL.CL_SUCCESS) {
        throw Jocl.failure(code, direction.call, bytes + " bytes at offset " + offsetBytes);
      }
    }
  }

  /** Queues a copy of {@code bytes} bytes from {@code source} to {@code target}, both of this context; returns at once. */
  public void copy(ClBuffer source, long sourceOffset, ClBuffer target, long targetOffset, long bytes) {
    requireOwn(source.context(), "ClBuffer");
    requireOwn(target.context(), "ClBuffer");
    if (sourceOffset < 0 || targetOffset < 0 || bytes < 0 || sourceOffset > source.bytes() - bytes
        || targetOffset > target.bytes() - bytes) {
      throw new KilnException("clEnqueueCopyBuffer: " + bytes + " bytes from offset " + sourceOffset + " of a buffer of "
          + source.bytes() + " to offset " + targetOffset + " of one of " + target.bytes() + " do not fit");
    }
    synchronized (this) {
      handle.ensureOpen();
      int code = CL.clEnqueueCopyBuffer(queue, source.mem(), target.mem(), sourceOffset, targetOffset, bytes, 0, null,
          null);
      Jocl.check(code, "clEnqueueCopyBuffer", bytes + " bytes");
    }
  }

  /** Sets every byte of {@code b} to {@code value}; ordered before later queue operations. */
  public void fill(ClBuffer b, byte value) {
    requireOwn(b.context(), "ClBuffer");
    synchronized (this) {
      handle.ensureOpen();
      // The pattern is copied when the command is queued, so a Java array is safe here.
      int code =
          CL.clEnqueueFillBuffer(
              queue, b.mem(), Pointer.to(new byte[] {value}), 1, 0, b.bytes(), 0, null, null);
      Jocl.check(code, "clEnqueueFillBuffer", b.bytes() + " bytes");
    }
  }

  /** Waits for everything queued; errors of earlier launches surface here. */
  public void finish() {
    synchronized (this) {
      handle.ensureOpen();
      Jocl.check(CL.clFinish(queue), "clFinish");
    }
  }

  public boolean isOpen() {
    return handle.isOpen();
  }

  /** Releases the queue, the context and everything made from it; later calls do nothing. */
  @Override
  public void close() {
    synchronized (this) {
      handle.close();
    }
  }

  ClHandle handle() {
    return handle;
  }

  /** The two directions of a blocking copy between a Java array and a buffer. */
  private enum Transfer {
    READ("clEnqueueReadBuffer"),
    WRITE("clEnqueueWriteBuffer");

    final String call;

    Transfer(String call) {
      this.call = call;
    }

    int enqueue(cl_command_queue queue, cl_mem mem, long offset, long bytes, Pointer host) {
      // Blocking, as JOCL pins a Java array only for the duration of the call.
      return this == READ
          ? CL.clEnqueueReadBuffer(queue, mem, true, offset, bytes, host, 0, null, null)
          : CL.clEnqueueWriteBuffer(queue, mem, true, offset, bytes, host, 0, null, null);
    }
  }

  private void transfer(
      Transfer direction,
      ClBuffer buffer,
      long offsetBytes,
      Pointer array,
      int arrayLength,
      int arrayOffset,
      int count,
      int elementBytes) {
    requireOwn(buffer.context(), "ClBuffer");
    if (arrayOffset < 0 || count < 0 || arrayOffset > arrayLength - count) {
      throw new KilnException(
          direction.call
              + ": elements "
              + arrayOffset
              + " to "
              + ((long) arrayOffset + count)
              + " do not fit an array of "
              + arrayLength);
    }
    long bytes = (long) count * elementBytes;
    if (offsetBytes < 0 || offsetBytes > buffer.bytes() - bytes) {
      throw new KilnException(
          direction.call
              + ": bytes "
              + offsetBytes
              + " to "
              + (offsetBytes + bytes)
              + " do not fit a buffer of "
              + buffer.bytes()
              + " bytes");
    }
    if (count == 0) {
      return;
    }
    Pointer host = array.withByteOffset((long) arrayOffset * elementBytes);
    synchronized (this) {
      handle.ensureOpen();
      int code = direction.enqueue(queue, buffer.mem(), offsetBytes, bytes, host);
      if (code != CL.CL_SUCCESS) {
        throw Jocl.failure(code, direction.call, bytes + " bytes at offset " + offsetBytes);
      }
    }
  }

  private void requireOwn(ClContext owner, String what) {
    if (owner != this) {
      throw new KilnException(what + " belongs to another ClContext");
    }
  }
}
