package dev.kiln.examples;

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
import dev.kiln.layers.LSTM;
import java.nio.file.Path;

/**
 * The tutorials' LSTM over images: each Fashion-MNIST image read as a sequence of its 28 rows, 28
 * pixels each (scaled to [0, 1], as the loader gives them and FashionMlp reads them), top to bottom,
 * by an LSTM of 64 units whose last output goes to 10 softmax classes; Adam, batch 128. Ten epochs
 * reach about 0.87 test accuracy.
 *
 * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.FashionRowsLstm
 * [-Dexec.args="DIR EPOCHS"]}, where DIR holds the four IDX files (default:
 * /usr/share/datasets/fashion-mnist) and EPOCHS defaults to 10 (the test accuracy still rises by about
 * 0.003 an epoch there, with no sign of overfitting yet).
 */
public final class FashionRowsLstm {
  @Model(input = {28, 28}, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 128)
  public abstract static class Net {
    @Layer(units = 64) LSTM lstm;
    @Layer(units = 10) @Activation(SOFTMAX) Dense out;
  }

  /** The test evaluation after training, and the training history. */
  public record Result(Evaluation test, History history) {}

  /**
   * Trains on {@code train} (the loader's images, {@code {28, 28, 1}}, read as 28 rows of 28 pixels)
   * as {@code fit} says, validated on {@code test}, and evaluates on {@code test}; with {@code model}
   * not null, saves the model there.
   */
  public static Result run(Dataset train, Dataset test, Fit fit, Path model, boolean summary) {
    // Kiln checks a data set's width only, so {28, 28, 1} would do; the reshape says what the LSTM reads
    Dataset rowsTrain = train.reshape(28, 28);
    Dataset rowsTest = test.reshape(28, 28);
    try (FashionRowsLstm_NetCompiled net = FashionRowsLstm_NetCompiled.open()) {
      if (summary) {
        System.out.println("Device: " + net.device());
        net.summary(System.out);
      }
      History history = net.fit(rowsTrain, fit.validation(rowsTest));
      Evaluation result = net.evaluate(rowsTest);
      if (model != null) {
        net.save(model);
      }
      return new Result(result, history);
    }
  }

  public static void main(String[] args) {
    Path dir = args.length > 0 ? Path.of(args[0]) : FashionMnist.DEFAULT_DIR;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path saved = Path.of("fashion-rows-lstm.kiln");
    Result result = run(FashionMnist.train(dir), FashionMnist.test(dir), Fit.epochs(epochs).seed(42), saved, true);
    Path chart = Path.of("fashion-rows-lstm-history.png");
    result.history().plot(chart);
    System.out.println("Training chart: " + chart.toAbsolutePath());
    System.out.println("Test: " + result.test());
    System.out.printf("Test accuracy: %.4f%n", result.test().accuracy());
    System.out.println("Saved to " + saved.toAbsolutePath());
  }

  private FashionRowsLstm() {}
}
