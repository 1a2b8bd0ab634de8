"""The recommender example's two models in Keras 3 and PyTorch, trained on the split Kiln's example
writes, for a like-for-like test RMSE.

    ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.Recommender -Dexec.args="10 /tmp/split"
    "$(../shared/bench/setup-peers.sh --keras | tail -1)" examples/peers/recommender.py /tmp/split 10

Both models as the example declares them: 10-value embeddings of 671 users and 9,066 movies; the dot
model, and the concatenation -> Dense(64, relu) -> Dropout(0.2) -> Dense(1) model; Adam (lr 0.001),
mean squared error, batch 256, shuffled every epoch. Keras starts embeddings uniform in +-0.05, as
Kiln does; PyTorch's nn.Embedding starts them N(0, 1), its own default, which is reported as such.
Prints one JSON line per figure, like the anchors in shared/bench.
"""
import csv
import json
import math
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def read(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return [int(r["user"]) for r in rows], [int(r["movie"]) for r in rows], [float(r["rating"]) for r in rows]


def emit(impl, workload, value):
    print(json.dumps({"impl": impl, "workload": workload, "metric": "test_rmse", "value": round(value, 4),
                      "unit": "stars"}), flush=True)


def keras_models(epochs, train, test):
    import numpy as np
    import keras
    from keras import layers
    keras.utils.set_random_seed(42)
    tu, tm, tr = (np.array(v) for v in train)
    vu, vm, vr = (np.array(v) for v in test)
    for name in ("dot", "mlp"):
        user_in, movie_in = keras.Input((1,)), keras.Input((1,))
        u = layers.Flatten()(layers.Embedding(671, 10)(user_in))
        m = layers.Flatten()(layers.Embedding(9066, 10)(movie_in))
        if name == "dot":
            out = layers.Dot(axes=1)([u, m])
        else:
            hidden = layers.Dropout(0.2)(layers.Dense(64, activation="relu")(layers.Concatenate()([u, m])))
            out = layers.Dense(1)(hidden)
        model = keras.Model([user_in, movie_in], out)
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mean_squared_error")
        model.fit([tu, tm], tr, batch_size=256, epochs=epochs, shuffle=True, verbose=0)
        mse = model.evaluate([vu, vm], vr, batch_size=1024, verbose=0)
        emit("keras-" + keras.__version__, "recommender-" + name, math.sqrt(mse))


def torch_models(epochs, train, test):
    import torch
    from torch import nn
    torch.manual_seed(42)
    tu, tm = torch.tensor(train[0]), torch.tensor(train[1])
    tr = torch.tensor(train[2]).unsqueeze(1)
    vu, vm = torch.tensor(test[0]), torch.tensor(test[1])
    vr = torch.tensor(test[2]).unsqueeze(1)

    class Dot(nn.Module):
        def __init__(self):
            super().__init__()
            self.user, self.movie = nn.Embedding(671, 10), nn.Embedding(9066, 10)

        def forward(self, u, m):
            return (self.user(u) * self.movie(m)).sum(1, keepdim=True)

    class Mlp(Dot):
        def __init__(self):
            super().__init__()
            self.head = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 1))

        def forward(self, u, m):
            return self.head(torch.cat([self.user(u), self.movie(m)], 1))

    for name, model in (("dot", Dot()), ("mlp", Mlp())):
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.MSELoss()
        for _ in range(epochs):
            model.train()
            order = torch.randperm(len(tr))
            for i in range(0, len(order), 256):
                rows = order[i:i + 256]
                opt.zero_grad(set_to_none=True)
                loss_fn(model(tu[rows], tm[rows]), tr[rows]).backward()
                opt.step()
        model.eval()
        with torch.no_grad():
            emit("pytorch-" + torch.__version__, "recommender-" + name,
                 math.sqrt(loss_fn(model(vu, vm), vr).item()))


def main():
    split, epochs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    train, test = read(os.path.join(split, "train.csv")), read(os.path.join(split, "test.csv"))
    for run in (keras_models, torch_models):
        try:
            run(epochs, train, test)
        except ImportError as e:
            print(run.__name__ + ": skipped (" + str(e) + ")", file=sys.stderr)


if __name__ == "__main__":
    main()
