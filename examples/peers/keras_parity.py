"""Reference values from Keras itself for Kiln's parity tests (examples/src/test/.../parity).

    "$(../shared/bench/setup-peers.sh --keras | tail -1)" examples/peers/keras_parity.py \
        examples/src/test/resources/parity/keras.txt

One small network, 4 -> Dense(5, tanh) -> Dense(3, softmax) with sparse categorical cross-entropy,
float32, a batch of 6 samples and fixed initial weights, trained with train_on_batch by every
optimizer Kiln has, with Keras's defaults and with other settings. Written per case: the loss each
of 10 steps reports and the weights after steps 1 and 10. A saturated case (inputs of +-30, output
weights 25 times larger) checks the reported loss where a probability clamped to 1e-7 and Keras's
logits disagree.

Then every loss and the layer kinds with weights or their own arithmetic, each as a small model
trained 10 steps with SGD (learning rate 0.1): binary, categorical and sparse categorical
cross-entropy, mean squared and absolute error; a CNN (Conv2D SAME and VALID, MaxPool2D,
AvgPool2D, Flatten), a strided one (stride 2, SAME padding on an odd size, overlapping pools) and
GlobalAveragePooling2D; BatchNormalization in training (batch statistics,
running averages) between Dense layers; and the graph kinds, with Keras's functional API: two
Embeddings and a Dot (the recommender) or their cosine, and Add, Subtract, Multiply, Average and Concatenate of two
Dense branches; and LSTMs: the last step's output over 5 steps of 3 features, two stacked over embedded
indices (every step's output into one that reads them backwards), and every step's output read backwards
with relu, a tanh recurrent activation and no unit forget bias, flattened; and two SimpleRNNs stacked
over embedded indices, the second reading backwards with relu, and two GRUs (reset_after, two biases)
the same way; and the text CNN, Conv1D over embedded indices (VALID; SAME with stride 2) and the global
max and average poolings over time; and, after the Bidirectional ones, the two GRUs again with
reset_after=False (one bias), last so that the values drawn before them stay as they were. Per model:
its inputs and
labels, its initial weights, its predictions with them, the 10 reported losses and the weights after
steps 1 and 10 (BatchNormalization's running statistics too).

The file is plain text, one array per line: a name, then the values, row-major (a Dense kernel is
[inputs][units], a Conv2D kernel [height][width][channels][filters], and an LSTM's kernel, recurrent
kernel and bias [features][4 units], [units][4 units] and [4 units] with the gates in the order input,
forget, candidate, output, as Kiln stores them). Its first line names the Keras and TensorFlow that
made it.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

STEPS = 10

# (case name, Keras optimizer, its arguments); Kiln's test gives the same arguments to Fit
CASES = [
    ("sgd", keras.optimizers.SGD, {}),
    ("sgd_momentum", keras.optimizers.SGD, {"learning_rate": 0.1, "momentum": 0.9}),
    ("sgd_nesterov", keras.optimizers.SGD, {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("adam", keras.optimizers.Adam, {}),
    ("adam_fast", keras.optimizers.Adam, {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.99}),
    ("rmsprop", keras.optimizers.RMSprop, {}),
    ("rmsprop_fast", keras.optimizers.RMSprop, {"learning_rate": 0.01, "rho": 0.8}),
    ("adadelta", keras.optimizers.Adadelta, {}),
    ("adadelta_fast", keras.optimizers.Adadelta, {"learning_rate": 1.0}),
]


L = keras.layers

# (name, layers after the input, input shape, loss, kind of labels)
MODELS = [
    ("bce", [L.Dense(5, activation="tanh", name="hidden"), L.Dense(1, activation="sigmoid", name="out")],
     (4,), "binary_crossentropy", "binary"),
    ("cce", [L.Dense(5, activation="relu", name="hidden"), L.Dense(3, activation="softmax", name="out")],
     (4,), "categorical_crossentropy", "onehot"),
    ("mse", [L.Dense(5, activation="sigmoid", name="hidden"), L.Dense(2, name="out")],
     (4,), "mean_squared_error", "values"),
    ("mae", [L.Dense(5, activation="tanh", name="hidden"), L.Dense(2, name="out")],
     (4,), "mean_absolute_error", "values"),
    ("cnn", [L.Conv2D(3, 3, padding="same", activation="relu", name="conv"), L.MaxPooling2D(2, name="pool"),
             L.Conv2D(4, 2, activation="tanh", name="conv2"), L.AveragePooling2D(2, name="avg"),
             L.Flatten(name="flat"), L.Dense(3, activation="softmax", name="out")],
     (8, 8, 2), "sparse_categorical_crossentropy", "classes"),
    ("strided", [L.Conv2D(2, 3, strides=2, padding="same", activation="relu", name="conv"),
                 L.AveragePooling2D(3, strides=2, padding="same", name="avg"),
                 L.MaxPooling2D(2, strides=1, padding="same", name="pool"),
                 L.Flatten(name="flat"), L.Dense(3, activation="softmax", name="out")],
     (7, 7, 1), "sparse_categorical_crossentropy", "classes"),
    ("gap", [L.Conv2D(4, 3, activation="relu", name="conv"), L.GlobalAveragePooling2D(name="gap"),
             L.Dense(3, activation="softmax", name="out")],
     (6, 6, 1), "sparse_categorical_crossentropy", "classes"),
    ("batchnorm", [L.Dense(6, name="hidden"), L.BatchNormalization(name="norm"), L.Activation("tanh", name="act"),
                   L.Dense(3, activation="softmax", name="out")],
     (4,), "sparse_categorical_crossentropy", "classes"),
]

# The recurrent models, trained after the graph ones so that the values drawn for those stay as they were
SEQUENCE_MODELS = [
    ("lstm", [L.LSTM(4, name="lstm"), L.Dense(3, activation="softmax", name="out")],
     (5, 3), "sparse_categorical_crossentropy", "classes"),
    ("lstm_stacked", [L.Embedding(7, 3, name="embedding"), L.LSTM(3, return_sequences=True, name="first"),
                      L.LSTM(2, go_backwards=True, name="second"), L.Dense(1, activation="sigmoid", name="out")],
     (6,), "binary_crossentropy", "binary"),
    ("lstm_sequences", [L.LSTM(3, return_sequences=True, go_backwards=True, activation="relu",
                               recurrent_activation="tanh", unit_forget_bias=False, name="lstm"),
                        L.Flatten(name="flat"), L.Dense(2, name="out")],
     (4, 2), "mean_squared_error", "values"),
    ("rnn", [L.Embedding(7, 3, name="embedding"), L.SimpleRNN(4, return_sequences=True, name="first"),
             L.SimpleRNN(3, go_backwards=True, activation="relu", name="second"),
             L.Dense(3, activation="softmax", name="out")],
     (6,), "sparse_categorical_crossentropy", "classes"),
    ("gru", [L.Embedding(7, 3, name="embedding"), L.GRU(4, return_sequences=True, name="first"),
             L.GRU(3, go_backwards=True, name="second"), L.Dense(1, activation="sigmoid", name="out")],
     (6,), "binary_crossentropy", "binary"),
    ("conv1d", [L.Embedding(9, 3, name="embedding"), L.Conv1D(4, 3, activation="relu", name="conv"),
                L.GlobalMaxPooling1D(name="pool"), L.Dense(3, activation="softmax", name="out")],
     (8,), "sparse_categorical_crossentropy", "classes"),
    ("conv1d_strided", [L.Embedding(9, 3, name="embedding"),
                        L.Conv1D(4, 3, strides=2, padding="same", activation="tanh", name="conv"),
                        L.GlobalAveragePooling1D(name="pool"), L.Dense(2, name="out")],
     (8,), "mean_squared_error", "values"),
    ("bidirectional", [L.Embedding(7, 3, mask_zero=True, name="embedding"),
                       L.Bidirectional(L.LSTM(3, return_sequences=True), name="first"),
                       L.Bidirectional(L.GRU(2), name="second"), L.Dense(3, activation="softmax", name="out")],
     (6,), "sparse_categorical_crossentropy", "classes"),
    ("bidirectional_sequences", [L.Bidirectional(L.SimpleRNN(3, return_sequences=True), name="rnn"),
                                 L.Flatten(name="flat"), L.Dense(2, name="out")],
     (4, 2), "mean_squared_error", "values"),
    ("gru_reset_before", [L.Embedding(7, 3, name="embedding"),
                          L.GRU(4, return_sequences=True, reset_after=False, name="first"),
                          L.GRU(3, go_backwards=True, reset_after=False, name="second"),
                          L.Dense(1, activation="sigmoid", name="out")],
     (6,), "binary_crossentropy", "binary"),
]


def labels_of(kind, rng, samples):
    classes = rng.integers(0, 3, samples)
    if kind == "binary":
        return rng.integers(0, 2, (samples, 1)).astype(np.float32)
    if kind == "onehot":
        return np.eye(3, dtype=np.float32)[classes]
    if kind == "values":
        return rng.uniform(-1, 1, (samples, 2)).astype(np.float32)
    return classes.astype(np.int32)


def weight_lines(prefix, model):
    """Each layer's arrays; a Bidirectional's per direction, named as Kiln names them: first.forward, first.backward."""
    out = []
    for layer in model.layers:
        if isinstance(layer, L.Bidirectional):
            parts = [(f"{layer.name}.forward", layer.forward_layer), (f"{layer.name}.backward", layer.backward_layer)]
        else:
            parts = [(layer.name, layer)]
        for name, part in parts:
            for i, w in enumerate(part.get_weights()):
                out.append((f"{prefix}.{name}.{i}", w))
    return out


def starting_weights(model, rng):
    """Kernels uniform in +-0.8; vectors (biases, gamma, beta, running statistics) their defaults
    moved by up to 0.1."""
    return [rng.uniform(-0.8, 0.8, w.shape).astype(np.float32) if w.ndim > 1
            else (w + rng.uniform(-0.1, 0.1, w.shape)).astype(np.float32) for w in model.get_weights()]


def graph_models():
    """The graph layer kinds, with Keras's functional API: (name, model, inputs maker, loss, labels)."""
    users, movies = keras.Input((1,), name="user"), keras.Input((1,), name="movie")
    user_vector = L.Flatten()(L.Embedding(5, 3, name="userVector")(users))
    movie_vector = L.Flatten()(L.Embedding(6, 3, name="movieVector")(movies))
    rating = L.Dot(axes=1, name="rating")([user_vector, movie_vector])
    dot = keras.Model([users, movies], rating)
    cosine = keras.Model([users, movies], L.Dot(axes=1, normalize=True, name="rating")([user_vector, movie_vector]))

    left, right = keras.Input((4,), name="left"), keras.Input((4,), name="right")
    a = L.Dense(3, activation="tanh", name="a")(left)
    b = L.Dense(3, activation="sigmoid", name="b")(right)
    merged = L.Concatenate(name="joined")([L.Add(name="sum")([a, b]), L.Subtract(name="difference")([a, b]),
                                          L.Multiply(name="product")([a, b]), L.Average(name="mean")([a, b])])
    merges = keras.Model([left, right], L.Dense(2, name="out")(merged))

    def indices(rng):
        return [rng.integers(0, 5, (6, 1)).astype(np.float32), rng.integers(0, 6, (6, 1)).astype(np.float32)]

    def floats(rng):
        return [rng.uniform(-2, 2, (6, 4)).astype(np.float32) for _ in range(2)]

    return [("dot", dot, indices, "mean_squared_error", (6, 1)),
            ("cosine", cosine, indices, "mean_squared_error", (6, 1)),
            ("merges", merges, floats, "mean_squared_error", (6, 2))]


def graph_rows(rng):
    rows = []
    for name, model, inputs, loss, label_shape in graph_models():
        xs = inputs(rng)
        y = rng.uniform(-1, 1, label_shape).astype(np.float32)
        start = starting_weights(model, rng)
        model.set_weights(start)
        rows += [(f"{name}.x{i}", x) for i, x in enumerate(xs)] + [(f"{name}.y", y)]
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss=loss)
        rows += sgd_rows(name, model, xs, y)
    return rows


def sgd_rows(name, model, x, y):
    """A compiled model's initial weights, predictions, then 10 SGD steps: their losses, the weights after 1 and 10."""
    rows = weight_lines(f"{name}.init", model)
    rows.append((f"{name}.predictions", model.predict(x, verbose=0)))
    losses = [float(model.train_on_batch(x, y))]
    rows += weight_lines(f"{name}.1", model)
    losses += [float(model.train_on_batch(x, y)) for _ in range(STEPS - 1)]
    rows.append((f"{name}.loss", np.array(losses)))
    return rows + weight_lines(f"{name}.10", model)


def inputs_of(layers, shape, rng):
    """6 samples: uniform in +-2, or indices in the vocabulary of a first Embedding."""
    if isinstance(layers[0], L.Embedding):
        return rng.integers(0, layers[0].input_dim, (6,) + shape).astype(np.float32)
    return rng.uniform(-2, 2, (6,) + shape).astype(np.float32)


def model_rows(rng, models):
    rows = []
    for name, layers, shape, loss, kind in models:
        model = keras.Sequential([keras.Input(shape)] + layers)
        x = inputs_of(layers, shape, rng)
        y = labels_of(kind, rng, 6)
        start = starting_weights(model, rng)
        model.set_weights(start)
        rows += [(f"{name}.x", x), (f"{name}.y", np.asarray(y, dtype=np.float32))]
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss=loss)
        if name == "bce":  # a sigmoid saturated both ways: inputs of +-30, output weights 25 times larger
            model.set_weights([w * 25 if i == 2 else w for i, w in enumerate(start)])
            rows.append((f"{name}.saturated.loss", np.array([float(model.test_on_batch(np.sign(x) * 30, y))])))
            model.set_weights(start)
        rows += sgd_rows(name, model, x, y)
    return rows


def network():
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(5, activation="tanh", name="hidden"),
        keras.layers.Dense(3, activation="softmax", name="out"),
    ])
    return model


def initial_weights(model, rng):
    return [rng.uniform(-0.8, 0.8, w.shape).astype(np.float32) for w in model.get_weights()]


def lines_of(prefix, model):
    out = []
    for layer in model.layers:
        kernel, bias = layer.get_weights()
        out.append((f"{prefix}.{layer.name}.kernel", kernel))
        out.append((f"{prefix}.{layer.name}.bias", bias))
    return out


def train(model, weights, optimizer, x, y):
    model.set_weights(weights)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    losses, snapshots = [], {}
    for step in range(1, STEPS + 1):
        losses.append(float(model.train_on_batch(x, y)))
        if step in (1, STEPS):
            snapshots[step] = lines_of(str(step), model)
    return losses, snapshots


def main(path):
    rng = np.random.default_rng(7)
    x = rng.uniform(-2, 2, (6, 4)).astype(np.float32)
    y = np.array([0, 1, 2, 1, 0, 2], dtype=np.int32)
    saturated = (np.sign(x) * 30).astype(np.float32)
    model = network()
    weights = initial_weights(model, rng)
    rows = [("inputs", x), ("saturated_inputs", saturated), ("labels", y.astype(np.float32))]
    model.set_weights(weights)
    rows += lines_of("init", model)
    for name, make, arguments in CASES:
        losses, snapshots = train(model, weights, make(**arguments), x, y)
        rows.append((f"{name}.loss", np.array(losses)))
        for step in (1, STEPS):
            rows += [(f"{name}.{label}", values) for label, values in snapshots[step]]
    # saturated: output weights 25 times larger give logits far apart, and probabilities below 1e-7
    loud = [w * 25 if i == 2 else w for i, w in enumerate(weights)]
    losses, _ = train(model, loud, keras.optimizers.SGD(), saturated, y)
    rows.append(("saturated.loss", np.array(losses[:1])))
    rows += model_rows(rng, MODELS)
    rows += graph_rows(rng)
    rows += model_rows(rng, SEQUENCE_MODELS)
    with open(path, "w") as out:
        made = f"Keras {keras.__version__} on TensorFlow {tf.__version__}"
        out.write(f"# {made}, made by examples/peers/keras_parity.py\n")
        for name, values in rows:
            flat = np.asarray(values, dtype=np.float64).ravel()
            out.write(name + " " + " ".join(repr(float(v)) for v in flat) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
