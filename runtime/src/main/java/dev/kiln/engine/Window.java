package dev.kiln.engine;

/**
 * The sliding window of a Conv2D or pooling layer over a channels-last image.
 *
 * @param padTop zero rows added above the image (SAME padding; the bottom gets the rest)
 * @param padLeft zero columns added on the left
 */
public record Window(int height, int width, int strideHeight, int strideWidth, int padTop, int padLeft) {
  @Override
  public String toString() {
    return height + "x" + width + " stride " + strideHeight + "x" + strideWidth
        + (padTop == 0 && padLeft == 0 ? "" : " pad " + padTop + "," + padLeft);
  }
}
