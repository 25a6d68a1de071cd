"""The benchmarks compare like with like: every implementation a script times takes the
same training steps from the same weights, so a ratio it prints is a ratio of equal work.

(The timings themselves are never tested; only that the timed steps agree.)
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> Iterator[Callable[[str], ModuleType]]:
    """Import a benchmark script as a module (the scripts import ``_common`` from their folder)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield importlib.import_module
    finally:
        sys.path.remove(str(BENCHMARKS))


def data(m: ModuleType) -> tuple[np.ndarray, np.ndarray]:
    """A small batch for tensor_mlp; tensor_small's own 100 points."""
    return m.make_data(8) if m.__name__ == "tensor_mlp" else m.make_data()


@pytest.mark.parametrize("peer", ["numpy_floor", "torch_eager"])
@pytest.mark.parametrize("script", ["tensor_mlp", "tensor_small"])
def test_peer_takes_our_steps(bench: Callable[[str], ModuleType], script: str, peer: str) -> None:
    if peer == "torch_eager":
        pytest.importorskip("torch")
    m = bench(script)
    X, y = data(m)
    weights = m.init_weights()
    ours = bench("_common").assert_same_steps(m.ours, getattr(m, peer), weights, X, y, 3)
    # ... and the steps did move the weights (untouched copies would agree too)
    assert any(not np.allclose(a, w) for a, w in zip(ours, weights))


def test_tensor_mlp_numpy_update_variant_takes_the_same_steps(bench: Callable[[str], ModuleType]) -> None:
    m = bench("tensor_mlp")
    X, y = m.make_data(8)
    bench("_common").assert_same_steps(m.ours, m.ours_numpy_update, m.init_weights(), X, y, 3)


def test_tensor_mlp_matmul_variant_takes_the_same_steps(bench: Callable[[str], ModuleType]) -> None:
    m = bench("tensor_mlp")
    X, y = m.make_data(8)
    weights = m.init_weights()
    run_steps = bench("_common").run_steps
    ours = run_steps(m.ours, weights, X, y, 3)
    matmul = run_steps(m.ours_matmul, weights, X, y, 3)  # stores W as (in, out)
    for a, b in zip(ours, matmul):
        np.testing.assert_allclose(a, b.T if b.ndim == 2 else b, rtol=1e-4, atol=1e-6)


def test_tensor_mlp_phase_pieces_compose_to_the_floor_step(bench: Callable[[str], ModuleType]) -> None:
    # --phases times the floor piece by piece; the pieces must be the floor's step.
    m = bench("tensor_mlp")
    c = bench("_common")
    X, y = m.make_data(8)
    weights = m.init_weights()
    floor = c.run_steps(m.numpy_floor, weights, X, y, 2)
    params = [w.copy() for w in weights]
    rows = np.arange(len(y))
    for _ in range(2):
        a1, a2, z = c.numpy_mlp_forward(X, params)
        _, e = m.numpy_loss(z, y, rows)
        c.numpy_sgd_inplace(params, c.numpy_mlp_backward(X, a1, a2, m.numpy_loss_grad(e, y, rows), params), m.LR)
    for a, b in zip(floor, params):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kind", ["mlp", "cnn"])
def test_digits_torch_side_takes_our_steps(bench: Callable[[str], ModuleType], kind: str) -> None:
    """One epoch of Adam from the same weights in the same batch order ends at the same weights."""
    pytest.importorskip("torch")
    pytest.importorskip("sklearn")
    m = bench("digits")
    data = m.digits()
    weights = m.initial_weights(kind, seed=0)
    _, _, ours = m.train_ours(kind, weights, data, 1, seed=3)
    _, _, theirs = m.train_torch(kind, weights, data, 1, seed=3)
    assert len(ours) == len(theirs)
    for i, (a, b) in enumerate(zip(ours, theirs)):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-5, err_msg=f"{kind} parameter {i}")
