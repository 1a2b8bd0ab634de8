package dev.kiln.engine;

import dev.kiln.Fit;
import dev.kiln.KilnException;
import dev.kiln.annotations.Loss;
import dev.kiln.data.Dataset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks data against the compiled model before any kernel runs, so bad input is a clear error and
 * the weights stay as they were.
 */
final class DataChecks {
  private final ModelSpec spec;
  /** Values per sample: the model's inputs side by side (kept, as predict checks every sample). */
  private final int inputWidth;
  private final List<IndexLimit> indexLimits = new ArrayList<>();

  /** An input of indices: its columns in a row, and the smallest vocabulary of the Embeddings that read it. */
  private record IndexLimit(NodeSpec input, int column, int vocabulary, String embedding) {}

  DataChecks(ModelSpec spec) {
    this.spec = spec;
    this.inputWidth = spec.inputWidth();
    for (NodeSpec input : spec.inputs()) {
      if (!input.indices()) {
        continue;
      }
      spec.nodes().stream().filter(n -> n.kind() == NodeKind.EMBEDDING && n.from().contains(input.name()))
          .min(Comparator.comparingInt(n -> n.parameters().get(0).shape()[0]))
          .ifPresent(e -> indexLimits.add(new IndexLimit(input, spec.column(input), e.parameters().get(0).shape()[0],
              e.name())));
    }
  }

  int batchSize(int requested) {
    if (requested > spec.batch()) {
      throw new KilnException("batchSize " + requested + " is larger than the batch " + spec.simpleName()
          + " is compiled for (" + spec.batch() + "); train with batchSize <= " + spec.batch()
          + " or compile with @Model(batch = " + requested + ")");
    }
    return requested == 0 ? spec.batch() : requested;
  }

  /** {@code call} (fit, evaluate, ...) needs a loss, which a model of {@code Loss.NONE} does not have. */
  void requireLoss(String call) {
    if (spec.loss() == Loss.NONE) {
      throw new KilnException(call + " on " + spec.simpleName() + ", which has loss = Loss.NONE: it is trained only"
          + " as a part of a model that has a loss; call " + call + " on that model, or give " + spec.simpleName()
          + " a loss");
    }
  }

  /** A batch for {@code call} (trainOnBatch, testOnBatch): a checked data set of at most one compiled batch. */
  void checkOneBatch(Dataset batch, String call) {
    check(batch, call);
    if (batch.size() > spec.batch()) {
      throw new KilnException(call + " got " + batch.size() + " samples, but " + spec.simpleName()
          + " is compiled for batches of at most " + spec.batch() + "; pass batch.slice(from, from + "
          + spec.batch() + ") per call, or compile with @Model(batch = " + batch.size() + ")");
    }
  }

  /** The settings of a Fit passed to trainOnBatch: only its optimizer's and seed apply to one step. */
  void checkStepSettings(Fit fit) {
    List<String> unused = new ArrayList<>();
    if (fit.validationData().isPresent()) {
      unused.add("validation");
    }
    if (!fit.callbackList().isEmpty()) {
      unused.add("callbacks");
    }
    if (fit.batchSizeOrZero() != 0) {
      unused.add("batchSize (a step takes the whole batch)");
    }
    if (fit.chunkSizeOrZero() != 0) {
      unused.add("chunkSize");
    }
    if (!unused.isEmpty()) {
      throw new KilnException("trainOnBatch takes only the optimizer settings and seed of a Fit; "
          + String.join(", ", unused) + " apply to fit(...) alone. Remove them from the Fit you pass");
    }
  }

  void check(Dataset data, String role) {
    if (data.size() == 0) {
      throw new KilnException("the " + role + " data set is empty");
    }
    if (data.featureWidth() != inputWidth) {
      throw new KilnException("the " + role + " data has " + data.featureWidth() + " features per sample, but "
          + spec.simpleName() + " takes input " + java.util.Arrays.toString(spec.inputShape()) + " ("
          + inputWidth + " values); reshape or select the features to match");
    }
    checkInputNames(data, role);
    data.validate();
    for (int s = 0; s < data.size(); s++) {
      checkIndices(data.features(), s * inputWidth, s, " of the " + role + " data");
    }
    checkLabels(data, role);
  }

  /** A data set of several inputs must hold this model's, by name, in order; one of one input may be unnamed. */
  private void checkInputNames(Dataset data, String role) {
    List<NodeSpec> inputs = spec.inputs();
    List<String> expected = inputs.stream().map(n -> described(n.name(), n.outputs(), n.indices())).toList();
    List<String> given = data.inputs().stream().map(i -> described(i.name(), i.width(), i.indices())).toList();
    boolean fits = given.isEmpty() ? inputs.size() == 1 : given.equals(expected);
    if (!fits) {
      String made = given.isEmpty() ? "one unnamed input" : "inputs " + String.join(", ", given);
      throw new KilnException("the " + role + " data has " + made + ", but " + spec.simpleName() + " takes "
          + String.join(", ", expected) + "; make it with " + spec.simpleName() + "Compiled.dataset("
          + inputs.stream().map(NodeSpec::name).collect(Collectors.joining(", ")) + ", labels)");
    }
  }

  /** "user (1 index)", "tokens (100 indices)", "image (784 values)". */
  private static String described(String name, int width, boolean indices) {
    return name + " (" + width + (indices ? width == 1 ? " index" : " indices" : width == 1 ? " value" : " values")
        + ")";
  }

  /**
   * Every index in sample {@code sample}'s row, starting at {@code offset}, is an integer in its
   * Embedding's vocabulary; {@code of} says where the sample is, for the message.
   */
  private void checkIndices(float[] values, int offset, int sample, String of) {
    for (IndexLimit limit : indexLimits) {
      for (int i = 0; i < limit.input().outputs(); i++) {
        float v = values[offset + limit.column() + i];
        if (v != Math.rint(v) || v < 0 || v >= limit.vocabulary()) {
          throw new KilnException("sample " + sample + of + " has index " + v + " in input '" + limit.input().name() + "', but Embedding '"
              + limit.embedding() + "' has a vocabulary of " + limit.vocabulary() + ": indices must be integers 0.."
              + (limit.vocabulary() - 1));
        }
      }
    }
  }

  private void checkLabels(Dataset data, String role) {
    List<NodeSpec> outputs = spec.outputs();
    if (outputs.size() > 1) {
      checkOutputsLabels(data, role, outputs);
      return;
    }
    int units = spec.output().units();
    Loss loss = spec.loss();
    int width = data.labelWidth();
    if (loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY) {
      expectWidth(width, 1, role, "one integer class per sample");
    } else if (loss == Loss.CATEGORICAL_CROSS_ENTROPY) {
      expectWidth(width, units, role, "a one-hot row of " + units + " values (Dataset.oneHot() makes one)");
    } else if (loss == Loss.BINARY_CROSS_ENTROPY) {
      expectWidth(width, units, role, "0 or 1 per output");
    } else {
      expectWidth(width, units, role, units + " target value" + (units == 1 ? "" : "s"));
    }
    checkValues(data, role, 0, loss, units, "");
  }

  /** A model of several outputs: their labels side by side, each checked against its own loss. */
  private void checkOutputsLabels(Dataset data, String role, List<NodeSpec> outputs) {
    if (data.labelWidth() != spec.labelWidth()) {
      int width = data.labelWidth();
      throw new KilnException("the " + role + " labels have " + width + " value" + (width == 1 ? "" : "s")
          + " per sample, but " + spec.simpleName() + " has " + outputs.size() + " outputs, whose labels sit side by"
          + " side: " + outputs.stream().map(DataChecks::labelText).collect(Collectors.joining(", ")) + "; make the"
          + " data set with " + spec.simpleName() + "Compiled.dataset(...), one labels argument per output");
    }
    for (NodeSpec output : outputs) {
      checkValues(data, role, output.output().labelColumn(), output.output().loss(), output.units(),
          " for output '" + output.name() + "'");
    }
  }

  /** "quadrant (1 class index)", "inside (1 value)". */
  private static String labelText(NodeSpec output) {
    int width = output.output().labelWidth(output.units());
    return output.name() + " (" + (output.output().loss() == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY ? "1 class index"
        : width + " value" + (width == 1 ? "" : "s")) + ")";
  }

  /** The label values an output's loss can take: class indices in range, or probabilities in [0, 1]. */
  private void checkValues(Dataset data, String role, int column, Loss loss, int units, String which) {
    float[] labels = data.labels();
    int width = data.labelWidth();
    int own = loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY ? 1 : units;
    for (int s = 0; s < data.size(); s++) {
      for (int i = 0; i < own; i++) {
        float v = labels[s * width + column + i];
        if (loss == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY && (v != Math.rint(v) || v < 0 || v >= units)) {
          throw new KilnException("sample " + s + " of the " + role + " data has label " + v + which + ", but "
              + spec.simpleName() + " has " + units + " classes: labels must be integers 0.." + (units - 1));
        }
        if (loss == Loss.BINARY_CROSS_ENTROPY && (v < 0 || v > 1)) {
          throw new KilnException("sample " + s + " of the " + role + " data has label " + v + which
              + ", but binary cross-entropy needs labels between 0 and 1");
        }
      }
    }
  }

  private void expectWidth(int width, int expected, String role, String what) {
    if (width != expected) {
      throw new KilnException("the " + role + " labels have " + width + " value" + (width == 1 ? "" : "s")
          + " per sample, but " + spec.simpleName() + " with loss " + spec.loss() + " needs " + what);
    }
  }

  void checkSample(float[] sample, int index) {
    if (sample.length != inputWidth) {
      throw new KilnException("sample " + index + " has " + sample.length + " values, but " + spec.simpleName()
          + " takes " + inputWidth);
    }
    for (int i = 0; i < sample.length; i++) {
      if (!Float.isFinite(sample[i])) {
        throw new KilnException("sample " + index + " has " + sample[i] + " at position " + i
            + "; inputs must be finite numbers");
      }
    }
    checkIndices(sample, 0, index, "");
  }

  void checkParameters(int layer, double[] parameters) {
    NodeSpec spec = this.spec.layers().get(layer);
    if (parameters.length != spec.parameterCount()) {
      throw new KilnException("layer '" + spec.name() + "' has " + spec.parameterCount() + " parameters, got "
          + parameters.length);
    }
    for (int k = 0; k < parameters.length; k++) {
      if (!Double.isFinite(parameters[k])) {
        throw new KilnException("parameter " + k + " of layer '" + spec.name() + "' would be " + parameters[k]
            + "; parameters must be finite");
      }
    }
  }
}
