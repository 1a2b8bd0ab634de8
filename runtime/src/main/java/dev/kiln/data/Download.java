package dev.kiln.data;

import dev.kiln.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Data files fetched once into a cache folder and checked against a SHA-512 before use. A file is
 * downloaded to a temporary file beside its place, hashed as it arrives, and renamed into place only
 * when the digest matches, so the cache never holds a partial or altered file; a cached file is checked
 * again on every use, and one that fails is deleted and fetched again.
 */
final class Download {
  /** The system property that names Kiln's cache folder (shared with the program cache). */
  static final String CACHE_PROPERTY = "kiln.cache";
  /** The environment variable that does the same when the property is not set. */
  static final String CACHE_ENVIRONMENT_VARIABLE = "KILN_CACHE";

  private static final int CONNECT_TIMEOUT_MS = 30_000;
  private static final int READ_TIMEOUT_MS = 120_000;

  private Download() {}

  /**
   * The folder data sets are cached in: {@code datasets} under the folder the system property
   * {@value #CACHE_PROPERTY} names, else the environment variable {@value #CACHE_ENVIRONMENT_VARIABLE},
   * else {@code ~/.cache/kiln}: the cache folder of built kernels ({@code ProgramCache.standard()}).
   */
  static Path cacheDirectory() {
    String dir = System.getProperty(CACHE_PROPERTY);
    if (dir == null || dir.isBlank()) {
      dir = System.getenv(CACHE_ENVIRONMENT_VARIABLE);
    }
    Path root = dir == null || dir.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "kiln") : Path.of(dir);
    return root.resolve("datasets");
  }

  /**
   * {@code directory/fileName}, downloaded from {@code source} first unless it is there already with
   * the SHA-512 {@code integrity} (npm's form, {@code "sha512-"} and the digest in Base64). {@code what}
   * names the data set in messages; {@code offline} says how to get the file without this download.
   */
  static Path cached(URI source, String integrity, Path directory, String fileName, String what, String offline) {
    byte[] expected = sha512(integrity);
    Path target = directory.resolve(fileName);
    if (Files.isRegularFile(target)) {
      if (MessageDigest.isEqual(expected, digest(target))) {
        return target;
      }
      System.err.println("Kiln: " + target + " does not have the expected SHA-512 (a cut download or another"
          + " version); fetching " + what + " again");
      delete(target);
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw KilnException.cannotWrite("the data set cache", target, e);
    }
    Path partial;
    try {
      partial = Files.createTempFile(directory, fileName + ".", ".part");
    } catch (IOException e) {
      throw KilnException.cannotWrite("the data set cache", target, e);
    }
    try {
      System.err.println("Kiln: downloading " + what + " from " + source + " to " + target);
      MessageDigest sha = newSha512();
      URLConnection connection = source.toURL().openConnection();
      connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
      connection.setReadTimeout(READ_TIMEOUT_MS);
      if (connection instanceof HttpURLConnection http && http.getResponseCode() != HttpURLConnection.HTTP_OK) {
        throw new KilnException("cannot download " + what + " from " + source + ": the server answered "
            + http.getResponseCode() + " " + http.getResponseMessage() + "; " + offline);
      }
      try (InputStream in = new DigestInputStream(connection.getInputStream(), sha);
           OutputStream out = Files.newOutputStream(partial)) {
        in.transferTo(out);
      }
      byte[] actual = sha.digest();
      if (!MessageDigest.isEqual(expected, actual)) {
        throw new KilnException("the file downloaded from " + source + " has SHA-512 " + integrity(actual)
            + ", not the expected " + integrity + "; it was deleted. The download was cut or altered, or the server"
            + " now serves another file under that name: try again later, or " + offline);
      }
      try {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException atomicFailed) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getClass().getSimpleName() + ": " + e.getMessage();
      throw new KilnException("cannot download " + what + " from " + source + " (" + reason + "); " + offline, e);
    } finally {
      delete(partial);
    }
  }

  /** The SHA-512 of {@code file}'s bytes. */
  static byte[] digest(Path file) {
    MessageDigest sha = newSha512();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new KilnException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return sha.digest();
  }

  /** A digest in npm's integrity form: {@code "sha512-"} and the digest in Base64. */
  static String integrity(byte[] sha512) {
    return "sha512-" + Base64.getEncoder().encodeToString(sha512);
  }

  private static byte[] sha512(String integrity) {
    if (integrity == null || !integrity.startsWith("sha512-")) {
      throw new IllegalArgumentException("not an npm sha512 integrity string: " + integrity);
    }
    byte[] digest = Base64.getDecoder().decode(integrity.substring("sha512-".length()));
    if (digest.length != 64) {
      throw new IllegalArgumentException("a SHA-512 has 64 bytes, not " + digest.length + ": " + integrity);
    }
    return digest;
  }

  private static MessageDigest newSha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-512", e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      System.err.println("Kiln: cannot delete " + file + ": " + e.getMessage());
    }
  }
}
