package dev.kiln;

/**
 * Everything that goes wrong in Kiln at run time: no OpenCL device, a failed kernel build, bad data,
 * a checkpoint that does not fit the model. The message says what is wrong and how to fix it.
 */
public class KilnException extends RuntimeException {
  public KilnException(String message) {
    super(message);
  }

  public KilnException(String message, Throwable cause) {
    super(message, cause);
  }
}
