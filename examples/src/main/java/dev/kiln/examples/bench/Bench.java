package dev.kiln.examples.bench;

import dev.kiln.Fit;
import dev.kiln.GanStep;
import dev.kiln.History;
import dev.kiln.Noise;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import dev.kiln.examples.FashionCnn_NetCompiled;
import dev.kiln.examples.FashionGan;
import dev.kiln.examples.FashionGan_GanCompiled;
import dev.kiln.examples.FashionMlp_NetCompiled;
import dev.kiln.examples.Recommender_DotNetCompiled;
import dev.kiln.examples.Xor;
import dev.kiln.examples.Xor_XorNetCompiled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The benchmark runner: the workloads of shared/bench/torch_anchor.py and keras_anchor.py, measured
 * in Kiln, one JSON line per figure and then a table; with {@code --compare} the peers' scripts run
 * in the same invocation (with {@code --compare-pytorch}, PyTorch's only) and the table shows Kiln's
 * ratio to the best peer (for latency, the peer's over Kiln's: above 1 is Kiln ahead everywhere).
 *
 * <p>Usage: {@code examples/bench [--compare | --compare-pytorch] [--quick] [workload ...]};
 * workloads: xor, mlp-small, mlp-wide, cnn-seed, lstm, recommender, gan, infer-mlp-small, start (default: all).
 */
public final class Bench {
  private static final Map<String, Consumer<Bench>> WORKLOADS = new LinkedHashMap<>();

  static {
    WORKLOADS.put("xor", Bench::xor);
    WORKLOADS.put("mlp-small", b -> b.mlp("mlp-small"));
    WORKLOADS.put("mlp-wide", b -> b.mlp("mlp-wide"));
    WORKLOADS.put("cnn-seed", Bench::cnnSeed);
    WORKLOADS.put("lstm", Bench::lstm);
    WORKLOADS.put("recommender", Bench::recommender);
    WORKLOADS.put("gan", Bench::gan);
    WORKLOADS.put("infer-mlp-small", Bench::inferMlpSmall);
    WORKLOADS.put("start", Bench::start);
  }

  private final boolean quick;
  private final List<Figure> figures = new ArrayList<>();

  private Bench(boolean quick) {
    this.quick = quick;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    List<PeerAnchor> peers = new ArrayList<>();
    boolean quick = false;
    List<String> workloads = new ArrayList<>();
    for (String arg : args) {
      switch (arg) {
        case "--compare" -> peers.addAll(List.of(PeerAnchor.values()));
        case "--compare-pytorch" -> peers.add(PeerAnchor.PYTORCH);
        case "--quick" -> quick = true;
        default -> {
          if (!WORKLOADS.containsKey(arg)) {
            System.err.println("unknown workload '" + arg + "'; known: " + String.join(", ", WORKLOADS.keySet()));
            System.exit(2);
          }
          workloads.add(arg);
        }
      }
    }
    if (workloads.isEmpty()) {
      workloads.addAll(WORKLOADS.keySet());
    }
    Bench bench = new Bench(quick);
    for (String workload : workloads) {
      WORKLOADS.get(workload).accept(bench);
    }
    List<Figure> peer = new ArrayList<>();
    for (PeerAnchor anchor : peers) {
      peer.addAll(anchor.run(workloads, quick));
    }
    Table.print(bench.figures, peer, System.out);
  }

  private void emit(String workload, String metric, double value, String unit) {
    Figure figure = new Figure("kiln", workload, metric, value, unit);
    figures.add(figure);
    System.out.println(figure.json());
  }

  private void xor() {
    Dataset data = Dataset.of(Xor.INPUTS, Xor.TARGETS);
    int steps = quick ? 2_000 : 20_000;
    try (Xor_XorNetCompiled net = Xor_XorNetCompiled.open()) {
      double[] rates = new double[3];
      for (int rep = 0; rep < rates.length; rep++) {
        long start = System.nanoTime();
        net.fit(data, Fit.epochs(steps).learningRate(0.5).shuffle(false).verbose(0));
        rates[rep] = steps / ((System.nanoTime() - start) / 1e9);
      }
      emit("xor", "train_steps_per_s", median(rates), "steps/s");
      float[][] p = net.predict(Xor.INPUTS);
      boolean converged = true;
      for (int i = 0; i < p.length; i++) {
        converged &= (p[i][0] > 0.5) == (Xor.TARGETS[i][0] > 0.5);
      }
      emit("xor", "converged", converged ? 1 : 0, "bool");
    }
  }

  private void mlp(String name) {
    if (!FashionMnist.available(FashionMnist.DEFAULT_DIR)) {
      System.err.println(name + ": skipped, Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
      return;
    }
    Dataset train = FashionMnist.train();
    Dataset test = FashionMnist.test();
    int epochs = quick ? 2 : 5;
    Fit fit = Fit.epochs(epochs).seed(0).verbose(0);
    try (dev.kiln.CompiledModel net = name.equals("mlp-small")
        ? FashionMlp_NetCompiled.open() : BenchModels_WideMlpCompiled.open()) {
      History history = net.fit(train, fit);
      double[] rates = history.epochs().stream().skip(1).limit(3)
          .mapToDouble(e -> e.samples() / e.seconds()).toArray();
      emit(name, "train_samples_per_s", median(rates), "samples/s");
      emit(name, "test_accuracy_after_" + epochs + "_epochs", net.evaluate(test).accuracy(), "fraction");
    }
  }

  /** The tutorial CNN as torch_anchor.py times it: 4 chunks of 30 steps (10 quick), the first warms up. */
  private void cnnSeed() {
    if (!FashionMnist.available(FashionMnist.DEFAULT_DIR)) {
      System.err.println("cnn-seed: skipped, Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
      return;
    }
    Dataset train = FashionMnist.train();
    int batch = 128;
    int chunk = quick ? 10 : 30;
    try (FashionCnn_NetCompiled net = FashionCnn_NetCompiled.open()) {
      double[] rates = new double[3];
      for (int c = 0; c < 4; c++) {
        Dataset steps = train.slice(c * chunk * batch, (c + 1) * chunk * batch);
        long start = System.nanoTime();
        net.fit(steps, Fit.epochs(1).shuffle(false).seed(0).verbose(0));
        if (c > 0) {
          rates[c - 1] = steps.size() / ((System.nanoTime() - start) / 1e9);
        }
      }
      emit("cnn-seed", "train_samples_per_s", median(rates), "samples/s");
    }
  }

  /**
   * The tutorial's text LSTM as the anchors time it: 40 batches of 64 samples of 100 random tokens
   * (10 quick), random labels, Adam; after an epoch that warms up, the median of three timed epochs.
   */
  private void lstm() {
    java.util.Random random = new java.util.Random(0);
    int n = 64 * (quick ? 10 : 40);
    int[][] tokens = new int[n][100];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < 100; t++) {
        tokens[i][t] = random.nextInt(10_000);
      }
      labels[i] = random.nextInt(2);
    }
    Dataset train = BenchModels_TextLstmCompiled.dataset(tokens, labels);
    try (BenchModels_TextLstmCompiled net = BenchModels_TextLstmCompiled.open()) {
      net.fit(train, Fit.epochs(1).seed(0).verbose(0));
      double[] rates = new double[3];
      for (int rep = 0; rep < rates.length; rep++) {
        long start = System.nanoTime();
        net.fit(train, Fit.epochs(1).seed(rep).verbose(0));
        rates[rep] = n / ((System.nanoTime() - start) / 1e9);
      }
      emit("lstm", "train_samples_per_s", median(rates), "samples/s");
    }
  }

  /**
   * The tutorial's recommender as the anchors time it: MovieLens "latest small" sizes (671 users,
   * 9,066 movies, 100,004 ratings) with random ids, Adam, batch 256; the median of epochs 2 to 4.
   */
  private void recommender() {
    java.util.Random random = new java.util.Random(0);
    int n = 100_004;
    int[] users = new int[n];
    int[] movies = new int[n];
    float[] ratings = new float[n];
    for (int i = 0; i < n; i++) {
      users[i] = random.nextInt(671);
      movies[i] = random.nextInt(9066);
      ratings[i] = 0.5f + 4.5f * random.nextFloat();
    }
    Dataset train = Recommender_DotNetCompiled.dataset(users, movies, ratings);
    try (Recommender_DotNetCompiled net = Recommender_DotNetCompiled.open()) {
      History history = net.fit(train, Fit.epochs(4).seed(0).verbose(0));
      double[] rates = history.epochs().stream().skip(1).mapToDouble(e -> e.samples() / e.seconds()).toArray();
      emit("recommender", "train_samples_per_s", median(rates), "samples/s");
    }
  }

  /**
   * The tutorial GAN as the anchors time it: 50 batches of 128 random "real" images in [-1, 1];
   * an iteration ({@code adversarialStep}) is a discriminator step on 128 real and 128 generated
   * images, then a generator step; the median of 3 timed runs of 50 iterations after one untimed.
   */
  private void gan() {
    java.util.Random random = new java.util.Random(0);
    float[] images = new float[FashionGan.BATCH * 50 * 784];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat() * 2 - 1;
    }
    Dataset real = Dataset.of(images, new int[] {28, 28, 1}, new float[images.length / 784], 1);
    Dataset[] batches = new Dataset[50];
    for (int b = 0; b < batches.length; b++) {
      batches[b] = real.slice(b * FashionGan.BATCH, (b + 1) * FashionGan.BATCH);
    }
    try (FashionGan_GanCompiled gan = FashionGan_GanCompiled.open()) {
      Noise noise = Noise.normal(0);
      int steps = quick ? 10 : 50;
      double[] rates = new double[3];
      for (int rep = -1; rep < rates.length; rep++) {
        long start = System.nanoTime();
        GanStep last = null;
        for (int s = 0; s < steps; s++) {
          last = gan.adversarialStep(batches[s % batches.length], noise, FashionGan.ADAM);
        }
        last.generator().loss(); // waits for the queue
        if (rep >= 0) {
          rates[rep] = steps / ((System.nanoTime() - start) / 1e9);
        }
      }
      emit("gan", "train_iterations_per_s", median(rates), "iterations/s");
    }
  }

  private void inferMlpSmall() {
    java.util.Random random = new java.util.Random(0);
    float[] one = new float[784];
    float[][] many = new float[1024][784];
    for (float[] row : many) {
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextFloat();
      }
    }
    System.arraycopy(many[0], 0, one, 0, one.length);
    int calls = quick ? 1_000 : 10_000;
    try (FashionMlp_NetCompiled net = FashionMlp_NetCompiled.open()) {
      for (int i = 0; i < 200; i++) {
        net.predict(one);
      }
      double[] times = new double[calls];
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        net.predict(one);
        times[i] = (System.nanoTime() - start) / 1e3;
      }
      emit("infer-mlp-small", "batch1_latency_median", median(times), "us");
      double[] rates = new double[20];
      for (int i = 0; i < rates.length; i++) {
        long start = System.nanoTime();
        net.predict(many);
        rates[i] = many.length / ((System.nanoTime() - start) / 1e9);
      }
      emit("infer-mlp-small", "batch1024_samples_per_s", median(rates), "samples/s");
    }
  }

  /** JVM start to the first finished training step, with an empty and then a warm binary cache. */
  private void start() {
    try {
      Path cache = Files.createTempDirectory("kiln-bench-cache");
      emit("start", "first_step_ms_empty_cache", probe(cache), "ms");
      double[] warm = new double[quick ? 1 : 3];
      for (int i = 0; i < warm.length; i++) {
        warm[i] = probe(cache);
      }
      emit("start", "first_step_ms_warm_cache", median(warm), "ms");
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("start workload failed: " + e.getMessage(), e);
    }
  }

  private static double probe(Path cache) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long launched = System.currentTimeMillis();
    Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dkiln.cache=" + cache,
        "-cp", System.getProperty("java.class.path"), StartProbe.class.getName()).redirectErrorStream(true).start();
    String output;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      output = String.join("\n", reader.lines().toList());
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException("start probe failed:\n" + output);
    }
    String[] lines = output.trim().split("\n");
    return Long.parseLong(lines[lines.length - 1].trim()) - launched;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String format(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3f", value);
  }
}
