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

/**
 * Writes one CSV line per epoch: {@code epoch,loss,<metric>,val_loss,val_<metric>,learning_rate,seconds}
 * (empty cells where there is no validation, or where the loss was not a number), flushed at once,
 * so a crashed run keeps its log.
 */
public final class CsvLogger implements Callback {
  private final Path file;
  private Writer writer;

  public CsvLogger(Path file) {
    this.file = file;
  }

  @Override
  public void onTrainBegin(TrainingControl training) {
    try {
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      String metric = training.metricName();
      writer.write("epoch,loss," + metric + ",val_loss,val_" + metric + ",learning_rate,seconds\n");
      writer.flush();
    } catch (IOException e) {
      throw new KilnException("cannot write the training log " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, TrainingControl training) {
    try {
      writer.write(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%.3f%n", epoch.number(), cell(epoch.loss()),
          cell(epoch.metric()), cell(epoch.validationLoss()), cell(epoch.validationMetric()),
          cell(training.learningRate()), epoch.seconds()));
      writer.flush();
    } catch (IOException e) {
      throw new KilnException("cannot write the training log " + file + ": " + e.getMessage(), e);
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
