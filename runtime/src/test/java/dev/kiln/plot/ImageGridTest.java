package dev.kiln.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures of samples and curves: what lands where in the PNG. */
class ImageGridTest {
  @Test
  void imagesLandInTheirCellsInGreyBetweenTheirBlackAndWhite(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("grid.png");
    float[][] images = {{-1, 1, 0, 5}, {1, 1, 1, 1}, {-1, -1, -1, -1}};
    ImageGrid.writePng(images, 2, 2, 2, -1, 1, 1, file);
    BufferedImage png = ImageIO.read(file.toFile());
    assertEquals(7, png.getWidth(), "2 cells of 2 pixels and 3 borders");
    assertEquals(7, png.getHeight(), "2 rows of cells: 3 images in 2 columns");
    assertEquals(0x000000, png.getRGB(1, 1) & 0xFFFFFF, "-1 is black");
    assertEquals(0xFFFFFF, png.getRGB(2, 1) & 0xFFFFFF, "1 is white");
    assertEquals(0x808080, png.getRGB(1, 2) & 0xFFFFFF, "0 is mid-grey");
    assertEquals(0xFFFFFF, png.getRGB(2, 2) & 0xFFFFFF, "5 is clamped to white");
    assertEquals(0x000000, png.getRGB(1, 4) & 0xFFFFFF, "the third image starts the second row");
    assertEquals(0xFFFFFF, png.getRGB(0, 0) & 0xFFFFFF, "borders are white");
  }

  @Test
  void aWrongImageSizeIsAKilnError(@TempDir Path dir) {
    KilnException e = assertThrows(KilnException.class,
        () -> ImageGrid.writePng(new float[][] {{1, 2, 3}}, 2, 2, 1, 0, 1, 1, dir.resolve("x.png")));
    assertTrue(e.getMessage().contains("image 0 has 3 values, not 2 x 2"), e.getMessage());
  }

  @Test
  void aLineChartIsAPngAndCurvesMustFitTheAxis(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("losses.png");
    LineChart.writePng("losses", "iteration", "loss", List.of(1, 2, 3),
        Map.of("discriminator", List.of(0.7, 0.6, 0.5)), file);
    assertEquals(800, ImageIO.read(file.toFile()).getWidth());
    assertTrue(Files.size(file) > 1000);
    assertThrows(KilnException.class, () -> LineChart.writePng("losses", "iteration", "loss", List.of(1, 2),
        Map.of("generator", List.of(1.0)), dir.resolve("y.png")));
  }
}
