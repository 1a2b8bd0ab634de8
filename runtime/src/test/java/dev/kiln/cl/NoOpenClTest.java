package dev.kiln.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Runs device discovery in a JVM whose OpenCL ICD loader finds no driver. */
@EnabledOnOs(OS.LINUX)
class NoOpenClTest {
  @Test
  void withoutADriverTheErrorSaysHowToInstallOne(@TempDir Path noDrivers)
      throws IOException, InterruptedException {
    ProcessBuilder probe =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Probe.class.getName());
    probe.environment().put("OCL_ICD_VENDORS", noDrivers.toString()); // an empty directory
    probe.redirectErrorStream(true);
    Process process = probe.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    assertTrue(output.contains("No OpenCL platform is installed"), output);
    assertTrue(output.contains("apt-get install pocl-opencl-icd ocl-icd-libopencl1"), output);
  }

  /** Prints the message of the exception that device discovery throws. */
  static final class Probe {
    public static void main(String[] args) {
      try {
        System.out.println("found " + ClDevice.all());
      } catch (KilnException e) {
        System.out.println(e.getMessage());
      }
    }
  }
}
