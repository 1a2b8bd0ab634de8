package dev.kiln.examples;

import static dev.kiln.annotations.ActivationKind.RELU;

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

/**
 * Regression, as in the Keras tutorial: Boston house prices from 13 standardised features through
 * two layers of 64 ReLU units to one linear output, mean squared error, Adam. Prints the test mean
 * absolute error in $1000s.
 */
public final class BostonHousing {
  @Model(input = 13, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.ADAM, batch = 16)
  public abstract static class Net {
    @Layer(units = 64) @Activation(RELU) Dense hidden1;
    @Layer(units = 64) @Activation(RELU) Dense hidden2;
    @Layer(units = 1) Dense price;
  }

  /**
   * Trains on 80% of the houses and tests on the rest. The model standardises its raw inputs itself,
   * with statistics of the training part only, and would keep the scaler in a saved file.
   */
  public static Evaluation run(Fit fit) {
    Dataset[] parts = TutorialData.bostonHousing().split(0.8, 3);
    Dataset train = parts[0];
    Dataset test = parts[1];
    try (BostonHousing_NetCompiled net = BostonHousing_NetCompiled.open()) {
      net.scaleInputs(Scaler.standardize(train));
      net.summary(System.out);
      net.fit(train, fit.validation(test));
      return net.evaluate(test);
    }
  }

  public static void main(String[] args) {
    Evaluation result = run(Fit.epochs(100).seed(1).verbose(args.length > 0 ? 1 : 0));
    System.out.printf("Test mean absolute error: $%.0f (%s)%n", result.metric() * 1000, result);
  }

  private BostonHousing() {}
}
