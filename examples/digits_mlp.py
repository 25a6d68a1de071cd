"""An MLP (64-128-64-10, ReLU) on scikit-learn's 8x8 digits: at least 97% test accuracy.

The curriculum's deep network on real data: mini-batches (``nn.data.DataLoader``),
softmax cross-entropy, Adam, ``nn.fit``, and accuracy on a held-out stratified 25% split.

    python examples/digits_mlp.py [--epochs 30]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import autograd  # noqa: E402
import nn  # noqa: E402
import nn.data  # noqa: E402
import nn.metrics  # noqa: E402

SEED = 0


def digits_split(seed: int = SEED, images: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The digits split 75/25 stratified by label, each pixel standardized by a
    ``StandardScaler`` fit on the training part, as float32: ``X_train, X_test,
    y_train, y_test``; ``images`` gives (N, 1, 8, 8) instead of (N, 64)."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = nn.datasets.load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    shape = (-1, 1, 8, 8) if images else (-1, 64)
    X_train, X_test = (scaler.transform(a).astype(np.float32).reshape(shape) for a in (X_train, X_test))
    return X_train, X_test, y_train, y_test


def make_model() -> nn.Sequential:
    """64-128-64-10 with ReLU between (PyTorch's default initialization)."""
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))


def train_classifier(model: Any, data: tuple[np.ndarray, ...], *, epochs: int, lr: float = 1e-3,
                     batch_size: int = 64, verbose: bool = False) -> tuple[float, nn.History]:
    """``nn.fit``: Adam on softmax cross-entropy over shuffled mini-batches, the held-out
    part evaluated after every epoch; returns the final test accuracy and the history."""
    X_train, X_test, y_train, y_test = data
    train_loader = nn.data.DataLoader(nn.data.TensorDataset(X_train, y_train), batch_size=batch_size, shuffle=True)
    test_loader = nn.data.DataLoader(nn.data.TensorDataset(X_test, y_test), batch_size=len(y_test))
    opt = nn.optim.Adam(model.parameters(), lr=lr)
    history = nn.fit(model, nn.CrossEntropyLoss(), opt, train_loader, epochs=epochs, val_loader=test_loader,
                     metrics=["accuracy"], progress=False)
    if verbose:
        for e in range(len(history["loss"])):
            if e % 5 == 4 or e == epochs - 1:
                print(f"epoch {e + 1:3d}  train loss {history['loss'][e]:.4f}  "
                      f"test accuracy {history['val_accuracy'][e]:.2%}")
    return history["val_accuracy"][-1], history


def predict(model: Any, X: np.ndarray) -> np.ndarray:
    """Class predictions (argmax of the scores) in eval mode without a graph."""
    model.eval()
    with autograd.no_grad():
        return np.asarray(model(autograd.Tensor(X)).numpy()).argmax(axis=1)


def predict_accuracy(model: Any, X: np.ndarray, y: np.ndarray) -> float:
    return nn.metrics.accuracy(y, predict(model, X))


def train(epochs: int = 30, seed: int = SEED, verbose: bool = False) -> float:
    """Train the MLP from ``autograd.manual_seed(seed)``; return its test accuracy."""
    autograd.manual_seed(seed)
    acc, _ = train_classifier(make_model(), digits_split(seed), epochs=epochs, verbose=verbose)
    return acc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args(argv)
    acc = train(args.epochs, verbose=True)
    print(f"digits MLP 64-128-64-10: test accuracy {acc:.2%} (450 held-out images)")
    assert acc >= 0.97, f"expected at least 97% test accuracy, got {acc:.2%}"
    return 0


if __name__ == "__main__":
    sys.exit(main())
