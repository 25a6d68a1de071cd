"""One LeNet-5 training step: this library vs PyTorch CPU vs a hand-written numpy im2col step.

The model is LeNet-5 for 28x28 inputs: conv 6@5x5, ReLU, max-pool 2, conv 16@5x5,
ReLU, max-pool 2, flatten (256), linear 256-120-84-10 (ReLU between), softmax
cross-entropy, SGD (lr 0.01), on a 64x1x28x28 float32 batch. One step = forward +
loss + backward + update. Implementations:

``ours``    written as a user would: ``F.conv2d``, ``F.relu``, ``F.max_pool2d``,
            ``F.linear``, ``F.cross_entropy`` on explicit Tensor parameters,
            ``loss.backward()``, ``SGD.step()``;
``numpy``   the same step written by hand in numpy, the textbook way: im2col with
            ``sliding_window_view`` and a gemm per conv, max-pool by reshape with an
            argmax mask, col2im by a loop over kernel offsets;
``torch``   PyTorch CPU eager with ``torch.optim.SGD`` (if installed).

All run with the same thread count (``--threads``, default 1: numpy's BLAS through
threadpoolctl, torch through ``torch.set_num_threads``) and are timed interleaved;
the table shows the median time per step.

    python benchmarks/conv.py [--reps 15] [--threads N] [--layers]

``--layers`` also prints where our step's time goes: forward and backward of each op
(medians over steps).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from _common import interleaved_medians, print_table, use_source_tree

use_source_tree()

import nn.functional as F  # noqa: E402
from autograd import Tensor  # noqa: E402
from autograd.ops.conv import Conv2d  # noqa: E402
from autograd.ops.elementwise import Relu  # noqa: E402
from autograd.ops.pooling import MaxPool2d  # noqa: E402
from nn.functional import CrossEntropy, Linear  # noqa: E402
from nn.optim import SGD  # noqa: E402

BATCH = 64
LR = 0.01
Step = Callable[[], Any]
SHAPES = [(6, 1, 5, 5), (6,), (16, 6, 5, 5), (16,), (120, 256), (120,), (84, 120), (84,), (10, 84), (10,)]


def init_weights(seed: int = 0) -> list[np.ndarray]:
    """PyTorch's default bounds: uniform in ±1/sqrt(fan_in) for weights and biases."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(0, len(SHAPES), 2):
        wshape, bshape = SHAPES[i], SHAPES[i + 1]
        bound = 1.0 / np.sqrt(np.prod(wshape[1:]))
        out.append(rng.uniform(-bound, bound, size=wshape).astype(np.float32))
        out.append(rng.uniform(-bound, bound, size=bshape).astype(np.float32))
    return out


def make_data(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((BATCH, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, size=BATCH)


# ------------------------------------------------------------------- ours
def ours(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[Tensor]]:
    params = [Tensor(w.copy(), requires_grad=True) for w in weights]
    c1, cb1, c2, cb2, w3, b3, w4, b4, w5, b5 = params
    x = Tensor(X)
    opt = SGD(params, lr=LR)

    def step() -> Any:
        h = F.max_pool2d(F.relu(F.conv2d(x, c1, cb1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, c2, cb2)), 2)
        h = h.reshape((h.shape[0], 256))
        h = F.relu(F.linear(h, w3, b3))
        h = F.relu(F.linear(h, w4, b4))
        loss = F.cross_entropy(F.linear(h, w5, b5), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step, params


# ------------------------------------------------------------------ numpy
def _im2col(x: np.ndarray, k: int) -> np.ndarray:
    n, c, h, w = x.shape
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))  # (N, C, oh, ow, k, k)
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(n * (h - k + 1) * (w - k + 1), c * k * k)


def _col2im(dcols: np.ndarray, shape: tuple[int, ...], k: int) -> np.ndarray:
    n, c, h, w = shape
    oh, ow = h - k + 1, w - k + 1
    d = dcols.reshape(n, oh, ow, c, k, k)
    dx = np.zeros(shape, dtype=dcols.dtype)
    for i in range(k):
        for j in range(k):
            dx[:, :, i:i + oh, j:j + ow] += d[:, :, :, :, i, j].transpose(0, 3, 1, 2)
    return dx


def _pool(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n, c, h, w = a.shape
    r = a.reshape(n, c, h // 2, 2, w // 2, 2)
    out = r.max(axis=(3, 5))
    mask = r == out[:, :, :, None, :, None]
    return out, mask


def numpy_step(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[np.ndarray]]:
    params = [w.copy() for w in weights]
    rows = np.arange(len(y))

    def step() -> Any:
        c1, cb1, c2, cb2, w3, b3, w4, b4, w5, b5 = params
        n = X.shape[0]
        cols1 = _im2col(X, 5)
        a1 = (cols1 @ c1.reshape(6, -1).T + cb1).reshape(n, 24, 24, 6).transpose(0, 3, 1, 2)
        r1 = np.maximum(a1, 0)
        p1, m1 = _pool(r1)
        cols2 = _im2col(p1, 5)
        a2 = (cols2 @ c2.reshape(16, -1).T + cb2).reshape(n, 8, 8, 16).transpose(0, 3, 1, 2)
        r2 = np.maximum(a2, 0)
        p2, m2 = _pool(r2)
        f = p2.reshape(n, 256)
        h3 = np.maximum(f @ w3.T + b3, 0)
        h4 = np.maximum(h3 @ w4.T + b4, 0)
        z = h4 @ w5.T + b5
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        e /= e.sum(axis=1, keepdims=True)
        loss = -np.log(e[rows, y]).mean()
        dz = e
        dz[rows, y] -= 1
        dz /= n
        g = [np.empty(0)] * 10
        g[8], g[9] = dz.T @ h4, dz.sum(0)
        d4 = (dz @ w5) * (h4 > 0)
        g[6], g[7] = d4.T @ h3, d4.sum(0)
        d3 = (d4 @ w4) * (h3 > 0)
        g[4], g[5] = d3.T @ f, d3.sum(0)
        dp2 = (d3 @ w3).reshape(p2.shape)
        dr2 = (m2 * dp2[:, :, :, None, :, None]).reshape(r2.shape)
        da2 = (dr2 * (a2 > 0)).transpose(0, 2, 3, 1).reshape(-1, 16)
        g[2], g[3] = (da2.T @ cols2).reshape(c2.shape), da2.sum(0)
        dp1 = _col2im(da2 @ c2.reshape(16, -1), p1.shape, 5)
        dr1 = (m1 * dp1[:, :, :, None, :, None]).reshape(r1.shape)
        da1 = (dr1 * (a1 > 0)).transpose(0, 2, 3, 1).reshape(-1, 6)
        g[0], g[1] = (da1.T @ cols1).reshape(c1.shape), da1.sum(0)
        for p, gp in zip(params, g):
            p -= LR * gp
        return loss

    return step, params


# ------------------------------------------------------------------ torch
def torch_step(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[Any]]:
    import torch

    tf = torch.nn.functional
    params = [torch.tensor(w, requires_grad=True) for w in weights]
    c1, cb1, c2, cb2, w3, b3, w4, b4, w5, b5 = params
    x, t = torch.from_numpy(X), torch.from_numpy(y)
    opt = torch.optim.SGD(params, lr=LR)

    def step() -> Any:
        h = tf.max_pool2d(tf.relu(tf.conv2d(x, c1, cb1)), 2)
        h = tf.max_pool2d(tf.relu(tf.conv2d(h, c2, cb2)), 2)
        h = h.reshape(h.shape[0], 256)
        h = tf.relu(tf.linear(h, w3, b3))
        h = tf.relu(tf.linear(h, w4, b4))
        loss = tf.cross_entropy(tf.linear(h, w5, b5), t)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step, params


def check_same_steps(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray, steps: int = 3) -> None:
    """Ours and the numpy step end 3 steps from the same weights with the same weights
    (and torch too, if installed), so the timings compare equal work."""
    makers: dict[str, Callable[..., Any]] = {"ours": ours, "numpy": numpy_step}
    if importlib.util.find_spec("torch") is not None:
        makers["torch"] = torch_step
    finals = {}
    for name, make in makers.items():
        step, params = make(weights, X, y)
        for _ in range(steps):
            step()
        finals[name] = [np.asarray(p.detach() if hasattr(p, "detach") else p) for p in params]
    for name, ps in finals.items():
        for i, (a, b) in enumerate(zip(finals["ours"], ps)):
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5, err_msg=f"{name}: parameter {i} after {steps} steps")


# ------------------------------------------------------------- per layer
def layer_times(steps: int = 40) -> list[list[Any]]:
    """Median microseconds of each op's forward and backward in our step, by wrapping them."""
    samples: dict[tuple[str, str], list[float]] = {}
    clock = time.perf_counter
    originals = []
    for cls in (Conv2d, Relu, MaxPool2d, Linear, CrossEntropy):
        for part in ("forward", "backward"):
            fn = getattr(cls, part)
            originals.append((cls, part, fn))

            def timed(*a: Any, _fn: Any = fn, _key: Any = (cls.__name__, part), **k: Any) -> Any:
                t0 = clock()
                r = _fn(*a, **k)
                samples.setdefault(_key, []).append(clock() - t0)
                return r

            setattr(cls, part, staticmethod(timed))
    try:
        step, _ = ours(init_weights(), *make_data())
        for _ in range(5):
            step()
        samples.clear()
        for _ in range(steps):
            step()
    finally:
        for cls, part, fn in originals:
            setattr(cls, part, staticmethod(fn))
    rows = []
    for (name, part), ts in samples.items():
        per_step = len(ts) // steps
        # each op runs per_step times a step (conv twice, relu four times, ...): split them by call order
        for i in range(per_step):  # (backward runs the layers in reverse: #1 is the first layer's)
            k = i if part == "forward" else per_step - 1 - i
            rows.append([f"{name} #{k + 1}", part, f"{statistics.median(ts[i::per_step]) * 1e6:,.0f}"])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=15, help="interleaved repetitions")
    ap.add_argument("--inner", type=int, default=5, help="steps per repetition")
    ap.add_argument("--threads", type=int, default=1, help="BLAS / torch threads (0 keeps the libraries' own)")
    ap.add_argument("--layers", action="store_true", help="print each op's forward and backward time")
    args = ap.parse_args()

    limiter = None
    if args.threads and importlib.util.find_spec("threadpoolctl") is None:
        print("note: threadpoolctl is not installed (pip install threadpoolctl), so BLAS keeps its own threads")
    elif args.threads:
        import threadpoolctl

        limiter = threadpoolctl.threadpool_limits(args.threads, user_api="blas")
    have_torch = importlib.util.find_spec("torch") is not None
    if have_torch:
        import torch

        if args.threads:
            torch.set_num_threads(args.threads)
        print(f"numpy {np.__version__}; torch {torch.__version__}; threads {args.threads or 'default'} on every side")
    X, y = make_data()
    weights = init_weights()
    check_same_steps(weights, X, y)
    steps = {"ours": ours(weights, X, y)[0], "numpy": numpy_step(weights, X, y)[0]}
    med = interleaved_medians(steps, args.reps, args.inner)
    if have_torch:  # timed on its own: its OpenMP threads spin after each op
        med.update(interleaved_medians({"torch": torch_step(weights, X, y)[0]}, args.reps, args.inner))
    base = med.get("torch", med["numpy"])
    base_name = "torch" if have_torch else "numpy"
    rows = [[k, f"{sec * 1e3:.2f}", f"{sec / base:.2f}"] for k, sec in med.items()]
    print_table(["implementation", "ms/step (median)", f"x {base_name}"], rows,
                title=f"LeNet-5 training step, batch {BATCH}x1x28x28 float32, SGD lr {LR}")
    if have_torch:
        ratio = med["ours"] / med["torch"]
        print(f"ours/torch = {ratio:.2f} ({'ok' if ratio <= 1.5 else 'ABOVE'} the 1.5 target); "
              f"numpy/torch = {med['numpy'] / med['torch']:.2f}")
    if args.layers:
        print()
        print_table(["op (call order)", "part", "µs (median)"], layer_times(), title="Where our step's time goes")
    del limiter


if __name__ == "__main__":
    main()
