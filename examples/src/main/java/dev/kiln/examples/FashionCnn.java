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
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dropout;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.MaxPool2D;
import java.nio.file.Path;

/**
 * The tutorials' CNN on Fashion-MNIST: two 3x3 convolutions (32 and 64 filters), 2x2 max pooling,
 * dropout, 128 ReLU units, dropout, 10 softmax classes; Adam, batch 128. Images are channels-last,
 * 28x28x1, as the IDX loader gives them.
 *
 * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.FashionCnn
 * [-Dexec.args="DIR EPOCHS"]}, where DIR holds the four IDX files (default:
 * /usr/share/datasets/fashion-mnist) and EPOCHS defaults to 5.
 */
public final class FashionCnn {
  @Model(input = {28, 28, 1}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 128)
  public abstract static class Net {
    @Layer(filters = 32, kernel = 3) @Activation(RELU) Conv2D conv1;
    @Layer(filters = 64, kernel = 3) @Activation(RELU) Conv2D conv2;
    @Layer(pool = 2) MaxPool2D pool;
    @Layer(rate = 0.25) Dropout drop1;
    @Layer Flatten flat;
    @Layer(units = 128) @Activation(RELU) Dense hidden;
    @Layer(rate = 0.5) Dropout drop2;
    @Layer(units = 10) @Activation(SOFTMAX) Dense out;
  }

  public static void main(String[] args) {
    Path dir = args.length > 0 ? Path.of(args[0]) : FashionMnist.DEFAULT_DIR;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Dataset train = FashionMnist.train(dir);
    Dataset test = FashionMnist.test(dir);
    try (FashionCnn_NetCompiled net = FashionCnn_NetCompiled.open()) {
      System.out.println("Device: " + net.device());
      net.summary(System.out);
      History history = net.fit(train, Fit.epochs(epochs).validation(test).seed(42));
      Path chart = Path.of("fashion-cnn-history.png");
      history.plot(chart);
      System.out.println("Training chart: " + chart.toAbsolutePath());
      Evaluation result = net.evaluate(test);
      System.out.println("Test: " + result);
      Path saved = Path.of("fashion-cnn.kiln");
      net.save(saved);
      System.out.println("Saved to " + saved.toAbsolutePath());
      Path onnx = Path.of("fashion-cnn.onnx");
      net.exportOnnx(onnx);
      System.out.println("Exported for ONNX Runtime to " + onnx.toAbsolutePath());
    }
  }

  private FashionCnn() {}
}
