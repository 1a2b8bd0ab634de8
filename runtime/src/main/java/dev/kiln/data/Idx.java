package dev.kiln.data;

import dev.kiln.KilnException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (magic number, then one
 * 32-bit count per dimension) followed by unsigned bytes. Files may be gzip-compressed (detected by the
 * gzip magic bytes {@code 1f 8b}, whatever the file name) or raw. Byte offsets in error messages count
 * in the uncompressed data.
 */
public final class Idx {
  /** Unsigned bytes, 3 dimensions: images × rows × columns. */
  static final int IMAGES_MAGIC = 0x00000803;
  /** Unsigned bytes, 1 dimension: labels. */
  static final int LABELS_MAGIC = 0x00000801;

  private static final int IMAGES_HEADER = 16;
  private static final int LABELS_HEADER = 8;

  private Idx() {}

  /** The pixels of every image, row-major, scaled from 0..255 to [0, 1]. */
  public static float[] images(Path file) {
    return readImages(file).pixels();
  }

  /** The labels, 0..255 each. */
  public static int[] labels(Path file) {
    byte[] bytes = readAll(file);
    checkHeader(file, bytes, LABELS_MAGIC, LABELS_HEADER);
    int count = dimension(file, bytes, 4, "label count");
    checkLength(file, bytes, LABELS_HEADER, count, count + " labels of 1 byte");
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = bytes[LABELS_HEADER + i] & 0xff;
    }
    return labels;
  }

  /**
   * Images and their class labels as one data set of channels-last images, feature shape {@code {rows,
   * columns, 1}}, as Keras lays them out: a Conv2D model declares {@code input = {28, 28, 1}}, and a
   * dense one {@code input = 784} (the same values, row by row). The class count is the largest label + 1.
   */
  public static Dataset load(Path images, Path labels) {
    return load(images, labels, 0);
  }

  /** As {@link #load(Path, Path)}, with labels checked to lie in {@code [0, classCount)}. */
  public static Dataset load(Path images, Path labels, int classCount) {
    Images pixels = readImages(images);
    int[] classes = labels(labels);
    if (classes.length != pixels.count()) {
      throw new KilnException(images + " holds " + pixels.count() + " images but " + labels + " holds " + classes.length
          + " labels; pass the label file that belongs to these images");
    }
    int largest = 0;
    for (int i = 0; i < classes.length; i++) {
      if (classCount > 0 && classes[i] >= classCount) {
        throw new KilnException(labels + ": byte " + (LABELS_HEADER + i) + " (label " + i + "): class " + classes[i]
            + " is out of range [0, " + classCount + ")");
      }
      largest = Math.max(largest, classes[i]);
    }
    int[] shape = {pixels.rows(), pixels.columns(), 1};
    return Dataset.ofClasses(pixels.pixels(), shape, classes, classCount > 0 ? classCount : largest + 1);
  }

  private record Images(int count, int rows, int columns, float[] pixels) {}

  private static Images readImages(Path file) {
    byte[] bytes = readAll(file);
    checkHeader(file, bytes, IMAGES_MAGIC, IMAGES_HEADER);
    int count = dimension(file, bytes, 4, "image count");
    int rows = dimension(file, bytes, 8, "rows");
    int columns = dimension(file, bytes, 12, "columns");
    long pixelCount = (long) count * rows * columns;
    if (pixelCount > Integer.MAX_VALUE - 8) {
      throw new KilnException(file + ": the header promises " + count + " images of " + rows + " x " + columns
          + " pixels, more than one Java array holds; split the file");
    }
    checkLength(file, bytes, IMAGES_HEADER, pixelCount, count + " images of " + rows + " x " + columns + " bytes");
    float[] pixels = new float[(int) pixelCount];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (bytes[IMAGES_HEADER + i] & 0xff) / 255f;
    }
    return new Images(count, rows, columns, pixels);
  }

  private static void checkHeader(Path file, byte[] bytes, int magic, int headerLength) {
    String kind = magic == IMAGES_MAGIC ? "image" : "label";
    // The magic number first: a short file of the other kind should say so, not just "too short".
    if (bytes.length >= 4) {
      int found = ByteBuffer.wrap(bytes).getInt(0);
      if (found != magic) {
        String hint = found == (magic == IMAGES_MAGIC ? LABELS_MAGIC : IMAGES_MAGIC)
            ? "; this is an IDX " + (magic == IMAGES_MAGIC ? "label" : "image") + " file: are the images and labels arguments swapped?"
            : "; this is not an IDX " + kind + " file";
        throw new KilnException(String.format("%s: byte 0: magic number 0x%08x, expected 0x%08x (IDX %s file of unsigned bytes)%s",
            file, found, magic, kind, hint));
      }
    }
    if (bytes.length < headerLength) {
      throw new KilnException(file + ": only " + bytes.length + " bytes; an IDX " + kind + " file starts with a " + headerLength
          + "-byte header. The file is truncated or not an IDX file");
    }
  }

  private static int dimension(Path file, byte[] bytes, int offset, String what) {
    int value = ByteBuffer.wrap(bytes).getInt(offset);
    if (value < 0 || (value == 0 && offset > 4)) {
      throw new KilnException(file + ": byte " + offset + ": " + what + " is " + value + "; the header is corrupt");
    }
    return value;
  }

  private static void checkLength(Path file, byte[] bytes, int header, long payload, String promise) {
    long expected = header + payload;
    if (bytes.length != expected) {
      String problem = bytes.length < expected ? "is truncated" : "has " + (bytes.length - expected) + " bytes too many";
      throw new KilnException(file + " " + problem + ": the header promises " + promise + ", so " + header + " + " + payload + " = "
          + expected + " bytes, but the file holds " + bytes.length + "; download it again");
    }
  }

  /** The whole file, gunzipped if it starts with the gzip magic bytes. */
  private static byte[] readAll(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
        return in.readAllBytes();
      }
    } catch (NoSuchFileException e) {
      throw new KilnException(file + ": file not found", e);
    } catch (EOFException e) {
      throw new KilnException(file + ": the gzip data ends early; the file is truncated, download it again", e);
    } catch (ZipException e) {
      throw new KilnException(file + ": corrupt gzip data (" + e.getMessage() + "); download it again", e);
    } catch (IOException e) {
      throw new KilnException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
