package dev.kiln.cl;

import dev.kiln.KilnException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Picks a device from a list by kind ("cpu", "gpu", ...), by part of its name, or the best kind.
 */
final class DeviceSelector {
  private static final Map<String, DeviceKind> KIND_WORDS =
      Map.of("cpu", DeviceKind.CPU, "gpu", DeviceKind.GPU, "accelerator", DeviceKind.ACCELERATOR);

  private DeviceSelector() {}

  static ClDevice choose(List<ClDevice> devices, String preference) {
    if (preference == null || preference.isBlank()) {
      return best(devices);
    }
    String wanted = preference.trim().toLowerCase(Locale.ROOT);
    List<ClDevice> matching = devices.stream().filter(d -> matches(d, wanted)).toList();
    if (matching.isEmpty()) {
      throw new KilnException(
          "No OpenCL device matches \""
              + preference
              + "\". Devices found:\n"
              + devices.stream().map(d -> "  " + d).collect(Collectors.joining("\n"))
              + "\nAsk for \"cpu\", \"gpu\", \"accelerator\" or part of a device name"
              + " (system property kiln.device or environment variable KILN_DEVICE).");
    }
    return best(matching);
  }

  private static boolean matches(ClDevice device, String wanted) {
    DeviceKind kind = KIND_WORDS.get(wanted);
    return kind != null
        ? device.kind() == kind
        : device.name().toLowerCase(Locale.ROOT).contains(wanted);
  }

  /** The first device of the most preferred kind (DeviceKind's order is the preference). */
  private static ClDevice best(List<ClDevice> devices) {
    return devices.stream()
        .min(Comparator.comparing(ClDevice::kind))
        .orElseThrow(() -> new KilnException("No OpenCL device. " + Jocl.INSTALL_ADVICE));
  }
}
