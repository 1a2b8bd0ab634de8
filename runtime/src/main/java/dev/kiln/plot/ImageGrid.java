package dev.kiln.plot;

import dev.kiln.KilnException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Greyscale images side by side in a grid, such as a GAN's samples: {@code columns} per row, a
 * one-pixel white border around each, every pixel drawn as a square of {@code zoom} screen pixels.
 */
public final class ImageGrid {
  private ImageGrid() {}

  /**
   * Writes the grid to a PNG file.
   *
   * @param images one row-major {@code height x width} image each, values from {@code black} (drawn
   *     black) to {@code white} (drawn white), clamped: [-1, 1] for tanh outputs, [0, 1] for pixels
   */
  public static void writePng(float[][] images, int height, int width, int columns, float black, float white,
                              int zoom, Path file) {
    if (images.length == 0 || columns < 1 || zoom < 1 || !(white > black)) {
      throw new KilnException("an image grid needs images, columns >= 1, zoom >= 1 and white > black; got "
          + images.length + " images, " + columns + " columns, zoom " + zoom + ", [" + black + ", " + white + "]");
    }
    int rows = (images.length + columns - 1) / columns;
    int cell = width + 1;
    BufferedImage out = new BufferedImage((columns * cell + 1) * zoom, (rows * (height + 1) + 1) * zoom,
        BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        out.setRGB(x, y, 0xFFFFFF);
      }
    }
    for (int i = 0; i < images.length; i++) {
      if (images[i].length != height * width) {
        throw new KilnException("image " + i + " has " + images[i].length + " values, not " + height + " x " + width);
      }
      int left = 1 + (i % columns) * cell;
      int top = 1 + (i / columns) * (height + 1);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          float t = Math.max(0, Math.min(1, (images[i][y * width + x] - black) / (white - black)));
          int grey = Math.round(255 * t);
          int rgb = grey << 16 | grey << 8 | grey;
          for (int dy = 0; dy < zoom; dy++) {
            for (int dx = 0; dx < zoom; dx++) {
              out.setRGB((left + x) * zoom + dx, (top + y) * zoom + dy, rgb);
            }
          }
        }
      }
    }
    try {
      if (!ImageIO.write(out, "png", file.toFile())) {
        throw new KilnException("no PNG writer in this JDK's ImageIO");
      }
    } catch (IOException e) {
      throw KilnException.cannotWrite("the image grid", file, e);
    }
  }
}
