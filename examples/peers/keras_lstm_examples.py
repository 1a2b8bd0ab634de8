"""The LSTM examples' models in Keras 3, trained as Kiln's examples train them, for a like-for-like
test accuracy.

    ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.SpamLstm -Dexec.args="4 /tmp/spam"
    ~/.cache/kiln-peers/bin/python examples/peers/keras_lstm_examples.py spam /tmp/spam 4
    ~/.cache/kiln-peers/bin/python examples/peers/keras_lstm_examples.py fashion /usr/share/datasets/fashion-mnist 10
    ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.FashionCaptions -Dexec.args="5 /tmp/captions"
    ~/.cache/kiln-peers/bin/python examples/peers/keras_lstm_examples.py captions /tmp/captions 5

spam: SpamLstm's model on the very tokens SpamLstm trained on: the example writes its padded
sequences (train.csv, test.csv: 100 indices and the 0/1 label per row, from Kiln's Tokenizer of the
10,000 most frequent words of the training bodies), so the tokenization is not reimplemented here
(Keras 3 no longer has a Tokenizer). Embedding(10002, 128) -> LSTM(64) -> Dense(1, sigmoid), binary
cross-entropy, Adam (lr 0.001), batch 64.

fashion: FashionRowsLstm's model: Fashion-MNIST read from the IDX files FashionMnist.java reads,
pixels / 255, each image 28 steps of 28 pixels; LSTM(64) -> Dense(10, softmax), sparse categorical
cross-entropy, Adam (lr 0.001), batch 128.

captions: FashionCaptions's model on the very pairs FashionCaptions trained on: the example writes
them (train.csv, test.csv: per row the image's index in the Fashion-MNIST part, 12 word indices of the
caption, padded in front, and the 0/1 target), and the images come from the IDX files in
/usr/share/datasets/fashion-mnist (FASHION_MNIST overrides it), pixels / 255, 28x28x1. The image
through Conv2D(16, 3, relu) -> MaxPool2D(2) -> Flatten -> Dense(64, relu), the caption through
Embedding(66, 16, mask_zero=True) -> LSTM(32); Concatenate -> Dense(64, relu) -> Dense(1, sigmoid),
binary cross-entropy, Adam (lr 0.001), batch 64.

All shuffle every epoch, validate on the test part after each epoch (as SpamLstm and FashionRowsLstm
do; it does not change the training), and print one JSON line per epoch (its wall time, the test loss
and accuracy) and one for the final test accuracy. An optional fourth argument is the seed (default 42).
"""
import gzip
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def idx(path):
    import numpy as np
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, name):
    for candidate in (os.path.join(folder, name + ".gz"), os.path.join(folder, name)):
        if os.path.exists(candidate):
            return candidate
    raise FileNotFoundError(os.path.join(folder, name + ".gz"))


def spam_data(folder):
    import numpy as np
    parts = []
    for name in ("train.csv", "test.csv"):
        rows = np.loadtxt(os.path.join(folder, name), delimiter=",", dtype=np.int64, ndmin=2)
        parts.append((rows[:, :-1], rows[:, -1].astype("float32")))
    return parts


def fashion_data(folder):
    parts = []
    for prefix in ("train", "t10k"):
        images = idx(find(folder, prefix + "-images-idx3-ubyte")).astype("float32") / 255.0  # (n, 28, 28)
        labels = idx(find(folder, prefix + "-labels-idx1-ubyte")).astype("int64")
        parts.append((images, labels))
    return parts


def captions_data(folder):
    import numpy as np
    images = fashion_data(os.environ.get("FASHION_MNIST", "/usr/share/datasets/fashion-mnist"))
    parts = []
    for name, (pixels, _) in zip(("train.csv", "test.csv"), images):
        rows = np.loadtxt(os.path.join(folder, name), delimiter=",", dtype=np.int64, ndmin=2)
        parts.append(((pixels[rows[:, 0], :, :, None], rows[:, 1:-1]), rows[:, -1].astype("float32")))
    return parts


def captions_model():
    import keras
    from keras import layers
    image = keras.Input((28, 28, 1))
    caption = keras.Input((12,), dtype="int32")
    seen = layers.Conv2D(16, 3, activation="relu")(image)
    seen = layers.Dense(64, activation="relu")(layers.Flatten()(layers.MaxPooling2D(2)(seen)))
    read = layers.LSTM(32)(layers.Embedding(66, 16, mask_zero=True)(caption))
    joined = layers.Dense(64, activation="relu")(layers.Concatenate()([seen, read]))
    net = keras.Model([image, caption], layers.Dense(1, activation="sigmoid")(joined))
    net.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
    return net, 64


def model(workload):
    import keras
    from keras import layers
    if workload == "spam":
        net = keras.Sequential([keras.Input((100,), dtype="int32"), layers.Embedding(10002, 128), layers.LSTM(64),
                                layers.Dense(1, activation="sigmoid")])
        net.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
        return net, 64
    net = keras.Sequential([keras.Input((28, 28)), layers.LSTM(64), layers.Dense(10, activation="softmax")])
    net.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return net, 128


def main():
    workload, folder = sys.argv[1], sys.argv[2]
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else {"spam": 4, "fashion": 10, "captions": 5}[workload]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 42
    import keras
    keras.utils.set_random_seed(seed)
    data = {"spam": spam_data, "fashion": fashion_data, "captions": captions_data}[workload]
    (x, y), (tx, ty) = data(folder)
    net, batch = captions_model() if workload == "captions" else model(workload)
    impl = "keras-" + keras.__version__

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            print(json.dumps({"impl": impl, "workload": workload, "epoch": epoch + 1,
                              "seconds": round(time.perf_counter() - self.start, 2),
                              "loss": round(logs["loss"], 4), "val_loss": round(logs["val_loss"], 4),
                              "val_accuracy": round(logs["val_accuracy"], 4)}),
                  flush=True)

    net.fit(x, y, batch_size=batch, epochs=epochs, shuffle=True, validation_data=(tx, ty), callbacks=[Timer()],
            verbose=0)
    _, accuracy = net.evaluate(tx, ty, batch_size=1024, verbose=0)
    print(json.dumps({"impl": impl, "workload": workload, "metric": "test_accuracy", "epochs": epochs,
                      "value": round(accuracy, 4)}), flush=True)


if __name__ == "__main__":
    main()
