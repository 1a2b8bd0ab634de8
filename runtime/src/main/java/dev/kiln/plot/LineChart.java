package dev.kiln.plot;

import dev.kiln.KilnException;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Curves over a shared x axis as a PNG, such as a GAN's two losses per iteration. Drawn with XChart. */
public final class LineChart {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 450;

  private LineChart() {}

  /** Writes one curve per entry of {@code curves} (name to values, one per {@code x}), in their order. */
  public static void writePng(String title, String xTitle, String yTitle, List<? extends Number> x,
                              Map<String, List<Double>> curves, Path file) {
    if (x.isEmpty() || curves.isEmpty()) {
      throw new KilnException("a line chart needs at least one point and one curve");
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setDecimalPattern("0.###");
    curves.forEach((name, values) -> {
      if (values.size() != x.size()) {
        throw new KilnException("curve '" + name + "' has " + values.size() + " values for " + x.size() + " points");
      }
      chart.addSeries(name, x, values).setMarker(SeriesMarkers.NONE);
    });
    try {
      BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw KilnException.cannotWrite(title, file, e);
    }
  }
}
