"""Linear regression with the mean squared error: the curriculum's "house price" model,
here disease progression from scikit-learn's diabetes data (10 features, 442 patients).

``nn.Linear(10, 1)`` trained by full-batch gradient descent on ``nn.MSELoss`` with the
features standardized on the training part of a 75/25 split, compared on the held-out
part with scikit-learn's ``LinearRegression`` (the closed-form least-squares solution):
gradient descent should land on the same test MSE and R^2.

    python examples/linear_regression.py [--epochs 500]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import autograd  # noqa: E402
import nn  # noqa: E402
from autograd import Tensor  # noqa: E402

SEED = 0


def r2_score(y: np.ndarray, pred: np.ndarray) -> float:
    """The coefficient of determination 1 - SS_res / SS_tot."""
    return float(1.0 - ((y - pred) ** 2).sum() / ((y - y.mean()) ** 2).sum())


def train(epochs: int = 500, lr: float = 0.1, seed: int = SEED, verbose: bool = False) -> dict[str, float]:
    """Fit by gradient descent; return test MSE and R^2, ours and scikit-learn's, and the
    first and last training losses."""
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    autograd.manual_seed(seed)
    X, y = nn.datasets.load_diabetes()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

    model = nn.Linear(10, 1)
    x, t = Tensor(X_train.astype(np.float32)), Tensor(y_train.astype(np.float32).reshape(-1, 1))
    loss_fn = nn.MSELoss()
    opt = nn.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        loss = loss_fn(model(x), t)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if verbose and epoch % 100 == 0:
            print(f"epoch {epoch:4d}  training MSE {losses[-1]:10.1f}")

    with autograd.no_grad():
        pred = model(Tensor(X_test.astype(np.float32))).numpy()[:, 0].astype(np.float64)
    ref = LinearRegression().fit(X_train, y_train).predict(X_test)
    return {
        "mse": float(((pred - y_test) ** 2).mean()), "r2": r2_score(y_test, pred),
        "sklearn_mse": float(((ref - y_test) ** 2).mean()), "sklearn_r2": r2_score(y_test, ref),
        "first_loss": losses[0], "last_loss": losses[-1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=500)
    args = parser.parse_args(argv)
    r = train(args.epochs, verbose=True)
    print(f"{'held-out 25% (111 patients)':30s} {'test MSE':>10s} {'R^2':>7s}")
    print(f"{'nn.Linear + gradient descent':30s} {r['mse']:10.1f} {r['r2']:7.3f}")
    print(f"{'scikit-learn LinearRegression':30s} {r['sklearn_mse']:10.1f} {r['sklearn_r2']:7.3f}")
    assert abs(r["mse"] - r["sklearn_mse"]) < 0.01 * r["sklearn_mse"], "gradient descent should reach the closed form"
    return 0


if __name__ == "__main__":
    sys.exit(main())
