package dev.kiln.cl;

import dev.kiln.KilnException;
import java.util.List;
import java.util.Optional;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/** Builds OpenCL programs from source or from a binary, and reads what a built program holds. */
final class ProgramBuilds {
  private ProgramBuilds() {}

  /**
   * Compiles {@code source} for {@code device}.
   *
   * @throws KilnException naming the error and holding the compiler's full build log
   */
  static cl_program fromSource(cl_context context, ClDevice device, String source, String options) {
    int[] error = new int[1];
    cl_program program =
        CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, error);
    Jocl.check(error[0], "clCreateProgramWithSource");
    int code = CL.clBuildProgram(program, 1, devices(device), options, null, null);
    if (code != CL.CL_SUCCESS) {
      String log = buildLog(program, device);
      CL.clReleaseProgram(program);
      String detail = options.isEmpty() ? null : "options \"" + options + "\"";
      throw new KilnException(
          Jocl.failure(code, "clBuildProgram", detail).getMessage()
              + "\nBuild log for "
              + device.name()
              + ":\n"
              + log);
    }
    return program;
  }

  /** The program built from a cached binary, or empty when the driver does not accept it. */
  static Optional<cl_program> fromBinary(
      cl_context context, ClDevice device, byte[] binary, String options) {
    int[] status = new int[1];
    int[] error = new int[1];
    cl_program program =
        CL.clCreateProgramWithBinary(
            context,
            1,
            devices(device),
            new long[] {binary.length},
            new byte[][] {binary},
            status,
            error);
    if (error[0] != CL.CL_SUCCESS) {
      return Optional.empty();
    }
    if (status[0] != CL.CL_SUCCESS
        || CL.clBuildProgram(program, 1, devices(device), options, null, null) != CL.CL_SUCCESS) {
      CL.clReleaseProgram(program);
      return Optional.empty();
    }
    return Optional.of(program);
  }

  /** The device binary of a built program, or empty when the driver does not hand one out. */
  static Optional<byte[]> binary(cl_program program) {
    long[] size = new long[1]; // one device per context, so one size
    int code =
        CL.clGetProgramInfo(
            program, CL.CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null);
    if (code != CL.CL_SUCCESS || size[0] == 0) {
      return Optional.empty();
    }
    byte[] binary = new byte[Math.toIntExact(size[0])];
    Pointer binaryPointer = Pointer.to(binary);
    code =
        CL.clGetProgramInfo(
            program, CL.CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(binaryPointer), null);
    return code == CL.CL_SUCCESS ? Optional.of(binary) : Optional.empty();
  }

  /** The names of the kernels a built program defines. */
  static List<String> kernelNames(cl_program program) {
    String names =
        ClInfo.string(
            "clGetProgramInfo(CL_PROGRAM_KERNEL_NAMES)",
            (size, value, ret) ->
                CL.clGetProgramInfo(program, CL.CL_PROGRAM_KERNEL_NAMES, size, value, ret));
    return names.isEmpty() ? List.of() : List.of(names.split(";"));
  }

  private static String buildLog(cl_program program, ClDevice device) {
    return ClInfo.string(
        "clGetProgramBuildInfo(CL_PROGRAM_BUILD_LOG)",
        (size, value, ret) ->
            CL.clGetProgramBuildInfo(
                program, device.id(), CL.CL_PROGRAM_BUILD_LOG, size, value, ret));
  }

  private static cl_device_id[] devices(ClDevice device) {
    return new cl_device_id[] {device.id()};
  }
}
