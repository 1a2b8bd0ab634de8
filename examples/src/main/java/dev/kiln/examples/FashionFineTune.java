package dev.kiln.examples;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dropout;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.MaxPool2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Fine-tuning: the tutorial CNN's convolutions, learned on one task, frozen under a new head for
 * another (Keras's transfer-learning recipe: {@code base.trainable = False}, a new classifier on top). The first task is Fashion-MNIST's first five classes (T-shirt, trouser, pullover,
 * dress, coat); the second its last five (sandal, shirt, sneaker, bag, ankle boot), learned from
 * only a few hundred labelled images. The same model trained from scratch on those images, and
 * fine-tuned whole from the learned convolutions, are the comparison. With the convolutions frozen
 * a training step has no convolution gradients to compute, most of the tutorial CNN's work.
 *
 * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.FashionFineTune
 * [-Dexec.args="LABELLED"]}, LABELLED images of the second task (default 500).
 */
public final class FashionFineTune {
  /** The tutorial CNN's convolutions: what the first task teaches and the second reuses; trained only inside them. */
  @Model(input = {28, 28, 1}, loss = Loss.NONE, batch = 128)
  public abstract static class Convolutions {
    @Layer(filters = 32, kernel = 3) @Activation(RELU) Conv2D conv1;
    @Layer(filters = 64, kernel = 3) @Activation(RELU) Conv2D conv2;
    @Layer(pool = 2) MaxPool2D pool;
  }

  /** The learned convolutions, frozen, under a new head: training moves the head alone. */
  @Model(input = {28, 28, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 128)
  public abstract static class NewHead {
    @Layer(trainable = false) Convolutions convolutions;
    @Layer(rate = 0.25) Dropout drop1;
    @Layer Flatten flat;
    @Layer(units = 128) @Activation(RELU) Dense hidden;
    @Layer(rate = 0.5) Dropout drop2;
    @Layer(units = 5) @Activation(SOFTMAX) Dense classes;
  }

  /**
   * The tutorial CNN, its convolutions a model of their own, for five classes: it learns the first
   * task, and the second from scratch or fine-tuned whole from the learned convolutions.
   */
  @Model(input = {28, 28, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 128)
  public abstract static class WholeModel {
    @Layer Convolutions convolutions;
    @Layer(rate = 0.25) Dropout drop1;
    @Layer Flatten flat;
    @Layer(units = 128) @Activation(RELU) Dense hidden;
    @Layer(rate = 0.5) Dropout drop2;
    @Layer(units = 5) @Activation(SOFTMAX) Dense classes;
  }

  /** How each way of learning the second task did: test accuracy, and seconds its training took. */
  public record Way(double accuracy, double seconds) {}

  /** The first task's test accuracy, and the second task learned three ways. */
  public record Result(double firstTask, Way scratch, Way newHead, Way fineTuned) {}

  public static void main(String[] args) {
    int labelled = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Result r = run(FashionMnist.train(), FashionMnist.test(), labelled, 2, 30);
    System.out.printf(Locale.ROOT, "First task (classes 0-4), test accuracy: %.4f%n", r.firstTask());
    System.out.printf(Locale.ROOT, "Second task (classes 5-9) from %d labelled images, 30 epochs:%n", labelled);
    print("from scratch", r.scratch());
    print("learned convolutions, frozen, new head", r.newHead());
    print("all layers fine-tuned from them", r.fineTuned());
  }

  private static void print(String way, Way result) {
    System.out.printf(Locale.ROOT, "  %-40s test accuracy %.4f, trained in %.1f s%n", way + ":", result.accuracy(),
        result.seconds());
  }

  /**
   * Learns the first task from all its training images for {@code firstEpochs} epochs, then the
   * second from its first {@code labelled} training images for {@code secondEpochs} epochs, three ways.
   */
  public static Result run(Dataset train, Dataset test, int labelled, int firstEpochs, int secondEpochs) {
    Dataset secondTrain = classes(train, 5).slice(0, labelled);
    Dataset secondTest = classes(test, 5);
    Fit second = Fit.epochs(secondEpochs).seed(1).verbose(0);
    Path learned = temporaryFile();
    try (FashionFineTune_WholeModelCompiled first = FashionFineTune_WholeModelCompiled.open();
         FashionFineTune_NewHeadCompiled newHead = FashionFineTune_NewHeadCompiled.open();
         FashionFineTune_WholeModelCompiled scratch = FashionFineTune_WholeModelCompiled.open();
         FashionFineTune_WholeModelCompiled fineTuned = FashionFineTune_WholeModelCompiled.open()) {
      first.fit(classes(train, 0), Fit.epochs(firstEpochs).seed(1).verbose(0));
      double firstTask = first.evaluate(classes(test, 0)).accuracy();
      // the convolutions are a model file of their own: a part saves and loads as a model
      first.convolutions().save(learned);
      newHead.convolutions().load(learned);
      fineTuned.convolutions().load(learned);
      return new Result(firstTask, learn(scratch, secondTrain, second, secondTest),
          learn(newHead, secondTrain, second, secondTest),
          // small steps, not to undo what the convolutions know
          learn(fineTuned, secondTrain, second.learningRate(1e-4), secondTest));
    } finally {
      learned.toFile().delete();
    }
  }

  private static Way learn(CompiledModel model, Dataset train, Fit fit, Dataset test) {
    long start = System.nanoTime();
    model.fit(train, fit);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Way(model.evaluate(test).accuracy(), seconds);
  }

  /** The samples of classes {@code from .. from + 4}, relabelled 0 to 4. */
  static Dataset classes(Dataset data, int from) {
    float[] labels = data.labels();
    int[] picked = IntStream.range(0, data.size()).filter(i -> labels[i] >= from && labels[i] < from + 5).toArray();
    Dataset selected = data.select(picked);
    int[] relabelled = new int[picked.length];
    for (int i = 0; i < picked.length; i++) {
      relabelled[i] = (int) selected.labels()[i] - from;
    }
    return Dataset.ofClasses(selected.features(), selected.featureShape(), relabelled, 5);
  }

  private static Path temporaryFile() {
    try {
      return Files.createTempFile("kiln-features", ".kiln");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FashionFineTune() {}
}
