package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Optimizer.SGD;
import static dev.kiln.annotations.Precision.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.CompiledModel;
import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.data.Dataset;
import dev.kiln.layers.Add;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dot;
import dev.kiln.layers.Dropout;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.GRU;
import dev.kiln.layers.Input;
import dev.kiln.layers.LSTM;
import dev.kiln.layers.LayerHandle;
import dev.kiln.layers.MaxPool2D;
import dev.kiln.reference.ReferenceNetwork;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropout after dense, convolution, pooling and recurrent layers, behind a view and after merges: with the mask of one step fixed (a checkpoint restores the step
 * counter the masks are drawn from), the gradient the kernels apply equals finite differences of
 * the training loss; evaluation and prediction use every unit.
 */
class DropoutTest {
  private static final double EPSILON = 1e-6;
  /** A learning rate so small that a step leaves every weight as it was, to read the training loss. */
  private static final double NO_STEP = 1e-300;

  @TempDir Path dir;

  @Model(input = 4, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Dropped {
    @Layer(units = 6) @Activation(SIGMOID) Dense h1;
    @Layer(rate = 0.5) Dropout drop1;
    @Layer(units = 5) @Activation(TANH) Dense h2;
    @Layer(rate = 0.3) Dropout drop2;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Dropout after a convolution (its backward kernel regenerates the mask) and after a pool. */
  @Model(input = {6, 6, 2}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class DroppedImages {
    @Layer(filters = 5, kernel = 3) @Activation(TANH) Conv2D conv;
    @Layer(rate = 0.4) Dropout drop1;
    @Layer(pool = 2) MaxPool2D pool;
    @Layer(rate = 0.25) Dropout drop2;
    @Layer Flatten flat;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Dropout behind a Flatten of a convolution: the convolution's forward kernel masks its output. */
  @Model(input = {5, 5, 1}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class DroppedThroughAView {
    @Layer(filters = 3, kernel = 3) @Activation(TANH) Conv2D conv;
    @Layer Flatten flat;
    @Layer(rate = 0.4) Dropout drop;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Dropout after a merge and after a Dot, both read by a merge, whose backward kernels regenerate the masks. */
  @Model(loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class DroppedMerges {
    @Layer(shape = 4) Input x;
    @Layer(from = "x", units = 3) @Activation(TANH) Dense h1;
    @Layer(from = "x", units = 3) @Activation(SIGMOID) Dense h2;
    @Layer(from = {"h1", "h2"}) Add sum;
    @Layer(rate = 0.3) Dropout droppedSum;
    @Layer(from = {"h1", "h2"}) Dot dot;
    @Layer(rate = 0.5) Dropout droppedDot;
    @Layer(from = {"droppedSum", "droppedDot"}) Concatenate joined;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Dropout after recurrent layers: every step's output of an LSTM, and the last step's of a GRU. */
  @Model(input = {5, 3}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class DroppedSequences {
    @Layer(units = 4, returnSequences = true) LSTM lstm;
    @Layer(rate = 0.4) Dropout drop1;
    @Layer(units = 3) GRU gru;
    @Layer(rate = 0.3) Dropout drop2;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  @Test
  void gradientsThroughMasksAfterRecurrentLayersMatchFiniteDifferences() {
    try (DropoutTest_DroppedSequencesCompiled net = DropoutTest_DroppedSequencesCompiled.open()) {
      checkUnderAFixedMask(net);
    }
  }

  @Test
  void gradientsThroughAMaskBehindAViewMatchFiniteDifferences() {
    try (DropoutTest_DroppedThroughAViewCompiled net = DropoutTest_DroppedThroughAViewCompiled.open()) {
      checkUnderAFixedMask(net);
    }
  }

  @Test
  void gradientsThroughMasksOfMergesMatchFiniteDifferences() {
    try (DropoutTest_DroppedMergesCompiled net = DropoutTest_DroppedMergesCompiled.open()) {
      checkUnderAFixedMask(net);
    }
  }

  @Test
  void gradientsUnderAFixedMaskMatchFiniteDifferences() {
    try (DropoutTest_DroppedCompiled net = DropoutTest_DroppedCompiled.open()) {
      checkUnderAFixedMask(net);
    }
  }

  @Test
  void gradientsThroughConvolutionAndPoolingMasksMatchFiniteDifferences() {
    try (DropoutTest_DroppedImagesCompiled net = DropoutTest_DroppedImagesCompiled.open()) {
      checkUnderAFixedMask(net);
    }
  }

  private void checkUnderAFixedMask(CompiledModel net) {
    Path start = dir.resolve("start.kiln");
    Dataset batch = RandomData.forModel(net.spec(), 6, 11);
    net.fit(batch, Fit.epochs(2).learningRate(0.1).shuffle(false).seed(5).verbose(0)); // a step count > 0
    net.save(start);
    Fit step = Fit.epochs(1).shuffle(false).seed(5).momentum(0).verbose(0);
    net.fit(batch, step.learningRate(1.0));
    int layers = net.layers().size();
    double[][] gradients = new double[layers][];
    for (int l = 0; l < layers; l++) {
      gradients[l] = net.layers().get(l).parameters();
    }
    net.load(start);
    for (int l = 0; l < layers; l++) {
      LayerHandle layer = net.layers().get(l);
      double[] params = layer.parameters();
      for (int k = 0; k < params.length; k++) {
        double applied = params[k] - gradients[l][k];
        double numeric = (trainingLoss(net, start, l, k, EPSILON) - trainingLoss(net, start, l, k, -EPSILON))
            / (2 * EPSILON);
        double error = Math.abs(numeric - applied);
        assertTrue(error <= 1e-8 || error <= 1e-3 * Math.max(Math.abs(numeric), Math.abs(applied)),
            "layer " + l + " parameter " + k + ": finite differences " + numeric + ", kernels " + applied);
      }
    }
  }

  /** The loss of one training step from {@code start} with parameter k of layer l moved by delta. */
  private static double trainingLoss(CompiledModel net, Path start, int l, int k, double delta) {
    net.load(start);
    double[] params = net.layers().get(l).parameters();
    params[k] += delta;
    net.layers().get(l).setParameters(params);
    Dataset batch = RandomData.forModel(net.spec(), 6, 11);
    return net.fit(batch, Fit.epochs(1).shuffle(false).seed(5).learningRate(NO_STEP).verbose(0)).last().loss();
  }

  @Test
  void evaluationAndPredictionUseEveryUnit() {
    try (DropoutTest_DroppedCompiled net = DropoutTest_DroppedCompiled.open()) {
      Dataset batch = RandomData.forModel(net.spec(), 6, 3);
      net.fit(batch, Fit.epochs(3).learningRate(0.1).verbose(0));
      ReferenceNetwork plain = Mirror.of(net); // the reference has no dropout
      double[][] x = Mirror.features(batch);
      assertEquals(plain.loss(x, Mirror.labels(batch)), net.evaluate(batch).loss(), 1e-12);
      double[][] expected = plain.forward(x);
      float[][] predicted = net.predict(Mirror.floats(x));
      for (int s = 0; s < x.length; s++) {
        for (int o = 0; o < 3; o++) {
          assertEquals(expected[s][o], predicted[s][o], 1e-6);
        }
      }
      assertEquals(0.5, net.drop1.rate());
      assertEquals("drop2", net.drop2.name());
    }
  }

  @Test
  void theMasksComeFromTheSeed() {
    double[] first = trained(1);
    assertArrayEquals(first, trained(1));
    assertFalse(java.util.Arrays.equals(first, trained(2)), "another seed, other masks, other weights");
  }

  private static double[] trained(long seed) {
    try (DropoutTest_DroppedCompiled net = DropoutTest_DroppedCompiled.open()) {
      net.fit(RandomData.forModel(net.spec(), 6, 3), Fit.epochs(2).shuffle(false).seed(seed).verbose(0));
      return net.h1.parameters();
    }
  }
}
