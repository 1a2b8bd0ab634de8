package dev.kiln.data.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {
  @TempDir Path dir;

  private static final List<String> TEXTS = List.of("The cat sat on the mat.", "The dog sat!");

  @Test
  void wordsAreIndexedByFrequencyTiesByFirstAppearanceAfterPaddingAndOov() {
    // Keras: Tokenizer(oov_token="<OOV>").fit_on_texts(TEXTS).word_index ==
    // {"<OOV>": 1, "the": 2, "sat": 3, "cat": 4, "on": 5, "mat": 6, "dog": 7}
    Tokenizer tokenizer = new Tokenizer(100).fit(TEXTS);
    assertEquals(List.of("the", "sat", "cat", "on", "mat", "dog"), tokenizer.vocabulary());
    assertEquals(2, tokenizer.index("the"));
    assertEquals(3, tokenizer.index("sat"));
    assertEquals(7, tokenizer.index("dog"));
    assertEquals(Tokenizer.OOV, tokenizer.index("bird"));
    assertEquals("cat", tokenizer.word(4));
    assertEquals(8, tokenizer.vocabularySize(), "6 words, padding and OOV");
    assertArrayEquals(new int[] {2, 4, 3, 5, 2, 6}, tokenizer.encode("The cat sat on the mat."));
    assertArrayEquals(new int[] {2, 1, 3, 1, 1, 7}, tokenizer.encode("the bird sat by a dog"));
    assertArrayEquals(new int[0], tokenizer.encode(""));
    assertArrayEquals(new int[0], tokenizer.encode(" ... !!! "));
  }

  @Test
  void numWordsKeepsTheMostFrequentAndTheRestAreOov() {
    Tokenizer tokenizer = new Tokenizer(3).fit(TEXTS);
    assertEquals(List.of("the", "sat", "cat"), tokenizer.vocabulary());
    assertEquals(5, tokenizer.vocabularySize());
    assertEquals(3, tokenizer.numWords());
    assertArrayEquals(new int[] {2, 1, 3, 1, 1, 4}, tokenizer.encode("the dog sat on a cat"));
    KilnException e = assertThrows(KilnException.class, () -> tokenizer.word(5));
    assertEquals("index 5 has no word; the words have indices 2 to 4", e.getMessage());
    assertEquals("index 1 has no word (it is the out-of-vocabulary index); the words have indices 2 to 4",
        assertThrows(KilnException.class, () -> tokenizer.word(1)).getMessage());
    assertEquals("index 0 has no word (it is the padding index); the words have indices 2 to 4",
        assertThrows(KilnException.class, () -> tokenizer.word(0)).getMessage());
  }

  @Test
  void tiesKeepTheOrderOfFirstAppearanceEvenAtTheCut() {
    // every word once: the first two seen are kept
    Tokenizer tokenizer = new Tokenizer(2).fit(List.of("zeta alpha", "mu alpha beta zeta"));
    assertEquals(List.of("zeta", "alpha"), tokenizer.vocabulary());
    Tokenizer once = new Tokenizer(2).fit(List.of("zeta alpha mu"));
    assertEquals(List.of("zeta", "alpha"), once.vocabulary(), "not alphabetical");
  }

  @Test
  void textsAreLowerCasedAndKerasPunctuationBecomesSpace() {
    Tokenizer tokenizer = new Tokenizer(100);
    assertEquals(List.of("hello", "world", "it's", "e", "mail", "don't", "1", "000", "x"),
        tokenizer.words("Hello,World! It's e-mail:\tdon't...\n1,000 (x)"));
    assertEquals(List.of("a", "b", "c", "d", "e"), tokenizer.words("a\r\nb\u00a0c\u2003d\fe"), "any whitespace splits");
    assertEquals(List.of("café", "naïve", "straße"), tokenizer.words("CAFÉ Naïve STRASSE".replace("SS", "ß")));
    String everyFilter = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";
    assertEquals(Tokenizer.DEFAULT_FILTERS, everyFilter);
    assertEquals(List.of("a", "b"), tokenizer.words("a" + everyFilter + "b"));
    assertEquals(List.of("'quoted'", "emoji\uD83D\uDE00"), tokenizer.words("'quoted' emoji\uD83D\uDE00"));
    Tokenizer fitted = tokenizer.fit(List.of("Spam SPAM spam, eggs."));
    assertEquals(List.of("spam", "eggs"), fitted.vocabulary());
    assertArrayEquals(new int[] {2, 3, 2}, fitted.encode("SPAM? Eggs! sPaM"));
  }

  @Test
  void filtersAndCaseCanBeConfigured() {
    Tokenizer keepEverything = new Tokenizer(100, "", false).fit(List.of("Hello, hello world!"));
    assertEquals(List.of("Hello,", "hello", "world!"), keepEverything.vocabulary());
    assertEquals(List.of("a", "b"), keepEverything.words("a\tb"), "whitespace splits even without filters");
    Tokenizer digits = new Tokenizer(100, "0123456789", true);
    assertEquals(List.of("r", "d", "c-", "po"), digits.words("R2D2 C-3PO"));
    assertFalse(keepEverything.lowerCase());
    assertEquals("", keepEverything.filters());
  }

  @Test
  void fitAccumulatesCountsOverCallsAsKerasDoes() {
    Tokenizer tokenizer = new Tokenizer(100).fit(List.of("b a"));
    assertEquals(List.of("b", "a"), tokenizer.vocabulary());
    tokenizer.fit(List.of("a c"));
    assertEquals(List.of("a", "b", "c"), tokenizer.vocabulary());
  }

  @Test
  void encodesAListOfTextsInOrder() {
    Tokenizer tokenizer = new Tokenizer(100).fit(TEXTS);
    int[][] sequences = tokenizer.encode(List.of("the dog", "", "mat mat cow"));
    assertEquals(3, sequences.length);
    assertArrayEquals(new int[] {2, 7}, sequences[0]);
    assertArrayEquals(new int[0], sequences[1]);
    assertArrayEquals(new int[] {6, 6, 1}, sequences[2]);
    int[][] padded = Sequences.pad(sequences, 4);
    assertArrayEquals(new int[] {0, 0, 2, 7}, padded[0]);
    assertArrayEquals(new int[] {0, 0, 0, 0}, padded[1]);
  }

  @Test
  void misuseIsAClearError() {
    Tokenizer unfitted = new Tokenizer(10);
    KilnException e = assertThrows(KilnException.class, () -> unfitted.encode("text"));
    assertEquals("encode: the tokenizer has no vocabulary yet; call fit(trainingTexts) first, or Tokenizer.load a"
        + " saved one", e.getMessage());
    assertThrows(KilnException.class, unfitted::vocabularySize);
    assertThrows(KilnException.class, () -> unfitted.save(dir.resolve("t.txt")));
    assertEquals("numWords is 0; a tokenizer keeps at least 1 word, e.g. 10000",
        assertThrows(KilnException.class, () -> new Tokenizer(0)).getMessage());
    assertEquals("fit: text 1 is null; pass \"\" for an empty text",
        assertThrows(KilnException.class, () -> new Tokenizer(5).fit(java.util.Arrays.asList("a", null))).getMessage());
    Tokenizer fitted = new Tokenizer(5).fit(List.of("b"));
    assertThrows(KilnException.class, () -> fitted.fit(java.util.Arrays.asList("a a", null)));
    assertEquals(List.of("b"), fitted.fit(List.of()).vocabulary(), "a failed fit counts nothing");
    assertEquals("Tokenizer[numWords 10, not fitted]", unfitted.toString());
    assertEquals("Tokenizer[numWords 100, 6 words, vocabulary size 8]", new Tokenizer(100).fit(TEXTS).toString());
  }

  @Test
  void saveAndLoadRoundTrip() throws IOException {
    Tokenizer tokenizer = new Tokenizer(5).fit(TEXTS);
    Path file = dir.resolve("model.tokenizer");
    tokenizer.save(file);
    assertEquals("kiln-tokenizer 1 numWords=5 words=5 lowerCase=true filters=!\"#$%&()*+,-./:;<=>?@[\\\\]^_`{|}~\\t\\n\n"
        + "the\nsat\ncat\non\nmat\n", Files.readString(file));
    Tokenizer loaded = Tokenizer.load(file);
    assertEquals(tokenizer.vocabulary(), loaded.vocabulary());
    assertEquals(tokenizer.vocabularySize(), loaded.vocabularySize());
    assertEquals(5, loaded.numWords());
    assertTrue(loaded.lowerCase());
    assertEquals(Tokenizer.DEFAULT_FILTERS, loaded.filters());
    String text = "The mat, the DOG and the cat sat.";
    assertArrayEquals(tokenizer.encode(text), loaded.encode(text));
    KilnException refit = assertThrows(KilnException.class, () -> loaded.fit(TEXTS));
    assertEquals("this tokenizer was loaded from a file, which holds its words but not their counts, so it cannot be"
        + " fitted further; fit a new Tokenizer on all the texts instead", refit.getMessage());
    assertEquals(List.of(file.getFileName().toString()), listing(), "no temporary file is left");
  }

  @Test
  void saveAndLoadKeepOddFiltersCaseAndNonAsciiWords() throws IOException {
    String filters = "\\ \t\r\n\u0000\u00a0,x\u2028";
    Tokenizer tokenizer = new Tokenizer(10, filters, false).fit(List.of("Ünïcödé,Wörds\u00a0日本語 axb Ünïcödé"));
    assertEquals(List.of("Ünïcödé", "Wörds", "日本語", "a", "b"), tokenizer.vocabulary());
    Path file = dir.resolve("t.tokenizer");
    tokenizer.save(file);
    String header = Files.readAllLines(file, UTF_8).get(0);
    assertEquals("kiln-tokenizer 1 numWords=10 words=5 lowerCase=false filters=\\\\\\s\\t\\r\\n\\u0000\\u00a0,x\\u2028",
        header);
    Tokenizer loaded = Tokenizer.load(file);
    assertEquals(filters, loaded.filters());
    assertFalse(loaded.lowerCase());
    assertEquals(tokenizer.vocabulary(), loaded.vocabulary());
    assertArrayEquals(new int[] {2, 3, 1, 5, 6}, loaded.encode("Ünïcödé Wörds ünïcödé a\\b"));

    Tokenizer empty = new Tokenizer(3).fit(List.of(""));
    empty.save(file);
    assertEquals(2, Tokenizer.load(file).vocabularySize(), "a tokenizer of no words saves and loads too");
  }

  private List<String> listing() throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private KilnException loadFailure(String content) throws IOException {
    Path file = Files.writeString(dir.resolve("bad.tokenizer"), content);
    return assertThrows(KilnException.class, () -> Tokenizer.load(file));
  }

  private String bad() {
    return dir.resolve("bad.tokenizer").toString();
  }

  @Test
  void aMalformedFileNamesTheFileAndTheLine() throws IOException {
    String header = "kiln-tokenizer 1 numWords=5 words=3 lowerCase=true filters=,\n";
    assertEquals(bad() + ", line 1: the file is empty; a tokenizer file starts with a line `kiln-tokenizer 1"
        + " numWords=...`", loadFailure("").getMessage());
    assertEquals(bad() + ", line 1: the header `{\"word_index\": {}}` does not start with `kiln-tokenizer 1`; this is"
        + " not a file Tokenizer.save wrote", loadFailure("{\"word_index\": {}}\n").getMessage());
    assertEquals(bad() + ", line 1: format version `2`; this Kiln reads version 1. Save the tokenizer again with this"
        + " version", loadFailure("kiln-tokenizer 2 numWords=5\n").getMessage());
    assertEquals(bad() + ", line 1: numWords=ten is not a whole number >= 0",
        loadFailure(header.replace("numWords=5", "numWords=ten") + "a\nb\nc\n").getMessage());
    assertEquals(bad() + ", line 1: numWords=0; a tokenizer keeps at least 1 word and at most 2147483645",
        loadFailure(header.replace("numWords=5", "numWords=0")).getMessage());
    assertEquals(bad() + ", line 1: the header has no words=...; this is not a complete tokenizer file",
        loadFailure(header.replace(" words=3", "") + "a\n").getMessage());
    assertEquals(bad() + ", line 1: lowerCase is `yes`; it must be true or false",
        loadFailure(header.replace("=true", "=yes") + "a\nb\nc\n").getMessage());
    assertEquals(bad() + ", line 1: filters: unknown escape \\q; the escapes are \\\\, \\t, \\n, \\r, \\s and \\uXXXX",
        loadFailure(header.replace("filters=,", "filters=\\q") + "a\nb\nc\n").getMessage());
    assertEquals(bad() + ", line 1: filters: \\u12 is not \\u and four hex digits",
        loadFailure(header.replace("filters=,", "filters=\\u12") + "a\nb\nc\n").getMessage());
    assertEquals(bad() + ", line 1: words=6 is more than numWords=5",
        loadFailure(header.replace("words=3", "words=6") + "a\nb\nc\nd\ne\nf\n").getMessage());
    assertEquals(bad() + ", line 1: header field numWords is given twice",
        loadFailure(header.replace("words=3", "words=3 numWords=4") + "a\nb\nc\n").getMessage());
    assertEquals(bad() + ", line 4: the header says 3 words but the file has 2 word lines; the file is truncated or"
        + " was edited. Save the tokenizer again", loadFailure(header + "a\nb\n").getMessage());
    assertEquals(bad() + ", line 5: the header says 3 words but the file has 4 word lines; the file is truncated or"
        + " was edited. Save the tokenizer again", loadFailure(header + "a\nb\nc\nd\n").getMessage());
    assertEquals(bad() + ", line 3: the line is empty; every line after the header holds one word",
        loadFailure(header + "a\n\nc\n").getMessage());
    assertEquals(bad() + ", line 4: `a` is on line 2 too; every word has one index",
        loadFailure(header + "a\nb\na\n").getMessage());
    assertEquals(bad() + ", line 3: `two words` holds whitespace at column 4; a word is split on whitespace, so one"
        + " line holds one word without spaces", loadFailure(header + "a\ntwo words\nc\n").getMessage());

    Path latin1 = Files.write(dir.resolve("latin1.tokenizer"), (header + "a\ncaf\u00e9\nc\n").getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals(latin1 + ", line 3: not UTF-8 text; this is not a tokenizer file (Tokenizer.save writes UTF-8)",
        assertThrows(KilnException.class, () -> Tokenizer.load(latin1)).getMessage());
    Path missing = dir.resolve("missing.tokenizer");
    assertEquals("tokenizer file " + missing + " not found; save one with Tokenizer.save first",
        assertThrows(KilnException.class, () -> Tokenizer.load(missing)).getMessage());
  }

  @Test
  void windowsLineEndsLoadToo() throws IOException {
    Path file = Files.writeString(dir.resolve("crlf.tokenizer"),
        "kiln-tokenizer 1 numWords=5 words=2 lowerCase=true filters=,\r\nfoo\r\nbar\r\n");
    Tokenizer loaded = Tokenizer.load(file);
    assertEquals(List.of("foo", "bar"), loaded.vocabulary());
    assertArrayEquals(new int[] {3, 2, 1}, loaded.encode("bar,foo baz"));
  }
}
