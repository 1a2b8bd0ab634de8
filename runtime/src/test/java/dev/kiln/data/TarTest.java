package dev.kiln.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TarTest {
  private static Map<String, String> files(byte[] tar, Predicate<String> wanted) {
    Map<String, String> files = new LinkedHashMap<>();
    try {
      Tar.read(new ByteArrayInputStream(tar), "test.tar", wanted, (name, data) -> files.put(name, new String(data, UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  @Test
  void readsRegularFilesInOrderAndSkipsDirectoriesAndLinks() {
    byte[] big = new byte[1300]; // three blocks, the last one padded
    Arrays.fill(big, (byte) 'x');
    byte[] tar = new TarFiles().directory("package/").file("package/a.txt", "alpha").symlink("package/link", "a.txt")
        .file("package/empty", "").file("package/big", big).file("package/z.txt", "zeta").tar();
    Map<String, String> files = files(tar, name -> true);
    assertEquals(Map.of("package/a.txt", "alpha", "package/empty", "", "package/big", "x".repeat(1300),
        "package/z.txt", "zeta"), files);
    assertEquals("[package/a.txt, package/empty, package/big, package/z.txt]", files.keySet().toString());
  }

  @Test
  void handsOverOnlyTheWantedFiles() {
    byte[] tar = new TarFiles().file("a.txt", "a").file("b.json", "b").file("c.txt", "c").tar();
    assertEquals(Map.of("a.txt", "a", "c.txt", "c"), files(tar, name -> name.endsWith(".txt")));
  }

  @Test
  void longNamesFromThePrefixFieldAPaxHeaderOrAGnuLongLink() {
    String pax = "package/" + "p".repeat(120) + "/file.txt";
    String gnu = "package/" + "g".repeat(120) + "/file.txt";
    byte[] tar = new TarFiles().fileWithPrefix("package/data/spam-1", "00001.abc.txt", "prefixed")
        .paxFile(pax, "from pax").gnuLongNameFile(gnu, "from gnu").file("after.txt", "plain").tar();
    Map<String, String> files = files(tar, name -> true);
    assertEquals("prefixed", files.get("package/data/spam-1/00001.abc.txt"));
    assertEquals("from pax", files.get(pax));
    assertEquals("from gnu", files.get(gnu));
    assertEquals("plain", files.get("after.txt"), "a long name applies to the next entry only");
    assertEquals(4, files.size());
  }

  @Test
  void anArchiveWithoutEndBlocksEndsAtItsLastEntry() {
    byte[] tar = new TarFiles().file("a.txt", "alpha").tar();
    byte[] withoutEnd = Arrays.copyOf(tar, tar.length - 1024);
    assertEquals(Map.of("a.txt", "alpha"), files(withoutEnd, name -> true));
  }

  @Test
  void aCorruptHeaderNamesTheByte() {
    byte[] tar = new TarFiles().file("a.txt", "alpha").file("b.txt", "beta").tar();
    tar[1024 + 3] ^= 1; // the second header's name
    KilnException e = assertThrows(KilnException.class, () -> files(tar, name -> true));
    assertTrue(e.getMessage().startsWith("test.tar: the block at byte 1024 is not a tar header (its checksum is "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("the archive is corrupt or not a tar archive"), e.getMessage());

    byte[] notTar = "this is plain text, not a tar archive".repeat(20).getBytes(UTF_8);
    KilnException text = assertThrows(KilnException.class, () -> files(notTar, name -> true));
    assertTrue(text.getMessage().startsWith("test.tar: the header at byte 0 has a checksum field `"), text.getMessage());
  }

  @Test
  void aTruncatedArchiveSaysSo() {
    byte[] big = new byte[2000];
    byte[] tar = new TarFiles().file("a.txt", "alpha").file("big", big).tar();
    byte[] cut = Arrays.copyOf(tar, 1024 + 512 + 700);
    KilnException wanted = assertThrows(KilnException.class, () -> files(cut, name -> true));
    assertEquals("test.tar: the archive ends inside entry big (near byte 2236); the file is truncated (download it"
        + " again)", wanted.getMessage());
    KilnException skipped = assertThrows(KilnException.class, () -> files(cut, name -> name.equals("a.txt")));
    assertTrue(skipped.getMessage().startsWith("test.tar: the archive ends inside entry big"), skipped.getMessage());

    byte[] halfHeader = Arrays.copyOf(tar, 1024 + 100);
    KilnException header = assertThrows(KilnException.class, () -> files(halfHeader, name -> true));
    assertEquals("test.tar: the archive ends inside a header at byte 1124; the file is truncated (download it again)",
        header.getMessage());
  }
}
