package dev.kiln.data;

import dev.kiln.KilnException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads R's lazy-load databases, the way installed R packages keep their data sets: {@code data/Rdata.rdx}
 * and {@code data/Rdata.rdb}, without R.
 *
 * <pre>{@code
 * RData data = RData.open(folder.resolve("Rdata.rdx"), folder.resolve("Rdata.rdb"));
 * DataFrame ratings = data.frame("movielens");
 * }</pre>
 *
 * <p>The {@code .rdx} file is an {@code .rds} file (R's serialization, gzip-compressed or raw) of a list:
 * {@code variables} maps each name to {@code c(offset, length)} in the {@code .rdb} file, and
 * {@code compressed} says how its chunks are stored: FALSE raw; TRUE a 4-byte big-endian uncompressed
 * length, then zlib data; 2 or 3 the length, then a type byte ({@code '1'} zlib, {@code '0'} stored,
 * {@code '2'} bzip2, {@code 'Z'} xz), then the data. Raw, stored and zlib chunks are read; bzip2 and xz
 * ones are refused, saying how to reinstall the package with zlib chunks. Each chunk holds one object in
 * R's XDR serialization; a data frame of integer, double, character and factor columns reads as a
 * {@link DataFrame}.
 */
public final class RData {
  private static final int ZLIB = 1;

  private record Chunk(long offset, int length) {}

  private final Path rdb;
  private final Map<String, Chunk> chunks;
  private final int compression;

  private RData(Path rdb, Map<String, Chunk> chunks, int compression) {
    this.rdb = rdb;
    this.chunks = chunks;
    this.compression = compression;
  }

  /** Reads the index {@code rdx}; the objects in {@code rdb} are read when asked for. */
  public static RData open(Path rdx, Path rdb) {
    for (Path file : List.of(rdx, rdb)) {
      if (!Files.isRegularFile(file)) {
        throw new KilnException(file + ": file not found; a lazy-load database is a .rdx and a .rdb file side by side");
      }
    }
    RObject index = RSerialization.read(rdx.toString(), readRds(rdx));
    if (!(index instanceof RObject.ListVector list)) {
      throw new KilnException(rdx + " holds " + index.describe() + ", not the list of a lazy-load database index");
    }
    Map<String, RObject> entries = named(rdx + ": the index", list);
    RObject variables = entries.get("variables");
    if (!(variables instanceof RObject.ListVector variableList)) {
      throw new KilnException(rdx + ": the index has no list 'variables'; it is not a lazy-load database index");
    }
    Map<String, Chunk> chunks = new LinkedHashMap<>();
    named(rdx + ": variables", variableList).forEach((name, key) -> chunks.put(name, chunk(rdx, name, key)));
    return new RData(rdb, chunks, compression(rdx, entries.get("compressed")));
  }

  /** The variables the database holds, in the order of its index. */
  public Set<String> names() {
    return Collections.unmodifiableSet(chunks.keySet());
  }

  /** Reads the variable {@code name}, which must be a data frame of integer, double, character and factor columns. */
  public DataFrame frame(String name) {
    Chunk chunk = chunks.get(name);
    if (chunk == null) {
      throw new KilnException(rdb + ": no variable '" + name + "'; the database holds " + String.join(", ", names()));
    }
    String source = rdb + ": variable '" + name + "'";
    return DataFrame.fromR(name, source, RSerialization.read(source, serialization(source, read(source, chunk))));
  }

  private byte[] read(String source, Chunk chunk) {
    try (FileChannel channel = FileChannel.open(rdb)) {
      long end = chunk.offset() + chunk.length();
      if (end > channel.size()) {
        throw new KilnException(source + " lies at bytes " + chunk.offset() + ".." + end + " but the file holds "
            + channel.size() + " bytes; the file is truncated, reinstall it");
      }
      ByteBuffer buffer = ByteBuffer.allocate(chunk.length());
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, chunk.offset() + buffer.position()) < 0) {
          throw new KilnException(source + ": the file ended while being read; it is truncated, reinstall it");
        }
      }
      return buffer.array();
    } catch (IOException e) {
      throw new KilnException(rdb + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The serialized object in {@code chunk}, decompressed as the index's {@code compressed} says. */
  private byte[] serialization(String source, byte[] chunk) {
    if (compression == 0) {
      return chunk;
    }
    int header = compression == ZLIB ? 4 : 5;
    if (chunk.length < header) {
      throw new KilnException(source + ": a chunk of " + chunk.length + " bytes is too short for its " + header
          + "-byte header; the file is corrupt");
    }
    long length = Integer.toUnsignedLong(ByteBuffer.wrap(chunk).getInt());
    char type = compression == ZLIB ? '1' : (char) (chunk[4] & 0xff);
    byte[] data = switch (type) {
      case '0' -> Arrays.copyOfRange(chunk, header, chunk.length);
      case '1' -> inflate(source, chunk, header);
      case '2', 'Z' -> throw new KilnException(source + " is " + (type == '2' ? "bzip2" : "xz")
          + "-compressed; Kiln reads zlib chunks only: reinstall the R package from source with"
          + " R CMD INSTALL --data-compress=gzip");
      default -> throw new KilnException(source + ": unknown compression type byte '" + type
          + "'; the file is corrupt");
    };
    if (data.length != length) {
      throw new KilnException(source + ": the chunk holds " + data.length + " bytes but its header promises " + length
          + "; the file is corrupt, reinstall it");
    }
    return data;
  }

  private static byte[] inflate(String source, byte[] chunk, int offset) {
    try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(chunk, offset, chunk.length - offset))) {
      return in.readAllBytes();
    } catch (EOFException e) {
      throw new KilnException(source + ": the zlib data ends early; the file is corrupt, reinstall it", e);
    } catch (ZipException e) {
      throw new KilnException(source + ": corrupt zlib data (" + e.getMessage() + "); reinstall the file", e);
    } catch (IOException e) {
      throw new KilnException(source + ": cannot decompress: " + e.getMessage(), e);
    }
  }

  /** An .rds file's serialization: gzip-compressed (as R writes by default) or raw. */
  private static byte[] readRds(Path rdx) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(rdx);
    } catch (IOException e) {
      throw new KilnException(rdx + ": cannot read: " + e.getMessage(), e);
    }
    if (startsWith(bytes, "\u001f\u008b")) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new KilnException(rdx + ": corrupt gzip data (" + e.getMessage() + "); reinstall the file", e);
      }
    }
    if (startsWith(bytes, "BZh") || startsWith(bytes, "\u00fd7zXZ")) {
      throw new KilnException(rdx + " is " + (bytes[0] == 'B' ? "bzip2" : "xz")
          + "-compressed; Kiln reads gzip-compressed or raw .rdx files: in R, rewrite it with"
          + " saveRDS(readRDS(file), file)");
    }
    return bytes;
  }

  private static boolean startsWith(byte[] bytes, String magic) {
    for (int i = 0; i < magic.length(); i++) {
      if (i >= bytes.length || bytes[i] != (byte) magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The elements of a named list, by name. */
  private static Map<String, RObject> named(String what, RObject.ListVector list) {
    if (!(list.attribute("names") instanceof RObject.Strings names) || names.length() != list.length()) {
      throw new KilnException(what + " is a list without names; it is not a lazy-load database index");
    }
    Map<String, RObject> map = new LinkedHashMap<>();
    for (int i = 0; i < list.length(); i++) {
      map.put(names.values()[i], list.elements()[i]);
    }
    return map;
  }

  /** A variable's key: the integer vector {@code c(offset, length)} into the .rdb file. */
  private static Chunk chunk(Path rdx, String name, RObject key) {
    if (!(key instanceof RObject.Integers integers) || integers.length() != 2 || integers.values()[0] < 0
        || integers.values()[1] < 0) {
      throw new KilnException(rdx + ": variable '" + name + "' has the key " + key.describe()
          + " instead of c(offset, length); the index is corrupt");
    }
    return new Chunk(integers.values()[0], integers.values()[1]);
  }

  /** The index's {@code compressed}: FALSE, TRUE, 2 or 3, stored as a logical, integer or double. */
  private static int compression(Path rdx, RObject compressed) {
    Integer value = null;
    if (compressed instanceof RObject.Logicals logicals && logicals.length() == 1) {
      value = logicals.values()[0];
    } else if (compressed instanceof RObject.Integers integers && integers.length() == 1) {
      value = integers.values()[0];
    } else if (compressed instanceof RObject.Doubles doubles && doubles.length() == 1) {
      value = (int) doubles.values()[0];
    }
    if (value == null || value < 0 || value > 3) {
      String found = compressed == null ? "missing" : value == null ? compressed.describe() : value.toString();
      throw new KilnException(rdx + ": the index's 'compressed' is " + found + "; expected FALSE, TRUE, 2 or 3");
    }
    return value;
  }
}
