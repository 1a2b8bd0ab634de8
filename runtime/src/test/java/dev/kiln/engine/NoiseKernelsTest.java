package dev.kiln.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import dev.kiln.Noise;
import dev.kiln.annotations.Precision;
import dev.kiln.cl.ClBuffer;
import dev.kiln.cl.ClContext;
import dev.kiln.cl.ClDevice;
import dev.kiln.cl.ProgramCache;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's noise: the numbers {@link Noise#sample} gives on the host, draw by draw, and distributed as asked. */
class NoiseKernelsTest {
  private static final int ROWS = 100;
  private static final int WIDTH = 101; // not a multiple of a Philox block's 4 values

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
  void deviceDrawsAreTheHostsDrawsInBothPrecisions() {
    for (Precision precision : Precision.values()) {
      try (NoiseKernels kernels = new NoiseKernels(cl, precision)) {
        Noise onDevice = Noise.normal(42, 0.5, 2);
        Noise onHost = Noise.normal(42, 0.5, 2);
        for (int draw = 0; draw < 3; draw++) {
          assertSame(onHost.sample(ROWS, WIDTH), drawn(kernels, onDevice, precision), "draw " + draw + ", " + precision);
        }
        assertSame(Noise.uniform(7, -1, 1).sample(ROWS, WIDTH), drawn(kernels, Noise.uniform(7, -1, 1), precision),
            "uniform, " + precision);
      }
    }
  }

  @Test
  void normalAndUniformNoiseHaveTheirMomentsAndEachDrawDiffers() {
    Noise normal = Noise.normal(3);
    float[][] first = normal.sample(ROWS, WIDTH);
    float[][] second = normal.sample(ROWS, WIDTH);
    double[] moments = moments(first);
    assertEquals(0, moments[0], 0.03, "mean");
    assertEquals(1, moments[1], 0.03, "standard deviation");
    assertTrue(first[0][0] != second[0][0] && first[50][7] != second[50][7], "a new draw, new numbers");
    float[][] uniform = Noise.uniform(3, 2, 5).sample(ROWS, WIDTH);
    double[] u = moments(uniform);
    assertEquals(3.5, u[0], 0.03, "mean of U[2, 5)");
    assertEquals(3 / Math.sqrt(12), u[1], 0.03, "its standard deviation");
    for (float[] row : uniform) {
      for (float v : row) {
        assertTrue(v >= 2 && v < 5, "in [2, 5): " + v);
      }
    }
  }

  @Test
  void impossibleNoiseIsRefused() {
    assertThrows(KilnException.class, () -> Noise.normal(1, 0, 0));
    assertThrows(KilnException.class, () -> Noise.uniform(1, 1, 1));
    assertThrows(KilnException.class, () -> Noise.uniform(1, 0, Double.POSITIVE_INFINITY));
  }

  /** A device draw of {@code noise} into the middle of a buffer, the values around it left alone. */
  private float[][] drawn(NoiseKernels kernels, Noise noise, Precision precision) {
    int count = ROWS * WIDTH;
    int realBytes = precision == Precision.DOUBLE ? 8 : 4;
    try (ClBuffer buffer = cl.buffer((long) (count + 2) * realBytes)) {
      cl.fill(buffer, (byte) 0);
      kernels.fill(noise, buffer, 1, count);
      double[] values = new double[count + 2];
      if (precision == Precision.DOUBLE) {
        cl.read(buffer, 0, values, 0, values.length);
      } else {
        float[] floats = new float[count + 2];
        cl.read(buffer, 0, floats, 0, floats.length);
        for (int i = 0; i < floats.length; i++) {
          values[i] = floats[i];
        }
      }
      assertEquals(0, values[0]);
      assertEquals(0, values[count + 1]);
      float[][] rows = new float[ROWS][WIDTH];
      for (int j = 0; j < count; j++) {
        rows[j / WIDTH][j % WIDTH] = (float) values[1 + j];
      }
      return rows;
    }
  }

  /** The same numbers up to the last bits of the device's float log, sin and cos. */
  private static void assertSame(float[][] expected, float[][] actual, String what) {
    for (int r = 0; r < expected.length; r++) {
      for (int c = 0; c < expected[r].length; c++) {
        assertEquals(expected[r][c], actual[r][c], 2e-6 * Math.max(1, Math.abs(expected[r][c])),
            what + " [" + r + "][" + c + "]");
      }
    }
  }

  private static double[] moments(float[][] rows) {
    double sum = 0;
    double squares = 0;
    int n = 0;
    for (float[] row : rows) {
      for (float v : row) {
        sum += v;
        squares += v * v;
        n++;
      }
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(squares / n - mean * mean)};
  }
}
