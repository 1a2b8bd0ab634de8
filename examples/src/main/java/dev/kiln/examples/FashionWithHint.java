package dev.kiln.examples;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;

import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import dev.kiln.data.Shuffle;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.Input;

/**
 * A model with two inputs of different kinds, as the cross-modal tutorials have: a Fashion-MNIST
 * image, and a small row of tabular features, here a hint that carries part of the label (which of
 * three groups the class falls in, its number modulo 3, one-hot). Each input has a branch of its own;
 * the branches are joined and a softmax layer names the class. With the hint the model tells apart
 * what the image alone confuses (shirts from T-shirts); without the image the hint alone cannot do
 * better than a third.
 *
 * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.FashionWithHint}.
 */
public final class FashionWithHint {
  @Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 128)
  public abstract static class Net {
    @Layer(shape = {28, 28, 1}) Input image;
    @Layer(shape = 3) Input hint;
    @Layer(from = "image") Flatten pixels;
    @Layer(units = 128) @Activation(RELU) Dense seen;
    @Layer(from = "hint", units = 8) @Activation(RELU) Dense told;
    @Layer(from = {"seen", "told"}) Concatenate joined;
    @Layer(units = 10) @Activation(SOFTMAX) Dense out;
  }

  /** Test accuracy with both inputs, with the hints of other samples, and with blank images. */
  public record Result(double both, double otherHints, double blankImages) {}

  /** The hint of a class: its number modulo 3, one-hot. */
  static float[][] hints(Dataset data) {
    float[][] hints = new float[data.size()][3];
    for (int s = 0; s < data.size(); s++) {
      hints[s][(int) data.labels()[s] % 3] = 1;
    }
    return hints;
  }

  static float[][] images(Dataset data) {
    float[][] images = new float[data.size()][data.featureWidth()];
    for (int s = 0; s < data.size(); s++) {
      System.arraycopy(data.features(), s * data.featureWidth(), images[s], 0, data.featureWidth());
    }
    return images;
  }

  static int[] classes(Dataset data) {
    int[] classes = new int[data.size()];
    for (int s = 0; s < data.size(); s++) {
      classes[s] = (int) data.labels()[s];
    }
    return classes;
  }

  public static Result run(Dataset train, Dataset test, Fit fit) {
    try (FashionWithHint_NetCompiled net = FashionWithHint_NetCompiled.open()) {
      net.fit(FashionWithHint_NetCompiled.dataset(images(train), hints(train), classes(train)), fit);
      float[][] images = images(test);
      float[][] hints = hints(test);
      int[] classes = classes(test);
      Evaluation both = net.evaluate(FashionWithHint_NetCompiled.dataset(images, hints, classes));
      // the hints of other samples, which the image has to outweigh
      int[] order = Shuffle.permutation(hints.length, 1);
      float[][] shuffled = new float[hints.length][];
      for (int s = 0; s < hints.length; s++) {
        shuffled[s] = hints[order[s]];
      }
      Evaluation otherHints = net.evaluate(FashionWithHint_NetCompiled.dataset(images, shuffled, classes));
      Evaluation blankImages = net.evaluate(FashionWithHint_NetCompiled.dataset(new float[images.length][784], hints,
          classes));
      return new Result(both.accuracy(), otherHints.accuracy(), blankImages.accuracy());
    }
  }

  public static void main(String[] args) {
    Result result = run(FashionMnist.train(), FashionMnist.test(), Fit.epochs(5).seed(42));
    System.out.printf("Test accuracy: %.4f with both inputs, %.4f with the hints of other samples, %.4f with blank"
        + " images%n", result.both(), result.otherHints(), result.blankImages());
  }

  private FashionWithHint() {}
}
