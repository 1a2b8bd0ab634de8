package dev.kiln.metrics;

import dev.kiln.BatchResult;
import dev.kiln.CompiledModel;
import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.Precision;
import dev.kiln.cl.ClDevice;
import dev.kiln.data.Dataset;
import dev.kiln.data.Scaler;
import dev.kiln.engine.ModelSpec;
import dev.kiln.engine.NodeKind;
import dev.kiln.engine.ParameterBlock;
import dev.kiln.layers.LayerHandle;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A stand-in for a generated model: its "prediction" is the sample itself, so a test passes the
 * outputs it wants as the features. Only {@link #predict} and {@link #spec} work.
 */
final class FakeModel implements CompiledModel {
  private final ModelSpec spec;
  int predictCalls;

  private FakeModel(ModelSpec spec) {
    this.spec = spec;
  }

  /** A one-layer model from {@code inputs} to {@code outputs} values trained with {@code loss}. */
  static FakeModel of(Loss loss, int inputs, int outputs, ActivationKind activation) {
    return new FakeModel(ModelSpec.builder("test.Fake" + loss).loss(loss).optimizer(Optimizer.ADAM)
        .batch(8).precision(Precision.FLOAT)
        .node(NodeKind.INPUT, "input").shape(inputs).declared(inputs)
        .node(NodeKind.DENSE, "out").from("input").shape(outputs).activation(activation, 0)
        .weights("kernel", ParameterBlock.Init.GLOROT_UNIFORM, inputs, outputs)
        .parameter("bias", ParameterBlock.Init.ZEROS, outputs)
        .kernels(1, 1).build());
  }

  @Override
  public float[][] predict(float[][] samples) {
    predictCalls++;
    float[][] outputs = new float[samples.length][];
    for (int i = 0; i < samples.length; i++) {
      outputs[i] = predict(samples[i]);
    }
    return outputs;
  }

  @Override
  public float[] predict(float[] sample) {
    if (sample.length != spec.output().units()) {
      throw new AssertionError("the fake model echoes its input, so inputs and outputs need the same width");
    }
    return sample.clone();
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public History fit(Dataset train, Fit fit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Evaluation evaluate(Dataset data) {
    throw new UnsupportedOperationException();
  }

  @Override
  public BatchResult trainOnBatch(Dataset batch, Fit settings) {
    throw new UnsupportedOperationException();
  }

  @Override
  public BatchResult testOnBatch(Dataset batch) {
    throw new UnsupportedOperationException();
  }

  @Override
  public float[] inputGradient(float[] sample, int output) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void scaleInputs(Scaler scaler) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Scaler> inputScaler() {
    return Optional.empty();
  }

  @Override
  public void initialize(long seed) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void summary(PrintStream out) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void save(Path file) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void load(Path file) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<LayerHandle> layers() {
    return List.of();
  }

  @Override
  public ClDevice device() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
