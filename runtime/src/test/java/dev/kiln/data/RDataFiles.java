package dev.kiln.data;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small R lazy-load databases for tests, laid out as R's makeLazyLoadDB writes them: every value
 * in R's XDR serialization, version 3, one chunk each in Rdata.rdb, and the index in a gzipped
 * Rdata.rdx. Values are Java objects: {@code int[]} (an integer vector), {@code double[]}, {@code
 * String[]} (null for NA), {@code List} (a list) and the records below.
 */
final class RDataFiles {
  static final String RDX = "Rdata.rdx";
  static final String RDB = "Rdata.rdb";

  /** R's double NA. */
  static final double NA_REAL = Double.longBitsToDouble(0x7ff00000000007a2L);

  /** How the chunks are stored; the index's {@code compressed} says which. */
  enum Compression {
    /** {@code compressed = FALSE}: raw serializations. */
    NONE,
    /** {@code compressed = TRUE}, R's default: a 4-byte length, then zlib data. */
    ZLIB,
    /** {@code compressed = 3}, type byte '0': a 4-byte length, then the serialization as it is. */
    STORED,
    /** {@code compressed = 3}, type byte 'Z': xz, which the reader refuses (the payload is not really xz). */
    XZ
  }

  /** A logical vector: 0, 1 or NA ({@code Integer.MIN_VALUE}). */
  record Logicals(int... values) {}

  /** {@code value} with attributes, written in the map's order. */
  record WithAttributes(Object value, Map<String, Object> attributes) {}

  /** An ALTREP object of class {@code className} from package base, with its serialized state. */
  record Altrep(String className, Object state) {}

  /** The flags of an item of SEXP type {@code type} and nothing more: the reader must stop there. */
  record SexpType(int type) {}

  private RDataFiles() {}

  /** A factor with R's codes, counted from 1 (NA is {@code Integer.MIN_VALUE}). */
  static Object factor(int[] codes, String... levels) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("levels", levels);
    attributes.put("class", new String[] {"factor"});
    return new WithAttributes(codes, attributes);
  }

  /** A data frame with automatic row names, which R writes compactly as {@code c(NA, -rows)}. */
  static Object dataFrame(int rows, Map<String, Object> columns) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("row.names", new int[] {Integer.MIN_VALUE, -rows});
    attributes.put("names", columns.keySet().toArray(new String[0]));
    attributes.put("class", new String[] {"data.frame"});
    return new WithAttributes(new ArrayList<>(columns.values()), attributes);
  }

  /** {@code first, first + 1, ...}, as R 3.5+ serializes {@code first:(first + length - 1)}. */
  static Object sequence(int length, int first) {
    return new Altrep("compact_intseq", new double[] {length, first, 1});
  }

  /** Writes {@code variables} to {@code dir}/Rdata.rdx and Rdata.rdb, zlib-compressed as R does by default. */
  static void write(Path dir, Map<String, Object> variables) throws IOException {
    write(dir, variables, Compression.ZLIB);
  }

  static void write(Path dir, Map<String, Object> variables, Compression compression) throws IOException {
    ByteArrayOutputStream rdb = new ByteArrayOutputStream();
    List<Object> keys = new ArrayList<>();
    for (Object value : variables.values()) {
      byte[] chunk = chunk(serialize(value), compression);
      keys.add(new int[] {rdb.size(), chunk.length});
      rdb.write(chunk);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("variables", namedList(variables.keySet().toArray(new String[0]), keys));
    index.put("references", namedList(new String[0], List.of()));
    index.put("compressed", switch (compression) {
      case NONE -> new Logicals(0);
      case ZLIB -> new Logicals(1);
      case STORED -> new double[] {3}; // as makeLazyLoadDB(compress = 3) stores it
      case XZ -> new int[] {3}; // as R CMD INSTALL --data-compress=xz stores it
    });
    Files.write(dir.resolve(RDB), rdb.toByteArray());
    Files.write(dir.resolve(RDX), gzip(serialize(namedList(index.keySet().toArray(new String[0]),
        new ArrayList<>(index.values())))));
  }

  /** {@code value} in R's XDR serialization, version 3, native encoding UTF-8. */
  static byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Serializer serializer = new Serializer(new DataOutputStream(bytes));
    try {
      serializer.header();
      serializer.item(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Object namedList(String[] names, List<Object> elements) {
    return new WithAttributes(elements, Map.of("names", names));
  }

  private static byte[] chunk(byte[] serialization, Compression compression) throws IOException {
    if (compression == Compression.NONE) {
      return serialization;
    }
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    new DataOutputStream(chunk).writeInt(serialization.length);
    switch (compression) {
      case ZLIB -> {
        try (OutputStream zlib = new DeflaterOutputStream(chunk)) {
          zlib.write(serialization);
        }
      }
      case STORED -> {
        chunk.write('0');
        chunk.write(serialization);
      }
      default -> {
        chunk.write('Z');
        chunk.write(serialization);
      }
    }
    return chunk.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }

  /** R's serialize(), for the few types above; repeated symbols become references, as in R. */
  private static final class Serializer {
    private static final int HAS_ATTRIBUTES = 1 << 9;
    private static final int IS_OBJECT = 1 << 8;
    private static final int HAS_TAG = 1 << 10;
    private static final int ASCII = 64 << 12;
    private static final int UTF8 = 8 << 12;

    private final DataOutputStream out;
    private final List<String> symbols = new ArrayList<>();

    Serializer(DataOutputStream out) {
      this.out = out;
    }

    void header() throws IOException {
      out.writeBytes("X\n");
      out.writeInt(3);
      out.writeInt(0x040101); // written by R 4.1.1
      out.writeInt(0x030500); // readable by R 3.5.0 and later
      out.writeInt(5);
      out.writeBytes("UTF-8");
    }

    void item(Object value) throws IOException {
      if (value instanceof WithAttributes withAttributes) {
        vector(withAttributes.value(), withAttributes.attributes());
      } else {
        vector(value, Map.of());
      }
    }

    private void vector(Object value, Map<String, Object> attributes) throws IOException {
      if (value instanceof Altrep altrep) {
        altrep(altrep, attributes);
        return;
      }
      if (value instanceof SexpType sexpType) {
        out.writeInt(sexpType.type());
        return;
      }
      int flags = (attributes.isEmpty() ? 0 : HAS_ATTRIBUTES) | (attributes.containsKey("class") ? IS_OBJECT : 0);
      if (value instanceof int[] integers) {
        ints(13 | flags, integers);
      } else if (value instanceof Logicals logicals) {
        ints(10 | flags, logicals.values());
      } else if (value instanceof double[] doubles) {
        out.writeInt(14 | flags);
        out.writeInt(doubles.length);
        for (double d : doubles) {
          out.writeLong(Double.doubleToRawLongBits(d));
        }
      } else if (value instanceof String[] strings) {
        out.writeInt(16 | flags);
        out.writeInt(strings.length);
        for (String string : strings) {
          string(string);
        }
      } else {
        List<?> elements = (List<?>) value;
        out.writeInt(19 | flags);
        out.writeInt(elements.size());
        for (Object element : elements) {
          item(element);
        }
      }
      if (!attributes.isEmpty()) {
        pairlist(attributes);
      }
    }

    private void ints(int flags, int[] values) throws IOException {
      out.writeInt(flags);
      out.writeInt(values.length);
      for (int value : values) {
        out.writeInt(value);
      }
    }

    /** Class info (a pairlist of class, package and type), state, then attributes or NULL. */
    private void altrep(Altrep altrep, Map<String, Object> attributes) throws IOException {
      out.writeInt(238);
      out.writeInt(2);
      symbol(altrep.className());
      out.writeInt(2);
      symbol("base");
      out.writeInt(2);
      item(new int[] {13});
      out.writeInt(254);
      item(altrep.state());
      if (attributes.isEmpty()) {
        out.writeInt(254);
      } else {
        pairlist(attributes);
      }
    }

    private void pairlist(Map<String, Object> tagged) throws IOException {
      for (Map.Entry<String, Object> entry : tagged.entrySet()) {
        out.writeInt(2 | HAS_TAG);
        symbol(entry.getKey());
        item(entry.getValue());
      }
      out.writeInt(254);
    }

    private void symbol(String name) throws IOException {
      int seen = symbols.indexOf(name);
      if (seen >= 0) {
        out.writeInt(((seen + 1) << 8) | 255);
        return;
      }
      symbols.add(name);
      out.writeInt(1);
      string(name);
    }

    private void string(String string) throws IOException {
      if (string == null) {
        out.writeInt(9);
        out.writeInt(-1);
        return;
      }
      byte[] bytes = string.getBytes(UTF_8);
      out.writeInt(9 | (bytes.length == string.length() ? ASCII : UTF8));
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }
}
