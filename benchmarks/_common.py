"""Helpers shared by the benchmark scripts: timing by median, GC control, tables.

Benchmarks are plain scripts (``python benchmarks/<name>.py``); they import this
module as ``_common`` (the script's folder is on ``sys.path``) and put the repository
root on ``sys.path`` themselves with :func:`use_source_tree`.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def use_source_tree() -> None:
    """Make ``import autograd, nn, viz`` find this checkout even when not installed."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


@contextmanager
def gc_state(enabled: bool) -> Iterator[None]:
    """Run the block with CPython's cyclic garbage collector on or off, then restore it.
    A full collection runs first, so garbage from earlier runs is not billed here."""
    was = gc.isenabled()
    gc.collect()
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def time_calls(fn: Callable[[], Any], repeats: int, warmup: int = 1) -> list[float]:
    """Seconds taken by each of ``repeats`` calls of ``fn()``, after ``warmup`` untimed calls."""
    if repeats < 1:
        raise ValueError(f"time_calls: repeats must be >= 1, got {repeats}")
    for _ in range(warmup):
        fn()
    times = []
    clock = time.perf_counter
    for _ in range(repeats):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return times


def median_seconds(fn: Callable[[], Any], repeats: int, warmup: int = 1) -> float:
    """Median wall time of one call of ``fn()``, in seconds (see :func:`time_calls`)."""
    return statistics.median(time_calls(fn, repeats, warmup))


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table: columns right-aligned except the first; floats with 3
    significant digits unless already formatted as strings."""

    def cell(x: Any) -> str:
        if isinstance(x, float):
            return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"
        if isinstance(x, int):
            return f"{x:,}"
        return str(x)

    text = [[str(h) for h in headers]] + [[cell(x) for x in row] for row in rows]
    widths = [max(len(r[i]) for r in text) for i in range(len(headers))]
    lines = []
    for k, r in enumerate(text):
        parts = [r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in range(1, len(r))]
        lines.append("  ".join(parts).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> None:
    """Print :func:`format_table`, under ``title`` if given."""
    if title:
        print(title)
    print(format_table(headers, rows))
    print()


def count_nodes(root: Any, parents_attr: str = "_parents") -> int:
    """Number of distinct nodes in the graph under ``root`` (root and leaves included),
    following ``parents_attr`` (``"_prev"`` for micrograd). Iterative."""
    seen = {id(root)}
    stack = [root]
    while stack:
        node = stack.pop()
        for p in getattr(node, parents_attr):
            if id(p) not in seen:
                seen.add(id(p))
                stack.append(p)
    return len(seen)


def interleaved_medians(steps: dict[str, Callable[[], Any]], reps: int, inner: int) -> dict[str, float]:
    """Median seconds per step: each repetition times ``inner`` steps of every
    implementation in turn (rotating the order), so all share the same noise."""
    for fn in steps.values():  # warm up
        for _ in range(3):
            fn()
    names = list(steps)
    samples: dict[str, list[float]] = {k: [] for k in names}
    clock = time.perf_counter
    for r in range(reps):
        for k in names[r % len(names):] + names[: r % len(names)]:
            fn = steps[k]
            t0 = clock()
            for _ in range(inner):
                fn()
            samples[k].append((clock() - t0) / inner)
    return {k: statistics.median(v) for k, v in samples.items()}


def run_steps(make: Callable[..., tuple[Callable[[], Any], Sequence[Any]]], weights: Sequence[Any], X: Any, y: Any,
              steps: int) -> list[np.ndarray]:
    """Build an implementation with ``make(weights, X, y)`` (a benchmark's ``(step,
    params)`` factory), take ``steps`` training steps, return its parameters as arrays."""
    step, params = make(weights, X, y)
    for _ in range(steps):
        step()
    return [np.asarray(p.detach() if hasattr(p, "detach") else p) for p in params]


def assert_same_steps(make_a: Callable[..., Any], make_b: Callable[..., Any], weights: Sequence[Any], X: Any,
                      y: Any, steps: int) -> list[np.ndarray]:
    """Assert that two implementations end ``steps`` training steps from the same weights
    with the same weights, so their timings compare equal work; return the first's."""
    a_params, b_params = (run_steps(make, weights, X, y, steps) for make in (make_a, make_b))
    for i, (a, b) in enumerate(zip(a_params, b_params)):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6, err_msg=f"parameter {i} after {steps} steps")
    return a_params


def numpy_mlp_forward(X: Any, params: Sequence[Any]) -> tuple[Any, Any, Any]:
    """The numpy floor's forward for a 3-layer ReLU MLP, weights (out, in) as in
    PyTorch: returns the two hidden activations and the output scores."""
    W1, b1, W2, b2, W3, b3 = params
    a1 = X @ W1.T
    a1 += b1
    np.maximum(a1, 0, out=a1)
    a2 = a1 @ W2.T
    a2 += b2
    np.maximum(a2, 0, out=a2)
    z = a2 @ W3.T
    z += b3
    return a1, a2, z


def numpy_mlp_backward(X: Any, a1: Any, a2: Any, dz: Any, params: Sequence[Any]) -> tuple[Any, ...]:
    """The numpy floor's backward from d loss / d scores ``dz``: the six gradients,
    in the order of ``params``."""
    W1, b1, W2, b2, W3, b3 = params
    dW3, db3 = dz.T @ a2, dz.sum(axis=0)
    d2 = dz @ W3
    d2 *= a2 > 0
    dW2, db2 = d2.T @ a1, d2.sum(axis=0)
    d1 = d2 @ W2
    d1 *= a1 > 0
    dW1, db1 = d1.T @ X, d1.sum(axis=0)
    return dW1, db1, dW2, db2, dW3, db3


def numpy_sgd_inplace(params: Sequence[Any], grads: Sequence[Any], lr: float) -> None:
    """The numpy floor's update, in place through each gradient array (the floor owes
    nobody an intact .grad): ``g *= lr; p -= g``."""
    for p, g in zip(params, grads):
        g *= lr
        p -= g


def numpy_mlp_backward_step(X: Any, a1: Any, a2: Any, dz: Any, params: Sequence[Any], lr: float) -> None:
    """The numpy floor's backward from d loss / d scores ``dz``, then SGD in place."""
    numpy_sgd_inplace(params, numpy_mlp_backward(X, a1, a2, dz, params), lr)


def torch_mlp_step(weights: Sequence[Any], X: Any, y: Any, lr: float,
                   loss_fn: Callable[[Any, Any], Any]) -> tuple[Callable[[], Any], list[Any]]:
    """The same 3-layer ReLU MLP step in PyTorch eager (torch imported by the caller):
    forward, ``loss_fn(scores, targets)``, zero_grad, backward, ``torch.optim.SGD``."""
    import torch

    params = [torch.tensor(w, requires_grad=True) for w in weights]
    W1, b1, W2, b2, W3, b3 = params
    x, t = torch.from_numpy(X), torch.from_numpy(y)
    opt = torch.optim.SGD(params, lr=lr)
    tf = torch.nn.functional

    def step() -> Any:
        h = tf.relu(tf.linear(x, W1, b1))
        h = tf.relu(tf.linear(h, W2, b2))
        loss = loss_fn(tf.linear(h, W3, b3), t)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step, params
