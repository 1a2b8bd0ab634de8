package dev.kiln.plot;

import dev.kiln.History;
import dev.kiln.KilnException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * How training went, as a picture: loss per epoch on the left, the metric on the right, training
 * and validation each, as Keras users draw from {@code history.history}. Drawn with XChart.
 */
public final class HistoryChart {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;

  private HistoryChart() {}

  /** Writes the two charts side by side to a PNG file. */
  public static void writePng(History history, Path file) {
    if (history.epochs().isEmpty()) {
      throw new KilnException("the history has no epochs to plot");
    }
    BufferedImage loss = BitmapEncoder.getBufferedImage(chart(history, "loss", history.loss(),
        history.validationLoss()));
    String metric = history.metricName();
    BufferedImage metrics = BitmapEncoder.getBufferedImage(chart(history, metric, history.metric(),
        history.validationMetric()));
    BufferedImage both = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, both.getWidth(), both.getHeight());
    g.drawImage(loss, 0, 0, null);
    g.drawImage(metrics, WIDTH, 0, null);
    g.dispose();
    try {
      if (!ImageIO.write(both, "png", file.toFile())) {
        throw new KilnException("no PNG writer in this JDK's ImageIO");
      }
    } catch (IOException e) {
      throw KilnException.cannotWrite("the training chart", file, e);
    }
  }

  private static XYChart chart(History history, String figure, List<Double> train, List<Double> validation) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(figure + " per epoch")
        .xAxisTitle("epoch").yAxisTitle(figure).build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    // rising curves (accuracy) end top right, falling ones (loss, mae) bottom right: keep the legend off them
    chart.getStyler().setLegendPosition(figure.equals("accuracy") ? LegendPosition.InsideSE : LegendPosition.InsideNE);
    chart.getStyler().setDecimalPattern("0.####");
    List<Integer> epochs = IntStream.rangeClosed(1, history.epochs().size()).boxed().toList();
    chart.addSeries(figure, epochs, train).setMarker(SeriesMarkers.CIRCLE);
    if (validation.stream().anyMatch(v -> !v.isNaN())) {
      chart.addSeries("val_" + figure, epochs, validation).setMarker(SeriesMarkers.DIAMOND);
    }
    return chart;
  }
}
