"""Forward + backward time per node along long chains of scalar operations.

The chain repeats ``x = x * -1.0`` then ``x = x + 0.5`` (two nodes per round, each
with one parent). Starting from x0 = 0.3 the values only alternate between 0.3, -0.3
and 0.2, and the derivative of every node with respect to x0 is exactly +1 or -1, so
nothing overflows, underflows or turns into nan at any depth: the timing measures the
engine and nothing else. The result is checked (d x_n / d x0 = (-1)^(n/2)).

    python benchmarks/scalar_chain.py [--max-exp 6] [--no-gc]

For n = 10^3 ... 10^6 nodes it prints the median over a few repeats (10^6 runs
twice) of the forward time, the backward time and their sum per node, and the ratio
of the per-node time at the largest n to that at 10^4: a flat line (ratio near 1)
means the engine's cost is linear in the graph size.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

from _common import gc_state, print_table, use_source_tree

use_source_tree()

from autograd import Value  # noqa: E402

REPEATS = {3: 15, 4: 7, 5: 3, 6: 2}


def run_chain(n: int) -> tuple[float, float]:
    """Build a chain of ``n`` nodes and backpropagate through it; (forward s, backward s)."""
    t0 = time.perf_counter()
    x0 = Value(0.3)
    x = x0
    for _ in range(n // 2):
        x = x * -1.0
        x = x + 0.5
    t1 = time.perf_counter()
    x.backward()
    t2 = time.perf_counter()
    expected = 1.0 if (n // 2) % 2 == 0 else -1.0
    if x0.grad != expected:
        raise AssertionError(f"chain of {n}: d x_n / d x0 = {x0.grad}, expected {expected}")
    del x, x0
    return t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser(description="forward + backward time per node on long scalar chains")
    parser.add_argument("--max-exp", type=int, default=6, choices=(3, 4, 5, 6), help="largest chain is 10^max_exp")
    parser.add_argument("--no-gc", action="store_true", help="disable the cyclic GC while timing")
    args = parser.parse_args()

    per_node: dict[int, float] = {}
    rows = []
    with gc_state(not args.no_gc):
        run_chain(1000)  # warm-up
        for e in range(3, args.max_exp + 1):
            n = 10**e
            fwd, bwd = [], []
            for _ in range(REPEATS[e]):
                f, b = run_chain(n)
                fwd.append(f)
                bwd.append(b)
                gc.collect()
            tot = [f + b for f, b in zip(fwd, bwd)]
            us = 1e6 * statistics.median(tot) / n
            per_node[n] = us
            rows.append([f"10^{e}", REPEATS[e], f"{1e3 * statistics.median(fwd):.1f}",
                         f"{1e3 * statistics.median(bwd):.1f}", f"{1e6 * statistics.median(fwd) / n:.2f}",
                         f"{1e6 * statistics.median(bwd) / n:.2f}", f"{us:.2f}"])
    gc_mode = "off" if args.no_gc else "on (the engine pauses it during backward)"
    print_table(["nodes", "repeats", "forward ms", "backward ms", "fwd µs/node", "bwd µs/node", "total µs/node"],
                rows, title=f"chain x = x * -1.0; x = x + 0.5 (median of repeats), cyclic GC {gc_mode}")
    largest = 10**args.max_exp
    if largest > 10**4:
        ratio = per_node[largest] / per_node[10**4]
        print(f"per-node time, 10^{args.max_exp} vs 10^4: {ratio:.2f}x (target: within 2x)")
        print(f"per-node time at 10^{args.max_exp}: {per_node[largest]:.2f} µs (target: below 2 µs)")


if __name__ == "__main__":
    main()
