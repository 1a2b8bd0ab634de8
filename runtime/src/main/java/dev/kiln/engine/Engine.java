package dev.kiln.engine;

import dev.kiln.BatchResult;
import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.GanStep;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.Noise;
import dev.kiln.annotations.Precision;
import dev.kiln.cl.ClBuffer;
import dev.kiln.cl.ClContext;
import dev.kiln.cl.ClDevice;
import dev.kiln.cl.ClProgram;
import dev.kiln.data.Dataset;
import dev.kiln.data.Scaler;
import dev.kiln.kernels.DeviceAbi.Counter;
import dev.kiln.layers.Bidirectional;
import dev.kiln.layers.LayerHandle;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The generic half of an open model: device, buffers, and the loops of fit, evaluate and predict.
 * The generated half ({@link StepKernels}) knows the kernels and launches them; this class decides
 * when. Every public method is safe to call from several threads (one runs at a time).
 */
public final class Engine implements ParameterStore, AutoCloseable {
  private final ModelSpec spec;
  private final ClContext cl;
  private final Buffers buffers;
  private final StepKernels kernels;
  private final Passes passes;
  private final Orders orders;
  private final DataChecks checks;
  /** The model's outputs, the main one last. */
  private final List<NodeSpec> outputNodes;
  /** Each node's handle, by name, in the graph's order. */
  private final Map<String, Object> handles;
  private final List<LayerHandle> layerHandles;
  /** Where predict's inputs go on the device: one compiled batch of samples. */
  private final DeviceData predictData;
  /** trainOnBatch and testOnBatch: their device set, and the host buffers of their queued copies. */
  private final BatchSteps batchSteps;
  /** The device's noise kernels, built on first use. */
  private NoiseKernels noiseKernels;
  /** The hyper-parameters last written to the device, so a step on a batch does not rewrite the same. */
  private double[] hyperOnDevice;
  /** Host staging of predict's inputs and outputs, grown to the largest request; used under the lock. */
  private ByteBuffer predictInputs;
  private ByteBuffer predictOutputs;
  /** Held by every public method; one lock for a model and its parts, which share buffers and a queue. */
  private final Object lock;
  /** The models it contains, which share its buffers (see {@link #part}); closed with it. */
  private final Map<String, Engine> parts = new LinkedHashMap<>();
  /** Whether it is a part of another model, which owns the context and closes it. */
  private final boolean isPart;
  private boolean closed;
  /** Applied to every input before it reaches the device; saved with the model. */
  private Scaler inputScaler;
  /** Epochs trained since the weights were initialised; saved with the model. */
  private int epochsTrained;

  /**
   * @param sharedParams each layer's parameter buffer when it is a part of another model (whose
   *     buffers they are), or null for buffers of its own
   * @param lock its whole's lock when it is a part, else null for one of its own
   */
  private Engine(ModelSpec spec, ClContext cl, String source, StepKernels.Factory factory,
                 List<ClBuffer> sharedParams, Object lock) {
    this.spec = spec;
    this.cl = cl;
    this.isPart = sharedParams != null;
    this.lock = lock != null ? lock : new Object();
    this.checks = new DataChecks(spec);
    this.outputNodes = spec.outputs().isEmpty() ? List.of(spec.output()) : spec.outputs();
    ClProgram program = cl.build(source, buildOptions(spec));
    this.buffers = new Buffers(cl, spec, sharedParams);
    this.predictData = allocate(spec.batch(), 1);
    buffers.bind(predictData);
    this.kernels = factory.create(program, buffers);
    this.passes = new Passes(cl, buffers, kernels, spec);
    this.orders = new Orders(cl);
    this.batchSteps = new BatchSteps(cl, passes, orders, spec, () -> allocate(spec.batch(), spec.batch()), this.lock);
    Map<String, Object> nodes = new LinkedHashMap<>();
    List<LayerHandle> layers = new ArrayList<>();
    for (NodeSpec node : spec.nodes()) {
      // a layer that shares another's weights is that layer, seen from two places
      Object handle = node.shares() != null ? nodes.get(node.shares()) : node.kind().handle(node, this, nodes::get);
      nodes.put(node.name(), handle);
      if (node.layer() >= 0) {
        layers.add((LayerHandle) handle);
      }
    }
    this.handles = nodes;
    this.layerHandles = List.copyOf(layers);
    if (isPart) {
      clearTraining(); // its weights are its whole's, initialised already
    } else {
      initialize(0);
    }
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
      return new Engine(spec, cl, source, factory, null, null);
    } catch (RuntimeException e) {
      cl.close();
      throw e;
    }
  }

  /**
   * The model {@code partSpec}, a part of this one declared by field {@code field}, on the same
   * device: its layers use the parameter buffers of this model's {@code field.<layer>}, so training
   * either is seen by the other without a copy; its optimizer state and step count are its own. It
   * is closed with this model.
   */
  public Engine part(ModelSpec partSpec, URL kernelSource, String field, StepKernels.Factory factory) {
    synchronized (lock) {
      ensureOpen();
      if (kernelSource == null) {
        throw new KilnException("the kernels of " + partSpec.name() + " are missing from the class path; rebuild"
            + " the project so that Kiln's processor writes " + partSpec.simpleName() + ".cl next to its classes");
      }
      List<ClBuffer> shared = new ArrayList<>();
      for (NodeSpec layer : partSpec.layers()) {
        String name = field + "." + layer.name();
        NodeSpec mine = spec.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
        if (mine == null || mine.parameterCount() != layer.parameterCount()) {
          throw new KilnException(spec.simpleName() + "'s layer " + name + " is not " + partSpec.simpleName()
              + "'s layer " + layer.name() + "; rebuild the project so that both generated classes are of today's"
              + " models");
        }
        shared.add(buffers.params(mine.layer()));
      }
      Engine part = new Engine(partSpec, cl, read(kernelSource), factory, shared, lock);
      parts.put(field, part);
      return part;
    }
  }

  /**
   * -w: PoCL's compiler otherwise prints "N warnings generated." on a model's first start, for ABI
   * notes about 16-wide vectors passed to its own built-ins on CPUs without AVX-512; errors still
   * come with the full build log.
   */
  private static String buildOptions(ModelSpec spec) {
    return spec.precision() == Precision.FLOAT ? "-cl-mad-enable -w" : "-w";
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

  /** The handle the generated class puts in the field of node {@code name}, a {@code type}. */
  public <T> T node(String name, Class<T> type) {
    Object handle = handles.get(name);
    if (handle == null) {
      throw new KilnException(spec.simpleName() + " has no node '" + name + "'; rebuild the project so that the"
          + " generated class and the runtime agree");
    }
    return type.cast(handle);
  }

  /** The handle of the Bidirectional field {@code name}, whose directions are layers of {@code cell}. */
  public <L extends LayerHandle> Bidirectional<L> bidirectional(String name, Class<L> cell) {
    Bidirectional<?> handle = node(name, Bidirectional.class);
    return handle.of(cell);
  }

  /** Every layer's handle, in network order. */
  public List<LayerHandle> layers() {
    return layerHandles;
  }

  /** See {@link dev.kiln.CompiledModel#scaleInputs}. */
  public void scaleInputs(Scaler scaler) {
    synchronized (lock) {
      if (scaler != null && scaler.offsets().length != spec.inputWidth()) {
        throw new KilnException("the scaler has " + scaler.offsets().length + " features, but " + spec.simpleName()
            + " takes " + spec.inputWidth() + "; fit it on this model's training data");
      }
      inputScaler = scaler;
    }
  }

  public Optional<Scaler> inputScaler() {
    synchronized (lock) {
      return Optional.ofNullable(inputScaler);
    }
  }

  /** New initial weights from {@code seed}; optimizer state and step count back to zero. */
  public void initialize(long seed) {
    synchronized (lock) {
      ensureOpen();
      for (NodeSpec layer : spec.layers()) {
        write(layer.layer(), Initializer.parameters(layer, seed));
      }
      clearTraining();
    }
  }

  /** Optimizer state, step count and epochs back to zero. */
  private void clearTraining() {
    for (NodeSpec layer : spec.layers()) {
      cl.fill(buffers.state(layer.layer()), (byte) 0);
    }
    passes.clearCounters();
    epochsTrained = 0;
  }

  public History fit(Dataset train, Fit fit) {
    synchronized (lock) {
      ensureOpen();
      checks.requireLoss("fit");
      int batch = checks.batchSize(fit.batchSizeOrZero());
      checks.check(train, "training");
      train = scaled(train);
      fit.validationData().ifPresent(v -> checks.check(v, "validation"));
      double[] hyper = fit.hyperParameters(spec.optimizer(), spec.l2());
      writeHyper(hyper);
      int chunk = chunkRows(train, fit.chunkSizeOrZero(), batch);
      Training training = new Training(passes, orders, spec, epochsTrained);
      Control control = new Control(hyper, this);
      try (DeviceData validationData = fit.validationData().map(this::scaled).map(this::upload).orElse(null)) {
        if (chunk < train.size()) {
          try (ChunkStream stream = new ChunkStream(train, chunk, allocate(chunk, chunk), allocate(chunk, chunk),
              this::write)) {
            return training.runStreamed(stream, validationData, batch, fit, control);
          }
        } else {
          try (DeviceData trainData = upload(train)) {
            return training.run(trainData, validationData, batch, fit, control);
          }
        }
      } finally {
        // the epochs that ran, also when a callback or the device failed part-way: their weight
        // changes stay, so a resumed fit must shuffle as after them
        epochsTrained += control.epochs().size();
      }
    }
  }

  public Evaluation evaluate(Dataset data) {
    synchronized (lock) {
      ensureOpen();
      checks.requireLoss("evaluate");
      checks.check(data, "evaluation");
      try (DeviceData device = upload(scaled(data))) {
        orders.identity(device);
        passes.bind(device);
        passes.start(Passes.counters(data.size(), spec.batch(), true));
        passes.forwardSteps(Passes.steps(data.size(), spec.batch()));
        ByteBuffer read = passes.queueTotalsRead(1);
        passes.finish();
        return passes.totals(read, 0).evaluation(spec, l2Penalty());
      }
    }
  }

  /**
   * One training step on all of {@code batch} with {@code fit}'s optimizer settings and seed
   * (Keras's train_on_batch); queued, not waited for: see {@link BatchResult}.
   */
  public BatchResult trainOnBatch(Dataset batch, Fit fit) {
    synchronized (lock) {
      ensureOpen();
      checks.requireLoss("trainOnBatch");
      checks.checkOneBatch(batch, "trainOnBatch");
      checks.checkStepSettings(fit);
      writeHyper(fit.hyperParameters(spec.optimizer(), spec.l2()));
      return batchSteps.step(scaled(batch), true, fit.seedValue(), 0);
    }
  }

  /** Loss and metric of {@code batch}, weights unchanged (Keras's test_on_batch); queued as {@link #trainOnBatch}. */
  public BatchResult testOnBatch(Dataset batch) {
    synchronized (lock) {
      ensureOpen();
      checks.requireLoss("testOnBatch");
      checks.checkOneBatch(batch, "testOnBatch");
      return batchSteps.step(scaled(batch), false, 0, l2Penalty());
    }
  }

  /**
   * One GAN iteration (see the generated {@code adversarialStep}): part {@code discriminatorField}
   * trains on {@code real} and as many images part {@code generatorField} makes from {@code noise},
   * then this model trains on new noise with label 1. All of it is queued; nothing is read back.
   */
  public GanStep adversarialStep(String generatorField, String discriminatorField, Dataset real, Noise noise,
                                 Fit fit) {
    synchronized (lock) {
      ensureOpen();
      Engine generator = parts.get(generatorField);
      Engine discriminator = parts.get(discriminatorField);
      int rows = real.size();
      int largest = Math.min(Math.min(spec.batch(), generator.spec.batch()), discriminator.spec.batch() / 2);
      if (rows == 0 || rows > largest) {
        throw new KilnException("adversarialStep got " + rows + " real images; it takes 1 to " + largest + " (the"
            + " discriminator's step holds them and as many generated ones, in its batch of "
            + discriminator.spec.batch() + "); pass real.slice(from, from + " + largest + ")");
      }
      if (real.featureWidth() != discriminator.spec.inputWidth()) {
        throw new KilnException("the real images have " + real.featureWidth() + " values each, but "
            + discriminator.spec.simpleName() + " takes " + Arrays.toString(discriminator.spec.inputShape()));
      }
      if (inputScaler != null || generator.inputScaler != null) {
        throw new KilnException("adversarialStep draws the noise on the device, where no input scaler applies, but "
            + (inputScaler != null ? spec.simpleName() : generator.spec.simpleName()) + " has one; remove it with"
            + " scaleInputs(null), or draw noise already scaled (Noise.normal(seed, mean, stddev))");
      }
      checks.checkStepSettings(fit);
      double[] hyper = fit.hyperParameters(spec.optimizer(), spec.l2());
      double[] discriminatorHyper = fit.hyperParameters(discriminator.spec.optimizer(), discriminator.spec.l2());

      ClBuffer fakes = generator.queueForward(noise, rows, discriminator.batchSteps);
      long imageBytes = (long) rows * discriminator.spec.inputWidth() * spec.realBytes();
      float[] realImages = discriminator.scaled(real).features();
      discriminator.writeHyper(discriminatorHyper);
      BatchResult d = discriminator.batchSteps.step(2 * rows, halves(rows, 1, 0), (set, host) -> {
        host.write(set.features(), 0, realImages);
        cl.copy(fakes, 0, set.features(), imageBytes, imageBytes);
      }, true, fit.seedValue(), 0);
      writeHyper(hyper);
      float[] ones = new float[rows];
      Arrays.fill(ones, 1);
      BatchResult g = batchSteps.step(rows, ones, (set, host) -> noiseKernels().fill(noise,
          set.features(), 0, rows * spec.inputWidth()), true, fit.seedValue(), 0);
      return new GanStep(d, g);
    }
  }

  /**
   * Queues noise into the predict set and a forward pass over its first {@code rows} samples;
   * returns the buffer of the model's output. The counters it writes are kept by {@code keeper}.
   */
  private ClBuffer queueForward(Noise noise, int rows, BatchSteps keeper) {
    noiseKernels().fill(noise, predictData.features(), 0, rows * spec.inputWidth());
    orders.identity(predictData);
    passes.bind(predictData);
    ByteBuffer counters = passes.predictCounters(rows);
    if (counters != null) {
      keeper.keep(counters);
    }
    kernels.enqueueInferenceStep(cl);
    return buffers.activations(spec.output().layer());
  }

  /** {@code 2 * rows} labels: {@code first} for the first half, {@code second} for the rest. */
  private static float[] halves(int rows, float first, float second) {
    float[] labels = new float[2 * rows];
    Arrays.fill(labels, 0, rows, first);
    Arrays.fill(labels, rows, 2 * rows, second);
    return labels;
  }

  private NoiseKernels noiseKernels() {
    if (noiseKernels == null) {
      noiseKernels = new NoiseKernels(cl, spec.precision());
    }
    return noiseKernels;
  }

  public float[] predict(float[] sample) {
    return predict(new float[][] {sample})[0];
  }

  /**
   * One host round trip for all samples: per compiled batch, the inputs are queued from a direct
   * buffer (and the counters, when the row count changed), then the forward kernels, then a read of
   * the outputs into another direct buffer; the host waits once, on the last read.
   */
  public float[][] predict(float[][] samples) {
    for (int s = 0; s < samples.length; s++) {
      checks.checkSample(samples[s], s);
    }
    int inputBytes = spec.inputWidth() * spec.realBytes();
    synchronized (lock) {
      ensureOpen();
      orders.identity(predictData);
      passes.bind(predictData);
      ByteBuffer inputs = stage(samples);
      // per output a block of its rows, [samples][its values], one after the other
      ByteBuffer outputs = predictOutputs(samples.length * spec.outputWidth() * spec.realBytes());
      List<ByteBuffer> counters = new ArrayList<>(); // queued writes read these until the last read returns
      for (int from = 0; from < samples.length; from += spec.batch()) {
        int n = Math.min(spec.batch(), samples.length - from);
        cl.enqueueWrite(predictData.features(), 0, inputs.slice(from * inputBytes, n * inputBytes));
        counters.add(passes.predictCounters(n));
        kernels.enqueueInferenceStep(cl);
        int block = 0;
        for (NodeSpec output : outputNodes) {
          int rowBytes = output.outputs() * spec.realBytes();
          ByteBuffer rows = outputs.slice(block + from * rowBytes, n * rowBytes);
          boolean last = from + n == samples.length && output == spec.output();
          if (last) {
            cl.read(buffers.activations(output.layer()), 0, rows); // waits for everything queued
          } else {
            cl.enqueueRead(buffers.activations(output.layer()), 0, rows);
          }
          block += samples.length * rowBytes;
        }
      }
      Reference.reachabilityFence(counters); // the last read waited for the queued writes
      return unstage(outputs, samples.length);
    }
  }

  /** See {@link dev.kiln.CompiledModel#inputGradient}: forward, then the backward kernels from the output's gradient. */
  public float[] inputGradient(float[] sample, int output) {
    if (output < 0 || output >= spec.outputWidth()) {
      throw new KilnException("output " + output + " does not exist: " + spec.simpleName() + " has outputs 0.."
          + (spec.outputWidth() - 1));
    }
    checks.requireLoss("inputGradient");
    synchronized (lock) {
      predict(new float[][] {sample});
      // the chosen output's gradient starts the backward pass; every other output's is zero
      int first = 0;
      for (NodeSpec node : outputNodes) {
        double[] gradient = new double[node.units()];
        if (output >= first && output < first + node.units()) {
          double[] p = readReals(buffers.activations(node.layer()), node.units());
          gradient = OutputGradient.of(node, p, output - first);
        }
        writeReals(buffers.delta(node.layer()), gradient);
        first += node.units();
      }
      kernels.enqueueInputGradientStep(cl);
      // the row's gradient, input by input: those of indices stay 0
      float[] out = new float[spec.inputWidth()];
      List<NodeSpec> inputs = spec.inputs();
      for (int k = 0; k < inputs.size(); k++) {
        NodeSpec input = inputs.get(k);
        if (input.indices()) {
          continue;
        }
        double[] gradient = readReals(buffers.inputGradient(k), input.outputs());
        int column = spec.column(input);
        for (int i = 0; i < gradient.length; i++) {
          // through the scaler: x' = (x - offset) / scale, so d/dx = d/dx' / scale
          int c = column + i;
          out[c] = (float) (inputScaler == null ? gradient[i] : gradient[i] / inputScaler.scales()[c]);
        }
      }
      return out;
    }
  }

  /** The samples in the device's number type, in a direct buffer kept between calls. */
  private ByteBuffer stage(float[][] samples) {
    int width = spec.inputWidth();
    int bytes = samples.length * width * spec.realBytes();
    if (predictInputs == null || predictInputs.capacity() < bytes) {
      predictInputs = Passes.direct(bytes);
    }
    if (spec.precision() == Precision.DOUBLE) {
      DoubleBuffer view = predictInputs.asDoubleBuffer();
      for (float[] sample : samples) {
        for (float v : scaled(sample)) {
          view.put(v);
        }
      }
    } else {
      FloatBuffer view = predictInputs.asFloatBuffer();
      for (float[] sample : samples) {
        view.put(scaled(sample));
      }
    }
    return predictInputs;
  }

  private ByteBuffer predictOutputs(int bytes) {
    if (predictOutputs == null || predictOutputs.capacity() < bytes) {
      predictOutputs = Passes.direct(bytes);
    }
    return predictOutputs;
  }

  /** Each sample's row: its outputs' values side by side, from the outputs' blocks. */
  private float[][] unstage(ByteBuffer outputs, int rows) {
    float[][] out = new float[rows][spec.outputWidth()];
    int block = 0;
    int column = 0;
    for (NodeSpec output : outputNodes) {
      int width = output.outputs();
      for (int r = 0; r < rows; r++) {
        for (int o = 0; o < width; o++) {
          int at = block + (r * width + o) * spec.realBytes();
          out[r][column + o] = spec.precision() == Precision.DOUBLE ? (float) outputs.getDouble(at) : outputs.getFloat(at);
        }
      }
      block += rows * width * spec.realBytes();
      column += width;
    }
    return out;
  }


  public void summary(PrintStream out) {
    Summary.print(spec, device(), out);
  }

  public void save(Path file) {
    synchronized (lock) {
      ensureOpen();
      int[] step = new int[1];
      cl.read(buffers.counters(), 4L * Counter.STEP.ordinal(), step, 0, 1);
      Checkpoint.write(file, spec, this, this::readState, step[0], epochsTrained, inputScaler);
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
      cl.write(buffers.counters(), 4L * Counter.STEP.ordinal(), new int[] {contents.step()}, 0, 1);
      inputScaler = contents.inputScaler();
      epochsTrained = contents.epochs();
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

  /** Releases its buffers and device context, and its parts'; a part is closed by closing its whole. */
  @Override
  public void close() {
    synchronized (lock) {
      if (!isPart) {
        release();
      }
    }
  }

  private void release() {
    if (closed) {
      return;
    }
    closed = true;
    parts.values().forEach(Engine::release);
    batchSteps.close();
    if (noiseKernels != null) {
      noiseKernels.close();
    }
    predictData.close();
    buffers.close();
    if (!isPart) {
      cl.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new KilnException(spec.simpleName() + " is closed; open it again with " + spec.simpleName()
          + "Compiled.open()" + (isPart ? ", or the model that contains it" : ""));
    }
  }

  private Dataset scaled(Dataset data) {
    return inputScaler == null ? data : inputScaler.apply(data);
  }

  private float[] scaled(float[] sample) {
    return inputScaler == null ? sample : inputScaler.apply(sample);
  }

  /** Sets the run-time hyper-parameters, laid out as common.cl's hyper slots. */
  void writeHyper(double[] hyper) {
    if (!Arrays.equals(hyper, hyperOnDevice)) {
      writeReals(buffers.hyper(), hyper);
      hyperOnDevice = hyper.clone();
    }
  }

  /**
   * The L2 term of the loss, {@code l2 * sum(w^2)} over the weights training updates (a frozen
   * layer's are constants, as the device's term leaves them out); 0 without weight decay.
   */
  private double l2Penalty() {
    if (spec.l2() == 0) {
      return 0;
    }
    double sum = 0;
    for (NodeSpec layer : spec.layers()) {
      if (layer.frozen()) {
        continue;
      }
      for (double w : readReals(buffers.params(layer.layer()), layer.weightCount())) {
        sum += w * w;
      }
    }
    return spec.l2() * sum;
  }

  private DeviceData upload(Dataset data) {
    DeviceData device = allocate(data.size(), data.size());
    write(device, data.features(), data.labels());
    return device;
  }

  private void write(DeviceData device, float[] features, float[] labels) {
    if (spec.precision() == Precision.DOUBLE) {
      cl.write(device.features(), 0, toDoubles(features), 0, features.length);
      cl.write(device.labels(), 0, toDoubles(labels), 0, labels.length);
    } else {
      cl.write(device.features(), 0, features, 0, features.length);
      cl.write(device.labels(), 0, labels, 0, labels.length);
    }
  }

  /**
   * Training samples to keep on the device at a time, in whole batches: the whole set when it takes
   * at most a quarter of the device's memory and {@code requested} (0: no limit) is not smaller.
   */
  private int chunkRows(Dataset train, int requested, int batch) {
    long bytesPerSample = (long) spec.realBytes() * (spec.inputWidth() + spec.labelWidth()) + 4;
    long fitting = cl.device().globalMemoryBytes() / 4 / bytesPerSample;
    long rows = requested > 0 ? Math.min(requested, fitting) : fitting;
    if (rows >= train.size()) {
      return train.size();
    }
    return (int) Math.max(batch, rows / batch * batch);
  }

  private DeviceData allocate(int rows, int labelRows) {
    long real = spec.realBytes();
    return new DeviceData(cl.buffer(real * rows * spec.inputWidth()),
        cl.buffer(real * Math.max(1, labelRows) * spec.labelWidth()), cl.buffer(4L * rows), rows);
  }

  private double[] readReals(ClBuffer buffer, int count) {
    if (count == 0) { // a pool's parameters: OpenCL does not copy nothing
      return new double[0];
    }
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

  private void writeReals(ClBuffer buffer, double[] values) {
    if (values.length == 0) {
      return;
    }
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
}
