package dev.kiln.engine;

import dev.kiln.KilnException;
import dev.kiln.data.Scaler;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.CRC32;

/**
 * The model file: data only, no Java serialization. Layout (big-endian): magic "KILN", format
 * version, description of the architecture, (from format 3) the SHA-256 of that description,
 * optimizer step, (from format 2) epochs trained and the input scaler if any (a flag, then its
 * offsets and scales), then per layer its parameter count and values and its optimizer state, all as
 * doubles; last a CRC-32 of everything before it. Files of formats 1 and 2 still load. Written to a
 * temporary file, flushed to disk and renamed, so a crash leaves the previous file whole.
 */
final class Checkpoint {
  private static final int MAGIC = 0x4B494C4E; // "KILN"
  private static final int VERSION = 3;

  record Contents(List<double[]> parameters, List<double[]> state, int step, int epochs, Scaler inputScaler) {}

  private Checkpoint() {}

  static void write(Path file, ModelSpec spec, ParameterStore parameters, IntFunction<double[]> state, int step,
                    int epochs, Scaler inputScaler) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(spec.describe());
      out.write(hash(spec.describe()));
      out.writeInt(step);
      out.writeInt(epochs);
      out.writeBoolean(inputScaler != null);
      if (inputScaler != null) {
        writeArray(out, inputScaler.offsets());
        writeArray(out, inputScaler.scales());
      }
      out.writeInt(spec.layers().size());
      for (int l = 0; l < spec.layers().size(); l++) {
        writeArray(out, parameters.read(l));
        writeArray(out, state.apply(l));
      }
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
    } catch (IOException e) {
      throw new KilnException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
    writeAtomically(file, bytes.toByteArray());
  }

  private static final int HASH_BYTES = 32;

  /** The SHA-256 of a model description: what identifies the architecture a file fits. */
  private static byte[] hash(String description) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(description.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static void writeArray(DataOutputStream out, double[] values) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  private static void writeAtomically(Path file, byte[] content) {
    Path target = file.toAbsolutePath();
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new KilnException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  static Contents read(Path file, ModelSpec spec) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KilnException("checkpoint " + file + " does not exist");
    } catch (IOException e) {
      throw new KilnException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
    if (content.length < 16) {
      throw new KilnException("checkpoint " + file + " is truncated (" + content.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(content, 0, content.length - 8);
    long stored = ByteBuffer.wrap(content, content.length - 8, 8).getLong();
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(content, 0, content.length - 8))) {
      if (in.readInt() != MAGIC) {
        throw new KilnException(file + " is not a Kiln checkpoint (wrong magic number)");
      }
      int version = in.readInt();
      if (version < 1 || version > VERSION) {
        throw new KilnException("checkpoint " + file + " has format version " + version + "; this Kiln reads version "
            + VERSION);
      }
      if (crc.getValue() != stored) {
        throw new KilnException("checkpoint " + file + " is corrupt (checksum mismatch); it was altered or cut short");
      }
      String description = in.readUTF();
      if (version >= 3 && !java.util.Arrays.equals(in.readNBytes(HASH_BYTES), hash(description))) {
        throw new KilnException("checkpoint " + file + " is corrupt: its model description does not match the"
            + " description's hash");
      }
      if (!java.util.Arrays.equals(hash(description), hash(spec.describe()))) {
        throw new KilnException("checkpoint " + file + " was saved from a different model:\n  file:  " + description
            + "\n  model: " + spec.describe());
      }
      int step = in.readInt();
      int epochs = version >= 2 ? in.readInt() : 0;
      Scaler inputScaler = null;
      if (version >= 2 && in.readBoolean()) {
        double[] offsets = readArray(in, spec.inputWidth(), file);
        inputScaler = Scaler.of(offsets, readArray(in, spec.inputWidth(), file));
      }
      int layers = in.readInt();
      List<double[]> parameters = new ArrayList<>();
      List<double[]> state = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        NodeSpec layer = spec.layers().get(l);
        parameters.add(readArray(in, layer.parameterCount(), file));
        state.add(readArray(in, layer.parameterCount() * spec.optimizerSlots(), file));
      }
      return new Contents(parameters, state, step, epochs, inputScaler);
    } catch (EOFException e) {
      throw new KilnException("checkpoint " + file + " is truncated", e);
    } catch (IOException e) {
      throw new KilnException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static double[] readArray(DataInputStream in, int expected, Path file) throws IOException {
    int length = in.readInt();
    if (length != expected) {
      throw new KilnException("checkpoint " + file + " holds " + length + " values where the model has " + expected);
    }
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = in.readDouble();
    }
    return values;
  }
}
