package dev.kiln.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.KilnException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClContextTest {
  static final String SAXPY =
      """
      __kernel void saxpy(__global float *y, __global const float *x, float a, int n) {
        int i = get_global_id(0);
        if (i < n) y[i] += a * x[i];
      }
      """;

  private static final String SCALE_DOUBLES =
      """
      #pragma OPENCL EXTENSION cl_khr_fp64 : enable
      __kernel void scale(__global double *v, double factor) {
        v[get_global_id(0)] *= factor;
      }
      """;

  @TempDir Path cacheDir;
  private ClContext cl;

  @BeforeEach
  void open() {
    cl = ClContext.open(ClDevice.select("cpu"), ProgramCache.at(cacheDir));
  }

  @AfterEach
  void close() {
    cl.close();
  }

  @Test
  void runsSaxpy() {
    int n = 1000;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = 1 - i;
    }
    ClBuffer xs = cl.buffer(4L * n);
    ClBuffer ys = cl.buffer(4L * n);
    cl.write(xs, 0, x, 0, n);
    cl.write(ys, 0, y, 0, n);
    ClKernel saxpy =
        cl.build(SAXPY, null).kernel("saxpy").arg(0, ys).arg(1, xs).arg(2, 2f).arg(3, n);
    cl.launch(saxpy, new long[] {1024}, new long[] {64});
    cl.launch(saxpy, new long[] {1024}, new long[] {64});
    float[] result = new float[n];
    cl.read(ys, 0, result, 0, n);
    for (int i = 0; i < n; i++) {
      assertEquals(1 - i + 4f * i, result[i], 1e-3f, "element " + i);
    }
  }

  @Test
  void runsADoubleKernel() {
    assumeTrue(cl.device().supportsFp64());
    double[] values = {1.5, -2.25, 1e-300, 3};
    ClBuffer buffer = cl.buffer(8L * values.length);
    cl.write(buffer, 0, values, 0, values.length);
    cl.launch(
        cl.build(SCALE_DOUBLES, "").kernel("scale").arg(0, buffer).arg(1, 0.5),
        new long[] {4},
        new long[] {4});
    double[] result = new double[values.length];
    cl.read(buffer, 0, result, 0, values.length);
    assertArrayEquals(new double[] {0.75, -1.125, 5e-301, 1.5}, result);
  }

  @Test
  void floatsRoundTripWithOffsets() {
    ClBuffer buffer = cl.buffer(4 * 10);
    cl.fill(buffer, (byte) 0);
    cl.write(buffer, 4 * 3, new float[] {9, 1.5f, -2.5f, 7, 9}, 1, 3);
    float[] back = new float[8];
    cl.read(buffer, 4 * 2, back, 2, 5);
    assertArrayEquals(new float[] {0, 0, 0, 1.5f, -2.5f, 7, 0, 0}, back);
  }

  @Test
  void doublesRoundTripWithOffsets() {
    ClBuffer buffer = cl.buffer(8 * 6);
    cl.write(buffer, 0, new double[] {1, 2, 3, 4, 5, 6}, 0, 6);
    cl.write(buffer, 8 * 4, new double[] {Math.PI, Math.E}, 0, 2);
    double[] back = new double[4];
    cl.read(buffer, 8 * 3, back, 1, 3);
    assertArrayEquals(new double[] {0, 4, Math.PI, Math.E}, back);
  }

  @Test
  void intsRoundTripWithOffsets() {
    ClBuffer buffer = cl.buffer(4 * 5);
    cl.fill(buffer, (byte) 0xff);
    cl.write(buffer, 4, new int[] {0, Integer.MIN_VALUE, 42, Integer.MAX_VALUE}, 1, 3);
    int[] back = new int[5];
    cl.read(buffer, 0, back, 0, 5);
    assertArrayEquals(new int[] {-1, Integer.MIN_VALUE, 42, Integer.MAX_VALUE, -1}, back);
  }

  @Test
  void copiesOutsideTheBufferOrArrayAreRefused() {
    ClBuffer buffer = cl.buffer(16);
    KilnException tooFar =
        assertThrows(KilnException.class, () -> cl.write(buffer, 8, new float[3], 0, 3));
    assertTrue(tooFar.getMessage().contains("buffer of 16 bytes"), tooFar.getMessage());
    KilnException pastArray =
        assertThrows(KilnException.class, () -> cl.read(buffer, 0, new int[2], 1, 2));
    assertTrue(pastArray.getMessage().contains("array of 2"), pastArray.getMessage());
    assertThrows(KilnException.class, () -> cl.buffer(0));
  }

  @Test
  void aBadLaunchNamesTheCallAndTheError() {
    ClKernel saxpy = cl.build(SAXPY, null).kernel("saxpy");
    KilnException unset =
        assertThrows(KilnException.class, () -> cl.launch(saxpy, new long[] {8}, new long[] {8}));
    assertTrue(
        unset
            .getMessage()
            .startsWith("clEnqueueNDRangeKernel(saxpy) failed: CL_INVALID_KERNEL_ARGS"),
        unset.getMessage());
    ClBuffer buffer = cl.buffer(4 * 10);
    saxpy.arg(0, buffer).arg(1, buffer).arg(2, 1f).arg(3, 10);
    KilnException groups =
        assertThrows(KilnException.class, () -> cl.launch(saxpy, new long[] {10}, new long[] {4}));
    assertTrue(
        groups
            .getMessage()
            .startsWith("clEnqueueNDRangeKernel(saxpy) failed: CL_INVALID_WORK_GROUP_SIZE"),
        groups.getMessage());
    assertTrue(groups.getMessage().contains("global [10], local [4]"), groups.getMessage());
    KilnException argSize = assertThrows(KilnException.class, () -> saxpy.arg(2, 1.0));
    assertTrue(
        argSize.getMessage().startsWith("clSetKernelArg(saxpy, 2) failed: CL_INVALID_ARG_SIZE"),
        argSize.getMessage());
  }

  @Test
  void closingTwiceIsHarmlessAndTheContextClosesWhatItMade() {
    ClProgram program = cl.build(SAXPY, null);
    ClKernel kernel = program.kernel("saxpy");
    ClBuffer buffer = cl.buffer(64);
    kernel.arg(0, buffer);
    buffer.close();
    assertDoesNotThrow(buffer::close);
    assertFalse(buffer.isOpen());
    KilnException closed = assertThrows(KilnException.class, () -> cl.fill(buffer, (byte) 0));
    assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
    kernel.arg(1, cl.buffer(64)).arg(2, 1f).arg(3, 16);
    KilnException closedArgument =
        assertThrows(
            KilnException.class, () -> cl.launch(kernel, new long[] {16}, new long[] {16}));
    assertEquals("Argument 0 of kernel saxpy is a closed ClBuffer", closedArgument.getMessage());

    ClBuffer other = cl.buffer(64);
    cl.close();
    assertFalse(cl.isOpen());
    assertFalse(program.isOpen());
    assertFalse(kernel.isOpen());
    assertFalse(other.isOpen());
    assertDoesNotThrow(cl::close);
    assertDoesNotThrow(program::close);
    assertDoesNotThrow(kernel::close);
    assertThrows(KilnException.class, () -> cl.buffer(64));
    assertThrows(KilnException.class, () -> cl.build(SAXPY, null));
    assertThrows(KilnException.class, cl::finish);
  }

  @Test
  void buffersOfAnotherContextAreRefused() {
    try (ClContext other = ClContext.open(cl.device(), ProgramCache.at(cacheDir))) {
      ClBuffer foreign = other.buffer(16);
      KilnException e =
          assertThrows(KilnException.class, () -> cl.write(foreign, 0, new int[4], 0, 4));
      assertTrue(e.getMessage().contains("another ClContext"), e.getMessage());
      ClKernel saxpy = cl.build(SAXPY, null).kernel("saxpy");
      assertThrows(KilnException.class, () -> saxpy.arg(0, foreign));
    }
  }

  @Test
  void queueOperationsMayComeFromSeveralThreads() throws Exception {
    int threads = 4;
    int n = 256;
    ClBuffer buffer = cl.buffer(4L * n * threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t;
        results.add(
            pool.submit(
                () -> {
                  int[] mine = new int[n];
                  for (int round = 0; round < 50; round++) {
                    Arrays.fill(mine, base * 1000 + round);
                    cl.write(buffer, 4L * n * base, mine, 0, n);
                    cl.finish();
                    cl.read(buffer, 4L * n * base, mine, 0, n);
                  }
                  return mine;
                }));
      }
      for (int t = 0; t < threads; t++) {
        int[] expected = new int[n];
        Arrays.fill(expected, t * 1000 + 49);
        assertArrayEquals(expected, results.get(t).get());
      }
    } finally {
      pool.shutdown();
    }
  }
}
