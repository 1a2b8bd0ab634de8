package dev.kiln.cl;

import dev.kiln.KilnException;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Asks OpenCL for its platforms and their devices, and reads each device's properties. */
final class DeviceDiscovery {
  private DeviceDiscovery() {}

  static List<ClDevice> find() {
    Jocl.load();
    List<ClDevice> found = new ArrayList<>();
    for (cl_platform_id platform : platforms()) {
      for (cl_device_id device : devices(platform)) {
        found.add(describe(platform, device));
      }
    }
    if (found.isEmpty()) {
      throw new KilnException("OpenCL is installed but offers no device. " + Jocl.INSTALL_ADVICE);
    }
    return found;
  }

  private static cl_platform_id[] platforms() {
    int[] count = new int[1];
    int code = CL.clGetPlatformIDs(0, null, count);
    // The ICD loader answers CL_PLATFORM_NOT_FOUND_KHR when no driver is registered.
    if (code == CL.CL_PLATFORM_NOT_FOUND_KHR || (code == CL.CL_SUCCESS && count[0] == 0)) {
      throw new KilnException("No OpenCL platform is installed. " + Jocl.INSTALL_ADVICE);
    }
    Jocl.check(code, "clGetPlatformIDs");
    cl_platform_id[] platforms = new cl_platform_id[count[0]];
    Jocl.check(CL.clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
    return platforms;
  }

  private static cl_device_id[] devices(cl_platform_id platform) {
    int[] count = new int[1];
    int code = CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, count);
    if (code == CL.CL_DEVICE_NOT_FOUND) {
      return new cl_device_id[0];
    }
    Jocl.check(code, "clGetDeviceIDs");
    cl_device_id[] devices = new cl_device_id[count[0]];
    Jocl.check(
        CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, devices.length, devices, null),
        "clGetDeviceIDs");
    return devices;
  }

  private static ClDevice describe(cl_platform_id platform, cl_device_id device) {
    String version = deviceString(device, CL.CL_DEVICE_VERSION);
    return new ClDevice(
        platform,
        device,
        deviceString(device, CL.CL_DEVICE_NAME),
        platformString(platform, CL.CL_PLATFORM_NAME),
        platformString(platform, CL.CL_PLATFORM_VERSION),
        deviceString(device, CL.CL_DEVICE_VENDOR),
        deviceString(device, CL.CL_DRIVER_VERSION),
        openclVersion(version),
        DeviceKind.of(deviceLong(device, CL.CL_DEVICE_TYPE)),
        supportsFp64(device),
        deviceLong(device, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE),
        ClInfo.intValue(
            "clGetDeviceInfo",
            (size, value, ret) ->
                CL.clGetDeviceInfo(device, CL.CL_DEVICE_MAX_COMPUTE_UNITS, size, value, ret)),
        deviceLong(device, CL.CL_DEVICE_GLOBAL_MEM_SIZE));
  }

  /** "OpenCL 3.0" from CL_DEVICE_VERSION, which reads "OpenCL 3.0 vendor-specific text". */
  private static String openclVersion(String deviceVersion) {
    String[] words = deviceVersion.split("\\s+");
    return words.length >= 2 ? words[0] + " " + words[1] : deviceVersion;
  }

  private static boolean supportsFp64(cl_device_id device) {
    if (deviceString(device, CL.CL_DEVICE_EXTENSIONS).contains("cl_khr_fp64")) {
      return true;
    }
    // OpenCL 1.2+ devices may support double without listing the extension.
    long[] config = new long[1];
    int code =
        CL.clGetDeviceInfo(
            device, CL.CL_DEVICE_DOUBLE_FP_CONFIG, Sizeof.cl_ulong, Pointer.to(config), null);
    return code == CL.CL_SUCCESS && config[0] != 0;
  }

  private static String deviceString(cl_device_id device, int param) {
    return ClInfo.string(
        "clGetDeviceInfo",
        (size, value, ret) -> CL.clGetDeviceInfo(device, param, size, value, ret));
  }

  private static long deviceLong(cl_device_id device, int param) {
    return ClInfo.longValue(
        "clGetDeviceInfo",
        (size, value, ret) -> CL.clGetDeviceInfo(device, param, size, value, ret));
  }

  private static String platformString(cl_platform_id platform, int param) {
    return ClInfo.string(
        "clGetPlatformInfo",
        (size, value, ret) -> CL.clGetPlatformInfo(platform, param, size, value, ret));
  }
}
