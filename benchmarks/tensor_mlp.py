"""One training step of an MNIST-sized MLP: this library vs hand-written numpy vs PyTorch.

The model is 784-256-128-10 with ReLU, softmax cross-entropy, float32, SGD (lr 0.01),
at batch 32 and 512. One step = forward + loss + backward + update. Implementations:

``ours``        written as a user would: ``F.linear``, ``F.relu``, ``F.cross_entropy``,
                ``loss.backward()``, ``SGD.step()``, ``zero_grad()``; the update goes
                through BLAS axpy when scipy is installed (``SGD``'s default);
``ours x@W+b``  the same with ``x @ W + b`` (W stored (in, out)) instead of ``F.linear``;
``ours numpy update``  ``ours`` with ``SGD(fused=False)``: the update in numpy alone,
                as without scipy (``p -= lr * g`` through a temporary array);
``numpy``       the same math written by hand with in-place updates: the floor;
``torch``       PyTorch CPU eager with ``torch.optim.SGD`` (if installed), its thread
                count set to numpy's BLAS thread count.

The implementations are timed interleaved (each repetition runs every one in turn) so
they share the machine's noise; the table shows the median time per step.

    python benchmarks/tensor_mlp.py [--reps 30] [--threads N] [--phases] [--profile]

Single-threaded by default (``--threads 1``); ``--threads 0`` keeps the libraries'
own thread counts.

``--phases`` also times the three parts of a step, ours against the floor's, at each
batch size: forward + loss, backward (with the loss's own gradient), update.
``--profile`` also prints a cProfile of our batch-32 step (top 15 by tottime).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from _common import (
    assert_same_steps,
    interleaved_medians,
    numpy_mlp_backward,
    numpy_mlp_backward_step,
    numpy_mlp_forward,
    numpy_sgd_inplace,
    print_table,
    torch_mlp_step,
    use_source_tree,
)

use_source_tree()

import nn.functional as F  # noqa: E402
from autograd import Tensor  # noqa: E402
from nn.axpy import CHUNK, have_blas  # noqa: E402
from nn.optim import SGD  # noqa: E402

SIZES = (784, 256, 128, 10)
LR = 0.01
Step = Callable[[], Any]


def init_weights(seed: int = 0) -> list[np.ndarray]:
    """He-initialized float32 weights in PyTorch's layout: W (out, in), then b (out,)."""
    rng = np.random.default_rng(seed)
    out: list[np.ndarray] = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        out.append(rng.normal(scale=(2.0 / n_in) ** 0.5, size=(n_out, n_in)).astype(np.float32))
        out.append(np.zeros(n_out, dtype=np.float32))
    return out


def make_data(batch: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((batch, SIZES[0]), dtype=np.float32), rng.integers(0, SIZES[-1], size=batch)


# ------------------------------------------------------------------- ours
def ours(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray, fused: bool | None = None
         ) -> tuple[Step, list[Tensor]]:
    params = [Tensor(w.copy(), requires_grad=True) for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    x = Tensor(X)
    opt = SGD(params, lr=LR, fused=fused)

    def step() -> Any:
        h = F.relu(F.linear(x, W1, b1))
        h = F.relu(F.linear(h, W2, b2))
        loss = F.cross_entropy(F.linear(h, W3, b3), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step, params


def ours_numpy_update(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[Tensor]]:
    return ours(weights, X, y, fused=False)


def ours_matmul(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[Tensor]]:
    # W stored transposed, (in, out), so the forward is x @ W + b.
    params = [Tensor((w.T if w.ndim == 2 else w).copy(), requires_grad=True) for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    x = Tensor(X)
    opt = SGD(params, lr=LR)

    def step() -> Any:
        h = (x @ W1 + b1).relu()
        h = (h @ W2 + b2).relu()
        loss = F.cross_entropy(h @ W3 + b3, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step, params


# ------------------------------------------------------------------ numpy
def numpy_loss(z: np.ndarray, y: np.ndarray, rows: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy of the scores ``z`` (shifted in place); returns the
    loss and the softmax, which the gradient reuses."""
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    loss = float((np.log(s[:, 0]) - z[rows, y]).mean())
    e /= s
    return loss, e


def numpy_loss_grad(softmax: np.ndarray, y: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """d loss / d z = (softmax - onehot) / N, written into the softmax array."""
    softmax[rows, y] -= 1
    softmax /= len(rows)
    return softmax


def numpy_floor(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[np.ndarray]]:
    params = [w.copy() for w in weights]
    rows = np.arange(X.shape[0])

    def step() -> float:
        a1, a2, z = numpy_mlp_forward(X, params)
        loss, e = numpy_loss(z, y, rows)
        numpy_mlp_backward_step(X, a1, a2, numpy_loss_grad(e, y, rows), params, LR)
        return loss

    return step, params


# ------------------------------------------------------------------ torch
def torch_eager(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[Step, list[Any]]:
    import torch

    return torch_mlp_step(weights, X, y, LR, torch.nn.functional.cross_entropy)


# ----------------------------------------------------------------- driver
def blas_threads() -> int | None:
    if importlib.util.find_spec("threadpoolctl") is None:
        return None
    import threadpoolctl

    counts = [i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
    return counts[0] if counts else None


def phase_medians(batch: int, steps: int = 2000, warmup: int = 50) -> dict[str, tuple[float, float]]:
    """Median seconds of each part of a step, ours and the floor's, timed alternately in
    one loop (so both see the same noise): forward + loss, backward (our ``zero_grad``
    and ``backward()``; the floor's loss gradient and backward), update."""
    X, y = make_data(batch)
    weights = init_weights()
    params = [Tensor(w.copy(), requires_grad=True) for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    x = Tensor(X)
    opt = SGD(params, lr=LR)
    floor = [w.copy() for w in weights]
    rows = np.arange(batch)
    phases = ("forward + loss", "backward", "update")
    samples: dict[tuple[str, str], list[float]] = {(who, ph): [] for who in ("ours", "numpy") for ph in phases}
    clock = time.perf_counter
    for i in range(warmup + steps):
        t0 = clock()
        h = F.relu(F.linear(x, W1, b1))
        h = F.relu(F.linear(h, W2, b2))
        loss = F.cross_entropy(F.linear(h, W3, b3), y)
        t1 = clock()
        opt.zero_grad()
        loss.backward()
        t2 = clock()
        opt.step()
        t3 = clock()
        a1, a2, z = numpy_mlp_forward(X, floor)
        _, e = numpy_loss(z, y, rows)
        t4 = clock()
        grads = numpy_mlp_backward(X, a1, a2, numpy_loss_grad(e, y, rows), floor)
        t5 = clock()
        numpy_sgd_inplace(floor, grads, LR)
        t6 = clock()
        if i >= warmup:
            for who, times in (("ours", (t0, t1, t2, t3)), ("numpy", (t3, t4, t5, t6))):
                for ph, start, end in zip(phases, times, times[1:]):
                    samples[who, ph].append(end - start)
    return {ph: (statistics.median(samples["ours", ph]), statistics.median(samples["numpy", ph])) for ph in phases}


def print_phases(batches: list[int]) -> None:
    def row(label: str, batch: int, ours_s: float, floor_s: float) -> list[Any]:
        return [label, batch, f"{ours_s * 1e6:,.1f}", f"{floor_s * 1e6:,.1f}", f"{(ours_s - floor_s) * 1e6:+,.1f}"]

    rows = []
    for batch in batches:
        med = phase_medians(batch)
        rows += [row(ph, batch, ours_s, floor_s) for ph, (ours_s, floor_s) in med.items()]
        rows.append(row("sum of medians", batch, *(sum(v[k] for v in med.values()) for k in (0, 1))))
    print_table(["phase", "batch", "ours µs", "numpy µs", "ours - numpy"], rows,
                title="Where a step's time goes (medians of 2,000 steps, ours and the floor alternating)")


def profile_ours(batch: int, steps: int = 300) -> str:
    step, _ = ours(init_weights(), *make_data(batch))
    for _ in range(10):
        step()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(steps):
        step()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(15)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=30, help="interleaved repetitions per batch size")
    ap.add_argument("--threads", type=int, default=1,
                    help="BLAS / torch threads (default 1: on a 2-core machine the idle BLAS and OpenMP "
                         "threads spin and swing interleaved timings by 2x; 0 keeps the libraries' own)")
    ap.add_argument("--batches", type=int, nargs="+", default=[32, 512])
    ap.add_argument("--phases", action="store_true", help="time forward, backward and update apart, ours vs the floor")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of our batch-32 step")
    args = ap.parse_args()

    have_blas()  # load scipy's BLAS (if installed) now, so the thread limit below covers it too
    limiter = None
    if args.threads and importlib.util.find_spec("threadpoolctl") is None:
        print("note: threadpoolctl is not installed (pip install threadpoolctl), so BLAS keeps its own threads")
    elif args.threads:
        import threadpoolctl

        limiter = threadpoolctl.threadpool_limits(args.threads, user_api="blas")
    threads = args.threads or blas_threads()
    have_torch = importlib.util.find_spec("torch") is not None
    if have_torch:
        import torch

        if threads:
            torch.set_num_threads(threads)
        print(f"numpy {np.__version__} (BLAS threads: {threads}); torch {torch.__version__} "
              f"(threads set to {torch.get_num_threads()})")
    else:
        print(f"numpy {np.__version__} (BLAS threads: {threads}); torch not installed")
    print("SGD update: " + (f"scipy's BLAS axpy ({CHUNK:,} elements per call)" if have_blas() else
                            "numpy (scipy is not installed, so 'ours' is 'ours numpy update')"))

    rows = []
    ratios = []
    for batch in args.batches:
        X, y = make_data(batch)
        weights = init_weights()
        assert_same_steps(ours, numpy_floor, weights, X, y, 3)  # like with like
        impls = {"ours": ours, "ours x@W+b": ours_matmul, "ours numpy update": ours_numpy_update,
                 "numpy": numpy_floor}
        steps = {k: make(weights, X, y)[0] for k, make in impls.items()}
        inner = max(1, 4096 // batch)
        med = interleaved_medians(steps, args.reps, inner)
        if have_torch:
            # Timed on its own: PyTorch's OpenMP threads keep spinning for a while after
            # each op and would take a core from whichever implementation ran next.
            med.update(interleaved_medians({"torch": torch_eager(weights, X, y)[0]}, args.reps, inner))
        for k, sec in med.items():
            rows.append([k, batch, f"{sec * 1e6:,.0f}", f"{sec / med['numpy']:.2f}"])
        ratios.append((batch, med["ours"] / med["numpy"], med["ours"] / med["torch"] if have_torch else None))
    print_table(["implementation", "batch", "µs/step (median)", "x numpy"], rows,
                title=f"MLP {'-'.join(map(str, SIZES))}, ReLU, cross-entropy, float32, SGD lr {LR}")
    for batch, vs_np, vs_torch in ratios:
        verdict = "ok" if vs_np <= 1.10 else "ABOVE the 1.10 target"
        torch_part = f", ours/torch = {vs_torch:.2f}" if vs_torch is not None else ""
        print(f"batch {batch}: ours/numpy = {vs_np:.3f} ({verdict}){torch_part}")
    if args.phases:
        print()
        print_phases(args.batches)
    if args.profile:
        print("\ncProfile of our batch-32 step (300 steps, sorted by tottime):")
        print(profile_ours(32))
    if limiter is not None:
        limiter.restore_original_limits()


if __name__ == "__main__":
    main()
