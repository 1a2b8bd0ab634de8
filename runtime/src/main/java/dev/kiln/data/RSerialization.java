package dev.kiln.data;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.KilnException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one object from R's binary serialization, the format inside {@code .rds} files and lazy-load
 * databases: XDR ({@code "X\n"}), versions 2 and 3. Each item starts with a packed flags int: the SEXP
 * type in bits 0-7, "has attributes" in bit 9, "has tag" in bit 10 and the levels (for strings, their
 * encoding) from bit 12. Reads NULL, symbols and references to them, pairlists, logical, integer,
 * double and character vectors, lists and compact integer sequences; refuses every other type by name.
 * Byte offsets in error messages count in the uncompressed stream.
 */
final class RSerialization {
  private static final int SYMSXP = 1;
  private static final int LISTSXP = 2;
  private static final int CHARSXP = 9;
  private static final int LGLSXP = 10;
  private static final int INTSXP = 13;
  private static final int REALSXP = 14;
  private static final int STRSXP = 16;
  private static final int VECSXP = 19;
  private static final int ALTREP_SXP = 238;
  private static final int NILVALUE_SXP = 254;
  private static final int REFSXP = 255;

  private static final int HAS_ATTRIBUTES = 1 << 9;
  private static final int HAS_TAG = 1 << 10;
  private static final int LEVELS_SHIFT = 12;
  // A string's levels say how its bytes are encoded; without a mark they are in the writer's native encoding.
  private static final int BYTES = 1 << 1;
  private static final int LATIN1 = 1 << 2;
  private static final int UTF8 = 1 << 3;
  private static final int ASCII = 1 << 6;

  private final String source;
  private final ByteBuffer in;
  /** Symbols in the order first seen: a REFSXP item names one by its 1-based position. */
  private final List<RObject.Symbol> references = new ArrayList<>();
  private Charset nativeEncoding = UTF_8;

  private RSerialization(String source, byte[] bytes) {
    this.source = source;
    this.in = ByteBuffer.wrap(bytes);
  }

  /** The object that {@code bytes} hold; {@code source} names them in error messages. */
  static RObject read(String source, byte[] bytes) {
    RSerialization reader = new RSerialization(source, bytes);
    reader.readHeader();
    return reader.readItem();
  }

  private void readHeader() {
    need(2);
    String format = new String(new byte[] {in.get(), in.get()}, ISO_8859_1);
    if (!format.equals("X\n")) {
      String kind = switch (format) {
        case "A\n" -> "R's ASCII serialization";
        case "B\n" -> "R's native binary serialization";
        default -> "not R serialization data";
      };
      throw new KilnException(source + ": starts with " + quote(format) + ": " + kind
          + "; Kiln reads the XDR binary format (\"X\\n\") that R writes by default");
    }
    int version = readInt();
    if (version != 2 && version != 3) {
      throw new KilnException(source + ": serialization format version " + version + "; Kiln reads versions 2 and 3");
    }
    readInt(); // the R version that wrote the data
    readInt(); // the oldest R version that can read it
    if (version == 3) {
      nativeEncoding = charset(new String(readBytes(readInt()), ISO_8859_1));
    }
  }

  private RObject readItem() {
    int at = in.position();
    int flags = readInt();
    int type = flags & 0xff;
    boolean hasAttributes = (flags & HAS_ATTRIBUTES) != 0;
    switch (type) {
      case NILVALUE_SXP:
        return RObject.NULL;
      case REFSXP:
        return reference(flags >>> 8, at);
      case SYMSXP: {
        RObject.Symbol symbol = new RObject.Symbol(readString());
        references.add(symbol);
        return symbol;
      }
      case LISTSXP:
        return readPairlist(flags);
      case LGLSXP:
        return new RObject.Logicals(readInts(readLength(4)), readAttributes(hasAttributes));
      case INTSXP:
        return new RObject.Integers(readInts(readLength(4)), readAttributes(hasAttributes));
      case REALSXP:
        return new RObject.Doubles(readDoubles(readLength(8)), readAttributes(hasAttributes));
      case STRSXP: {
        String[] strings = new String[readLength(4)];
        for (int i = 0; i < strings.length; i++) {
          strings[i] = readString();
        }
        return new RObject.Strings(strings, readAttributes(hasAttributes));
      }
      case VECSXP: {
        RObject[] elements = new RObject[readLength(4)];
        for (int i = 0; i < elements.length; i++) {
          elements[i] = readItem();
        }
        return new RObject.ListVector(elements, readAttributes(hasAttributes));
      }
      case ALTREP_SXP:
        return readAltrep(at);
      default:
        throw new KilnException(source + ": byte " + at + ": SEXP type " + type + " (" + typeName(type)
            + ") is not supported; Kiln reads NULL, symbols, pairlists, logical, integer, double and character"
            + " vectors, lists and compact integer sequences");
    }
  }

  /** A REFSXP: the index is packed into the flags, or follows them when it does not fit. */
  private RObject reference(int packedIndex, int at) {
    int index = packedIndex != 0 ? packedIndex : readInt();
    if (index < 1 || index > references.size()) {
      throw corrupt(at, "reference " + index + " to an earlier symbol, but only " + references.size() + " came before");
    }
    return references.get(index - 1);
  }

  /** Pairlist nodes come one after the other, each ending in the next node's flags or NULL. */
  private RObject.Pairlist readPairlist(int flags) {
    List<String> tags = new ArrayList<>();
    List<RObject> values = new ArrayList<>();
    int nodeFlags = flags;
    while (true) {
      if ((nodeFlags & HAS_ATTRIBUTES) != 0) {
        readItem(); // a pairlist's own attributes: allowed by R, never needed for data
      }
      int tagAt = in.position();
      tags.add((nodeFlags & HAS_TAG) != 0 ? symbolName(readItem(), tagAt) : null);
      values.add(readItem());
      int nextAt = in.position();
      nodeFlags = readInt();
      int nextType = nodeFlags & 0xff;
      if (nextType == NILVALUE_SXP) {
        return new RObject.Pairlist(tags, values);
      }
      if (nextType != LISTSXP) {
        throw corrupt(nextAt, "a pairlist continues with SEXP type " + nextType + " (" + typeName(nextType)
            + ") instead of another node or NULL");
      }
    }
  }

  private Map<String, RObject> readAttributes(boolean present) {
    if (!present) {
      return Map.of();
    }
    int at = in.position();
    return attributeMap(readItem(), at);
  }

  private Map<String, RObject> attributeMap(RObject attributes, int at) {
    if (attributes instanceof RObject.Null) {
      return Map.of();
    }
    if (!(attributes instanceof RObject.Pairlist pairlist)) {
      throw corrupt(at, "attributes must be a pairlist, not " + attributes.describe());
    }
    Map<String, RObject> map = new LinkedHashMap<>();
    for (int i = 0; i < pairlist.values().size(); i++) {
      String name = pairlist.tags().get(i);
      if (name == null) {
        throw corrupt(at, "attribute " + (i + 1) + " has no name");
      }
      map.put(name, pairlist.values().get(i));
    }
    return map;
  }

  /**
   * An ALTREP object: its class (a pairlist of class symbol, package symbol and type), its state and its
   * attributes. R 3.5+ writes {@code 1:n} this way, as a compact_intseq whose state is {@code c(n, first, step)}.
   */
  private RObject readAltrep(int at) {
    RObject info = readItem();
    RObject state = readItem();
    int attributesAt = in.position();
    Map<String, RObject> attributes = attributeMap(readItem(), attributesAt);
    String className = info instanceof RObject.Pairlist pairlist && !pairlist.values().isEmpty()
        && pairlist.values().get(0) instanceof RObject.Symbol symbol ? symbol.name() : "of unknown class";
    if (className.equals("compact_intseq")) {
      return new RObject.Integers(intSequence(state, at), attributes);
    }
    throw new KilnException(source + ": byte " + at + ": ALTREP object " + className
        + " is not supported; Kiln reads ALTREP compact_intseq only (save the data with R's serialize version 2"
        + " to expand such vectors)");
  }

  private int[] intSequence(RObject state, int at) {
    double[] info = state instanceof RObject.Doubles doubles ? doubles.values() : null;
    if (info == null || info.length != 3 || info[0] < 0 || info[0] > Integer.MAX_VALUE - 8) {
      throw corrupt(at, "a compact_intseq's state must be c(length, first, step), not " + state.describe());
    }
    int[] values = new int[(int) info[0]];
    for (int i = 0; i < values.length; i++) {
      values[i] = (int) (info[1] + i * info[2]);
    }
    return values;
  }

  private String symbolName(RObject tag, int at) {
    if (!(tag instanceof RObject.Symbol symbol)) {
      throw corrupt(at, "a pairlist tag must be a symbol, not " + tag.describe());
    }
    return symbol.name();
  }

  /** A CHARSXP: length -1 is NA (null); otherwise bytes in the encoding its levels name. */
  private String readString() {
    int at = in.position();
    int flags = readInt();
    if ((flags & 0xff) != CHARSXP) {
      throw corrupt(at, "expected a string (CHARSXP, type 9) but found SEXP type " + (flags & 0xff) + " ("
          + typeName(flags & 0xff) + ")");
    }
    int length = readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0) {
      throw corrupt(at, "string length " + length);
    }
    int levels = flags >>> LEVELS_SHIFT;
    Charset charset = (levels & (UTF8 | ASCII)) != 0 ? UTF_8
        : (levels & (LATIN1 | BYTES)) != 0 ? ISO_8859_1 : nativeEncoding;
    return new String(readBytes(length), charset);
  }

  /** A vector length, after checking that the stream holds that many elements of at least {@code elementBytes}. */
  private int readLength(int elementBytes) {
    int at = in.position();
    int length = readInt();
    if (length == -1) { // a long vector: the length follows as two ints
      long longLength = ((long) readInt() << 32) | Integer.toUnsignedLong(readInt());
      throw new KilnException(source + ": byte " + at + ": a vector of " + longLength
          + " elements, more than one Java array holds");
    }
    if (length < 0) {
      throw corrupt(at, "vector length " + length);
    }
    need((long) length * elementBytes);
    return length;
  }

  private int[] readInts(int count) {
    int[] values = new int[count];
    in.asIntBuffer().get(values);
    in.position(in.position() + 4 * count);
    return values;
  }

  private double[] readDoubles(int count) {
    double[] values = new double[count];
    in.asDoubleBuffer().get(values);
    in.position(in.position() + 8 * count);
    return values;
  }

  private byte[] readBytes(int count) {
    need(count);
    byte[] bytes = new byte[count];
    in.get(bytes);
    return bytes;
  }

  private int readInt() {
    need(4);
    return in.getInt();
  }

  private void need(long count) {
    if (in.remaining() < count) {
      throw new KilnException(source + ": the serialized data ends early: byte " + in.position() + " needs " + count
          + " more bytes but only " + in.remaining() + " remain; the data is truncated or corrupt");
    }
  }

  private KilnException corrupt(int at, String problem) {
    return new KilnException(source + ": byte " + at + ": " + problem + "; the serialized data is corrupt");
  }

  private static String quote(String format) {
    return "\"" + format.replace("\n", "\\n") + "\"";
  }

  /** The writer's native encoding, as version 3 names it; UTF-8 when Java does not know the name. */
  private static Charset charset(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return UTF_8;
    }
  }

  /** R's name of an SEXP type (Rinternals.h, serialize.c), and what it holds where that is not obvious. */
  private static String typeName(int type) {
    return switch (type) {
      case 0 -> "NILSXP";
      case SYMSXP -> "SYMSXP, a symbol";
      case LISTSXP -> "LISTSXP, a pairlist";
      case 3 -> "CLOSXP, a function";
      case 4 -> "ENVSXP, an environment";
      case 5 -> "PROMSXP, a promise";
      case 6 -> "LANGSXP, a call";
      case 7 -> "SPECIALSXP, a built-in function";
      case 8 -> "BUILTINSXP, a built-in function";
      case CHARSXP -> "CHARSXP, a string";
      case LGLSXP -> "LGLSXP, a logical vector";
      case INTSXP -> "INTSXP, an integer vector";
      case REALSXP -> "REALSXP, a double vector";
      case 15 -> "CPLXSXP, a complex vector";
      case STRSXP -> "STRSXP, a character vector";
      case 17 -> "DOTSXP, ...";
      case VECSXP -> "VECSXP, a list";
      case 20 -> "EXPRSXP, an expression vector";
      case 21 -> "BCODESXP, byte code";
      case 22 -> "EXTPTRSXP, an external pointer";
      case 23 -> "WEAKREFSXP, a weak reference";
      case 24 -> "RAWSXP, a raw vector";
      case 25 -> "S4SXP, an S4 object";
      case ALTREP_SXP -> "ALTREP_SXP";
      case 239 -> "ATTRLISTSXP, a pairlist with attributes";
      case 240 -> "ATTRLANGSXP, a call with attributes";
      case 241 -> "BASEENV_SXP, the base environment";
      case 242 -> "EMPTYENV_SXP, the empty environment";
      case 243 -> "BCREPREF, byte code";
      case 244 -> "BCREPDEF, byte code";
      case 245 -> "GENERICREFSXP";
      case 246 -> "CLASSREFSXP";
      case 247 -> "PERSISTSXP, a reference to a persistent object";
      case 248 -> "PACKAGESXP, a package environment";
      case 249 -> "NAMESPACESXP, a namespace";
      case 250 -> "BASENAMESPACE_SXP, the base namespace";
      case 251 -> "MISSINGARG_SXP, a missing argument";
      case 252 -> "UNBOUNDVALUE_SXP, an unbound value";
      case 253 -> "GLOBALENV_SXP, the global environment";
      case NILVALUE_SXP -> "NILVALUE_SXP, NULL";
      case REFSXP -> "REFSXP, a reference";
      default -> "unknown";
    };
  }
}
