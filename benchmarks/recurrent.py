"""One training step of a recurrent layer: this library's ``nn.LSTM`` / ``GRU`` / ``RNN`` vs PyTorch's.

Input size 32, hidden size 128, one layer, batch 32, 50 time steps, float32. One step =
forward over the sequence, a linear head (128 -> 1) on the last output, MSE, backward,
SGD (lr 0.01). Both sides start from the same weights (copied by parameter name) and
are timed interleaved, so they share the machine's noise; the table shows medians.

    python benchmarks/recurrent.py [--reps 15] [--threads 1]

Single-threaded by default on both sides (threadpoolctl for numpy's BLAS,
``torch.set_num_threads``); ``--threads 0`` keeps the libraries' own counts.
"""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

import numpy as np
from _common import interleaved_medians, print_table, use_source_tree

use_source_tree()

import nn  # noqa: E402
import nn.functional as F  # noqa: E402
from autograd import Tensor  # noqa: E402
from nn.optim import SGD  # noqa: E402

INPUT, HIDDEN, BATCH, STEPS, LR = 32, 128, 32, 50, 0.01
KINDS = ("LSTM", "GRU", "RNN")
Step = Callable[[], Any]


def make_data(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(STEPS, BATCH, INPUT)).astype(np.float32)
    return x, rng.normal(size=(BATCH, 1)).astype(np.float32)


def init_weights(kind: str, seed: int = 0) -> dict[str, np.ndarray]:
    """PyTorch-named float32 weights of the layer (PyTorch's default init) and the head."""
    layer = getattr(nn, kind)(INPUT, HIDDEN)
    layer.reset_parameters(np.random.default_rng(seed))
    out = {name: p.data.astype(np.float32) for name, p in layer.named_parameters()}
    rng = np.random.default_rng(seed + 1)
    out["head.weight"] = rng.uniform(-0.1, 0.1, size=(1, HIDDEN)).astype(np.float32)
    out["head.bias"] = np.zeros(1, dtype=np.float32)
    return out


def ours(kind: str, weights: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[Tensor]]:
    layer = getattr(nn, kind)(INPUT, HIDDEN)
    for name, w in weights.items():
        if not name.startswith("head."):
            getattr(layer, name).data[...] = w
    head_w = Tensor(weights["head.weight"].copy(), requires_grad=True)
    head_b = Tensor(weights["head.bias"].copy(), requires_grad=True)
    params = [getattr(layer, n) for n in weights if not n.startswith("head.")] + [head_w, head_b]
    opt = SGD(params, lr=LR)
    x, target = Tensor(X), Tensor(y)

    def step() -> Any:
        out, _ = layer(x)
        loss = F.mse_loss(F.linear(out[-1], head_w, head_b), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step, params


def torch_step(kind: str, weights: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[Any]]:
    import torch

    layer = getattr(torch.nn, kind)(INPUT, HIDDEN)
    head = torch.nn.Linear(HIDDEN, 1)
    with torch.no_grad():
        for name, p in layer.named_parameters():
            p.copy_(torch.from_numpy(weights[name]))
        head.weight.copy_(torch.from_numpy(weights["head.weight"]))
        head.bias.copy_(torch.from_numpy(weights["head.bias"]))
    params = list(layer.parameters()) + list(head.parameters())
    opt = torch.optim.SGD(params, lr=LR)
    x, target = torch.from_numpy(X), torch.from_numpy(y)

    def step() -> Any:
        out, _ = layer(x)
        loss = torch.nn.functional.mse_loss(head(out[-1]), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step, params


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=15, help="interleaved repetitions per layer")
    ap.add_argument("--threads", type=int, default=1, help="BLAS / torch threads (0: leave as is)")
    args = ap.parse_args()
    have_torch = importlib.util.find_spec("torch") is not None
    limiter: Any = nullcontext()
    if args.threads:
        if importlib.util.find_spec("threadpoolctl") is None:
            print("note: threadpoolctl is not installed, so BLAS keeps its own threads")
        else:
            import threadpoolctl

            limiter = threadpoolctl.threadpool_limits(args.threads, user_api="blas")
        if have_torch:
            import torch

            torch.set_num_threads(args.threads)
    X, y = make_data()
    rows = []
    with limiter:
        for kind in KINDS:
            weights = init_weights(kind)
            steps = {"ours": ours(kind, weights, X, y)[0]}
            if have_torch:
                steps["torch"] = torch_step(kind, weights, X, y)[0]
            med = interleaved_medians(steps, reps=args.reps, inner=3)
            row: list[Any] = [kind, f"{med['ours'] * 1e3:.2f}"]
            if have_torch:
                row += [f"{med['torch'] * 1e3:.2f}", f"{med['ours'] / med['torch']:.2f}x"]
            rows.append(row)
    headers = ["layer", "ours (ms)"] + (["torch (ms)", "ours / torch"] if have_torch else [])
    print_table(headers, rows, title=f"one training step: input {INPUT}, hidden {HIDDEN}, batch {BATCH}, "
                                     f"{STEPS} steps, threads {args.threads or 'default'}")


if __name__ == "__main__":
    main()
