"""Logistic regression as one sigmoid neuron: the curriculum's "cat / non-cat" classifier,
here benign / malignant on scikit-learn's breast-cancer data.

``nn.Linear(30, 1)`` followed by a sigmoid, trained by full-batch gradient descent on the
binary cross-entropy (the loop written out: forward, loss, zero_grad, backward, step);
the 30 features are standardized by a ``StandardScaler`` fit on the training part of a
stratified 75/25 split. Prints accuracy, precision, recall,
F1 and the confusion matrix on the held-out part (``nn.metrics``, scikit-learn's
numbers).

    python examples/logistic_regression.py [--epochs 300]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import autograd  # noqa: E402
import nn  # noqa: E402
import nn.metrics  # noqa: E402
from autograd import Tensor  # noqa: E402

SEED = 0


def train(epochs: int = 300, lr: float = 0.1, seed: int = SEED, verbose: bool = False) -> dict[str, object]:
    """Fit the neuron; return its test metrics and the loss of every epoch."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    autograd.manual_seed(seed)
    X, y = nn.datasets.load_breast_cancer()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    x, x_test = (Tensor(scaler.transform(a).astype(np.float32)) for a in (X_train, X_test))
    t = Tensor(y_train.astype(np.float32).reshape(-1, 1))

    model = nn.Sequential(nn.Linear(30, 1), nn.Sigmoid())
    loss_fn = nn.BCELoss()
    opt = nn.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        loss = loss_fn(model(x), t)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if verbose and epoch % 50 == 0:
            print(f"epoch {epoch:4d}  binary cross-entropy {losses[-1]:.4f}")

    with autograd.no_grad():
        y_pred = (model(x_test).numpy()[:, 0] > 0.5).astype(np.intp)
    return {
        "accuracy": nn.metrics.accuracy(y_test, y_pred),
        "precision": nn.metrics.precision(y_test, y_pred),
        "recall": nn.metrics.recall(y_test, y_pred),
        "f1": nn.metrics.f1_score(y_test, y_pred),
        "confusion_matrix": nn.metrics.confusion_matrix(y_test, y_pred),
        "losses": losses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=300)
    args = parser.parse_args(argv)
    r = train(args.epochs, verbose=True)
    print(f"final training loss {r['losses'][-1]:.4f}")  # type: ignore[index]
    print("held-out 25% (143 tumours; positive class 1 = benign):")
    for name in ("accuracy", "precision", "recall", "f1"):
        print(f"  {name:9s} {r[name]:.3f}")
    print("confusion matrix (rows: true malignant, benign; columns: predicted):")
    print(r["confusion_matrix"])
    assert r["accuracy"] >= 0.93, f"expected at least 93% accuracy, got {r['accuracy']}"  # type: ignore[operator]
    return 0


if __name__ == "__main__":
    sys.exit(main())
