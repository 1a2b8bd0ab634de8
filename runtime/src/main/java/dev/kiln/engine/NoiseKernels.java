package dev.kiln.engine;

import dev.kiln.KilnException;
import dev.kiln.Noise;
import dev.kiln.annotations.Precision;
import dev.kiln.cl.ClBuffer;
import dev.kiln.cl.ClContext;
import dev.kiln.cl.ClKernel;
import dev.kiln.cl.ClProgram;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The device's noise kernels (kernels/noise.cl) for one context and number type: they fill buffers with {@link Noise}. */
final class NoiseKernels implements AutoCloseable {
  private static final String SOURCE = "/dev/kiln/kernels/noise.cl";
  /** Values each work-item writes: one Philox block. */
  private static final int PER_ITEM = 4;
  private final ClContext cl;
  private final ClProgram program;
  private final ClKernel normal;
  private final ClKernel uniform;

  NoiseKernels(ClContext cl, Precision precision) {
    this.cl = cl;
    this.program = cl.build(source(), precision == Precision.DOUBLE ? "-DKILN_DOUBLE -w" : "-w");
    this.normal = program.kernel("noise_normal");
    this.uniform = program.kernel("noise_uniform");
  }

  /** Queues the next draw of {@code noise} into reals {@code offset .. offset + count - 1} of {@code out}. */
  void fill(Noise noise, ClBuffer out, int offset, int count) {
    long draw = noise.nextDraw();
    if (draw > 0xFFFFFFFFL) {
      throw new KilnException("this Noise has given 2^32 draws; make a new one with another seed");
    }
    ClKernel kernel = (noise.isNormal() ? normal : uniform)
        .arg(0, out).arg(1, offset).arg(2, count)
        .arg(3, (int) noise.seed()).arg(4, (int) (noise.seed() >>> 32)).arg(5, (int) draw)
        .arg(6, noise.first()).arg(7, noise.second());
    cl.launch(kernel, new long[] {(count + PER_ITEM - 1) / PER_ITEM}, new long[] {1});
  }

  private static String source() {
    try (InputStream in = NoiseKernels.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new KilnException("the noise kernels " + SOURCE + " are missing from the class path (kiln-opencl-kernels)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KilnException("cannot read the noise kernels " + SOURCE + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    normal.close();
    uniform.close();
    program.close();
  }
}
