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
import dev.kiln.data.Cifar10;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.MaxPool2D;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tutorials' CIFAR-10 CNN: Conv 32 3x3 ReLU, 2x2 max pool, Conv 64 3x3 ReLU, 2x2 max pool,
 * Flatten, Dense 128 ReLU, Dense 10 softmax, on 32x32x3 colour images (channels-last); Adam, batch 64.
 *
 * <p>CIFAR-10 is not a Debian package: download the binary version ({@code cifar-10-binary.tar.gz}
 * from https://www.cs.toronto.edu/~kriz/cifar.html), unpack it, and run {@code ./mvnw -q -pl examples
 * exec:java -Dexample=dev.kiln.examples.Cifar10Cnn -Dexec.args="path/to/cifar-10-batches-bin [EPOCHS]"}.
 */
public final class Cifar10Cnn {
  @Model(input = {32, 32, 3}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 64)
  public abstract static class Net {
    @Layer(filters = 32, kernel = 3) @Activation(RELU) Conv2D conv1;
    @Layer(pool = 2) MaxPool2D pool1;
    @Layer(filters = 64, kernel = 3) @Activation(RELU) Conv2D conv2;
    @Layer(pool = 2) MaxPool2D pool2;
    @Layer Flatten flat;
    @Layer(units = 128) @Activation(RELU) Dense hidden;
    @Layer(units = 10) @Activation(SOFTMAX) Dense out;
  }

  public static void main(String[] args) {
    if (args.length == 0 || !Files.isDirectory(Path.of(args[0]))) {
      System.err.println("usage: Cifar10Cnn DIR [EPOCHS], where DIR is the unpacked cifar-10-batches-bin folder"
          + " (https://www.cs.toronto.edu/~kriz/cifar.html, binary version)");
      System.exit(2);
    }
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Evaluation result = run(Path.of(args[0]), epochs, 1);
    System.out.println("Test: " + result);
  }

  /** Trains on {@code dir}'s five training batches and evaluates on its test batch. */
  public static Evaluation run(Path dir, int epochs, int verbose) {
    Dataset train = Cifar10.train(dir);
    Dataset test = Cifar10.test(dir);
    try (Cifar10Cnn_NetCompiled net = Cifar10Cnn_NetCompiled.open()) {
      if (verbose > 0) {
        net.summary(System.out);
      }
      net.fit(train, Fit.epochs(epochs).validation(test).seed(7).verbose(verbose));
      return net.evaluate(test);
    }
  }

  private Cifar10Cnn() {}
}
