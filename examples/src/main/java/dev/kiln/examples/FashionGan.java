package dev.kiln.examples;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.TANH;

import dev.kiln.Fit;
import dev.kiln.GanStep;
import dev.kiln.Noise;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.Reshape;
import dev.kiln.plot.ImageGrid;
import dev.kiln.plot.LineChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The tutorials' GAN, its models and one iteration of its training. The generator turns 100 noise
 * values into a 28x28 image in [-1, 1]; the discriminator says how likely an image is real. Each
 * iteration trains the discriminator on 128 real and 128 generated images (labels 1 and 0), then
 * the generator through the combined model {@link Gan}, whose discriminator is frozen, with label 1:
 * the generator learns to make images the discriminator takes for real. {@code FashionGan_GanCompiled.adversarialStep}
 * runs such an iteration on the device: the noise is drawn there and the generated images go to the
 * discriminator without a copy to the host, so only the real images are uploaded.
 */
public final class FashionGan {
  public static final int NOISE = 100;
  public static final int BATCH = 128;
  private static final int PIXELS = 28 * 28;

  /** Dense(128, relu) -> Dense(256, relu) -> Dense(784, tanh); trained only inside {@link Gan}. */
  @Model(input = NOISE, loss = Loss.NONE, batch = BATCH)
  public abstract static class Generator {
    @Layer(units = 128) @Activation(RELU) Dense hidden1;
    @Layer(units = 256) @Activation(RELU) Dense hidden2;
    @Layer(units = PIXELS) @Activation(TANH) Dense pixels;
  }

  /** Flatten(28, 28, 1) -> Dense(256, relu) -> Dense(128, relu) -> Dense(1, sigmoid); one step sees 128 real and 128 fake. */
  @Model(input = {28, 28, 1}, loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 2 * BATCH)
  public abstract static class Discriminator {
    @Layer Flatten flat;
    @Layer(units = 256) @Activation(RELU) Dense hidden1;
    @Layer(units = 128) @Activation(RELU) Dense hidden2;
    @Layer(units = 1) @Activation(SIGMOID) Dense real;
  }

  /** discriminator(generator(noise)) with the discriminator frozen: training it trains the generator alone. */
  @Model(input = NOISE, loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = BATCH)
  public abstract static class Gan {
    @Layer Generator generator;
    @Layer(shape = {28, 28, 1}) Reshape image;
    @Layer(trainable = false) Discriminator discriminator;
  }

  /** The tutorial's optimizer for both models: Adam, learning rate 2e-4, beta1 0.5. */
  public static final Fit ADAM = Fit.epochs(1).learningRate(2e-4).betas(0.5, 0.999);

  /**
   * Trains the GAN for ITERATIONS (default 5,000) iterations over the training images, shuffled
   * each pass; every EVERY iterations (default 1,000) it writes the generator's images for 64 fixed
   * noise vectors, so the grids show the same 64 samples improving, and with {@code score} prints
   * the Inception-style score of 10,000 generated images under the tutorial CNN (see {@link
   * FashionGanJudge}). At the end: the loss chart of both models.
   *
   * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.FashionGan
   * [-Dexec.args="ITERATIONS EVERY [score]"]}; Fashion-MNIST from /usr/share/datasets/fashion-mnist.
   */
  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int every = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    boolean score = args.length > 2 && args[2].equals("score");
    Dataset train = toTanhRange(FashionMnist.train());
    Path here = Path.of("").toAbsolutePath();
    try (FashionGanJudge judge = score ? FashionGanJudge.open(here) : null;
         FashionGan_GanCompiled gan = FashionGan_GanCompiled.open()) {
      System.out.println("Device: " + gan.device());
      gan.summary(System.out);
      IntConsumer checkpoint = judge == null ? i -> { } : i -> System.out.printf(Locale.ROOT,
          "  Inception-style score of 10,000 generated images: %.3f%n", judge.score(generate(gan, 10_000)));
      Losses losses = train(gan, train, iterations, every, here, checkpoint);
      System.out.println("Samples: fashion-gan-*.png in " + here);
      Path chart = here.resolve("fashion-gan-losses.png");
      Map<String, List<Double>> curves = new LinkedHashMap<>();
      curves.put("discriminator", losses.discriminator);
      curves.put("generator", losses.generator);
      LineChart.writePng("GAN losses", "iteration", "binary cross-entropy", losses.iteration, curves, chart);
      System.out.println("Loss chart: " + chart);
      gan.save(here.resolve("fashion-gan.kiln"));
    }
  }

  /** {@code count} images from the generator, for noise of its own seed (the same each call), pixels in [-1, 1]. */
  public static float[][] generate(FashionGan_GanCompiled gan, int count) {
    return gan.generator().predict(Noise.normal(7).sample(count, NOISE));
  }

  /** The losses every {@link #LOSS_EVERY} iterations, for the chart. */
  public record Losses(List<Integer> iteration, List<Double> discriminator, List<Double> generator) {}

  public static final int LOSS_EVERY = 50;

  /**
   * {@code iterations} iterations over {@code train} (pixels in [-1, 1]), shuffled each pass; every
   * {@code every} iterations a line of figures and {@code out/fashion-gan-<iteration>.png}, the
   * generator's images for the same 64 noise vectors each time, then {@code checkpoint}.
   */
  public static Losses train(FashionGan_GanCompiled gan, Dataset train, int iterations, int every, Path out,
                             IntConsumer checkpoint) {
    float[][] fixedNoise = Noise.normal(1234).sample(64, NOISE);
    Losses losses = new Losses(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    Noise noise = Noise.normal(42);
    int batches = train.size() / BATCH;
    Dataset epoch = train;
    long start = System.nanoTime();
    for (int i = 1; i <= iterations; i++) {
      int batch = (i - 1) % batches;
      if (batch == 0) {
        epoch = train.shuffled(i);
      }
      GanStep step = gan.adversarialStep(epoch.slice(batch * BATCH, (batch + 1) * BATCH), noise, ADAM);
      if (i % LOSS_EVERY == 0) { // reading waits for the device, so read only what is kept
        losses.iteration.add(i);
        losses.discriminator.add(step.discriminator().loss());
        losses.generator.add(step.generator().loss());
      }
      if (i % every == 0 || i == iterations) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "iteration %d/%d: discriminator loss %.4f, accuracy %.3f; generator loss %.4f;"
            + " %.0f iterations/s%n", i, iterations, step.discriminator().loss(), step.discriminator().metric(),
            step.generator().loss(), i / seconds);
        long pause = System.nanoTime(); // the rate leaves out the pictures and the checkpoint
        Path grid = out.resolve(String.format(Locale.ROOT, "fashion-gan-%06d.png", i));
        ImageGrid.writePng(gan.generator().predict(fixedNoise), 28, 28, 8, -1, 1, 2, grid);
        checkpoint.accept(i);
        start += System.nanoTime() - pause;
      }
    }
    return losses;
  }

  /** Pixels from [0, 1] to [-1, 1], the generator's tanh range, as the tutorial scales them. */
  public static Dataset toTanhRange(Dataset images) {
    float[] pixels = images.features().clone();
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = pixels[i] * 2 - 1;
    }
    return Dataset.of(pixels, images.featureShape(), new float[images.size()], 1);
  }

  private FashionGan() {}
}
