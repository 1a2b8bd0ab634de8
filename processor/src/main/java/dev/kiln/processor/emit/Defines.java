package dev.kiln.processor.emit;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code #define} lines of one section of a model's program, remembered so that the section
 * can {@code #undef} exactly what it defined before the next one starts.
 */
public final class Defines {
  private final StringBuilder lines = new StringBuilder();
  private final List<String> names = new ArrayList<>();

  /** {@code #define name value}; {@code name} may take parameters, as in {@code INPUT_ROW(b)}. */
  public Defines define(String name, String value) {
    lines.append("#define ").append(name);
    if (!value.isEmpty()) {
      lines.append(' ').append(value);
    }
    lines.append('\n');
    int parameters = name.indexOf('(');
    names.add(parameters < 0 ? name : name.substring(0, parameters));
    return this;
  }

  public Defines define(String name, long value) {
    return define(name, Long.toString(value));
  }

  /** {@code #define name}, a flag the templates test with {@code #ifdef}. */
  public Defines flag(String name) {
    return define(name, "");
  }

  public String text() {
    return lines.toString();
  }

  /** The {@code #undef} lines that end the section. */
  public String undefines() {
    StringBuilder out = new StringBuilder();
    names.forEach(name -> out.append("#undef ").append(name).append('\n'));
    return out.toString();
  }
}
