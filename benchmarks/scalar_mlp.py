"""One training step of micrograd's demo, here and (if installed) in micrograd.

The step: forward ``MLP(2, [16, 16, 1])`` over 100 moons points, max-margin loss plus
1e-4 * sum p^2, zero_grad, backward, SGD update. Both libraries start from the same
weights and data (micrograd's draws after ``random.seed(1337)``; the data of
``make_moons(100, noise=0.1, seed=1337)``) and each runs with CPython's cyclic garbage
collector on and off. micrograd's step is written exactly as its demo notebook writes
it; ours uses this library's helpers (``nn.max_margin_loss``: one ``dot`` node per
neuron, one ``mean`` node, one node for sum p^2; ``nn.SGD``).

    python benchmarks/scalar_mlp.py [--steps 10]

Prints the median ms/step over ``--steps`` steps, the nodes one step creates (the
graph under the loss, leaves included) and the speed-ups.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import statistics
from collections.abc import Callable
from typing import Any

from _common import count_nodes, gc_state, print_table, time_calls, use_source_tree

use_source_tree()

import nn  # noqa: E402

SEED = 1337
ALPHA = 1e-4
LR = 0.05  # a constant, small rate: every step does the same work


def ours(X: Any, y: Any, weights: list[float]) -> tuple[Callable[[], Any], Callable[[], int]]:
    model = nn.MLP(2, [16, 16, 1])
    params = model.parameters()
    for p, w in zip(params, weights):
        p.data = w
    opt = nn.SGD(params, lr=LR)

    def step() -> Any:
        loss, _ = nn.max_margin_loss(model, X, y, ALPHA, parameters=params)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    def nodes() -> int:
        loss, _ = nn.max_margin_loss(model, X, y, ALPHA, parameters=params)
        return count_nodes(loss, "_parents")

    return step, nodes


def micrograd(X: Any, y: Any, weights: list[float]) -> tuple[Callable[[], Any], Callable[[], int]]:
    from micrograd.engine import Value
    from micrograd.nn import MLP

    model = MLP(2, [16, 16, 1])
    for p, w in zip(model.parameters(), weights):
        p.data = w

    def loss_fn() -> Any:
        # micrograd's demo.ipynb, verbatim apart from names
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        alpha = ALPHA
        reg_loss = alpha * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    def step() -> Any:
        total_loss, _ = loss_fn()
        model.zero_grad()
        total_loss.backward()
        for p in model.parameters():
            p.data -= LR * p.grad
        return total_loss

    def nodes() -> int:
        return count_nodes(loss_fn()[0], "_prev")

    return step, nodes


def main() -> None:
    parser = argparse.ArgumentParser(description="micrograd's demo step: this library vs micrograd")
    parser.add_argument("--steps", type=int, default=10, help="timed steps per configuration (default 10)")
    args = parser.parse_args()

    X, labels = nn.make_moons(100, noise=0.1, seed=SEED)
    y = nn.signed_labels(labels)
    weights = [p.data for p in nn.MLP(2, [16, 16, 1], seed=SEED).parameters()]

    libraries: list[tuple[str, Callable[..., Any]]] = [("this library", ours)]
    if importlib.util.find_spec("micrograd") is not None:
        libraries.append(("micrograd", micrograd))
    else:
        print("micrograd is not installed (pip install micrograd): only this library is timed\n")

    median_ms: dict[tuple[str, bool], float] = {}
    rows = []
    for name, make in libraries:
        node_count = make(X, y, weights)[1]()
        for gc_on in (True, False):
            step, _ = make(X, y, weights)  # fresh model: every configuration starts equal
            with gc_state(gc_on):
                times = time_calls(step, args.steps, warmup=2)
            ms = 1e3 * statistics.median(times)
            median_ms[(name, gc_on)] = ms
            rows.append([name, "on" if gc_on else "off", f"{ms:.2f}", f"{1e3 * min(times):.2f}", node_count])
    gc.collect()
    print_table(["library", "GC", "median ms/step", "min ms/step", "nodes/step"], rows,
                title=f"micrograd demo step (MLP(2, [16, 16, 1]), 100 points), {args.steps} steps each")

    if ("micrograd", True) in median_ms:
        ratio_rows = []
        for gc_on, target in ((True, 20.0), (False, 2.0)):
            r = median_ms[("micrograd", gc_on)] / median_ms[("this library", gc_on)]
            mode = "on" if gc_on else "off"
            ratio_rows.append([f"micrograd (GC {mode}) / ours (GC {mode})", f"{r:.1f}x", f">= {target:g}x",
                               "yes" if r >= target else "NO"])
        r = median_ms[("micrograd", False)] / median_ms[("this library", True)]
        ratio_rows.append(["micrograd (GC off) / ours (GC on)", f"{r:.1f}x", ">= 2x", "yes" if r >= 2.0 else "NO"])
        print_table(["speed-up", "measured", "target", "met"], ratio_rows)


if __name__ == "__main__":
    main()
