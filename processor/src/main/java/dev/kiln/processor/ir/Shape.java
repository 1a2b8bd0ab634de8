package dev.kiln.processor.ir;

/**
 * The values one sample carries between layers: a flat row, a channels-last image (height, width,
 * channels), or a sequence (steps, features), each stored row-major, so that flattening costs nothing.
 */
public record Shape(int height, int width, int channels, Form form) {
  /** How the values of a sample are arranged. */
  public enum Form {
    FLAT, IMAGE, SEQUENCE,
    /** what a node gives after an error in its own attributes: every check against it passes, so one mistake is one error */
    UNKNOWN
  }

  /** The shape of a node whose attributes were wrong (and reported): nothing is checked against it. */
  public static Shape unknown() {
    return new Shape(0, 0, 0, Form.UNKNOWN);
  }

  public boolean known() {
    return form != Form.UNKNOWN;
  }

  public static Shape flat(int size) {
    return new Shape(1, 1, size, Form.FLAT);
  }

  public static Shape image(int height, int width, int channels) {
    return new Shape(height, width, channels, Form.IMAGE);
  }

  /** {@code steps} vectors of {@code features} values, e.g. an Embedding of several indices. */
  public static Shape sequence(int steps, int features) {
    return new Shape(1, steps, features, Form.SEQUENCE);
  }

  /**
   * A declared shape: {n} is flat, {h, w} an image of one channel, {h, w, c} an image; more sizes
   * are no shape (their error is reported where they are declared).
   */
  public static Shape ofInput(int[] dims) {
    return switch (dims.length) {
      case 1 -> flat(dims[0]);
      case 2 -> image(dims[0], dims[1], 1);
      case 3 -> image(dims[0], dims[1], dims[2]);
      default -> unknown();
    };
  }

  public boolean image() {
    return form == Form.IMAGE;
  }

  public boolean isFlat() {
    return form == Form.FLAT;
  }

  public int size() {
    return height * width * channels;
  }

  /** The dimensions as the runtime and the summary give them: {n}, {h, w, c} or {steps, features}. */
  public int[] dimensions() {
    return switch (form) {
      case FLAT -> new int[] {channels};
      case IMAGE -> new int[] {height, width, channels};
      case SEQUENCE -> new int[] {width, channels};
      case UNKNOWN -> new int[0];
    };
  }

  /** How messages name it: "an image (28, 28, 1)", "a sequence (20, 8)", "a flat (784)". */
  public String described() {
    return switch (form) {
      case FLAT -> "a flat " + this;
      case IMAGE -> "an image " + this;
      case SEQUENCE -> "a sequence " + this;
      case UNKNOWN -> "an unknown shape";
    };
  }

  /**
   * For messages, the first dimension where it and {@code other} (of the same form) differ: "the
   * height differs (6 and 4)"; or "one is an image, the other a flat row" when their forms differ.
   * {@code lastAxis}: whether to compare the last axis (a concatenation joins along it).
   */
  public String difference(Shape other, boolean lastAxis) {
    if (form != other.form) {
      return "one is " + kind() + ", the other " + other.kind();
    }
    int[] mine = dimensions();
    int[] theirs = other.dimensions();
    for (int d = 0; d < mine.length - (lastAxis ? 0 : 1); d++) {
      if (mine[d] != theirs[d]) {
        return "the " + axisNames()[d] + " differs (" + mine[d] + " and " + theirs[d] + ")";
      }
    }
    return "they are the same";
  }

  private String kind() {
    return switch (form) {
      case FLAT -> "a flat row";
      case IMAGE -> "an image";
      case SEQUENCE -> "a sequence";
      case UNKNOWN -> "unknown";
    };
  }

  private String[] axisNames() {
    return switch (form) {
      case FLAT -> new String[] {"length"};
      case IMAGE -> new String[] {"height", "width", "number of channels"};
      case SEQUENCE -> new String[] {"number of steps", "number of features"};
      case UNKNOWN -> new String[0];
    };
  }

  /** As Keras prints it, without the batch: {@code (26, 26, 32)} or {@code (128)}. */
  @Override
  public String toString() {
    if (!known()) {
      return "(?)";
    }
    StringBuilder s = new StringBuilder("(");
    int[] d = dimensions();
    for (int i = 0; i < d.length; i++) {
      s.append(i == 0 ? "" : ", ").append(d[i]);
    }
    return s.append(')').toString();
  }
}
