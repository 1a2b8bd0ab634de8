package dev.kiln.data;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.KilnException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A minimal reader of tar archives (POSIX ustar, as npm and GNU tar write them): it walks the
 * entries in order and hands over the regular files, skipping directories, links and the rest. Long
 * names are taken from the ustar prefix field, a pax extended header's {@code path} or a GNU
 * {@code ././@LongLink} entry. Sizes are octal (files under 8 GiB). A header whose checksum fails, or
 * an archive that ends inside an entry, is a {@link KilnException} naming the archive and the byte.
 */
final class Tar {
  static final int BLOCK = 512;

  private Tar() {}

  /**
   * Reads the archive {@code tar} (uncompressed; wrap a .tgz in a GZIPInputStream) and calls {@code
   * file} with the name and contents of every regular file whose name {@code wanted} accepts, in
   * archive order; the others' contents are skipped unread. {@code source} names the archive in errors.
   * The stream's own errors (a cut or corrupt gzip stream) are left to the caller.
   */
  static void read(InputStream tar, String source, Predicate<String> wanted, BiConsumer<String, byte[]> file)
      throws IOException {
    long offset = 0;
    byte[] header = new byte[BLOCK];
    String longName = null; // from a pax header or a GNU long-name entry, for the next entry
    while (true) {
      int read = tar.readNBytes(header, 0, BLOCK);
      if (read == 0) {
        return; // no end-of-archive blocks; GNU tar accepts that too
      }
      if (read < BLOCK) {
        throw new KilnException(source + ": the archive ends inside a header at byte " + (offset + read)
            + "; the file is truncated (download it again)");
      }
      if (allZero(header)) {
        return; // the end-of-archive marker
      }
      checkHeader(header, source, offset);
      long size = octal(header, 124, 12, source, offset, "size");
      char type = (char) header[156];
      String name = longName != null ? longName : name(header);
      longName = null;
      offset += BLOCK;
      long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
      boolean regular = type == '0' || type == '\0' || type == '7';
      if (type == 'x' || type == 'L' || regular && wanted.test(name)) {
        if (size > Integer.MAX_VALUE - 8) {
          throw new KilnException(source + ": entry " + name + " (byte " + (offset - BLOCK) + ") holds " + size
              + " bytes, more than this reader holds in memory");
        }
        byte[] data = tar.readNBytes((int) size);
        if (data.length < size) {
          throw truncated(source, name, offset + data.length);
        }
        skip(tar, padded - size, source, name, offset + size);
        if (type == 'x') {
          longName = paxPath(data, source, offset);
        } else if (type == 'L') {
          longName = new String(data, UTF_8).replaceAll("\0+$", "");
        } else {
          file.accept(name, data);
        }
      } else {
        skip(tar, padded, source, name, offset);
      }
      offset += padded;
    }
  }

  /** The entry's name: the ustar prefix (if any), a slash and the name field. */
  private static String name(byte[] header) {
    String name = field(header, 0, 100);
    boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
        && header[261] == 'r';
    String prefix = ustar ? field(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String field(byte[] header, int from, int length) {
    int end = from;
    while (end < from + length && header[end] != 0) {
      end++;
    }
    return new String(header, from, end - from, UTF_8);
  }

  /** The header's checksum: the sum of its bytes with the checksum field read as spaces. */
  private static void checkHeader(byte[] header, String source, long offset) {
    long stored = octal(header, 148, 8, source, offset, "checksum");
    long unsigned = 0;
    long signed = 0; // some old tars summed signed bytes
    for (int i = 0; i < BLOCK; i++) {
      byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      throw new KilnException(source + ": the block at byte " + offset + " is not a tar header (its checksum is "
          + stored + ", its bytes sum to " + unsigned + "); the archive is corrupt or not a tar archive");
    }
  }

  private static long octal(byte[] header, int from, int length, String source, long offset, String what) {
    if ((header[from] & 0x80) != 0) {
      throw new KilnException(source + ": the header at byte " + offset + " gives its " + what
          + " in base-256 (an entry of 8 GiB or more), which this reader does not read");
    }
    long value = 0;
    int i = from;
    while (i < from + length && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    for (; i < from + length && header[i] != ' ' && header[i] != 0; i++) {
      int digit = header[i] - '0';
      if (digit < 0 || digit > 7) {
        throw new KilnException(source + ": the header at byte " + offset + " has a " + what + " field `"
            + new String(Arrays.copyOfRange(header, from, from + length), UTF_8).trim()
            + "` that is not octal; the archive is corrupt or not a tar archive");
      }
      value = value * 8 + digit;
    }
    return value;
  }

  /** The {@code path} record of a pax extended header ({@code "<length> path=<name>\n"} records), or null. */
  private static String paxPath(byte[] data, String source, long offset) {
    String path = null;
    int at = 0;
    while (at < data.length) {
      int space = at;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, at, space - at, UTF_8));
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length <= space - at || at + length > data.length) {
        throw new KilnException(source + ": the pax header at byte " + offset + " has a bad record at its byte " + at
            + "; the archive is corrupt");
      }
      String record = new String(data, space + 1, at + length - space - 2, UTF_8);
      if (record.startsWith("path=")) {
        path = record.substring("path=".length());
      }
      at += length;
    }
    return path;
  }

  private static void skip(InputStream tar, long bytes, String source, String name, long offset) throws IOException {
    try {
      tar.skipNBytes(bytes);
    } catch (EOFException e) {
      throw truncated(source, name, offset);
    }
  }

  private static KilnException truncated(String source, String name, long offset) {
    return new KilnException(source + ": the archive ends inside entry " + name + " (near byte " + offset
        + "); the file is truncated (download it again)");
  }

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
