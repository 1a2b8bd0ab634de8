package dev.kiln.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.KilnException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training chart is a real PNG with two drawn panels. */
class HistoryChartTest {
  @TempDir Path dir;

  @Test
  void plotsLossAndAccuracyPerEpoch() throws IOException {
    History history;
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      history = net.fit(TrainingTest.blobs(100, 1), Fit.epochs(8).validation(TrainingTest.blobs(30, 2)).verbose(0));
    }
    Path png = dir.resolve("history.png");
    history.plot(png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1280, image.getWidth());
    assertEquals(420, image.getHeight());
    assertTrue(colours(image, 0) > 3, "the loss panel has lines and text");
    assertTrue(colours(image, 640) > 3, "the accuracy panel has lines and text");
  }

  @Test
  void anEmptyHistoryIsAClearError() {
    KilnException e = assertThrows(KilnException.class,
        () -> new History("accuracy", List.of()).plot(dir.resolve("empty.png")));
    assertTrue(e.getMessage().contains("no epochs"), e.getMessage());
  }

  private static int colours(BufferedImage image, int left) {
    Set<Integer> seen = new HashSet<>();
    for (int x = left; x < left + 640; x += 3) {
      for (int y = 0; y < image.getHeight(); y += 3) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
