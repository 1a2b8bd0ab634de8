package dev.kiln.processor.ir;

/**
 * The values one sample carries between layers: a flat row, or a channels-last image (height, width,
 * channels) stored row-major, so that flattening an image costs nothing.
 */
public record Shape(int height, int width, int channels, boolean image) {
  public static Shape flat(int size) {
    return new Shape(1, 1, size, false);
  }

  public static Shape image(int height, int width, int channels) {
    return new Shape(height, width, channels, true);
  }

  /** The model's input: {n} is flat, {h, w} an image of one channel, {h, w, c} an image. */
  public static Shape ofInput(int[] dims) {
    return switch (dims.length) {
      case 2 -> image(dims[0], dims[1], 1);
      case 3 -> image(dims[0], dims[1], dims[2]);
      default -> flat(java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b));
    };
  }

  public int size() {
    return height * width * channels;
  }

  /** As Keras prints it, without the batch: {@code (26, 26, 32)} or {@code (128)}. */
  @Override
  public String toString() {
    return image ? "(" + height + ", " + width + ", " + channels + ")" : "(" + channels + ")";
  }
}
