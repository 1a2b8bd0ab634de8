package dev.kiln;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loss and metric over a data set.
 *
 * @param loss in a model of several outputs, the weighted sum of theirs
 * @param metricName "accuracy" for classifiers, "mae" (mean absolute error) for regression
 * @param outputs in a model of several outputs, each output's own loss (unweighted) and metric, by
 *     field name, in the model's order; empty for a model of one output
 */
public record Evaluation(double loss, String metricName, double metric, int samples, Map<String, Evaluation> outputs) {
  public Evaluation {
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /** The evaluation of a model of one output. */
  public Evaluation(double loss, String metricName, double metric, int samples) {
    this(loss, metricName, metric, samples, Map.of());
  }

  /** The fraction of samples classified right; only for classifiers. */
  public double accuracy() {
    if (!metricName.equals("accuracy")) {
      throw new KilnException("this model is a regression model; its metric is " + metricName + ", not accuracy");
    }
    return metric;
  }

  /** Output {@code name}'s own loss and metric, in a model of several outputs. */
  public Evaluation output(String name) {
    Evaluation output = outputs.get(name);
    if (output == null) {
      throw new KilnException("no output '" + name + "' evaluated; the outputs are " + outputs.keySet()
          + " (a model of one output has only its total)");
    }
    return output;
  }

  @Override
  public String toString() {
    String own = outputs.entrySet().stream().map(e -> String.format("%s_loss %.4f, %s_%s %.4f", e.getKey(),
        e.getValue().loss(), e.getKey(), e.getValue().metricName(), e.getValue().metric()))
        .collect(Collectors.joining(", "));
    return outputs.isEmpty() ? String.format("loss %.4f, %s %.4f (%d samples)", loss, metricName, metric, samples)
        : String.format("loss %.4f, %s (%d samples)", loss, own, samples);
  }
}
