package dev.kiln.examples;

import static dev.kiln.annotations.ActivationKind.SIGMOID;

import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Dense;

/** The tutorial's first network: XOR with one hidden layer of 8 sigmoid units, MSE and plain SGD. */
public final class Xor {
  @Model(input = 2, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD, batch = 4)
  abstract static class XorNet {
    @Layer(units = 8) @Activation(SIGMOID) Dense hidden;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  public static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  public static final float[][] TARGETS = {{0}, {1}, {1}, {0}};

  public static void main(String[] args) {
    try (Xor_XorNetCompiled net = Xor_XorNetCompiled.open()) {
      net.summary(System.out);
      History history = net.fit(Dataset.of(INPUTS, TARGETS),
          Fit.epochs(2000).learningRate(0.5).momentum(0.9).shuffle(false).verbose(0));
      System.out.printf("loss after %d epochs: %.5f%n", history.epochs().size(), history.last().loss());
      float[][] predictions = net.predict(INPUTS);
      for (int i = 0; i < INPUTS.length; i++) {
        System.out.printf("%s xor %s -> %.3f (want %s)%n", (int) INPUTS[i][0], (int) INPUTS[i][1],
            predictions[i][0], (int) TARGETS[i][0]);
      }
    }
  }

  private Xor() {}
}
