"""The tutorial GAN of examples/FashionGan.java in PyTorch, trained the same way on the same data, for a
like-for-like quality figure: Kiln's FashionGanJudge scores the images this script writes.

    "$(../shared/bench/setup-peers.sh | tail -1)" examples/peers/fashion_gan.py 20000 5000 /tmp/torch-gan
    ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.FashionGanJudge \\
        -Dexec.args="/tmp/torch-gan/torch-gan-005000.f32 /tmp/torch-gan/torch-gan-020000.f32"

The same models (100-128-256-784 tanh generator; 784-256-128-1 sigmoid discriminator), Adam (lr 2e-4,
beta1 0.5) for both, batch 128, pixels scaled to [-1, 1], the training images shuffled every pass;
an iteration is one discriminator step on 128 real and 128 generated images (labels 1 and 0) and one
generator step on fresh noise through the frozen discriminator (label 1), as Kiln's adversarialStep.
Every EVERY iterations it writes 10,000 generated images as raw little-endian float32, 784 per image,
and prints the losses and iterations per second as JSON lines.
"""
import gzip
import json
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
from torch import nn  # noqa: E402

DATA = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")


def training_images():
    with gzip.open(os.path.join(DATA, "train-images-idx3-ubyte.gz"), "rb") as f:
        raw = f.read()
    pixels = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).float()
    return (pixels / 255.0 * 2 - 1).reshape(-1, 784)


def main():
    iterations, every, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    images = training_images()
    generator = nn.Sequential(nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 256), nn.ReLU(),
                              nn.Linear(256, 784), nn.Tanh())
    discriminator = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                                  nn.Linear(128, 1), nn.Sigmoid())
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()
    labels_d = torch.cat([torch.ones(128, 1), torch.zeros(128, 1)])
    ones = torch.ones(128, 1)
    batches = images.shape[0] // 128
    start = time.perf_counter()
    for i in range(1, iterations + 1):
        b = (i - 1) % batches
        if b == 0:
            order = torch.randperm(images.shape[0])
        real = images[order[b * 128:(b + 1) * 128]]
        with torch.no_grad():
            fake = generator(torch.randn(128, 100))
        opt_d.zero_grad(set_to_none=True)
        d_loss = bce(discriminator(torch.cat([real, fake])), labels_d)
        d_loss.backward()
        opt_d.step()
        for p in discriminator.parameters():
            p.requires_grad_(False)
        opt_g.zero_grad(set_to_none=True)
        g_loss = bce(discriminator(generator(torch.randn(128, 100))), ones)
        g_loss.backward()
        opt_g.step()
        for p in discriminator.parameters():
            p.requires_grad_(True)
        if i % every == 0 or i == iterations:
            print(json.dumps({"impl": "pytorch " + torch.__version__, "iteration": i, "d_loss": round(d_loss.item(), 4),
                              "g_loss": round(g_loss.item(), 4),
                              "iterations_per_s": round(i / (time.perf_counter() - start), 1)}), flush=True)
            pause = time.perf_counter()  # the rate leaves out writing the images
            with torch.no_grad():
                generated = generator(torch.randn(10_000, 100))
            path = os.path.join(out, "torch-gan-%06d.f32" % i)
            with open(path, "wb") as f:
                f.write(generated.contiguous().numpy().astype("<f4").tobytes())
            start += time.perf_counter() - pause


if __name__ == "__main__":
    main()
