package dev.kiln.data;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An R object as {@link RSerialization} reads it: NULL, a symbol, a pairlist, or a vector with its
 * attributes. These are what data frames are made of; R's other types are refused while reading.
 */
sealed interface RObject {
  /** R's {@code NULL}. */
  RObject NULL = new Null();

  /** What the object is, for error messages: "an integer vector", "a factor", ... */
  String describe();

  /** R's {@code NULL}. */
  record Null() implements RObject {
    @Override
    public String describe() {
      return "NULL";
    }
  }

  /** A symbol, such as the tag {@code names} of an attribute. */
  record Symbol(String name) implements RObject {
    @Override
    public String describe() {
      return "the symbol " + name;
    }
  }

  /** A pairlist: one tag (null where there is none) per value. Attributes are read into maps instead. */
  record Pairlist(List<String> tags, List<RObject> values) implements RObject {
    @Override
    public String describe() {
      return "a pairlist";
    }
  }

  /** A vector and its attributes ({@code names}, {@code class}, {@code levels}, ...) in the order R wrote them. */
  sealed interface Vector extends RObject {
    Map<String, RObject> attributes();

    int length();

    /** The attribute {@code name}, or {@link #NULL}. */
    default RObject attribute(String name) {
      return attributes().getOrDefault(name, NULL);
    }

    /** Whether the {@code class} attribute names {@code className}, as R's {@code inherits()}. */
    default boolean inherits(String className) {
      return attribute("class") instanceof Strings classes && Arrays.asList(classes.values()).contains(className);
    }
  }

  /** A logical vector: 0 (FALSE), 1 (TRUE) or {@link DataFrame#NA_INTEGER}. */
  record Logicals(int[] values, Map<String, RObject> attributes) implements Vector {
    @Override
    public int length() {
      return values.length;
    }

    @Override
    public String describe() {
      return "a logical vector";
    }
  }

  /** An integer vector (NA is {@link DataFrame#NA_INTEGER}); a factor when its class says so. */
  record Integers(int[] values, Map<String, RObject> attributes) implements Vector {
    @Override
    public int length() {
      return values.length;
    }

    @Override
    public String describe() {
      return inherits("factor") ? "a factor" : "an integer vector";
    }
  }

  /** A double vector; NA is the NaN that {@link DataFrame#isNA(double)} recognises. */
  record Doubles(double[] values, Map<String, RObject> attributes) implements Vector {
    @Override
    public int length() {
      return values.length;
    }

    @Override
    public String describe() {
      return "a double vector";
    }
  }

  /** A character vector; NA is null. */
  record Strings(String[] values, Map<String, RObject> attributes) implements Vector {
    @Override
    public int length() {
      return values.length;
    }

    @Override
    public String describe() {
      return "a character vector";
    }
  }

  /** A list (R's generic vector); a data frame when its class says so. */
  record ListVector(RObject[] elements, Map<String, RObject> attributes) implements Vector {
    @Override
    public int length() {
      return elements.length;
    }

    @Override
    public String describe() {
      return inherits("data.frame") ? "a data frame" : "a list";
    }
  }
}
