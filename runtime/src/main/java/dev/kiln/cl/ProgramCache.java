package dev.kiln.cl;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.KilnException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An on-disk cache of built program binaries, so that a second start skips the compiler (a cold
 * build takes most of a second, loading a binary milliseconds).
 *
 * <p>An entry's key is a SHA-256 over the source, the build options, the platform, the device and
 * the driver version. Its file holds a header (magic, payload length, SHA-256 of the key and the
 * payload) and the binary; it is written to a temporary file and renamed, so readers never see half
 * an entry. The digest binds the payload to its key: another model's entry copied under this key,
 * or a cut binary with a header recomputed over the payload alone, fails it. An entry that fails
 * its checks is deleted and treated as missing. A cache that cannot be written is
 * skipped silently: caching only ever saves time.
 */
public final class ProgramCache {
  /** Version 2: the digest covers the key too (version 1 entries are rebuilt). */
  private static final byte[] MAGIC = "KILNBIN2".getBytes(UTF_8);
  private static final int DIGEST_BYTES = 32;
  private static final int HEADER_BYTES = MAGIC.length + Long.BYTES + DIGEST_BYTES;

  private final Path directory;

  private ProgramCache(Path directory) {
    this.directory = directory;
  }

  /**
   * The cache in the directory named by the system property {@code kiln.cache}, else the
   * environment variable {@code KILN_CACHE}, else {@code ~/.cache/kiln}.
   */
  public static ProgramCache standard() {
    String dir = System.getProperty("kiln.cache");
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("KILN_CACHE");
    }
    if (dir == null || dir.isBlank()) {
      return at(Path.of(System.getProperty("user.home"), ".cache", "kiln"));
    }
    return at(Path.of(dir));
  }

  /** The cache in {@code directory}, created when the first entry is stored. */
  public static ProgramCache at(Path directory) {
    return new ProgramCache(directory);
  }

  public Path directory() {
    return directory;
  }

  /** The key of the binary built from {@code source} with {@code options} for {@code device}. */
  static String key(String source, String options, ClDevice device) {
    MessageDigest sha = sha256();
    for (String part :
        new String[] {
          source,
          options,
          device.platformName(),
          device.platformVersion(),
          device.name(),
          device.vendor(),
          device.driverVersion()
        }) {
      // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
      byte[] bytes = part.getBytes(UTF_8);
      sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      sha.update(bytes);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The file that holds the entry for {@code key}. */
  Path file(String key) {
    return directory.resolve(key + ".bin");
  }

  /** The binary stored under {@code key}, if there is one and it is intact. */
  Optional<byte[]> load(String key) {
    byte[] entry;
    try {
      entry = Files.readAllBytes(file(key));
    } catch (IOException e) {
      return Optional.empty(); // missing or unreadable: the caller builds from source
    }
    Optional<byte[]> payload = unpack(key, entry);
    if (payload.isEmpty()) {
      delete(key);
    }
    return payload;
  }

  /**
   * Stores {@code binary} under {@code key}; gives up quietly when the directory is not writable.
   */
  void store(String key, byte[] binary) {
    Path temp = null;
    try {
      Files.createDirectories(directory);
      temp = Files.createTempFile(directory, key, ".tmp");
      Files.write(temp, pack(key, binary));
      moveInto(temp, file(key));
    } catch (IOException | SecurityException e) {
      deleteQuietly(temp);
    }
  }

  /** Removes the entry for {@code key}, e.g. one whose binary the driver refuses. */
  void delete(String key) {
    deleteQuietly(file(key));
  }

  private static byte[] pack(String key, byte[] binary) {
    return ByteBuffer.allocate(HEADER_BYTES + binary.length)
        .put(MAGIC)
        .putLong(binary.length)
        .put(digest(key, binary))
        .put(binary)
        .array();
  }

  /** The SHA-256 of the key and the payload: an entry's payload verifies only under its own key. */
  private static byte[] digest(String key, byte[] payload) {
    MessageDigest sha = sha256();
    sha.update(key.getBytes(UTF_8));
    return sha.digest(payload);
  }

  private static Optional<byte[]> unpack(String key, byte[] entry) {
    if (entry.length < HEADER_BYTES) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(entry);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    long length = in.getLong();
    byte[] digest = new byte[DIGEST_BYTES];
    in.get(digest);
    if (!Arrays.equals(magic, MAGIC) || length != in.remaining()) {
      return Optional.empty();
    }
    byte[] payload = Arrays.copyOfRange(entry, HEADER_BYTES, entry.length);
    return MessageDigest.isEqual(digest, digest(key, payload))
        ? Optional.of(payload)
        : Optional.empty();
  }

  private static void moveInto(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException | SecurityException e) {
      // Nothing to do: a stale file is checked again on the next load.
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new KilnException("This Java runtime lacks SHA-256, which every Java runtime has", e);
    }
  }
}
