package dev.kiln;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

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

  /**
   * A file that could not be written, e.g. {@code cannotWrite("the training log", file, e)}: says
   * why in words (a missing directory, no permission, a full disk) rather than only repeating the path.
   */
  public static KilnException cannotWrite(String what, Path file, IOException cause) {
    Path directory = file.toAbsolutePath().getParent();
    String why;
    if (directory != null && !Files.isDirectory(directory)) {
      why = "the directory " + directory + " does not exist; create it first (Files.createDirectories)";
    } else if (cause instanceof AccessDeniedException
        || directory != null && !Files.isWritable(directory)) {
      why = "it is not writable here (permission denied); choose a writable place or change the permissions";
    } else if (Files.isDirectory(file)) {
      why = "it is a directory; name a file";
    } else {
      String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      why = message.contains("No space left") ? "the disk is full; free some space" : message;
    }
    return new KilnException("cannot write " + what + " " + file + ": " + why, cause);
  }
}
