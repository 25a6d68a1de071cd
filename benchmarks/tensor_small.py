"""A tiny tensor MLP, where per-op overhead is everything: ours vs numpy vs PyTorch eager.

The model is micrograd's demo done with tensors: 2-16-16-1 with ReLU hidden layers,
the max-margin (hinge) loss mean(relu(1 - y * score)) on 100 moons points with labels
-1/+1, float32, SGD (lr 0.05). One step = forward + loss + backward + update.

``ours``    ``F.linear``, ``F.relu``, ``loss.backward()``, ``SGD.step()``, ``zero_grad()``;
``numpy``   the same math by hand with in-place updates (the floor);
``torch``   PyTorch CPU eager with ``torch.optim.SGD`` (if installed).

The arrays are so small that almost all of the time is Python and dispatch overhead;
the target is for our step to be no slower than PyTorch's. Timed interleaved, medians.

    python benchmarks/tensor_small.py [--reps 30] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import pstats
from typing import Any

import numpy as np
from _common import (
    assert_same_steps,
    interleaved_medians,
    numpy_mlp_backward_step,
    numpy_mlp_forward,
    print_table,
    torch_mlp_step,
    use_source_tree,
)
from tensor_mlp import Step

use_source_tree()

import nn.functional as F  # noqa: E402
from autograd import Tensor  # noqa: E402
from nn.datasets import make_moons  # noqa: E402
from nn.optim import SGD  # noqa: E402

SIZES = (2, 16, 16, 1)
LR = 0.05


def init_weights(seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out: list[np.ndarray] = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        out.append(rng.uniform(-1, 1, size=(n_out, n_in)).astype(np.float32))
        out.append(np.zeros(n_out, dtype=np.float32))
    return out


def make_data() -> tuple[np.ndarray, np.ndarray]:
    X, labels = make_moons(100, noise=0.1, seed=1337)
    return X.astype(np.float32), (2.0 * labels - 1.0).astype(np.float32).reshape(-1, 1)


def ours(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[Tensor]]:
    params = [Tensor(w.copy(), requires_grad=True) for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    x, t = Tensor(X), Tensor(y)
    opt = SGD(params, lr=LR)

    def step() -> Any:
        h = F.relu(F.linear(x, W1, b1))
        h = F.relu(F.linear(h, W2, b2))
        loss = F.relu(1 - t * F.linear(h, W3, b3)).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step, params


def numpy_floor(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[np.ndarray]]:
    params = [w.copy() for w in weights]
    n = X.shape[0]

    def step() -> float:
        a1, a2, s = numpy_mlp_forward(X, params)
        margin = 1 - y * s
        loss = float(np.maximum(margin, 0).mean())
        ds = (margin > 0) * (-y / n)  # d loss / d score
        numpy_mlp_backward_step(X, a1, a2, ds, params, LR)
        return loss

    return step, params


def torch_eager(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[Any]]:
    import torch

    return torch_mlp_step(weights, X, y, LR, lambda scores, t: torch.relu(1 - t * scores).mean())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--inner", type=int, default=200, help="steps per timed sample")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of our step")
    args = ap.parse_args()

    X, y = make_data()
    weights = init_weights()
    assert_same_steps(ours, numpy_floor, weights, X, y, 5)  # like with like
    impls = {"ours": ours, "numpy": numpy_floor}
    if importlib.util.find_spec("torch") is not None:
        import torch

        torch.set_num_threads(1)  # arrays this small gain nothing from threads
        impls["torch"] = torch_eager
        print(f"torch {torch.__version__} (threads set to 1)")
    steps = {k: make(weights, X, y)[0] for k, make in impls.items()}
    med = interleaved_medians(steps, args.reps, args.inner)
    rows = [[k, f"{sec * 1e6:,.1f}", f"{sec / med['numpy']:.2f}"] for k, sec in med.items()]
    print_table(["implementation", "µs/step (median)", "x numpy"], rows,
                title=f"MLP {'-'.join(map(str, SIZES))}, ReLU, hinge loss, batch 100, float32, SGD lr {LR}")
    if "torch" in med:
        ratio = med["ours"] / med["torch"]
        print(f"ours/torch = {ratio:.2f} ({'ok' if ratio <= 1.0 else 'slower than torch: ABOVE the target'})")
    if args.profile:
        step = steps["ours"]
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(2000):
            step()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue())


if __name__ == "__main__":
    main()
