package dev.kiln.examples;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;

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
 * Binary risk classification, the tutorials' credit-risk shape on the Wisconsin breast-cancer data:
 * 30 standardised measurements, 16 ReLU units, one sigmoid probability, binary cross-entropy.
 */
public final class BreastCancer {
  @Model(input = 30, loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 32)
  public abstract static class Net {
    @Layer(units = 16) @Activation(RELU) Dense hidden;
    @Layer(units = 1) @Activation(SIGMOID) Dense malignantOrBenign;
  }

  /** Trains on 80% of the samples and tests on the rest; the model standardises its raw inputs itself. */
  public static Evaluation run(Fit fit) {
    Dataset[] parts = TutorialData.breastCancer().split(0.8, 7);
    Dataset train = parts[0];
    Dataset test = parts[1];
    try (BreastCancer_NetCompiled net = BreastCancer_NetCompiled.open()) {
      net.scaleInputs(Scaler.standardize(train));
      net.fit(train, fit.validation(test));
      return net.evaluate(test);
    }
  }

  public static void main(String[] args) {
    Evaluation result = run(Fit.epochs(30).seed(1).learningRate(0.003));
    System.out.println("Test: " + result);
  }

  private BreastCancer() {}
}
