package dev.kiln.callbacks;

import dev.kiln.Callback;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.TrainingControl;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one CSV line per epoch: {@code epoch,loss,<metric>,val_loss,val_<metric>,learning_rate,seconds}
 * (a model of several outputs has each output's figures in place of the metric, named as in the
 * training log; empty cells where there is no validation, or where the loss was not a number),
 * flushed at once, so a crashed run keeps its log.
 */
public final class CsvLogger implements Callback {
  private final Path file;
  private Writer writer;
  private boolean headed;

  public CsvLogger(Path file) {
    this.file = file;
  }

  @Override
  public void onTrainBegin(TrainingControl training) {
    try {
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      headed = false;
    } catch (IOException e) {
      throw KilnException.cannotWrite("the training log", file, e);
    }
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, TrainingControl training) {
    Map<String, Double> figures = epoch.figures(training.metricName());
    try {
      if (!headed) { // the header names the figures, which the first epoch shows
        writer.write("epoch," + String.join(",", figures.keySet()) + ",learning_rate,seconds\n");
        headed = true;
      }
      StringBuilder line = new StringBuilder(Integer.toString(epoch.number()));
      figures.values().forEach(value -> line.append(',').append(cell(value)));
      line.append(',').append(cell(training.learningRate()))
          .append(String.format(Locale.ROOT, ",%.3f%n", epoch.seconds()));
      writer.write(line.toString());
      writer.flush();
    } catch (IOException e) {
      throw KilnException.cannotWrite("the training log", file, e);
    }
  }

  @Override
  public void onTrainEnd(History history, TrainingControl training) {
    try {
      writer.close();
    } catch (IOException e) {
      throw new KilnException("cannot close the training log " + file + ": " + e.getMessage(), e);
    }
  }

  private static String cell(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
  }
}
