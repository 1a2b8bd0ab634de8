package dev.kiln.cl;

import java.util.List;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device and what Kiln needs to know about it. {@link #all()} lists the devices of every
 * installed platform; {@link #select()} picks the one to run on.
 */
public final class ClDevice {
  private static List<ClDevice> devices; // found once: platforms do not change while a process runs

  private final cl_platform_id platform;
  private final cl_device_id id;
  private final String name;
  private final String platformName;
  private final String platformVersion;
  private final String vendor;
  private final String driverVersion;
  private final String openclVersion;
  private final DeviceKind kind;
  private final boolean fp64;
  private final long maxWorkGroupSize;
  private final int computeUnits;
  private final long globalMemoryBytes;

  ClDevice(
      cl_platform_id platform,
      cl_device_id id,
      String name,
      String platformName,
      String platformVersion,
      String vendor,
      String driverVersion,
      String openclVersion,
      DeviceKind kind,
      boolean fp64,
      long maxWorkGroupSize,
      int computeUnits,
      long globalMemoryBytes) {
    this.platform = platform;
    this.id = id;
    this.name = name;
    this.platformName = platformName;
    this.platformVersion = platformVersion;
    this.vendor = vendor;
    this.driverVersion = driverVersion;
    this.openclVersion = openclVersion;
    this.kind = kind;
    this.fp64 = fp64;
    this.maxWorkGroupSize = maxWorkGroupSize;
    this.computeUnits = computeUnits;
    this.globalMemoryBytes = globalMemoryBytes;
  }

  /**
   * Every device of every OpenCL platform, in platform order.
   *
   * @throws dev.kiln.KilnException when there is no OpenCL library or no device, saying how to
   *     install one
   */
  public static synchronized List<ClDevice> all() {
    if (devices == null) {
      devices = List.copyOf(DeviceDiscovery.find());
    }
    return devices;
  }

  /**
   * The device named by the system property {@code kiln.device}, else the environment variable
   * {@code KILN_DEVICE}, else the best one: a GPU, then an accelerator, then a CPU.
   */
  public static ClDevice select() {
    String preference = System.getProperty("kiln.device");
    if (preference == null || preference.isBlank()) {
      preference = System.getenv("KILN_DEVICE");
    }
    return select(preference);
  }

  /**
   * The device matching {@code preference}: "cpu", "gpu", "accelerator", or a case-insensitive part
   * of the device name; null or blank picks the best. Among several matches the best kind wins,
   * then the first listed.
   *
   * @throws dev.kiln.KilnException when nothing matches; the message lists the devices there are
   */
  public static ClDevice select(String preference) {
    return DeviceSelector.choose(all(), preference);
  }

  public String name() {
    return name;
  }

  public String platformName() {
    return platformName;
  }

  /** The platform's version string, e.g. "OpenCL 3.0 PoCL 3.1+debian Linux, ...". */
  public String platformVersion() {
    return platformVersion;
  }

  public String vendor() {
    return vendor;
  }

  public String driverVersion() {
    return driverVersion;
  }

  /** The OpenCL version the device supports, e.g. "OpenCL 3.0". */
  public String openclVersion() {
    return openclVersion;
  }

  public DeviceKind kind() {
    return kind;
  }

  public boolean isCpu() {
    return kind == DeviceKind.CPU;
  }

  /** Whether kernels may use {@code double}. */
  public boolean supportsFp64() {
    return fp64;
  }

  public long maxWorkGroupSize() {
    return maxWorkGroupSize;
  }

  public int computeUnits() {
    return computeUnits;
  }

  public long globalMemoryBytes() {
    return globalMemoryBytes;
  }

  cl_platform_id platform() {
    return platform;
  }

  cl_device_id id() {
    return id;
  }

  /**
   * E.g. "pthread-haswell-AMD EPYC (CPU, Portable Computing Language, OpenCL 3.0, driver
   * 3.1+debian)".
   */
  @Override
  public String toString() {
    return name
        + " ("
        + kind
        + ", "
        + platformName
        + ", "
        + openclVersion
        + ", driver "
        + driverVersion
        + ")";
  }
}
