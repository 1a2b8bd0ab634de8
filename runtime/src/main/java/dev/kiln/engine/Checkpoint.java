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
 * temporary file, flushed to disk and renamed, so a crash leaves the previous file whole. Reading
 * checks the whole file (every count, every value finite, nothing after the layers) before a caller
 * writes any of it into a model, so a refused file changes nothing.
 */
final class Checkpoint {
  private static final int MAGIC = 0x4B494C4E; // "KILN"
  private static final int VERSION = 3;

  record Contents(List<double[]> parameters, List<double[]> state, int step, int epochs, Scaler inputScaler) {}

  private Checkpoint() {}

  static void write(Path file, ModelSpec spec, ParameterStore parameters, IntFunction<double[]> state, int step,
                    int epochs, Scaler inputScaler) {
    List<double[]> weights = new ArrayList<>();
    List<double[]> states = new ArrayList<>();
    for (NodeSpec layer : spec.layers()) {
      weights.add(savable(parameters.read(layer.layer()), "parameter", layer, file));
      states.add(savable(state.apply(layer.layer()), "optimizer state value", layer, file));
    }
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
        writeArray(out, weights.get(l));
        writeArray(out, states.get(l));
      }
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
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

  /**
   * A temporary file of its own beside the target (two savers of one path do not share one), flushed
   * and renamed over the target, then the directory flushed so the rename survives a crash; on
   * failure the temporary file is removed, so a full disk is not left fuller.
   */
  private static void writeAtomically(Path file, byte[] content) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
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
      temp = null;
      flushDirectory(target.getParent());
    } catch (IOException e) {
      throw KilnException.cannotWrite("checkpoint", file, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the write already failed; that error is the one to report
        }
      }
    }
  }

  /** Makes a rename in {@code directory} durable; where a directory cannot be opened (not Linux), a no-op. */
  private static void flushDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some platforms cannot open a directory; the file itself was flushed before the rename
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
      if (step < 0 || epochs < 0) {
        throw new KilnException("checkpoint " + file + " is corrupt: it records " + (step < 0 ? step + " optimizer"
            + " steps" : epochs + " epochs") + ", a negative count");
      }
      Scaler inputScaler = null;
      if (version >= 2 && in.readBoolean()) {
        double[] offsets = readArray(in, spec.inputWidth(), file);
        double[] scales = readArray(in, spec.inputWidth(), file);
        try {
          inputScaler = Scaler.of(offsets, scales);
        } catch (KilnException e) {
          throw new KilnException("checkpoint " + file + " is corrupt: its input scaler is not one (" + e.getMessage()
              + ")", e);
        }
      }
      int layers = in.readInt();
      if (layers != spec.layers().size()) {
        throw new KilnException("checkpoint " + file + " is corrupt: it holds " + layers + " layers, but "
            + spec.simpleName() + " has " + spec.layers().size());
      }
      List<double[]> parameters = new ArrayList<>();
      List<double[]> state = new ArrayList<>();
      for (NodeSpec layer : spec.layers()) {
        parameters.add(finite(readArray(in, layer.parameterCount(), file), "parameter", layer, file));
        state.add(finite(readArray(in, layer.parameterCount() * spec.optimizerSlots(), file), "optimizer state value",
            layer, file));
      }
      if (in.available() > 0) {
        throw new KilnException("checkpoint " + file + " is corrupt: " + in.available() + " bytes follow the last"
            + " layer");
      }
      return new Contents(parameters, state, step, epochs, inputScaler);
    } catch (EOFException e) {
      throw new KilnException("checkpoint " + file + " is truncated", e);
    } catch (IOException e) {
      throw new KilnException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static double[] finite(double[] values, String what, NodeSpec layer, Path file) {
    int bad = firstNonFinite(values);
    if (bad >= 0) {
      throw new KilnException("checkpoint " + file + " holds " + values[bad] + " as " + what + " " + bad + " of layer '"
          + layer.name() + "'; a model file must hold finite values");
    }
    return values;
  }

  private static double[] savable(double[] values, String what, NodeSpec layer, Path file) {
    int bad = firstNonFinite(values);
    if (bad >= 0) {
      throw new KilnException("cannot save " + file + ": " + what + " " + bad + " of layer '" + layer.name() + "' is "
          + values[bad] + "; the model diverged (lower the learning rate, or scale the inputs), and such a file"
          + " could not be loaded. Nothing was written");
    }
    return values;
  }

  /** The index of the first NaN or infinity in {@code values}, or -1. */
  private static int firstNonFinite(double[] values) {
    for (int k = 0; k < values.length; k++) {
      if (!Double.isFinite(values[k])) {
        return k;
      }
    }
    return -1;
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
