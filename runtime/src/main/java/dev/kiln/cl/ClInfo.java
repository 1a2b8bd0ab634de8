package dev.kiln.cl;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.jocl.Pointer;
import org.jocl.Sizeof;

/** Reads clGet*Info values of the common shapes: strings, 64-bit and 32-bit numbers. */
final class ClInfo {
  /** One clGet*Info call with its object and parameter name already bound. */
  @FunctionalInterface
  interface Query {
    int get(long size, Pointer value, long[] sizeReturned);
  }

  private ClInfo() {}

  static String string(String call, Query query) {
    long[] size = new long[1];
    Jocl.check(query.get(0, null, size), call);
    if (size[0] == 0) {
      return "";
    }
    byte[] bytes = new byte[Math.toIntExact(size[0])];
    Jocl.check(query.get(bytes.length, Pointer.to(bytes), null), call);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, UTF_8).trim();
  }

  /**
   * A cl_ulong, cl_bitfield or size_t value (JOCL runs on 64-bit hosts only, so size_t is 8 bytes).
   */
  static long longValue(String call, Query query) {
    long[] value = new long[1];
    Jocl.check(query.get(Sizeof.cl_ulong, Pointer.to(value), null), call);
    return value[0];
  }

  /** A cl_uint or cl_bool value. */
  static int intValue(String call, Query query) {
    int[] value = new int[1];
    Jocl.check(query.get(Sizeof.cl_uint, Pointer.to(value), null), call);
    return value[0];
  }
}
