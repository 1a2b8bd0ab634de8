package dev.kiln.processor.emit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The OpenCL C building blocks of the opencl-kernels module, read from the processor's class path. */
final class KernelTemplates {
  private static final String ROOT = "/dev/kiln/kernels/";
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private KernelTemplates() {}

  static String get(String file) {
    return CACHE.computeIfAbsent(file, KernelTemplates::load);
  }

  /** A one-kernel template with {@code {{kernel}}} replaced by the kernel's name. */
  static String forKernel(String file, String kernelName) {
    return get(file).replace("{{kernel}}", kernelName);
  }

  private static String load(String file) {
    try (InputStream in = KernelTemplates.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException("kernel template " + ROOT + file + " is missing from the processor's class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
