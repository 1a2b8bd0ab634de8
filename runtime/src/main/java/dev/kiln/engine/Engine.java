package dev.kiln.engine;

import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.annotations.Precision;
import dev.kiln.cl.ClContext;
import dev.kiln.cl.ClDevice;
import dev.kiln.cl.ClProgram;
import dev.kiln.data.Dataset;
import dev.kiln.data.Shuffle;
import dev.kiln.layers.Dense;
import dev.kiln.layers.LayerHandle;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic half of an open model: device, buffers and the loops of fit, evaluate and predict.
 * The generated half ({@link StepKernels}) knows the kernels and launches them; this class decides
 * when. A whole epoch is enqueued without waiting; the host synchronises only to read totals.
 */
public final class Engine implements ParameterStore, AutoCloseable {
  /** Steps enqueued between reads of the totals for a live progress bar. */
  private static final int PROGRESS_EVERY_STEPS = 16;

  private final ModelSpec spec;
  private final ClContext cl;
  private final Buffers buffers;
  private final StepKernels kernels;
  private final DeviceData predictData;
  private final DataChecks checks;
  private final List<LayerHandle> handles;
  private final Object lock = new Object();
  private boolean closed;

  private Engine(ModelSpec spec, ClContext cl, String source, StepKernels.Factory factory) {
    this.spec = spec;
    this.cl = cl;
    this.checks = new DataChecks(spec);
    ClProgram program = cl.build(source, buildOptions(spec));
    this.buffers = new Buffers(cl, spec);
    this.predictData = allocate(spec.batch(), 1);
    cl.write(predictData.order(), 0, identity(spec.batch()), 0, spec.batch());
    buffers.bind(predictData);
    this.kernels = factory.create(program, buffers);
    List<LayerHandle> layers = new ArrayList<>();
    for (int l = 0; l < spec.layers().size(); l++) {
      layers.add(new Dense(spec.layers().get(l), l, this));
    }
    this.handles = List.copyOf(layers);
    initialize(0);
  }

  /** Builds the model's program on {@code device} (or takes it from the binary cache) and initialises it. */
  public static Engine open(ModelSpec spec, URL kernelSource, ClDevice device, StepKernels.Factory factory) {
    if (kernelSource == null) {
      throw new KilnException("the kernels of " + spec.name() + " are missing from the class path; rebuild the"
          + " project so that Kiln's processor writes " + spec.simpleName() + ".cl next to its classes");
    }
    if (spec.precision() == Precision.DOUBLE && !device.supportsFp64()) {
      throw new KilnException(spec.name() + " is compiled with precision = DOUBLE, but device " + device.name()
          + " has no fp64 support; choose another device (-Dkiln.device=cpu gives PoCL) or use FLOAT");
    }
    String source = read(kernelSource);
    ClContext cl = ClContext.open(device);
    try {
      return new Engine(spec, cl, source, factory);
    } catch (RuntimeException e) {
      cl.close();
      throw e;
    }
  }

  private static String buildOptions(ModelSpec spec) {
    return spec.precision() == Precision.FLOAT ? "-cl-mad-enable" : "";
  }

  private static String read(URL url) {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KilnException("cannot read the model's kernels from " + url + ": " + e.getMessage(), e);
    }
  }

  public ModelSpec spec() {
    return spec;
  }

  public ClDevice device() {
    return cl.device();
  }

  /** The handle the generated class puts in the layer field {@code index}. */
  public Dense dense(int index) {
    return (Dense) handles.get(index);
  }

  /** Every layer's handle, in network order. */
  public List<LayerHandle> layers() {
    return handles;
  }

  /** New initial weights from {@code seed}; optimizer state and step count back to zero. */
  public void initialize(long seed) {
    synchronized (lock) {
      ensureOpen();
      for (int l = 0; l < spec.layers().size(); l++) {
        write(l, Initializer.parameters(spec.layers().get(l), l, seed));
        cl.fill(buffers.state(l), (byte) 0);
      }
      cl.fill(buffers.counters(), (byte) 0);
    }
  }

  public History fit(Dataset train, Fit fit) {
    synchronized (lock) {
      ensureOpen();
      int batch = checks.batchSize(fit.batchSizeOrZero());
      checks.check(train, "training");
      fit.validationData().ifPresent(v -> checks.check(v, "validation"));
      writeHyper(fit.hyperParameters(spec.optimizer(), spec.l2()));
      List<History.Epoch> epochs = new ArrayList<>();
      try (DeviceData trainData = upload(train);
           DeviceData validationData = fit.validationData().map(this::upload).orElse(null)) {
        for (int epoch = 1; epoch <= fit.epochsToRun(); epoch++) {
          Progress progress = new Progress(fit, spec.metricName(), epoch, steps(train.size(), batch));
          long start = System.nanoTime();
          Totals totals = trainEpoch(trainData, train.size(), batch, fit, epoch, progress);
          double seconds = (System.nanoTime() - start) / 1e9;
          Totals validation = validationData == null ? null : pass(validationData, fit.validationData().get().size());
          History.Epoch record = new History.Epoch(epoch, totals.loss() + l2Penalty(), totals.metric(),
              validation == null ? Double.NaN : validation.loss() + l2Penalty(),
              validation == null ? Double.NaN : validation.metric(), seconds, train.size());
          epochs.add(record);
          progress.end(record);
        }
      } finally {
        buffers.bind(predictData);
        kernels.bindData(buffers);
      }
      return new History(spec.metricName(), epochs);
    }
  }

  private Totals trainEpoch(DeviceData data, int size, int batch, Fit fit, int epoch, Progress progress) {
    int[] order = fit.shuffles() ? Shuffle.permutation(size, fit.seedValue() * 1_000_003L + epoch) : identity(size);
    cl.write(data.order(), 0, order, 0, size);
    bind(data);
    startPass(size, batch, true);
    int steps = steps(size, batch);
    for (int step = 1; step <= steps; step++) {
      kernels.enqueueTrainingStep(cl);
      if (progress.live() && step % PROGRESS_EVERY_STEPS == 0 && step < steps) {
        progress.update(step, readTotals());
      }
    }
    return readTotals();
  }

  public Evaluation evaluate(Dataset data) {
    synchronized (lock) {
      ensureOpen();
      checks.check(data, "evaluation");
      try (DeviceData device = upload(data)) {
        Totals totals = pass(device, data.size());
        return new Evaluation(totals.loss() + l2Penalty(), spec.metricName(), totals.metric(), data.size());
      } finally {
        bind(predictData);
      }
    }
  }

  /** One forward pass over a bound data set with labels, in compiled-size batches. */
  private Totals pass(DeviceData data, int size) {
    cl.write(data.order(), 0, identity(size), 0, size);
    bind(data);
    startPass(size, spec.batch(), true);
    for (int step = steps(size, spec.batch()); step > 0; step--) {
      kernels.enqueueForwardStep(cl);
    }
    return readTotals();
  }

  public float[] predict(float[] sample) {
    return predict(new float[][] {sample})[0];
  }

  public float[][] predict(float[][] samples) {
    int width = spec.inputWidth();
    for (int s = 0; s < samples.length; s++) {
      checks.checkSample(samples[s], s);
    }
    int units = spec.output().units();
    float[][] out = new float[samples.length][units];
    synchronized (lock) {
      ensureOpen();
      bind(predictData);
      for (int from = 0; from < samples.length; from += spec.batch()) {
        int n = Math.min(spec.batch(), samples.length - from);
        writeFeatures(predictData, samples, from, n, width);
        startPass(n, n, false);
        kernels.enqueueForwardStep(cl);
        double[] p = readReals(buffers.activations(spec.layers().size() - 1), n * units);
        for (int s = 0; s < n; s++) {
          for (int o = 0; o < units; o++) {
            out[from + s][o] = (float) p[s * units + o];
          }
        }
      }
    }
    return out;
  }

  public void summary(PrintStream out) {
    Summary.print(spec, device(), out);
  }

  public void save(Path file) {
    synchronized (lock) {
      ensureOpen();
      Checkpoint.write(file, spec, this, this::readState, readCounter(Buffers.STEP));
    }
  }

  public void load(Path file) {
    synchronized (lock) {
      ensureOpen();
      Checkpoint.Contents contents = Checkpoint.read(file, spec);
      for (int l = 0; l < spec.layers().size(); l++) {
        write(l, contents.parameters().get(l));
        writeReals(buffers.state(l), contents.state().get(l));
      }
      cl.write(buffers.counters(), 0, new int[] {contents.step()}, 0, 1);
    }
  }

  @Override
  public double[] read(int layer) {
    synchronized (lock) {
      ensureOpen();
      return readReals(buffers.params(layer), spec.layers().get(layer).parameterCount());
    }
  }

  @Override
  public void write(int layer, double[] parameters) {
    synchronized (lock) {
      ensureOpen();
      checks.checkParameters(layer, parameters);
      writeReals(buffers.params(layer), parameters);
    }
  }

  private double[] readState(int layer) {
    return readReals(buffers.state(layer), spec.layers().get(layer).parameterCount() * spec.optimizerSlots());
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      predictData.close();
      buffers.close();
      cl.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new KilnException(spec.simpleName() + " is closed; open it again with " + spec.simpleName()
          + "Compiled.open()");
    }
  }

  private void bind(DeviceData data) {
    buffers.bind(data);
    kernels.bindData(buffers);
  }

  /** Sets the counters for a pass over {@code size} samples; the step count (slot 0) stays. */
  private void startPass(int size, int batch, boolean labels) {
    cl.write(buffers.counters(), 4L * Buffers.OFFSET,
        new int[] {0, Math.min(batch, size), size, labels ? 1 : 0, batch}, 0, 5);
    writeReals(buffers.totals(), new double[Buffers.TOTAL_SLOTS]);
  }

  private Totals readTotals() {
    double[] t = readReals(buffers.totals(), Buffers.TOTAL_SLOTS);
    return new Totals(t[0], t[1], (long) t[2]);
  }

  private int readCounter(int slot) {
    int[] value = new int[1];
    cl.read(buffers.counters(), 4L * slot, value, 0, 1);
    return value[0];
  }

  private double l2Penalty() {
    if (spec.l2() == 0) {
      return 0;
    }
    double sum = 0;
    for (int l = 0; l < spec.layers().size(); l++) {
      double[] params = readReals(buffers.params(l), spec.layers().get(l).weightCount());
      for (double w : params) {
        sum += w * w;
      }
    }
    return spec.l2() * sum;
  }

  private void writeHyper(double[] hyper) {
    writeReals(buffers.hyper(), hyper);
  }

  private DeviceData upload(Dataset data) {
    DeviceData device = allocate(data.size(), data.size());
    if (spec.precision() == Precision.DOUBLE) {
      cl.write(device.features(), 0, toDoubles(data.features()), 0, data.features().length);
      cl.write(device.labels(), 0, toDoubles(data.labels()), 0, data.labels().length);
    } else {
      cl.write(device.features(), 0, data.features(), 0, data.features().length);
      cl.write(device.labels(), 0, data.labels(), 0, data.labels().length);
    }
    return device;
  }

  private DeviceData allocate(int rows, int labelRows) {
    long real = spec.realBytes();
    return new DeviceData(cl.buffer(real * rows * spec.inputWidth()),
        cl.buffer(real * Math.max(1, labelRows) * spec.labelWidth()), cl.buffer(4L * rows), rows);
  }

  private void writeFeatures(DeviceData data, float[][] samples, int from, int n, int width) {
    double[] flat = new double[n * width];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < width; i++) {
        flat[s * width + i] = samples[from + s][i];
      }
    }
    writeReals(data.features(), flat);
  }

  private double[] readReals(dev.kiln.cl.ClBuffer buffer, int count) {
    if (spec.precision() == Precision.DOUBLE) {
      double[] values = new double[count];
      cl.read(buffer, 0, values, 0, count);
      return values;
    }
    float[] values = new float[count];
    cl.read(buffer, 0, values, 0, count);
    double[] widened = new double[count];
    for (int i = 0; i < count; i++) {
      widened[i] = values[i];
    }
    return widened;
  }

  private void writeReals(dev.kiln.cl.ClBuffer buffer, double[] values) {
    if (spec.precision() == Precision.DOUBLE) {
      cl.write(buffer, 0, values, 0, values.length);
      return;
    }
    float[] narrowed = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      narrowed[i] = (float) values[i];
    }
    cl.write(buffer, 0, narrowed, 0, narrowed.length);
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  private static int steps(int size, int batch) {
    return (size + batch - 1) / batch;
  }

  /** Sums the kernels kept over a pass. */
  record Totals(double lossSum, double hitSum, long samples) {
    double loss() {
      return lossSum / Math.max(1, samples);
    }

    double metric() {
      return hitSum / Math.max(1, samples);
    }
  }
}
