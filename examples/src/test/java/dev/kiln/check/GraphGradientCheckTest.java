package dev.kiln.check;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;
import static dev.kiln.annotations.ActivationKind.TANH;
import static dev.kiln.annotations.Loss.BINARY_CROSS_ENTROPY;
import static dev.kiln.annotations.Loss.MEAN_ABSOLUTE_ERROR;
import static dev.kiln.annotations.Loss.MEAN_SQUARED_ERROR;
import static dev.kiln.annotations.Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY;
import static dev.kiln.annotations.Optimizer.SGD;
import static dev.kiln.annotations.Precision.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.CompiledModel;
import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Padding;
import dev.kiln.data.Dataset;
import dev.kiln.engine.NodeSpec;
import dev.kiln.layers.Add;
import dev.kiln.layers.Average;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dot;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.Input;
import dev.kiln.layers.LayerHandle;
import dev.kiln.layers.Multiply;
import dev.kiln.layers.Reshape;
import dev.kiln.layers.Subtract;
import dev.kiln.reference.ReferenceGraph;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Graph models in fp64 kernels: several inputs, embeddings, every merge inside the graph and Dot as
 * the output, nodes read by several layers (their gradients summed) and an input read by several
 * (its saliency summed). The gradient the kernels apply equals central finite differences of the
 * loss they report and the plain-Java graph reference's, at initialisation and after a few steps.
 * Seven samples in a batch compiled for eight, so the partial-batch path is checked too.
 */
class GraphGradientCheckTest {
  private static final int SAMPLES = 7;

  /** The recommender: two indices, their vectors, and the dot product as the predicted rating. */
  @Model(loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Recommender {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input movie;
    @Layer(from = "user", vocabulary = 5, units = 3) Embedding userVector;
    @Layer(from = "movie", vocabulary = 6, units = 3) Embedding movieVector;
    @Layer(from = {"userVector", "movieVector"}) Dot rating;
  }

  /** Cosine similarity as the output, of two float inputs through their own Dense layers; mean absolute error. */
  @Model(loss = MEAN_ABSOLUTE_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Similarity {
    @Layer(shape = 4) Input left;
    @Layer(shape = 5) Input right;
    @Layer(from = "left", units = 3) @Activation(TANH) Dense leftCode;
    @Layer(from = "right", units = 3) @Activation(SIGMOID) Dense rightCode;
    @Layer(from = {"leftCode", "rightCode"}, normalize = true) Dot cosine;
  }

  /**
   * Every merge inside one graph: 'h1' is read by four layers and the input 'x' by two, so both
   * gradients are sums; a dot product feeds a Dense layer.
   */
  @Model(loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Merges {
    @Layer(shape = 4) Input x;
    @Layer(from = "x", units = 3) @Activation(TANH) Dense h1;
    @Layer(from = "x", units = 3) @Activation(SIGMOID) Dense h2;
    @Layer(from = {"h1", "h2"}) Add sum;
    @Layer(from = {"h1", "h2"}) Subtract difference;
    @Layer(from = {"h1", "h2", "h1"}) Multiply product;
    @Layer(from = {"sum", "difference", "product"}) Average mean;
    @Layer(from = {"h2", "mean"}) Dot dot;
    @Layer(from = {"mean", "h1", "dot"}) Concatenate joined;
    @Layer(shape = 7) Reshape row;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** The other recommender: the vectors and a float input joined, a hidden layer, and a skip connection. */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class Mlp {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 2, indices = true) Input movies;
    @Layer(shape = 3) Input extra;
    @Layer(from = "user", vocabulary = 4, units = 2) Embedding userVector;
    @Layer(from = "movies", vocabulary = 5, units = 2) Embedding movieVectors;
    @Layer Flatten movieRow;
    @Layer(from = {"userVector", "movieRow", "extra"}) Concatenate joined;
    @Layer(units = 4) @Activation(RELU) Dense hidden;
    @Layer(from = {"hidden", "joined"}) Concatenate skip;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }

  /**
   * Two embeddings joined (each writes its columns of the join itself, and reads its gradient from
   * there), a sequence of two indices among them, and the join read by two layers.
   */
  @Model(loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class JoinedInPlace {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input movie;
    @Layer(from = "user", vocabulary = 4, units = 2) Embedding userVector;
    @Layer(from = "movie", vocabulary = 5, units = 3) Embedding movieVector;
    @Layer(from = {"movieVector", "userVector"}) Concatenate joined;
    @Layer(from = "joined", units = 3) @Activation(TANH) Dense hidden;
    @Layer(from = {"hidden", "joined"}) Concatenate skip;
    @Layer(units = 1) Dense out;
  }

  /**
   * Embeddings whose readers look their vectors up in the table themselves (no lookup kernel): a
   * product of the vectors (generalised matrix factorisation) and their cosine as a second output.
   */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class LookedUp {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input movie;
    @Layer(from = "user", vocabulary = 4, units = 3) Embedding userVector;
    @Layer(from = "movie", vocabulary = 5, units = 3) Embedding movieVector;
    @Layer(from = {"userVector", "movieVector"}, normalize = true, loss = MEAN_SQUARED_ERROR, lossWeight = 0.5)
    Dot cosine;
    @Layer(from = {"userVector", "movieVector"}) Multiply product;
    @Layer(units = 1) @Activation(SIGMOID) Dense liked;
  }

  /**
   * Embeddings read straight by Dense layers, which look the rows up in the table themselves (no
   * lookup kernel): a hidden Dense (forward and update gather), an output head (its gather), and a
   * Dot reading the same table as the head.
   */
  @Model(loss = MEAN_SQUARED_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class GatheredByDense {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input movie;
    @Layer(from = "user", vocabulary = 4, units = 3) Embedding userVector;
    @Layer(from = "movie", vocabulary = 5, units = 3) Embedding movieVector;
    @Layer(from = "movieVector", units = 1, loss = MEAN_SQUARED_ERROR, lossWeight = 0.5) Dense popularity;
    @Layer(from = "userVector", units = 3) @Activation(TANH) Dense taste;
    @Layer(from = {"taste", "movieVector"}) Dot rating;
  }

  /** A Siamese network: one encoder for two inputs, the difference of their codes, a probability. */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE, l2 = 0.01)
  abstract static class Siamese {
    @Layer(shape = 4) Input left;
    @Layer(shape = 4) Input right;
    @Layer(from = "left", units = 3) @Activation(TANH) Dense encoder;
    @Layer(from = "right", shares = "encoder") Dense rightEncoder;
    @Layer(from = {"encoder", "rightEncoder"}) Subtract difference;
    @Layer(units = 1) @Activation(SIGMOID) Dense same;
  }

  /** A Siamese CNN: one convolution for two images, the difference of their feature maps, a probability. */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class SiameseCnn {
    @Layer(shape = {5, 5, 1}) Input left;
    @Layer(shape = {5, 5, 1}) Input right;
    @Layer(from = "left", filters = 3, kernel = 3, padding = Padding.SAME) @Activation(TANH) Conv2D conv;
    @Layer(from = "right", shares = "conv") Conv2D rightConv;
    @Layer(from = {"conv", "rightConv"}) Subtract difference;
    @Layer Flatten flat;
    @Layer(units = 1) @Activation(SIGMOID) Dense same;
  }

  /** SiameseCnn with two convolutions of their own: given equal weights, their gradients add up to the shared one's. */
  @Model(loss = BINARY_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class TwinCnn {
    @Layer(shape = {5, 5, 1}) Input left;
    @Layer(shape = {5, 5, 1}) Input right;
    @Layer(from = "left", filters = 3, kernel = 3, padding = Padding.SAME) @Activation(TANH) Conv2D conv;
    @Layer(from = "right", filters = 3, kernel = 3, padding = Padding.SAME) @Activation(TANH) Conv2D rightConv;
    @Layer(from = {"conv", "rightConv"}) Subtract difference;
    @Layer Flatten flat;
    @Layer(units = 1) @Activation(SIGMOID) Dense same;
  }

  /**
   * Two dense branches that write their values straight into their join, around a model input the
   * join copies; the join's backward kernels take each branch's gradient through its activation.
   */
  @Model(loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class DenseJoin {
    @Layer(shape = 3) Input a;
    @Layer(shape = 2) Input b;
    @Layer(from = "a", units = 4) @Activation(TANH) Dense left;
    @Layer(from = "b", units = 3) @Activation(SIGMOID) Dense right;
    @Layer(from = {"left", "b", "right"}) Concatenate joined;
    @Layer(units = 3) @Activation(SOFTMAX) Dense out;
  }

  /** Two convolutions of one image, their channels joined pixel by pixel. */
  @Model(input = {5, 5, 1}, loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8,
      precision = DOUBLE)
  abstract static class Channels {
    @Layer(filters = 2, kernel = 3) @Activation(TANH) Conv2D narrow;
    @Layer(from = "input", filters = 3, kernel = 3) @Activation(SIGMOID) Conv2D wide;
    @Layer(from = {"narrow", "wide"}) Concatenate stacked;
    @Layer Flatten flat;
    @Layer(units = 2) @Activation(SOFTMAX) Dense out;
  }

  /**
   * Two outputs of one trunk, each with its own loss: a weighted probability that is also read by
   * the later layers, and the classes. The trunk's gradient is the sum of both heads'.
   */
  @Model(loss = SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class TwoOutputs {
    @Layer(shape = 4) Input x;
    @Layer(units = 3) @Activation(TANH) Dense trunk;
    @Layer(from = "trunk", units = 1, loss = BINARY_CROSS_ENTROPY, lossWeight = 0.5) @Activation(SIGMOID)
    Dense risk;
    @Layer(from = {"trunk", "risk"}) Concatenate both;
    @Layer(units = 3) @Activation(SOFTMAX) Dense kind;
  }

  /** A Dot as a second output (weight 2), beside a two-wide regression through the vectors joined. */
  @Model(loss = MEAN_ABSOLUTE_ERROR, optimizer = SGD, batch = 8, precision = DOUBLE)
  abstract static class RatingAndProfile {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input movie;
    @Layer(from = "user", vocabulary = 5, units = 3) Embedding userVector;
    @Layer(from = "movie", vocabulary = 6, units = 3) Embedding movieVector;
    @Layer(from = {"userVector", "movieVector"}, loss = MEAN_SQUARED_ERROR, lossWeight = 2) Dot rating;
    @Layer(from = {"userVector", "movieVector"}) Concatenate joined;
    @Layer(units = 2) @Activation(TANH) Dense profile;
  }

  @Test
  void twoOutputsWithTheirOwnLossesAndWeights() {
    try (GraphGradientCheckTest_TwoOutputsCompiled net = GraphGradientCheckTest_TwoOutputsCompiled.open()) {
      Random random = new Random(17);
      float[] risk = new float[SAMPLES];
      int[] kind = new int[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        risk[s] = random.nextInt(2);
        kind[s] = random.nextInt(3);
      }
      Dataset batch = GraphGradientCheckTest_TwoOutputsCompiled.dataset(floats(random, 4), risk, kind);
      checkEverything(net, batch, 0);
      checkEverything(net, batch, 0.5);
      checkSaliency(net, batch);
    }
  }

  @Test
  void aDotAsASecondOutput() {
    try (GraphGradientCheckTest_RatingAndProfileCompiled net = GraphGradientCheckTest_RatingAndProfileCompiled.open()) {
      Random random = new Random(19);
      Dataset batch = GraphGradientCheckTest_RatingAndProfileCompiled.dataset(new int[] {0, 1, 1, 4, 2, 3, 0},
          new int[] {5, 0, 2, 2, 2, 1, 3}, targets(random, 0, 5), floats(random, 2));
      checkEverything(net, batch, 0);
    }
  }

  @Test
  void theRecommenderSparseUpdate() {
    try (GraphGradientCheckTest_RecommenderCompiled net = GraphGradientCheckTest_RecommenderCompiled.open()) {
      // repeated indices: two samples share a user, three a movie
      Dataset batch = GraphGradientCheckTest_RecommenderCompiled.dataset(new int[] {0, 1, 1, 4, 2, 3, 0},
          new int[] {5, 0, 2, 2, 2, 1, 3}, new float[] {4, 3.5f, 1, 5, 2, 0.5f, 3});
      checkEverything(net, batch, 0);
    }
  }

  @Test
  void theRecommenderDenseUpdate() {
    try (GraphGradientCheckTest_RecommenderCompiled net = GraphGradientCheckTest_RecommenderCompiled.open()) {
      Dataset batch = GraphGradientCheckTest_RecommenderCompiled.dataset(new int[] {0, 1, 1, 4, 2, 3, 0},
          new int[] {5, 0, 2, 2, 2, 1, 3}, new float[] {4, 3.5f, 1, 5, 2, 0.5f, 3});
      // with momentum the embedding's update is the dense one; the first step from zero state is still w - g
      checkEverything(net, batch, 0.5);
    }
  }

  @Test
  void cosineSimilarityAsTheOutput() {
    try (GraphGradientCheckTest_SimilarityCompiled net = GraphGradientCheckTest_SimilarityCompiled.open()) {
      Random random = new Random(3);
      Dataset batch = GraphGradientCheckTest_SimilarityCompiled.dataset(floats(random, 4), floats(random, 5),
          targets(random, -1, 1));
      checkEverything(net, batch, 0);
      checkSaliency(net, batch);
    }
  }

  @Test
  void everyMergeAndTheSumsOfGradients() {
    try (GraphGradientCheckTest_MergesCompiled net = GraphGradientCheckTest_MergesCompiled.open()) {
      Random random = new Random(5);
      int[] classes = new int[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        classes[s] = random.nextInt(3);
      }
      Dataset batch = Dataset.ofClasses(floats(random, 4), classes, 3);
      checkEverything(net, batch, 0);
      checkSaliency(net, batch);
    }
  }

  @Test
  void embeddingsJoinedWithFeaturesAndASkipConnection() {
    try (GraphGradientCheckTest_MlpCompiled net = GraphGradientCheckTest_MlpCompiled.open()) {
      Random random = new Random(7);
      int[] users = new int[SAMPLES];
      int[][] movies = new int[SAMPLES][2];
      for (int s = 0; s < SAMPLES; s++) {
        users[s] = random.nextInt(4);
        movies[s] = new int[] {random.nextInt(5), random.nextInt(5)};
      }
      Dataset batch = GraphGradientCheckTest_MlpCompiled.dataset(users, movies, floats(random, 3),
          targets(random, 0, 1));
      checkEverything(net, batch, 0);
    }
  }

  @Test
  void embeddingsWrittenStraightIntoTheirJoin() {
    try (GraphGradientCheckTest_JoinedInPlaceCompiled net = GraphGradientCheckTest_JoinedInPlaceCompiled.open()) {
      Random random = new Random(23);
      Dataset batch = GraphGradientCheckTest_JoinedInPlaceCompiled.dataset(new int[] {0, 3, 1, 1, 2, 3, 0},
          new int[] {4, 0, 2, 2, 1, 3, 4}, targets(random, -1, 1));
      checkEverything(net, batch, 0);
      checkEverything(net, batch, 0.5);
    }
  }

  @Test
  void embeddingsLookedUpByTheirReaders() {
    try (GraphGradientCheckTest_LookedUpCompiled net = GraphGradientCheckTest_LookedUpCompiled.open()) {
      Random random = new Random(29);
      float[] liked = new float[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        liked[s] = random.nextInt(2);
      }
      Dataset batch = GraphGradientCheckTest_LookedUpCompiled.dataset(new int[] {0, 3, 1, 1, 2, 3, 0},
          new int[] {4, 0, 2, 2, 1, 3, 4}, targets(random, -1, 1), liked);
      checkEverything(net, batch, 0);
      checkEverything(net, batch, 0.5);
    }
  }

  @Test
  void embeddingsLookedUpByDenseLayers() {
    try (GraphGradientCheckTest_GatheredByDenseCompiled net = GraphGradientCheckTest_GatheredByDenseCompiled.open()) {
      Random random = new Random(31);
      Dataset batch = GraphGradientCheckTest_GatheredByDenseCompiled.dataset(new int[] {0, 3, 1, 1, 2, 3, 0},
          new int[] {4, 0, 2, 2, 1, 3, 4}, targets(random, -1, 1), targets(random, -1, 1));
      checkEverything(net, batch, 0);
      checkEverything(net, batch, 0.5);
    }
  }

  @Test
  void aLayerSharedByTwoInputsSumsTheGradientsOfBothUses() {
    try (GraphGradientCheckTest_SiameseCompiled net = GraphGradientCheckTest_SiameseCompiled.open()) {
      assertEquals(net.encoder, net.rightEncoder); // one layer, seen from two places
      Random random = new Random(13);
      float[] same = new float[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        same[s] = random.nextInt(2);
      }
      Dataset batch = GraphGradientCheckTest_SiameseCompiled.dataset(floats(random, 4), floats(random, 4), same);
      checkEverything(net, batch, 0);
      checkEverything(net, batch, 0.5);
      checkSaliency(net, batch);
    }
  }

  @Test
  void aConvolutionSharedByTwoImagesSumsTheGradientsOfBothUses() {
    try (GraphGradientCheckTest_SiameseCnnCompiled net = GraphGradientCheckTest_SiameseCnnCompiled.open();
         GraphGradientCheckTest_TwinCnnCompiled twins = GraphGradientCheckTest_TwinCnnCompiled.open()) {
      assertEquals(net.conv, net.rightConv); // one layer, seen from two places
      Random random = new Random(23);
      float[][] left = floats(random, 25);
      float[][] right = floats(random, 25);
      float[] same = new float[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        same[s] = random.nextInt(2);
      }
      Dataset batch = GraphGradientCheckTest_SiameseCnnCompiled.dataset(left, right, same);
      twins.conv.setParameters(net.conv.parameters());
      twins.rightConv.setParameters(net.conv.parameters());
      twins.same.setParameters(net.same.parameters());
      double[][] shared = deviceGradients(net, batch, 0);
      double[][] apart = deviceGradients(twins, GraphGradientCheckTest_TwinCnnCompiled.dataset(left, right, same), 0);
      double[] sharedConv = shared[net.layers().indexOf(net.conv)];
      double[] leftConv = apart[twins.layers().indexOf(twins.conv)];
      double[] rightConv = apart[twins.layers().indexOf(twins.rightConv)];
      for (int k = 0; k < sharedConv.length; k++) {
        GradientChecks.assertClose(leftConv[k] + rightConv[k], sharedConv[k], "conv gradient " + k + " (both uses)");
      }
      for (int step = 0; step < 2; step++) {
        checkAgainstFiniteDifferences(net, batch, 0);
        checkAgainstFiniteDifferences(net, batch, 0.5);
        net.fit(batch, Fit.epochs(3).learningRate(0.1).verbose(0));
      }
      checkSaliency(net, batch);
    }
  }

  @Test
  void denseBranchesWrittenStraightIntoTheirJoin() {
    try (GraphGradientCheckTest_DenseJoinCompiled net = GraphGradientCheckTest_DenseJoinCompiled.open()) {
      Random random = new Random(29);
      int[] classes = new int[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        classes[s] = random.nextInt(3);
      }
      Dataset batch = GraphGradientCheckTest_DenseJoinCompiled.dataset(floats(random, 3), floats(random, 2), classes);
      checkEverything(net, batch, 0);
      checkEverything(net, batch, 0.5);
      checkSaliency(net, batch);
    }
  }

  @Test
  void channelsOfTwoConvolutionsJoined() {
    try (GraphGradientCheckTest_ChannelsCompiled net = GraphGradientCheckTest_ChannelsCompiled.open()) {
      Random random = new Random(11);
      float[][] images = floats(random, 25);
      int[] classes = new int[SAMPLES];
      for (int s = 0; s < SAMPLES; s++) {
        classes[s] = random.nextInt(2);
      }
      Dataset batch = Dataset.ofClasses(images, classes, 2).reshape(5, 5, 1);
      for (int step = 0; step < 2; step++) {
        checkAgainstFiniteDifferences(net, batch, 0);
        net.fit(batch, Fit.epochs(3).learningRate(0.1).verbose(0));
      }
      checkSaliency(net, batch);
    }
  }

  /** Finite differences and the reference, at initialisation and after three steps of training. */
  private static void checkEverything(CompiledModel net, Dataset batch, double momentum) {
    for (int round = 0; round < 2; round++) {
      ReferenceGraph reference = GraphMirror.of(net);
      ReferenceGraph.Batch referenceBatch = GraphMirror.batch(net.spec(), batch);
      Evaluation evaluation = net.evaluate(batch);
      assertEquals(reference.loss(referenceBatch), evaluation.loss(), 1e-12, "loss");
      if (net.spec().outputs().size() > 1) {
        double weighted = 0;
        for (NodeSpec output : net.spec().outputs()) {
          weighted += output.output().weight() * evaluation.output(output.name()).loss();
        }
        assertEquals(evaluation.loss(), weighted, 1e-12, "the outputs' own losses, weighted, make the total");
      }
      ReferenceGraph.Gradients expected = reference.gradients(referenceBatch);
      double[][] device = deviceGradients(net, batch, momentum);
      for (LayerHandle layer : net.layers()) {
        int l = net.layers().indexOf(layer);
        double[] want = referenceParameters(net, expected, l);
        for (int k = 0; k < want.length; k++) {
          GradientChecks.assertClose(want[k], device[l][k], layer.name() + " gradient " + k + " (reference)");
        }
      }
      checkAgainstFiniteDifferences(net, batch, momentum);
      net.fit(batch, Fit.epochs(3).learningRate(0.05).momentum(momentum).verbose(0));
    }
  }

  /** The reference's gradient of layer {@code l}, laid out as the device stores its parameters. */
  private static double[] referenceParameters(CompiledModel net, ReferenceGraph.Gradients gradients, int l) {
    var layer = net.spec().layers().get(l);
    return switch (layer.kind()) {
      case DENSE -> Mirror.weightsThenBiases(gradients.weights(layer.name()), gradients.biases(layer.name()));
      case EMBEDDING -> gradients.table(layer.name());
      default -> new double[0];
    };
  }

  private static void checkAgainstFiniteDifferences(CompiledModel net, Dataset batch, double momentum) {
    double[][] device = deviceGradients(net, batch, momentum);
    for (LayerHandle layer : net.layers()) {
      double[] params = layer.parameters();
      for (int k = 0; k < params.length; k++) {
        double numeric = GradientChecks.finiteDifference(net, batch, layer, params, k);
        GradientChecks.assertClose(numeric, device[net.layers().indexOf(layer)][k],
            layer.name() + " gradient " + k + " (finite differences)");
      }
    }
  }

  /** The gradient applied by one SGD step with learning rate 1 from zero optimizer state: w' = w - g. */
  private static double[][] deviceGradients(CompiledModel net, Dataset batch, double momentum) {
    int layers = net.layers().size();
    double[][] before = new double[layers][];
    for (int l = 0; l < layers; l++) {
      before[l] = net.layers().get(l).parameters();
    }
    net.initialize(0); // zero optimizer state, so the momentum's first step is w - g
    for (int l = 0; l < layers; l++) {
      net.layers().get(l).setParameters(before[l]);
    }
    net.fit(batch, Fit.epochs(1).shuffle(false).learningRate(1.0).momentum(momentum).verbose(0));
    double[][] gradients = new double[layers][];
    for (int l = 0; l < layers; l++) {
      double[] after = net.layers().get(l).parameters();
      gradients[l] = new double[after.length];
      for (int k = 0; k < after.length; k++) {
        gradients[l][k] = before[l][k] - after[k];
      }
      net.layers().get(l).setParameters(before[l]);
    }
    return gradients;
  }

  /** The input gradient of each output value equals finite differences of predict, through every path. */
  private static void checkSaliency(CompiledModel net, Dataset batch) {
    int width = net.spec().inputWidth();
    for (int s = 0; s < 2; s++) {
      float[] sample = java.util.Arrays.copyOfRange(batch.features(), s * width, (s + 1) * width);
      for (int o = 0; o < net.spec().outputWidth(); o++) {
        float[] gradient = net.inputGradient(sample, o);
        int output = o;
        Function<float[], Double> f = x -> (double) net.predict(x)[output];
        for (int i = 0; i < width; i++) {
          float original = sample[i];
          float h = 1e-3f;
          sample[i] = original + h;
          double plus = f.apply(sample);
          sample[i] = original - h;
          double minus = f.apply(sample);
          sample[i] = original;
          double numeric = (plus - minus) / ((double) (original + h) - (double) (original - h));
          assertEquals(numeric, gradient[i], 1e-4 * Math.max(1, Math.abs(numeric)),
              "d output " + o + " / d input " + i + " of sample " + s);
        }
      }
    }
  }

  private static float[][] floats(Random random, int width) {
    float[][] rows = new float[SAMPLES][width];
    for (float[] row : rows) {
      for (int i = 0; i < width; i++) {
        row[i] = (float) (2 * random.nextDouble() - 1);
      }
    }
    return rows;
  }

  private static float[] targets(Random random, double low, double high) {
    float[] y = new float[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
      y[s] = (float) (low + (high - low) * random.nextDouble());
    }
    return y;
  }
}
