package dev.kiln;

import dev.kiln.plot.HistoryChart;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code fit} saw, epoch by epoch. */
public record History(String metricName, List<Epoch> epochs) {
  /**
   * One epoch's figures; the validation ones are NaN when there was no validation data.
   *
   * @param loss the loss trained on: in a model of several outputs, the weighted sum of theirs
   * @param metric the main output's metric
   * @param seconds wall time of the epoch, its validation included; when epochs are queued back to
   *     back, the mean over the group of epochs the host waited for together
   * @param outputs in a model of several outputs, each output's own figures (empty for one output)
   */
  public record Epoch(int number, double loss, double metric, double validationLoss, double validationMetric,
                      double seconds, int samples, List<Output> outputs) {
    public Epoch {
      outputs = List.copyOf(outputs);
    }

    /** An epoch of a model of one output. */
    public Epoch(int number, double loss, double metric, double validationLoss, double validationMetric,
                 double seconds, int samples) {
      this(number, loss, metric, validationLoss, validationMetric, seconds, samples, List.of());
    }

    /** The figures of output {@code name} (a field name of the model). */
    public Output output(String name) {
      return outputs.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(
          () -> new KilnException("no output '" + name + "' reported; the outputs are "
              + outputs.stream().map(Output::name).toList() + " (a model of one output reports only its total)"));
    }

    /**
     * Every figure by its Keras name, in Keras's order: {@code loss}, the metric (one output) or
     * each output's {@code <name>_loss} and {@code <name>_<metric>}, then the same with {@code val_}.
     */
    public Map<String, Double> figures(String metricName) {
      Map<String, Double> figures = new LinkedHashMap<>();
      figures.put("loss", loss);
      if (outputs.isEmpty()) {
        figures.put(metricName, metric);
      }
      for (Output o : outputs) {
        figures.put(o.name() + "_loss", o.loss());
        figures.put(o.name() + "_" + o.metricName(), o.metric());
      }
      figures.put("val_loss", validationLoss);
      if (outputs.isEmpty()) {
        figures.put("val_" + metricName, validationMetric);
      }
      for (Output o : outputs) {
        figures.put("val_" + o.name() + "_loss", o.validationLoss());
        figures.put("val_" + o.name() + "_" + o.metricName(), o.validationMetric());
      }
      return figures;
    }
  }

  /**
   * One output's own figures in an epoch (Keras's {@code species_loss}, {@code species_accuracy}).
   *
   * @param loss its loss, before its weight and without weight decay
   * @param metricName "accuracy" for a classifying loss, "mae" otherwise
   */
  public record Output(String name, String metricName, double loss, double metric, double validationLoss,
                       double validationMetric) {}

  public History {
    epochs = List.copyOf(epochs);
  }

  public Epoch last() {
    return epochs.get(epochs.size() - 1);
  }

  public List<Double> loss() {
    return epochs.stream().map(Epoch::loss).toList();
  }

  public List<Double> validationLoss() {
    return epochs.stream().map(Epoch::validationLoss).toList();
  }

  public List<Double> metric() {
    return epochs.stream().map(Epoch::metric).toList();
  }

  public List<Double> validationMetric() {
    return epochs.stream().map(Epoch::validationMetric).toList();
  }

  /** Figure {@code name} (as {@link Epoch#figures} names it, e.g. "val_species_accuracy") per epoch. */
  public List<Double> figure(String name) {
    return epochs.stream().map(e -> {
      Double value = e.figures(metricName).get(name);
      if (value == null) {
        throw new KilnException("no figure '" + name + "'; this model reports " + e.figures(metricName).keySet());
      }
      return value;
    }).toList();
  }

  /** Draws loss and metric per epoch, training and validation, to a PNG file. */
  public void plot(Path png) {
    HistoryChart.writePng(this, png);
  }
}
