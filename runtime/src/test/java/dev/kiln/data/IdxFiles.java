package dev.kiln.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** An image file: the header for {@code count} images of {@code rows x columns}, then {@code pixels}. */
  static byte[] images(int count, int rows, int columns, byte[] pixels) {
    return ByteBuffer.allocate(16 + pixels.length).putInt(Idx.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns).put(pixels).array();
  }

  /** A label file holding {@code labels}. */
  static byte[] labels(byte... labels) {
    return ByteBuffer.allocate(8 + labels.length).putInt(Idx.LABELS_MAGIC).putInt(labels.length).put(labels).array();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }

  static Path write(Path file, byte[] bytes) throws IOException {
    return Files.write(file, bytes);
  }
}
