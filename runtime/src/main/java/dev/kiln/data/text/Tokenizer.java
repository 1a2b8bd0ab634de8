package dev.kiln.data.text;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.KilnException;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Words to integer indices for an Embedding, as Keras's {@code keras.preprocessing.text.Tokenizer}
 * (with {@code oov_token}) does it: a text is lower-cased, every character of {@link #DEFAULT_FILTERS}
 * (Keras's default {@code filters}: ASCII punctuation except the apostrophe, tab and newline) becomes a
 * space, and the text is split on whitespace. {@link #fit} counts the words of the training texts and
 * keeps the {@code numWords} most frequent; ties go to the word seen first, as in Keras's
 * {@code word_index}.
 *
 * <p>Indices: 0 is {@link #PADDING} (what {@link Sequences#pad} fills with), 1 is {@link #OOV} (every
 * word not in the vocabulary, Keras's {@code oov_token}), the words come from {@link #FIRST_WORD} = 2 on,
 * most frequent first. An Embedding that reads them needs {@code vocabulary = } {@link #vocabularySize()}.
 *
 * <p>Two differences from Keras. {@code numWords} counts words only: Keras's {@code num_words} counts
 * indices 0 and 1 too ({@code Tokenizer(num_words=1000, oov_token=...)} keeps 998 words), so
 * {@code new Tokenizer(998)} matches it, both with a vocabulary size of 1000. And a text is split on
 * every whitespace character ({@link Character#isWhitespace} or {@link Character#isSpaceChar}: also
 * {@code \r}, form feed, no-break space), where Keras splits on the space alone, so that
 * {@code "a\r\nb"} gives {@code a} and {@code b}, not Keras's {@code "a\r"} and {@code b}.
 *
 * <p>{@link #save} writes the vocabulary as text, one word per line in index order, so a model's
 * tokenizer can be kept beside it and {@link #load}ed with the model:
 *
 * <pre>{@code
 * Tokenizer tokenizer = new Tokenizer(10_000).fit(trainTexts);
 * int[][] x = Sequences.pad(tokenizer.encode(trainTexts), 200);
 * tokenizer.save(Path.of("spam.tokenizer"));
 * }</pre>
 */
public final class Tokenizer {
  /** Keras's default {@code filters}: the characters that become spaces before a text is split. */
  public static final String DEFAULT_FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";
  /** The index {@link Sequences#pad} fills with; no word has it. */
  public static final int PADDING = 0;
  /** The index of every word not in the vocabulary. */
  public static final int OOV = 1;
  /** The index of the most frequent word; the others follow. */
  public static final int FIRST_WORD = 2;
  /** The first word of a saved tokenizer's first line. */
  static final String FORMAT = "kiln-tokenizer";
  /** The format version {@link #save} writes and {@link #load} reads. */
  static final int VERSION = 1;

  private final int numWords;
  private final String filters;
  private final boolean lowerCase;
  /** Every word fitted so far with its count, in order of first appearance; null for a loaded tokenizer. */
  private final LinkedHashMap<String, long[]> counts;
  private List<String> words = List.of(); // by index - FIRST_WORD
  private Map<String, Integer> indices = Map.of();
  private boolean fitted;

  /** A tokenizer that keeps the {@code numWords} most frequent words, lower-cased, Keras's filters. */
  public Tokenizer(int numWords) {
    this(numWords, DEFAULT_FILTERS, true);
  }

  /**
   * A tokenizer that keeps the {@code numWords} most frequent words; {@code filters} are the characters
   * that become spaces (e.g. {@link #DEFAULT_FILTERS}, or {@code ""} to keep punctuation); {@code
   * lowerCase} whether texts are lower-cased first.
   */
  public Tokenizer(int numWords, String filters, boolean lowerCase) {
    this(numWords, filters, lowerCase, new LinkedHashMap<>());
  }

  private Tokenizer(int numWords, String filters, boolean lowerCase, LinkedHashMap<String, long[]> counts) {
    if (numWords < 1) {
      throw new KilnException("numWords is " + numWords + "; a tokenizer keeps at least 1 word, e.g. 10000");
    }
    if (numWords > Integer.MAX_VALUE - FIRST_WORD) {
      throw new KilnException("numWords is " + numWords + "; at most " + (Integer.MAX_VALUE - FIRST_WORD)
          + " words have an index");
    }
    if (filters == null) {
      throw new KilnException("filters is null; pass Tokenizer.DEFAULT_FILTERS, or \"\" to filter nothing");
    }
    this.numWords = numWords;
    this.filters = filters;
    this.lowerCase = lowerCase;
    this.counts = counts;
  }

  /**
   * Counts the words of {@code texts} (with those of earlier calls, as Keras's {@code fit_on_texts}
   * does) and keeps the {@code numWords} most frequent as the vocabulary. Returns this tokenizer.
   */
  public Tokenizer fit(Iterable<String> texts) {
    if (counts == null) {
      throw new KilnException("this tokenizer was loaded from a file, which holds its words but not their counts,"
          + " so it cannot be fitted further; fit a new Tokenizer on all the texts instead");
    }
    if (texts == null) {
      throw new KilnException("fit(null): pass the training texts, e.g. a List<String>");
    }
    LinkedHashMap<String, long[]> added = new LinkedHashMap<>(); // counted apart, so a bad text changes nothing
    int text = 0;
    for (String t : texts) {
      if (t == null) {
        throw new KilnException("fit: text " + text + " is null; pass \"\" for an empty text");
      }
      for (String word : words(t)) {
        added.computeIfAbsent(word, w -> new long[1])[0]++;
      }
      text++;
    }
    added.forEach((word, count) -> counts.computeIfAbsent(word, w -> new long[1])[0] += count[0]);
    List<Map.Entry<String, long[]>> byCount = new ArrayList<>(counts.entrySet());
    // A stable sort, so equal counts keep the order of first appearance (Keras's word_index).
    byCount.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
    List<String> kept = new ArrayList<>(Math.min(numWords, byCount.size()));
    for (int i = 0; i < byCount.size() && i < numWords; i++) {
      kept.add(byCount.get(i).getKey());
    }
    setWords(kept);
    fitted = true;
    return this;
  }

  /** The indices of the words of {@code text}: {@link #OOV} for a word not in the vocabulary; no padding. */
  public int[] encode(String text) {
    requireFitted("encode");
    if (text == null) {
      throw new KilnException("encode(null): pass a text, \"\" for an empty one");
    }
    List<String> split = words(text);
    int[] sequence = new int[split.size()];
    for (int i = 0; i < sequence.length; i++) {
      sequence[i] = indices.getOrDefault(split.get(i), OOV);
    }
    return sequence;
  }

  /** {@link #encode(String)} of every text, in order; pad them with {@link Sequences#pad}. */
  public int[][] encode(List<String> texts) {
    requireFitted("encode");
    int[][] sequences = new int[texts.size()][];
    for (int i = 0; i < sequences.length; i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new KilnException("encode: text " + i + " is null; pass \"\" for an empty text");
      }
      sequences[i] = encode(text);
    }
    return sequences;
  }

  /**
   * The words of {@code text} as this tokenizer sees them (lower-cased, filtered, split), before any
   * look-up; Keras's {@code text_to_word_sequence}.
   */
  public List<String> words(String text) {
    String source = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
    List<String> split = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < source.length(); ) {
      int c = source.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || filters.indexOf(c) >= 0) {
        if (word.length() > 0) {
          split.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.appendCodePoint(c);
      }
    }
    if (word.length() > 0) {
      split.add(word.toString());
    }
    return split;
  }

  /**
   * The size an Embedding's vocabulary must have to take every index: the words kept plus the padding
   * and out-of-vocabulary indices, at most {@code numWords + 2}.
   */
  public int vocabularySize() {
    requireFitted("vocabularySize");
    return FIRST_WORD + words.size();
  }

  /** The words kept, in index order: word {@code i} of the list has index {@code i + FIRST_WORD}. */
  public List<String> vocabulary() {
    requireFitted("vocabulary");
    return words;
  }

  /** The index of {@code word} (as {@link #words} gives words: lower-cased unless configured not to), else {@link #OOV}. */
  public int index(String word) {
    requireFitted("index");
    return indices.getOrDefault(word, OOV);
  }

  /** The word of {@code index}, from {@link #FIRST_WORD} to {@code vocabularySize() - 1}. */
  public String word(int index) {
    requireFitted("word");
    if (index < FIRST_WORD || index >= vocabularySize()) {
      String which = index == PADDING ? " (it is the padding index)" : index == OOV ? " (it is the out-of-vocabulary index)" : "";
      throw new KilnException("index " + index + " has no word" + which + "; the words have indices " + FIRST_WORD
          + " to " + (vocabularySize() - 1));
    }
    return words.get(index - FIRST_WORD);
  }

  /** How many words it keeps at most. */
  public int numWords() {
    return numWords;
  }

  /** The characters that become spaces before a text is split. */
  public String filters() {
    return filters;
  }

  /** Whether texts are lower-cased first. */
  public boolean lowerCase() {
    return lowerCase;
  }

  /**
   * Writes the tokenizer to {@code file} as UTF-8 text: a header line
   * {@code kiln-tokenizer 1 numWords=N words=W lowerCase=true filters=...}, then its W words, one a line,
   * in index order from {@link #FIRST_WORD}. The filters are escaped: {@code \\} for a backslash,
   * {@code \t}, {@code \n}, {@code \r}, {@code \s} for a space, and <code>&#92;uXXXX</code> for other
   * control and space characters.
   * Written to a temporary file beside it and renamed, so a reader never sees half a file.
   */
  public void save(Path file) {
    requireFitted("save");
    StringBuilder text = new StringBuilder();
    text.append(FORMAT).append(' ').append(VERSION).append(" numWords=").append(numWords).append(" words=")
        .append(words.size()).append(" lowerCase=").append(lowerCase).append(" filters=").append(escape(filters))
        .append('\n');
    for (String word : words) {
      text.append(word).append('\n');
    }
    Path directory = file.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
      try (Writer out = Files.newBufferedWriter(temporary, UTF_8)) {
        out.write(text.toString());
      }
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException atomicFailed) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temporary = null;
    } catch (IOException e) {
      throw KilnException.cannotWrite("the tokenizer", file, e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // the temporary file is left behind; the error above says what went wrong
        }
      }
    }
  }

  /**
   * Reads a tokenizer {@link #save} wrote. A file that is not one (another format, a missing or bad
   * header field, a word count that disagrees with the lines, a blank, repeated or split word) is a
   * {@link KilnException} naming the file and the line.
   */
  public static Tokenizer load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KilnException("tokenizer file " + file + " not found; save one with Tokenizer.save first", e);
    } catch (IOException e) {
      throw new KilnException("cannot read tokenizer file " + file + ": " + e.getMessage(), e);
    }
    List<String> lines = lines(file, bytes);
    if (lines.isEmpty()) {
      throw malformed(file, 1, "the file is empty; a tokenizer file starts with a line `" + FORMAT + " " + VERSION
          + " numWords=...`");
    }
    Map<String, String> header = header(file, lines.get(0));
    int numWords = nonNegative(file, header, "numWords");
    if (numWords == 0 || numWords > Integer.MAX_VALUE - FIRST_WORD) {
      throw malformed(file, 1, "numWords=" + numWords + "; a tokenizer keeps at least 1 word and at most "
          + (Integer.MAX_VALUE - FIRST_WORD));
    }
    int wordCount = nonNegative(file, header, "words");
    String lower = header.get("lowerCase");
    if (!"true".equals(lower) && !"false".equals(lower)) {
      throw malformed(file, 1, "lowerCase is " + (lower == null ? "missing" : "`" + lower + "`") + "; it must be true or false");
    }
    String filters = unescape(file, required(file, header, "filters"));
    if (wordCount > numWords) {
      throw malformed(file, 1, "words=" + wordCount + " is more than numWords=" + numWords);
    }
    if (lines.size() - 1 != wordCount) {
      int line = Math.min(lines.size(), wordCount + 1) + 1;
      throw malformed(file, line, "the header says " + wordCount + " words but the file has " + (lines.size() - 1)
          + " word lines; the file is truncated or was edited. Save the tokenizer again");
    }
    List<String> words = new ArrayList<>(wordCount);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String word = lines.get(i);
      if (word.isEmpty()) {
        throw malformed(file, i + 1, "the line is empty; every line after the header holds one word");
      }
      for (int j = 0; j < word.length(); ) {
        int c = word.codePointAt(j);
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
          throw malformed(file, i + 1, "`" + word + "` holds whitespace at column " + (j + 1)
              + "; a word is split on whitespace, so one line holds one word without spaces");
        }
        j += Character.charCount(c);
      }
      Integer earlier = seen.putIfAbsent(word, i + 1);
      if (earlier != null) {
        throw malformed(file, i + 1, "`" + word + "` is on line " + earlier + " too; every word has one index");
      }
      words.add(word);
    }
    Tokenizer tokenizer = new Tokenizer(numWords, filters, Boolean.parseBoolean(lower), null);
    tokenizer.setWords(words);
    tokenizer.fitted = true;
    return tokenizer;
  }

  @Override
  public String toString() {
    return "Tokenizer[numWords " + numWords + (fitted ? ", " + words.size() + " words, vocabulary size "
        + vocabularySize() : ", not fitted") + (lowerCase ? "" : ", case kept")
        + (filters.equals(DEFAULT_FILTERS) ? "" : ", filters \"" + escape(filters) + "\"") + "]";
  }

  private void setWords(List<String> kept) {
    Map<String, Integer> byWord = new HashMap<>(kept.size() * 2);
    for (int i = 0; i < kept.size(); i++) {
      byWord.put(kept.get(i), FIRST_WORD + i);
    }
    words = Collections.unmodifiableList(new ArrayList<>(kept));
    indices = byWord;
  }

  private void requireFitted(String what) {
    if (!fitted) {
      throw new KilnException(what + ": the tokenizer has no vocabulary yet; call fit(trainingTexts) first, or"
          + " Tokenizer.load a saved one");
    }
  }

  /** The file's lines, each decoded as UTF-8 on its own so that a byte that is not UTF-8 is reported on its line. */
  private static List<String> lines(Path file, byte[] bytes) {
    var decoder = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end; // a Windows line end
      try {
        lines.add(decoder.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString());
      } catch (CharacterCodingException e) {
        throw malformed(file, lines.size() + 1, "not UTF-8 text; this is not a tokenizer file (Tokenizer.save"
            + " writes UTF-8)");
      }
      start = end + 1;
    }
    return lines;
  }

  private static Map<String, String> header(Path file, String line) {
    String[] fields = line.split(" ", -1);
    if (fields.length < 2 || !fields[0].equals(FORMAT)) {
      throw malformed(file, 1, "the header `" + abbreviate(line) + "` does not start with `" + FORMAT + " " + VERSION
          + "`; this is not a file Tokenizer.save wrote");
    }
    if (!fields[1].equals(String.valueOf(VERSION))) {
      throw malformed(file, 1, "format version `" + fields[1] + "`; this Kiln reads version " + VERSION
          + ". Save the tokenizer again with this version");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 2; i < fields.length; i++) {
      int equals = fields[i].indexOf('=');
      if (equals <= 0) {
        throw malformed(file, 1, "header field `" + abbreviate(fields[i]) + "` is not name=value");
      }
      String name = fields[i].substring(0, equals);
      if (values.put(name, fields[i].substring(equals + 1)) != null) {
        throw malformed(file, 1, "header field " + name + " is given twice");
      }
    }
    return values;
  }

  private static String required(Path file, Map<String, String> header, String name) {
    String value = header.get(name);
    if (value == null) {
      throw malformed(file, 1, "the header has no " + name + "=...; this is not a complete tokenizer file");
    }
    return value;
  }

  private static int nonNegative(Path file, Map<String, String> header, String name) {
    String value = required(file, header, name);
    try {
      int number = Integer.parseInt(value);
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw malformed(file, 1, name + "=" + abbreviate(value) + " is not a whole number >= 0");
  }

  private static KilnException malformed(Path file, int line, String problem) {
    return new KilnException(file + ", line " + line + ": " + problem);
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case ' ' -> out.append("\\s");
        default -> {
          if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
              || Character.isSurrogate(c) && !validSurrogate(text, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean validSurrogate(String text, int i) {
    char c = text.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }

  private static String unescape(Path file, String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 1 == text.length()) {
        throw malformed(file, 1, "filters end in a lone backslash; a backslash is written \\\\");
      }
      char next = text.charAt(++i);
      switch (next) {
        case '\\' -> out.append('\\');
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 's' -> out.append(' ');
        case 'u' -> {
          String digits = text.substring(i + 1, Math.min(i + 5, text.length()));
          if (digits.length() < 4 || !digits.chars().allMatch(d -> Character.digit(d, 16) >= 0)) {
            throw malformed(file, 1, "filters: \\u" + digits + " is not \\u and four hex digits");
          }
          out.append((char) Integer.parseInt(digits, 16));
          i += 4;
        }
        default -> throw malformed(file, 1, "filters: unknown escape \\" + next
            + "; the escapes are \\\\, \\t, \\n, \\r, \\s and \\uXXXX");
      }
    }
    return out.toString();
  }
}
