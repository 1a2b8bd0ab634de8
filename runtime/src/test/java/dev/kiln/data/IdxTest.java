package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  /** Three 2 x 2 images. */
  private static final byte[] PIXELS = {0, (byte) 255, 51, 102, 1, 2, 3, 4, (byte) 128, 0, 0, 0};

  @TempDir Path dir;

  private Path images(String name, byte[] bytes) throws IOException {
    return IdxFiles.write(dir.resolve(name), bytes);
  }

  private Path validImages() throws IOException {
    return images("images", IdxFiles.images(3, 2, 2, PIXELS));
  }

  private Path validLabels() throws IOException {
    return images("labels", IdxFiles.labels((byte) 2, (byte) 0, (byte) 1));
  }

  @Test
  void rawAndGzipFilesReadTheSame() throws IOException {
    float[] raw = Idx.images(validImages());
    float[] gzip = Idx.images(images("images.gz", IdxFiles.gzip(IdxFiles.images(3, 2, 2, PIXELS))));
    assertArrayEquals(raw, gzip);
    assertEquals(12, raw.length);
    assertEquals(0f, raw[0]);
    assertEquals(1f, raw[1]);
    assertEquals(0.2f, raw[2], 1e-7f);
    assertEquals(128 / 255f, raw[8]);
    // The gzip magic decides, not the name.
    assertArrayEquals(new int[] {2, 0, 1}, Idx.labels(images("labels-without-gz-suffix", IdxFiles.gzip(IdxFiles.labels((byte) 2, (byte) 0, (byte) 1)))));
  }

  @Test
  void loadGivesChannelsLastImages() throws IOException {
    Dataset d = Idx.load(validImages(), validLabels());
    assertEquals(3, d.size());
    assertArrayEquals(new int[] {2, 2, 1}, d.featureShape());
    assertEquals(3, d.classCount());
    assertArrayEquals(new float[] {2, 0, 1}, d.labels());
    assertEquals(10, Idx.load(validImages(), validLabels(), 10).classCount());
  }

  @Test
  void truncatedFilesSayWhatWasPromised() throws IOException {
    byte[] full = IdxFiles.images(3, 2, 2, PIXELS);
    Path raw = images("short", Arrays.copyOf(full, full.length - 2));
    KilnException e = assertThrows(KilnException.class, () -> Idx.images(raw));
    assertEquals(raw + " is truncated: the header promises 3 images of 2 x 2 bytes, so 16 + 12 = 28 bytes, but the file holds 26;"
        + " download it again", e.getMessage());

    byte[] gzip = IdxFiles.gzip(full);
    Path cut = images("short.gz", Arrays.copyOf(gzip, gzip.length - 10));
    e = assertThrows(KilnException.class, () -> Idx.images(cut));
    assertTrue(e.getMessage().startsWith(cut + ": the gzip data ends early"), e.getMessage());

    Path header = images("header", Arrays.copyOf(full, 10));
    e = assertThrows(KilnException.class, () -> Idx.images(header));
    assertTrue(e.getMessage().startsWith(header + ": only 10 bytes; an IDX image file starts with a 16-byte header"), e.getMessage());

    Path labels = images("labels.short", Arrays.copyOf(IdxFiles.labels((byte) 1, (byte) 2, (byte) 3), 10));
    e = assertThrows(KilnException.class, () -> Idx.labels(labels));
    assertTrue(e.getMessage().contains("promises 3 labels of 1 byte, so 8 + 3 = 11 bytes, but the file holds 10"), e.getMessage());
  }

  @Test
  void extraBytesAreAnError() throws IOException {
    byte[] full = IdxFiles.images(3, 2, 2, PIXELS);
    Path longer = images("long", Arrays.copyOf(full, full.length + 5));
    KilnException e = assertThrows(KilnException.class, () -> Idx.images(longer));
    assertTrue(e.getMessage().startsWith(longer + " has 5 bytes too many"), e.getMessage());
  }

  @Test
  void aWrongMagicNumberIsNamed() throws IOException {
    byte[] bytes = IdxFiles.images(3, 2, 2, PIXELS);
    bytes[3] = 0x0d; // IDX floats
    Path file = images("floats", bytes);
    KilnException e = assertThrows(KilnException.class, () -> Idx.images(file));
    assertEquals(file + ": byte 0: magic number 0x0000080d, expected 0x00000803 (IDX image file of unsigned bytes); this is not an IDX image file",
        e.getMessage());

    Path labels = validLabels();
    e = assertThrows(KilnException.class, () -> Idx.load(labels, validImages()));
    assertTrue(e.getMessage().endsWith("this is an IDX label file: are the images and labels arguments swapped?"), e.getMessage());
  }

  @Test
  void imageAndLabelCountsMustAgree() throws IOException {
    Path labels = images("two-labels", IdxFiles.labels((byte) 0, (byte) 1));
    Path imageFile = validImages();
    KilnException e = assertThrows(KilnException.class, () -> Idx.load(imageFile, labels));
    assertEquals(imageFile + " holds 3 images but " + labels + " holds 2 labels; pass the label file that belongs to these images", e.getMessage());
  }

  @Test
  void labelsOutsideTheClassCountNameTheirByte() throws IOException {
    Path labels = validLabels();
    KilnException e = assertThrows(KilnException.class, () -> Idx.load(validImages(), labels, 2));
    assertEquals(labels + ": byte 8 (label 0): class 2 is out of range [0, 2)", e.getMessage());
  }

  @Test
  void aCorruptHeaderDimensionIsNamed() throws IOException {
    Path file = images("zero-rows", IdxFiles.images(3, 0, 2, new byte[0]));
    KilnException e = assertThrows(KilnException.class, () -> Idx.images(file));
    assertEquals(file + ": byte 8: rows is 0; the header is corrupt", e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("absent");
    KilnException e = assertThrows(KilnException.class, () -> Idx.labels(missing));
    assertEquals(missing + ": file not found", e.getMessage());
  }
}
