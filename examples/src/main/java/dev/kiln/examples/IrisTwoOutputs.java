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
import dev.kiln.data.Scaler;
import dev.kiln.data.TutorialData;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Input;
import dev.kiln.metrics.Regression;
import java.util.Arrays;

/**
 * A model with two outputs, each with its own loss (Keras's multi-output models): from an iris's
 * sepal length, sepal width and petal length, one shared hidden layer predicts both its species
 * (softmax, cross-entropy) and its petal width in cm (linear, mean squared error, half the weight).
 * Prints the test accuracy of the species and the RMSE of the petal width.
 */
public final class IrisTwoOutputs {
  @Model(loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 16)
  public abstract static class Net {
    @Layer(shape = 3) Input measurements;
    @Layer(units = 16) @Activation(RELU) Dense shared;
    @Layer(from = "shared", units = 1, loss = Loss.MEAN_SQUARED_ERROR, lossWeight = 0.5) Dense petalWidth;
    @Layer(from = "shared", units = 3) @Activation(SOFTMAX) Dense species;
  }

  /** The test accuracy of the species (the main output's metric) and the RMSE of the petal width. */
  public record Result(double accuracy, double petalWidthRmse) {}

  public static Result run(Fit fit) {
    Dataset[] parts = withPetalWidthAsALabel(TutorialData.iris()).split(0.8, 5);
    Dataset train = parts[0];
    Dataset test = parts[1];
    try (IrisTwoOutputs_NetCompiled net = IrisTwoOutputs_NetCompiled.open()) {
      net.scaleInputs(Scaler.standardize(train));
      net.summary(System.out);
      net.fit(train, fit.validation(test));
      Evaluation evaluation = net.evaluate(test);
      return new Result(evaluation.output("species").accuracy(), Regression.of(net, test, "petalWidth").rmse());
    }
  }

  /** Iris with its fourth measurement, the petal width, moved from the features to the labels. */
  static Dataset withPetalWidthAsALabel(Dataset iris) {
    float[][] measured = new float[iris.size()][];
    float[] petalWidth = new float[iris.size()];
    int[] species = new int[iris.size()];
    for (int s = 0; s < iris.size(); s++) {
      float[] row = Arrays.copyOfRange(iris.features(), 4 * s, 4 * s + 4);
      measured[s] = Arrays.copyOf(row, 3);
      petalWidth[s] = row[3];
      species[s] = (int) iris.labels()[s];
    }
    return IrisTwoOutputs_NetCompiled.dataset(measured, petalWidth, species);
  }

  public static void main(String[] args) {
    Result result = run(Fit.epochs(100).learningRate(0.01).seed(1).verbose(args.length > 0 ? 1 : 0));
    System.out.printf("Test: species accuracy %.3f, petal width RMSE %.3f cm%n", result.accuracy(),
        result.petalWidthRmse());
  }

  private IrisTwoOutputs() {}
}
