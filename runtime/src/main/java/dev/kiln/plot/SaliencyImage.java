package dev.kiln.plot;

import dev.kiln.KilnException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A saliency map as a picture: the input image in grey on the left, and on the right the absolute
 * gradient of the chosen output over it as a heat map (dark: no influence, yellow-white: most), each
 * pixel drawn as a square of {@code zoom} screen pixels.
 */
public final class SaliencyImage {
  private SaliencyImage() {}

  /**
   * Writes the pair to a PNG file.
   *
   * @param image pixels in [0, 1], row-major {@code height x width}
   * @param gradient one value per pixel, e.g. from {@code model.inputGradient(image, class)}
   */
  public static void writePng(float[] image, float[] gradient, int height, int width, int zoom, Path file) {
    if (image.length != height * width || gradient.length != image.length) {
      throw new KilnException("image and gradient must both have " + height + " x " + width + " = " + height * width
          + " values, got " + image.length + " and " + gradient.length);
    }
    float largest = 0;
    for (float g : gradient) {
      largest = Math.max(largest, Math.abs(g));
    }
    BufferedImage out = new BufferedImage(2 * width * zoom + zoom, height * zoom, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        float grey = Math.max(0, Math.min(1, image[y * width + x]));
        g.setColor(new Color(grey, grey, grey));
        g.fillRect(x * zoom, y * zoom, zoom, zoom);
        g.setColor(heat(largest == 0 ? 0 : Math.abs(gradient[y * width + x]) / largest));
        g.fillRect((width + 1 + x) * zoom, y * zoom, zoom, zoom);
      }
    }
    g.dispose();
    try {
      ImageIO.write(out, "png", file.toFile());
    } catch (IOException e) {
      throw KilnException.cannotWrite("the saliency map", file, e);
    }
  }

  /** Black through red and orange to pale yellow, for t in [0, 1]. */
  private static Color heat(float t) {
    float r = Math.min(1, 3 * t);
    float green = Math.max(0, Math.min(1, 3 * t - 1));
    float b = Math.max(0, Math.min(1, 3 * t - 2));
    return new Color(r, green, b);
  }
}
