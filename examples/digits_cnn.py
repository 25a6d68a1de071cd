"""A LeNet-style CNN on scikit-learn's 8x8 digits: at least 98% test accuracy.

conv 16@3x3 pad 1, ReLU, max-pool 2, conv 32@3x3 pad 1, ReLU, max-pool 2, flatten,
linear 128-64-10: the curriculum's convolutional network (shared weights, pooling),
trained like the MLP (``examples/digits_mlp.py``: Adam, batches of 64; here lr 3e-3 for
15 epochs) on the same stratified 75/25 split.

    python examples/digits_cnn.py [--epochs 15]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digits_mlp import SEED, digits_split, train_classifier  # noqa: E402

import autograd  # noqa: E402
import nn  # noqa: E402


def make_model() -> nn.Sequential:
    """(N, 1, 8, 8) -> 16x8x8 -> 16x4x4 -> 32x4x4 -> 32x2x2 = 128 -> 64 -> 10."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10),
    )


def train(epochs: int = 15, seed: int = SEED, lr: float = 3e-3, verbose: bool = False) -> float:
    """Train the CNN from ``autograd.manual_seed(seed)``; return its test accuracy."""
    autograd.manual_seed(seed)
    acc, _ = train_classifier(make_model(), digits_split(seed, images=True), epochs=epochs, lr=lr, verbose=verbose)
    return acc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args(argv)
    acc = train(args.epochs, verbose=True)
    print(f"digits CNN (LeNet-style): test accuracy {acc:.2%} (450 held-out images)")
    assert acc >= 0.98, f"expected at least 98% test accuracy, got {acc:.2%}"
    return 0


if __name__ == "__main__":
    sys.exit(main())
