package dev.kiln.data;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Writes small tar archives for the tests, as npm and GNU tar lay them out (ustar headers). */
final class TarFiles {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A regular file. */
  TarFiles file(String name, String content) {
    return file(name, content.getBytes(UTF_8));
  }

  /** A regular file. */
  TarFiles file(String name, byte[] content) {
    return entry(name, '0', content, "");
  }

  /** A directory entry. */
  TarFiles directory(String name) {
    return entry(name, '5', new byte[0], "");
  }

  /** A symbolic link to {@code target}. */
  TarFiles symlink(String name, String target) {
    return entry(name, '2', new byte[0], target);
  }

  /** A regular file whose name goes in the ustar prefix field (before the last slash) and the name field. */
  TarFiles fileWithPrefix(String prefix, String name, String content) {
    byte[] data = content.getBytes(UTF_8);
    byte[] header = header(name, '0', data.length, "");
    put(header, 345, prefix, 155);
    checksum(header);
    out.writeBytes(header);
    data(data);
    return this;
  }

  /** A regular file with a long name given by a pax extended header before it. */
  TarFiles paxFile(String longName, String content) {
    String record = " path=" + longName + "\n";
    int length = record.length() + 1; // the length counts its own digits
    while (length != record.length() + String.valueOf(length).length()) {
      length++;
    }
    entry("PaxHeader/x", 'x', (length + record).getBytes(UTF_8), "");
    return entry(longName.substring(0, Math.min(99, longName.length())), '0', content.getBytes(UTF_8), "");
  }

  /** A regular file with a long name given by a GNU ././@LongLink entry before it. */
  TarFiles gnuLongNameFile(String longName, String content) {
    entry("././@LongLink", 'L', (longName + "\0").getBytes(UTF_8), "");
    return entry(longName.substring(0, 99), '0', content.getBytes(UTF_8), "");
  }

  /** The archive with its two zero end blocks. */
  byte[] tar() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[1024]);
    return copy.toByteArray();
  }

  /** The archive gzipped, as a .tgz. */
  byte[] tgz() {
    return gzip(tar());
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  private TarFiles entry(String name, char type, byte[] data, String link) {
    byte[] header = header(name, type, data.length, link);
    checksum(header);
    out.writeBytes(header);
    data(data);
    return this;
  }

  private void data(byte[] data) {
    out.writeBytes(data);
    out.writeBytes(new byte[(512 - data.length % 512) % 512]);
  }

  private static byte[] header(String name, char type, int size, String link) {
    byte[] header = new byte[512];
    put(header, 0, name, 100);
    put(header, 100, "000644 ", 8);
    put(header, 108, "000000 ", 8);
    put(header, 116, "000000 ", 8);
    put(header, 124, String.format("%011o ", size), 12);
    put(header, 136, "10275000000 ", 12);
    header[156] = (byte) type;
    put(header, 157, link, 100);
    put(header, 257, "ustar\0", 6);
    put(header, 263, "00", 2);
    return header;
  }

  /** Fills in the checksum field: the sum of the header's bytes with the field read as spaces. */
  static void checksum(byte[] header) {
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o\0 ", sum), 8);
  }

  private static void put(byte[] header, int at, String text, int length) {
    byte[] bytes = text.getBytes(UTF_8);
    if (bytes.length > length) {
      throw new IllegalArgumentException(text + " is longer than the field of " + length + " bytes");
    }
    System.arraycopy(bytes, 0, header, at, bytes.length);
  }
}
