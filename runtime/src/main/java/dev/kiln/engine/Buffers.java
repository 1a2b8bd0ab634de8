package dev.kiln.engine;

import dev.kiln.cl.ClBuffer;
import dev.kiln.cl.ClContext;
import dev.kiln.kernels.DeviceAbi;
import java.util.ArrayList;
import java.util.List;

/**
 * The device buffers of one open model: per-layer parameters, optimizer state, activations and
 * gradients; the step counters, hyper-parameters and running totals; and the data set bound now.
 * The small buffers' slots are {@link DeviceAbi}'s, the one layout the kernels share.
 */
public final class Buffers implements AutoCloseable {
  private final List<ClBuffer> params = new ArrayList<>();
  private final List<ClBuffer> state = new ArrayList<>();
  private final List<ClBuffer> activations = new ArrayList<>();
  private final List<ClBuffer> delta = new ArrayList<>();
  private final List<ClBuffer> workspaces = new ArrayList<>();
  private final List<ClBuffer> gradients = new ArrayList<>();
  private final List<ClBuffer> inputGradients = new ArrayList<>();
  private final List<ClBuffer> extraGradients = new ArrayList<>();
  private final ClBuffer counters;
  private final ClBuffer hyper;
  private final ClBuffer totals;
  private final ClBuffer sampleLoss;
  private final ClBuffer sampleHit;
  private final ClBuffer zeros;
  private DeviceData data;

  /** Whether {@link #params} are another model's, which closes them (see Engine.part). */
  private final boolean sharedParams;

  /** @param sharedParams each layer's parameters in another model's buffers, or null to allocate them */
  Buffers(ClContext cl, ModelSpec spec, List<ClBuffer> sharedParams) {
    long real = spec.realBytes();
    this.sharedParams = sharedParams != null;
    for (NodeSpec layer : spec.layers()) {
      // a pool has no parameters, but OpenCL has no empty buffers
      params.add(sharedParams != null ? sharedParams.get(layer.layer())
          : cl.buffer(real * Math.max(1, layer.parameterCount())));
      state.add(cl.buffer(real * Math.max(1, layer.parameterCount() * spec.optimizerSlots())));
      activations.add(cl.buffer(real * layer.outputs() * spec.batch()));
      delta.add(cl.buffer(real * layer.outputs() * spec.batch()));
      // what its kernels keep between them (batch normalisation's statistics, an LSTM's gates per step)
      workspaces.add(cl.buffer(real * Math.max(1, layer.workspace())));
      // the gradient an embedding's lookups or a shared layer's uses add up to; zero between steps
      boolean summed = layer.kind() == NodeKind.EMBEDDING || spec.isShared(layer);
      ClBuffer gradient = cl.buffer(real * (summed ? Math.max(1, layer.parameterCount()) : 1));
      cl.fill(gradient, (byte) 0);
      gradients.add(gradient);
    }
    for (NodeSpec input : spec.inputs()) {
      inputGradients.add(cl.buffer(real * spec.batch() * input.outputs()));
    }
    for (int width : spec.extraGradients()) {
      extraGradients.add(cl.buffer(real * spec.batch() * width));
    }
    counters = cl.buffer(4L * DeviceAbi.Counter.values().length);
    hyper = cl.buffer(real * DeviceAbi.Hyper.values().length);
    int reported = spec.reportedOutputs().size();
    totals = cl.buffer(real * DeviceAbi.totalEntry(reported) * DeviceAbi.TOTALS_RING);
    // the model's loss and metric per sample, then each reported output's own (step.cl)
    sampleLoss = cl.buffer(real * spec.batch() * (1 + reported));
    sampleHit = cl.buffer(real * spec.batch() * (1 + reported));
    zeros = cl.buffer(real * spec.layers().stream().mapToInt(NodeSpec::units).max().orElse(1));
    cl.fill(zeros, (byte) 0);
  }

  void bind(DeviceData data) {
    this.data = data;
  }

  public ClBuffer features() {
    return data.features();
  }

  public ClBuffer labels() {
    return data.labels();
  }

  public ClBuffer order() {
    return data.order();
  }

  public ClBuffer counters() {
    return counters;
  }

  public ClBuffer hyper() {
    return hyper;
  }

  public ClBuffer totals() {
    return totals;
  }

  public ClBuffer sampleLoss() {
    return sampleLoss;
  }

  public ClBuffer sampleHit() {
    return sampleHit;
  }

  /** The gradient of an output with respect to model input {@code input}, per sample: saliency. */
  public ClBuffer inputGradient(int input) {
    return inputGradients.get(input);
  }

  /** An embedding's table gradient, which its scatter kernel sums and its update clears. */
  public ClBuffer gradient(int layer) {
    return gradients.get(layer);
  }

  /** Extra gradient buffer {@code buffer}: one reader's gradient of a node several layers read. */
  public ClBuffer extraGradient(int buffer) {
    return extraGradients.get(buffer);
  }

  /** Zeros, as many as the widest layer has units: where a kernel reads a gradient that no output sends. */
  public ClBuffer zeros() {
    return zeros;
  }

  public ClBuffer params(int layer) {
    return params.get(layer);
  }

  public ClBuffer state(int layer) {
    return state.get(layer);
  }

  public ClBuffer activations(int layer) {
    return activations.get(layer);
  }

  public ClBuffer delta(int layer) {
    return delta.get(layer);
  }

  /**
   * What a layer's kernels keep between them within a step, as its kind's definition sized it: a batch
   * normalisation's statistics of the batch, an LSTM's gates and states of every step.
   */
  public ClBuffer workspace(int layer) {
    return workspaces.get(layer);
  }

  @Override
  public void close() {
    if (!sharedParams) {
      params.forEach(ClBuffer::close);
    }
    for (List<ClBuffer> list : List.of(state, activations, delta, workspaces, gradients, inputGradients,
        extraGradients)) {
      list.forEach(ClBuffer::close);
    }
    for (ClBuffer buffer : List.of(counters, hyper, totals, sampleLoss, sampleHit, zeros)) {
      buffer.close();
    }
  }
}
