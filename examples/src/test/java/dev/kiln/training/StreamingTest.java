package dev.kiln.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.data.Dataset;
import dev.kiln.examples.FashionCnn_NetCompiled;
import dev.kiln.layers.LayerHandle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A training set streamed to the device in chunks (the next gathered while the device trains)
 * trains exactly as the whole set on the device does: same batches, same shuffles, same dropout
 * masks, so the same weights to the bit, and the same loss per epoch.
 */
class StreamingTest {
  @Test
  void chunksTrainAsTheWholeSetDoes() {
    Dataset data = TrainingTest.blobs(100, 1);
    Fit fit = Fit.epochs(3).seed(7).verbose(0).validation(TrainingTest.blobs(30, 2));
    Trained whole = train(TrainingTest_BlobsCompiled::open, data, fit);
    Trained streamed = train(TrainingTest_BlobsCompiled::open, data, fit.chunkSize(32));
    assertSame(whole, streamed);
    // a chunk size that is not whole batches is rounded down to them
    assertSame(whole, train(TrainingTest_BlobsCompiled::open, data, fit.chunkSize(37)));
  }

  @Test
  void theTutorialCnnWithDropoutStreamsToo() {
    Dataset data = CnnData.random(300);
    Fit fit = Fit.epochs(2).seed(3).verbose(0);
    assertSame(train(FashionCnn_NetCompiled::open, data, fit), train(FashionCnn_NetCompiled::open, data,
        fit.chunkSize(128)));
  }

  private record Trained(History history, double[][] parameters) {}

  private static Trained train(Supplier<? extends CompiledModel> open, Dataset data, Fit fit) {
    try (CompiledModel net = open.get()) {
      History history = net.fit(data, fit);
      double[][] parameters = net.layers().stream().map(LayerHandle::parameters).toArray(double[][]::new);
      return new Trained(history, parameters);
    }
  }

  private static void assertSame(Trained expected, Trained actual) {
    for (int l = 0; l < expected.parameters().length; l++) {
      assertArrayEquals(expected.parameters()[l], actual.parameters()[l], "layer " + l);
    }
    for (int e = 0; e < expected.history().epochs().size(); e++) {
      History.Epoch a = expected.history().epochs().get(e);
      History.Epoch b = actual.history().epochs().get(e);
      assertEquals(a.loss(), b.loss(), 1e-6 * Math.abs(a.loss()), "loss of epoch " + (e + 1));
      assertEquals(a.metric(), b.metric(), 1e-12, "accuracy of epoch " + (e + 1));
      assertEquals(a.validationLoss(), b.validationLoss(), 0, "validation loss of epoch " + (e + 1));
      assertEquals(a.samples(), b.samples());
    }
  }

  /** Random 28x28x1 images with random classes: enough to compare two ways of training. */
  private static final class CnnData {
    static Dataset random(int samples) {
      java.util.Random random = new java.util.Random(5);
      float[] x = new float[samples * 784];
      int[] classes = new int[samples];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextFloat();
      }
      for (int s = 0; s < samples; s++) {
        classes[s] = random.nextInt(10);
      }
      return Dataset.ofClasses(x, new int[] {28, 28, 1}, classes, 10);
    }
  }
}
