package dev.kiln.processor.read;

import java.util.HashSet;
import java.util.Set;

/**
 * Turns layer field names into distinct OpenCL identifiers. Java allows {@code $} and letters
 * OpenCL C does not; after replacing them two names can meet ({@code a$b}, {@code a_b}), so a
 * repeated one gets a numbered suffix.
 */
final class OpenClNames {
  private final Set<String> taken = new HashSet<>();

  String allocate(String javaName) {
    String base = javaName.replaceAll("[^A-Za-z0-9_]", "_");
    String name = base;
    for (int n = 2; !taken.add(name.toLowerCase()); n++) {
      name = base + "_" + n;
    }
    return name;
  }
}
