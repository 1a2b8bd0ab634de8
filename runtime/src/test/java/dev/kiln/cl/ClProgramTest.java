package dev.kiln.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClProgramTest {
  private static final String TWO_KERNELS =
      """
      __kernel void add_one(__global int *v) { v[get_global_id(0)] += 1; }
      __kernel void twice(__global int *v) { v[get_global_id(0)] *= 2; }
      """;

  private final ClDevice cpu = ClDevice.select("cpu");
  @TempDir Path cacheDir;

  @Test
  void aCompileErrorCarriesTheBuildLog() {
    try (ClContext cl = ClContext.open(cpu, ProgramCache.at(cacheDir))) {
      String broken = "__kernel void k(__global float *v) { v[0] = undeclared_thing; }";
      KilnException e =
          assertThrows(KilnException.class, () -> cl.build(broken, "-cl-fast-relaxed-math"));
      assertTrue(
          e.getMessage().startsWith("clBuildProgram failed: CL_BUILD_PROGRAM_FAILURE"),
          e.getMessage());
      assertTrue(e.getMessage().contains("-cl-fast-relaxed-math"), e.getMessage());
      assertTrue(e.getMessage().contains("undeclared_thing"), e.getMessage());
    }
  }

  @Test
  void anUnknownKernelNameListsTheProgramsKernels() {
    try (ClContext cl = ClContext.open(cpu, ProgramCache.at(cacheDir))) {
      ClProgram program = cl.build(TWO_KERNELS, null);
      assertEquals(List.of("add_one", "twice"), program.kernelNames().stream().sorted().toList());
      KilnException e = assertThrows(KilnException.class, () -> program.kernel("thrice"));
      assertTrue(e.getMessage().contains("\"thrice\""), e.getMessage());
      assertTrue(
          e.getMessage().contains("add_one") && e.getMessage().contains("twice"), e.getMessage());
    }
  }

  @Test
  void aSecondBuildInAFreshContextComesFromTheCache() {
    assertFalse(buildAndRun().fromCache);
    assertEquals(1, entries().size());
    assertTrue(buildAndRun().fromCache);
  }

  @Test
  void aCorruptEntryIsRebuilt() throws IOException {
    buildAndRun();
    Path entry = entries().get(0);
    byte[] bytes = Files.readAllBytes(entry);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(entry, bytes);
    assertFalse(buildAndRun().fromCache);
    assertTrue(buildAndRun().fromCache, "the rebuilt binary is stored again");
  }

  @Test
  void aTruncatedEntryIsRebuilt() throws IOException {
    buildAndRun();
    Path entry = entries().get(0);
    Files.write(entry, Arrays.copyOf(Files.readAllBytes(entry), 20));
    assertFalse(buildAndRun().fromCache);
    assertTrue(buildAndRun().fromCache);
  }

  /** Another program's entry under this key, and a cut binary with its header recomputed: neither loads. */
  @Test
  void anEntryVerifiesOnlyUnderItsOwnKey() throws Exception {
    ProgramCache cache = ProgramCache.at(cacheDir);
    String other = ProgramCache.key(TWO_KERNELS + "\n// another model", "", cpu);
    String key = ProgramCache.key(TWO_KERNELS, "", cpu);
    cache.store(other, "another model's binary".getBytes());
    Files.copy(cache.file(other), cache.file(key));
    assertTrue(cache.load(other).isPresent());
    assertTrue(cache.load(key).isEmpty(), "a copied entry does not verify under another key");
    assertFalse(Files.exists(cache.file(key)), "and is deleted");

    byte[] cut = "a binary cut sh".getBytes();
    byte[] payloadOnlyDigest = java.security.MessageDigest.getInstance("SHA-256").digest(cut);
    byte[] entry = java.nio.ByteBuffer.allocate(8 + 8 + 32 + cut.length).put("KILNBIN2".getBytes())
        .putLong(cut.length).put(payloadOnlyDigest).put(cut).array();
    Files.write(cache.file(key), entry);
    assertTrue(cache.load(key).isEmpty(), "a header recomputed over the payload alone does not verify");
    assertFalse(buildAndRun().fromCache);
    assertTrue(buildAndRun().fromCache);
  }

  @Test
  void aBinaryTheDriverRefusesIsReplacedBySource() {
    ProgramCache cache = ProgramCache.at(cacheDir);
    String key = ProgramCache.key(TWO_KERNELS, "", cpu);
    cache.store(key, "not a program binary".getBytes());
    assertTrue(cache.load(key).isPresent(), "the entry itself is intact");
    assertFalse(buildAndRun().fromCache);
    assertTrue(buildAndRun().fromCache);
  }

  @Test
  void anUnwritableCacheOnlyCostsTime() throws IOException {
    Path notADirectory = Files.writeString(cacheDir.resolve("file"), "x");
    try (ClContext cl = ClContext.open(cpu, ProgramCache.at(notADirectory.resolve("cache")))) {
      assertFalse(cl.build(TWO_KERNELS, null).fromCache());
      assertFalse(cl.build(TWO_KERNELS, null).fromCache());
    }
  }

  @Test
  void theKeyCoversSourceAndOptions() {
    String key = ProgramCache.key(TWO_KERNELS, "", cpu);
    assertEquals(key, ProgramCache.key(TWO_KERNELS, "", cpu));
    assertFalse(key.equals(ProgramCache.key(TWO_KERNELS + " ", "", cpu)));
    assertFalse(key.equals(ProgramCache.key(TWO_KERNELS, "-DX=1", cpu)));
  }

  @Test
  void theStandardCacheFollowsTheKilnCacheProperty() {
    String saved = System.getProperty("kiln.cache");
    try {
      System.setProperty("kiln.cache", cacheDir.toString());
      assertEquals(cacheDir, ProgramCache.standard().directory());
      System.clearProperty("kiln.cache");
      if (System.getenv("KILN_CACHE") == null) {
        assertEquals(
            Path.of(System.getProperty("user.home"), ".cache", "kiln"),
            ProgramCache.standard().directory());
      }
    } finally {
      if (saved == null) {
        System.clearProperty("kiln.cache");
      } else {
        System.setProperty("kiln.cache", saved);
      }
    }
  }

  private record Run(boolean fromCache) {}

  /**
   * Builds TWO_KERNELS in a fresh context, checks that it computes, and says where it came from.
   */
  private Run buildAndRun() {
    try (ClContext cl = ClContext.open(cpu, ProgramCache.at(cacheDir))) {
      ClProgram program = cl.build(TWO_KERNELS, null);
      ClBuffer buffer = cl.buffer(4 * 4);
      cl.write(buffer, 0, new int[] {1, 2, 3, 4}, 0, 4);
      cl.launch(program.kernel("add_one").arg(0, buffer), new long[] {4}, new long[] {2});
      cl.launch(program.kernel("twice").arg(0, buffer), new long[] {4}, new long[] {2});
      int[] result = new int[4];
      cl.read(buffer, 0, result, 0, 4);
      assertEquals(List.of(4, 6, 8, 10), Arrays.stream(result).boxed().toList());
      return new Run(program.fromCache());
    }
  }

  private List<Path> entries() {
    try (Stream<Path> files = Files.list(cacheDir)) {
      return files.filter(f -> f.toString().endsWith(".bin")).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
