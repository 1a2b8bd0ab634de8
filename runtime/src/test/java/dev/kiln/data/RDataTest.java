package dev.kiln.data;

import static dev.kiln.data.RDataFiles.NA_REAL;
import static dev.kiln.data.RDataFiles.RDB;
import static dev.kiln.data.RDataFiles.RDX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import dev.kiln.data.RDataFiles.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RDataTest {
  private static final int NA = Integer.MIN_VALUE;

  @TempDir Path dir;

  /** A data frame of every column type, each with an NA in row 2. */
  private static Object people() {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("id", new int[] {10, NA, 30});
    columns.put("score", new double[] {1.5, NA_REAL, Double.NaN});
    columns.put("name", new String[] {"Åsa", null, "Bob"});
    columns.put("team", RDataFiles.factor(new int[] {2, NA, 1}, "red", "blue"));
    return RDataFiles.dataFrame(3, columns);
  }

  private RData write(Map<String, Object> variables) throws IOException {
    RDataFiles.write(dir, variables);
    return open();
  }

  private RData open() {
    return RData.open(dir.resolve(RDX), dir.resolve(RDB));
  }

  private Path rdb() {
    return dir.resolve(RDB);
  }

  @Test
  void readsEveryColumnTypeWithItsNAs() throws IOException {
    DataFrame people = write(Map.of("people", people())).frame("people");

    assertEquals("people", people.name());
    assertEquals(List.of("id", "score", "name", "team"), people.columns());
    assertEquals(3, people.rowCount());
    assertEquals(DataFrame.ColumnType.FACTOR, people.type("team"));
    assertArrayEquals(new int[] {10, DataFrame.NA_INTEGER, 30}, people.integers("id"));
    double[] scores = people.doubles("score");
    assertEquals(1.5, scores[0]);
    assertTrue(DataFrame.isNA(scores[1]));
    assertTrue(Double.isNaN(scores[2]));
    assertFalse(DataFrame.isNA(scores[2]), "R's NaN is not NA");
    assertArrayEquals(new String[] {"Åsa", null, "Bob"}, people.strings("name"));
    DataFrame.Factor team = people.factor("team");
    assertArrayEquals(new String[] {"red", "blue"}, team.levels());
    assertArrayEquals(new int[] {1, -1, 0}, team.codes());
    assertEquals("blue", team.level(0));
    assertNull(team.level(1));
  }

  @Test
  void readsCompactIntegerSequences() throws IOException {
    // R 3.5+ writes 1:n as an ALTREP compact_intseq, here both as a column and as explicit row names.
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("names", new String[] {"rank"});
    attributes.put("class", new String[] {"data.frame"});
    attributes.put("row.names", RDataFiles.sequence(4, 1));
    Object frame = new RDataFiles.WithAttributes(List.of(RDataFiles.sequence(4, 7)), attributes);

    DataFrame ranks = write(Map.of("ranks", frame)).frame("ranks");

    assertEquals(4, ranks.rowCount());
    assertArrayEquals(new int[] {7, 8, 9, 10}, ranks.integers("rank"));
  }

  @Test
  void namesListTheVariablesInIndexOrderAndFrameRefusesOtherObjects() throws IOException {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("people", people());
    variables.put("counts", new int[] {1, 2, 3});
    variables.put("nested", List.of(people()));
    RData data = write(variables);

    assertEquals(List.of("people", "counts", "nested"), List.copyOf(data.names()));
    assertEquals(3, data.frame("people").rowCount());
    KilnException e = assertThrows(KilnException.class, () -> data.frame("counts"));
    assertEquals(rdb() + ": variable 'counts' is an integer vector, not a data frame", e.getMessage());
    e = assertThrows(KilnException.class, () -> data.frame("nested"));
    assertEquals(rdb() + ": variable 'nested' is a list, not a data frame", e.getMessage());
  }

  @Test
  void aMissingVariableNamesTheOnesThereAre() throws IOException {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("people", people());
    variables.put("counts", new int[] {1});
    RData data = write(variables);

    KilnException e = assertThrows(KilnException.class, () -> data.frame("peeple"));
    assertEquals(rdb() + ": no variable 'peeple'; the database holds people, counts", e.getMessage());
  }

  @Test
  void aMissingColumnOrAnotherTypeIsNamed() throws IOException {
    DataFrame people = write(Map.of("people", people())).frame("people");

    KilnException e = assertThrows(KilnException.class, () -> people.integers("age"));
    assertEquals("people: no column 'age'; the columns are id, score, name, team", e.getMessage());
    e = assertThrows(KilnException.class, () -> people.integers("name"));
    assertEquals("people: column 'name' holds string values, not integer ones; read it with strings(\"name\")",
        e.getMessage());
    e = assertThrows(KilnException.class, () -> people.doubles("team"));
    assertEquals("people: column 'team' holds factor values, not double ones; read it with factor(\"team\")",
        e.getMessage());
  }

  @Test
  void aColumnOfAnotherVectorTypeIsRefusedByName() throws IOException {
    Object frame = RDataFiles.dataFrame(2, Map.of("retweeted", new RDataFiles.Logicals(1, 0)));

    KilnException e = assertThrows(KilnException.class, () -> write(Map.of("tweets", frame)).frame("tweets"));
    assertEquals(rdb() + ": variable 'tweets': column 'retweeted' is a logical vector; a DataFrame holds integer,"
        + " double, character and factor columns", e.getMessage());
  }

  @Test
  void anUnsupportedSexpTypeIsNamed() throws IOException {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("id", new int[] {1});
    columns.put("where", new RDataFiles.SexpType(4));
    RData data = write(Map.of("odd", RDataFiles.dataFrame(1, columns)));

    KilnException e = assertThrows(KilnException.class, () -> data.frame("odd"));
    assertTrue(e.getMessage().startsWith(rdb() + ": variable 'odd': byte "), e.getMessage());
    assertTrue(e.getMessage().endsWith(": SEXP type 4 (ENVSXP, an environment) is not supported; Kiln reads NULL,"
        + " symbols, pairlists, logical, integer, double and character vectors, lists and compact integer sequences"),
        e.getMessage());
  }

  @Test
  void anUnsupportedAltrepClassIsNamed() throws IOException {
    Object wrapped = new RDataFiles.Altrep("wrap_integer", List.of(new int[] {5}, new int[] {0, 0}));

    KilnException e = assertThrows(KilnException.class,
        () -> write(Map.of("w", RDataFiles.dataFrame(1, Map.of("x", wrapped)))).frame("w"));
    assertTrue(e.getMessage().contains(": ALTREP object wrap_integer is not supported; Kiln reads ALTREP"
        + " compact_intseq only"), e.getMessage());
  }

  @Test
  void aTruncatedDatabaseSaysSo() throws IOException {
    write(Map.of("people", people()));
    byte[] bytes = Files.readAllBytes(rdb());
    Files.write(rdb(), Arrays.copyOf(bytes, bytes.length - 10));

    KilnException e = assertThrows(KilnException.class, () -> open().frame("people"));
    assertEquals(rdb() + ": variable 'people' lies at bytes 0.." + bytes.length + " but the file holds "
        + (bytes.length - 10) + " bytes; the file is truncated, reinstall it", e.getMessage());
  }

  @Test
  void aCorruptChunkSaysSo() throws IOException {
    write(Map.of("people", people()));
    byte[] bytes = Files.readAllBytes(rdb());
    // After the 4-byte length and the 2-byte zlib header: zeros read as a stored block whose lengths disagree.
    Arrays.fill(bytes, 6, bytes.length, (byte) 0);
    Files.write(rdb(), bytes);

    KilnException e = assertThrows(KilnException.class, () -> open().frame("people"));
    assertEquals(rdb() + ": variable 'people': corrupt zlib data (invalid stored block lengths); reinstall the file",
        e.getMessage());
  }

  @Test
  void truncatedSerializationDataSaysWhere() {
    byte[] bytes = RDataFiles.serialize(new int[] {1, 2, 3});
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 2);

    KilnException e = assertThrows(KilnException.class, () -> RSerialization.read("counts", truncated));
    assertEquals("counts: the serialized data ends early: byte " + (bytes.length - 12) + " needs 12 more bytes but only"
        + " 10 remain; the data is truncated or corrupt", e.getMessage());
  }

  @Test
  void otherSerializationFormatsAreNamed() {
    KilnException e = assertThrows(KilnException.class, () -> RSerialization.read("data.rds", "A\n3\n".getBytes()));
    assertEquals("data.rds: starts with \"A\\n\": R's ASCII serialization; Kiln reads the XDR binary format (\"X\\n\")"
        + " that R writes by default", e.getMessage());
  }

  @Test
  void readsUncompressedAndStoredChunks() throws IOException {
    for (Compression compression : List.of(Compression.NONE, Compression.STORED)) {
      RDataFiles.write(dir, Map.of("people", people()), compression);
      assertArrayEquals(new int[] {10, NA, 30}, open().frame("people").integers("id"), compression.name());
    }
  }

  @Test
  void xzChunksAreRefusedWithTheWayOut() throws IOException {
    RDataFiles.write(dir, Map.of("people", people()), Compression.XZ);

    KilnException e = assertThrows(KilnException.class, () -> open().frame("people"));
    assertEquals(rdb() + ": variable 'people' is xz-compressed; Kiln reads zlib chunks only: reinstall the R package"
        + " from source with R CMD INSTALL --data-compress=gzip",
        e.getMessage());
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    KilnException e = assertThrows(KilnException.class, this::open);
    assertEquals(dir.resolve(RDX) + ": file not found; a lazy-load database is a .rdx and a .rdb file side by side",
        e.getMessage());

    Files.write(dir.resolve(RDX), new byte[0]);
    e = assertThrows(KilnException.class, this::open);
    assertEquals(rdb() + ": file not found; a lazy-load database is a .rdx and a .rdb file side by side",
        e.getMessage());
  }
}
