"""Training on the 8x8 digits, this library vs PyTorch CPU: the same recipe, the same run.

Two models, each trained from the same initial weights on the same stratified 75/25
split (pixels standardized on the training part) with the same shuffled order of
mini-batches: Adam lr 1e-3, batch 64, 30 epochs, softmax cross-entropy.

``mlp``  64-128-64-10, ReLU between;
``cnn``  conv 16@3x3 pad 1, ReLU, max-pool 2, conv 32@3x3 pad 1, ReLU, max-pool 2,
         flatten, linear 128-64-10.

Ours is written as a user writes it (``nn.Sequential``, ``nn.data.DataLoader``,
``nn.CrossEntropyLoss``, ``nn.optim.Adam``); PyTorch's the idiomatic fast way (a
permutation per epoch, batches by indexing tensors, ``torch.optim.Adam``). Both run
with the same thread count (``--threads``, default 1: numpy's BLAS via threadpoolctl,
``torch.set_num_threads``). Training time is the wall time of all epochs (the median of
``--reps`` runs, interleaved); the table puts test accuracies beside the times.
Targets: the MLP at most 1.0x PyTorch's time, the CNN at most 1.5x.

    python benchmarks/digits.py [--epochs 30] [--reps 1] [--threads 1] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from _common import print_table, use_source_tree

use_source_tree()

import autograd  # noqa: E402
import nn  # noqa: E402
import nn.data  # noqa: E402
from autograd import Tensor  # noqa: E402

LR, BATCH = 1e-3, 64


def digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = nn.datasets.load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    scaler = StandardScaler().fit(X_train)
    return (scaler.transform(X_train).astype(np.float32), scaler.transform(X_test).astype(np.float32),
            y_train, y_test)


def ours_model(kind: str) -> Any:
    if kind == "mlp":
        return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))


def torch_model(kind: str, weights: list[np.ndarray]) -> Any:
    import torch

    tnn = torch.nn
    if kind == "mlp":
        m = tnn.Sequential(tnn.Linear(64, 128), tnn.ReLU(), tnn.Linear(128, 64), tnn.ReLU(), tnn.Linear(64, 10))
    else:
        m = tnn.Sequential(tnn.Conv2d(1, 16, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
                           tnn.Conv2d(16, 32, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
                           tnn.Flatten(), tnn.Linear(128, 64), tnn.ReLU(), tnn.Linear(64, 10))
    with torch.no_grad():
        for p, w in zip(m.parameters(), weights):
            p.copy_(torch.from_numpy(w))
    return m


def shape(kind: str, X: np.ndarray) -> np.ndarray:
    return X.reshape(-1, 1, 8, 8) if kind == "cnn" else X


def train_ours(kind: str, weights: list[np.ndarray], data: tuple[np.ndarray, ...], epochs: int,
               seed: int) -> tuple[float, float, list[np.ndarray]]:
    """Seconds of training, test accuracy and the trained parameters."""
    X_train, X_test, y_train, y_test = data
    model = ours_model(kind)
    for p, w in zip(model.parameters(), weights):
        p.data[...] = w
    loader = nn.data.DataLoader(nn.data.TensorDataset(shape(kind, X_train), y_train), batch_size=BATCH,
                                shuffle=True, generator=np.random.default_rng(seed))
    loss_fn = nn.CrossEntropyLoss()
    opt = nn.optim.Adam(model.parameters(), lr=LR)
    t0 = time.perf_counter()
    for _ in range(epochs):
        for xb, yb in loader:
            loss = loss_fn(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - t0
    with autograd.no_grad():
        pred = model(Tensor(shape(kind, X_test))).numpy().argmax(axis=1)
    return seconds, float((pred == y_test).mean()), [np.asarray(p.numpy()) for p in model.parameters()]


def train_torch(kind: str, weights: list[np.ndarray], data: tuple[np.ndarray, ...], epochs: int,
                seed: int) -> tuple[float, float, list[np.ndarray]]:
    """Seconds of training, test accuracy and the trained parameters."""
    import torch

    X_train, X_test, y_train, y_test = data
    model = torch_model(kind, weights)
    x, t = torch.from_numpy(shape(kind, X_train)), torch.from_numpy(y_train).long()
    rng = np.random.default_rng(seed)  # the same orders as our DataLoader's
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    n = len(y_train)
    t0 = time.perf_counter()
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(n))
        for b in range(0, n, BATCH):
            idx = order[b:b + BATCH]
            loss = loss_fn(model(x[idx]), t[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - t0
    with torch.no_grad():
        pred = model(torch.from_numpy(shape(kind, X_test))).argmax(dim=1).numpy()
    return seconds, float((pred == y_test).mean()), [p.detach().numpy() for p in model.parameters()]


def initial_weights(kind: str, seed: int) -> list[np.ndarray]:
    autograd.manual_seed(seed)
    return [np.array(p.numpy(), copy=True) for p in ours_model(kind).parameters()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--reps", type=int, default=1, help="runs per side (interleaved); the median is shown")
    ap.add_argument("--threads", type=int, default=1, help="BLAS / torch threads (0 keeps the libraries' own)")
    ap.add_argument("--models", nargs="+", default=["mlp", "cnn"], choices=["mlp", "cnn"])
    ap.add_argument("--profile", action="store_true", help="print a cProfile of our MLP's training")
    args = ap.parse_args()

    if args.threads and importlib.util.find_spec("threadpoolctl") is not None:
        import threadpoolctl

        threadpoolctl.threadpool_limits(args.threads, user_api="blas")
    elif args.threads:
        print("note: threadpoolctl is not installed (pip install threadpoolctl), so BLAS keeps its own threads")
    have_torch = importlib.util.find_spec("torch") is not None
    if have_torch:
        import torch

        if args.threads:
            torch.set_num_threads(args.threads)
        print(f"numpy {np.__version__}; torch {torch.__version__} (threads {torch.get_num_threads()})")
    else:
        print("torch is not installed: timing ours only")

    data = digits()
    targets = {"mlp": 1.0, "cnn": 1.5}
    rows = []
    for kind in args.models:
        weights = initial_weights(kind, seed=0)
        sides: dict[str, Callable[..., tuple[float, float, list[np.ndarray]]]] = {"ours": train_ours}
        if have_torch:
            sides["torch"] = train_torch
        times: dict[str, list[float]] = {k: [] for k in sides}
        accs: dict[str, float] = {}
        for r in range(args.reps):
            for name in (list(sides) if r % 2 == 0 else list(sides)[::-1]):
                seconds, accs[name], _ = sides[name](kind, weights, data, args.epochs, seed=r)
                times[name].append(seconds)
        ours_s = statistics.median(times["ours"])
        row: list[Any] = [kind, f"{ours_s:.2f}", f"{accs['ours']:.2%}"]
        if have_torch:
            torch_s = statistics.median(times["torch"])
            ratio = ours_s / torch_s
            row += [f"{torch_s:.2f}", f"{accs['torch']:.2%}", f"{ratio:.2f}x",
                    f"<= {targets[kind]}x " + ("met" if ratio <= targets[kind] else "MISSED")]
        rows.append(row)
    headers = ["model", "ours s", "ours acc", "torch s", "torch acc", "ratio", "target"][:len(rows[0])]
    print_table(headers, rows, title=f"digits: Adam lr {LR}, batch {BATCH}, {args.epochs} epochs, "
                                     f"training time (median of {args.reps})")

    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(train_ours, "mlp", initial_weights("mlp", 0), data, args.epochs, 0)
        pstats.Stats(prof).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
