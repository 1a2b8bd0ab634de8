package dev.kiln.examples.bench;

import static dev.kiln.annotations.ActivationKind.RELU;
import static dev.kiln.annotations.ActivationKind.SIGMOID;
import static dev.kiln.annotations.ActivationKind.SOFTMAX;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Input;
import dev.kiln.layers.LSTM;

/** The benchmark's models that no example already has; the same shapes as shared/bench/torch_anchor.py. */
final class BenchModels {
  private BenchModels() {}

  /** mlp-wide: 784-512-512-10, Adam, batch 256. */
  @Model(input = 784, loss = Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 256)
  abstract static class WideMlp {
    @Layer(units = 512) @Activation(RELU) Dense hidden1;
    @Layer(units = 512) @Activation(RELU) Dense hidden2;
    @Layer(units = 10) @Activation(SOFTMAX) Dense out;
  }

  /** lstm: the tutorial's text classifier, Embedding(10000, 128) over 100 tokens -> LSTM(64) -> Dense(1, sigmoid), Adam, batch 64. */
  @Model(loss = Loss.BINARY_CROSS_ENTROPY, optimizer = Optimizer.ADAM, batch = 64)
  abstract static class TextLstm {
    @Layer(shape = 100, indices = true) Input words;
    @Layer(vocabulary = 10000, units = 128) Embedding embedding;
    @Layer(units = 64) LSTM lstm;
    @Layer(units = 1) @Activation(SIGMOID) Dense out;
  }
}
