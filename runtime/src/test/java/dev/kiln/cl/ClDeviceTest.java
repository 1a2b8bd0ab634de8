package dev.kiln.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ClDeviceTest {
  @Test
  void listsTheInstalledCpuDevice() {
    List<ClDevice> devices = ClDevice.all();
    assertFalse(devices.isEmpty());
    ClDevice cpu = devices.stream().filter(ClDevice::isCpu).findFirst().orElseThrow();
    assertEquals(DeviceKind.CPU, cpu.kind());
    assertFalse(cpu.name().isBlank());
    assertFalse(cpu.vendor().isBlank());
    assertFalse(cpu.driverVersion().isBlank());
    assertTrue(cpu.openclVersion().matches("OpenCL \\d+\\.\\d+"), cpu.openclVersion());
    assertTrue(cpu.computeUnits() >= 1);
    assertTrue(cpu.maxWorkGroupSize() >= 1);
    assertTrue(cpu.globalMemoryBytes() > 0);
    assertEquals(
        cpu.name()
            + " (CPU, "
            + cpu.platformName()
            + ", "
            + cpu.openclVersion()
            + ", driver "
            + cpu.driverVersion()
            + ")",
        cpu.toString());
  }

  @Test
  void poclSupportsDoubles() {
    ClDevice cpu = ClDevice.select("cpu");
    if (cpu.platformName().contains("Portable Computing Language")) {
      assertTrue(cpu.supportsFp64());
    }
  }

  @Test
  void selectsByKindAndByPartOfTheName() {
    ClDevice cpu = ClDevice.select("cpu");
    assertTrue(cpu.isCpu());
    assertSame(cpu, ClDevice.select(" CPU "));
    String part = cpu.name().substring(0, Math.min(6, cpu.name().length()));
    ClDevice byName = ClDevice.select(part.toUpperCase(Locale.ROOT));
    assertTrue(byName.name().toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)));
  }

  @Test
  void blankPreferenceSelectsTheBestDevice() {
    ClDevice best = ClDevice.select(null);
    assertSame(best, ClDevice.select("  "));
    for (ClDevice device : ClDevice.all()) {
      assertTrue(best.kind().compareTo(device.kind()) <= 0, best + " over " + device);
    }
  }

  @Test
  void anUnmatchedPreferenceListsTheDevices() {
    KilnException e = assertThrows(KilnException.class, () -> ClDevice.select("nosuch"));
    assertTrue(e.getMessage().contains("\"nosuch\""), e.getMessage());
    for (ClDevice device : ClDevice.all()) {
      assertTrue(e.getMessage().contains(device.toString()), e.getMessage());
    }
  }

  @Test
  void prefersGpuThenAcceleratorThenCpu() {
    ClDevice cpu = fake("Some CPU", DeviceKind.CPU);
    ClDevice accelerator = fake("Some FPGA", DeviceKind.ACCELERATOR);
    ClDevice gpu = fake("Some GPU", DeviceKind.GPU);
    ClDevice otherGpu = fake("Other GPU", DeviceKind.GPU);
    assertSame(gpu, DeviceSelector.choose(List.of(cpu, accelerator, gpu, otherGpu), null));
    assertSame(accelerator, DeviceSelector.choose(List.of(cpu, accelerator), ""));
    assertSame(cpu, DeviceSelector.choose(List.of(cpu, accelerator, gpu), "cpu"));
    assertSame(otherGpu, DeviceSelector.choose(List.of(cpu, gpu, otherGpu), "other"));
    // A name part matching several devices picks the best kind among them.
    assertSame(gpu, DeviceSelector.choose(List.of(cpu, accelerator, gpu), "some"));
    assertThrows(KilnException.class, () -> DeviceSelector.choose(List.of(cpu), "gpu"));
  }

  private static ClDevice fake(String name, DeviceKind kind) {
    return new ClDevice(
        null,
        null,
        name,
        "Fake",
        "OpenCL 3.0 Fake",
        "Fake Inc.",
        "1.0",
        "OpenCL 3.0",
        kind,
        true,
        256,
        4,
        1L << 30);
  }
}
