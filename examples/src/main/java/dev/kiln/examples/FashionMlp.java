package dev.kiln.examples;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;

import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.data.Dataset;
import dev.kiln.data.FashionMnist;
import dev.kiln.layers.Dense;
import java.nio.file.Path;

/**
 * The Fashion-MNIST classifier of the tutorials: 784 pixels, 128 ReLU units, 10 softmax classes,
 * Adam, batch 128. Five epochs reach about 0.87 test accuracy.
 *
 * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.FashionMlp [-Dexec.args=DIR]},
 * where DIR holds the four IDX files (default: /usr/share/datasets/fashion-mnist, from the Debian
 * package dataset-fashion-mnist).
 */
public final class FashionMlp {
  @Model(input = 784, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 128)
  public abstract static class Net {
    @Layer(units = 128) @Activation(RELU) Dense hidden;
    @Layer(units = 10) @Activation(SOFTMAX) Dense out;
  }

  public static void main(String[] args) {
    Path dir = args.length > 0 ? Path.of(args[0]) : FashionMnist.DEFAULT_DIR;
    Dataset train = FashionMnist.train(dir);
    Dataset test = FashionMnist.test(dir);
    try (FashionMlp_NetCompiled net = FashionMlp_NetCompiled.open()) {
      System.out.println("Device: " + net.device());
      net.summary(System.out);
      History history = net.fit(train, Fit.epochs(5).validation(test).seed(42));
      Path chart = Path.of("fashion-mlp-history.png");
      history.plot(chart);
      System.out.println("Training chart: " + chart.toAbsolutePath());
      Evaluation result = net.evaluate(test);
      System.out.println("Test: " + result);
      float[] first = net.predict(test.slice(0, 1).features());
      System.out.println("First test image: " + FashionMnist.CLASS_NAMES.get(argmax(first))
          + " (label: " + FashionMnist.CLASS_NAMES.get((int) test.labels()[0]) + ")");
      Path saved = Path.of("fashion-mlp.kiln");
      net.save(saved);
      System.out.println("Saved to " + saved.toAbsolutePath());
    }
  }

  static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      best = values[i] > values[best] ? i : best;
    }
    return best;
  }

  private FashionMlp() {}
}
