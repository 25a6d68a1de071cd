"""Training does not leak: memory stays flat over 1,000 steps, and a graph is freed by
reference counting alone (no cycles for the cyclic garbage collector to find)."""

from __future__ import annotations

import tracemalloc
import weakref
from collections.abc import Callable

import numpy as np
import pytest

import nn.functional as F
from autograd import Tensor
from nn.optim import SGD

SIZES = (20, 32, 32, 4)


def make_mlp(seed: int = 0) -> tuple[list[Tensor], Callable[[Tensor], Tensor]]:
    rng = np.random.default_rng(seed)
    params: list[Tensor] = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        w = rng.normal(scale=(2.0 / n_in) ** 0.5, size=(n_out, n_in)).astype(np.float32)
        params += [Tensor(w, requires_grad=True), Tensor(np.zeros(n_out, np.float32), requires_grad=True)]

    def forward(x: Tensor) -> Tensor:
        h = x
        for i in range(0, len(params) - 2, 2):
            h = F.relu(F.linear(h, params[i], params[i + 1]))
        return F.linear(h, params[-2], params[-1])

    return params, forward


def test_memory_is_flat_over_1000_steps(no_cyclic_gc: None) -> None:
    rng = np.random.default_rng(1)
    x = Tensor(rng.normal(size=(64, SIZES[0])).astype(np.float32))
    y = rng.integers(0, SIZES[-1], size=64)
    params, forward = make_mlp()
    opt = SGD(params, lr=0.05)
    losses: list[float] = []
    window_peaks: list[int] = []
    tracemalloc.start()
    try:
        for step in range(1, 1001):
            loss = F.cross_entropy(forward(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if step % 100 == 0:
                losses.append(loss.item())
            del loss
            if step == 100:
                at_100 = tracemalloc.get_traced_memory()[0]
            if step % 100 == 0:
                window_peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.reset_peak()
        at_1000 = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # One leaked float32 activation (64 x 32) per step would add ~7 MiB by step 1000.
    assert at_1000 - at_100 < 16 * 1024, f"memory grew by {at_1000 - at_100} bytes from step 100 to step 1000"
    later = window_peaks[1:]
    assert max(later) - min(later) < 16 * 1024, f"peak memory per 100 steps drifted: {later}"
    assert losses[-1] < losses[0]  # it did train: the steps were real steps


def test_graph_is_freed_by_refcounting(no_cyclic_gc: None) -> None:
    rng = np.random.default_rng(2)
    params, forward = make_mlp()
    x = Tensor(rng.normal(size=(8, SIZES[0])).astype(np.float32), requires_grad=True)
    y = rng.integers(0, SIZES[-1], size=8)

    # After backward and dropping the loss, every node of the graph is gone.
    h = F.linear(x, params[0], params[1])
    logits = forward(x)
    loss = F.cross_entropy(logits, y)
    refs = [weakref.ref(t) for t in (h, logits, loss)]
    saved_probs = weakref.ref(loss._saved[2])  # the softmax cross_entropy keeps for backward
    del h, logits
    loss.backward()
    assert saved_probs() is None, "backward() should release the buffers it no longer needs"
    del loss
    assert [r() for r in refs] == [None, None, None]

    # The gradients hold no graph either.
    for p in [x, *params]:
        assert p.grad is not None and p.grad.is_leaf and p.grad._parents == ()

    # A graph dropped without any backward, and one kept with retain_graph, are freed too.
    for retain in (None, True):
        loss = F.cross_entropy(forward(x), y)
        node = weakref.ref(loss)
        if retain:
            loss.backward(retain_graph=True)
            loss.backward()
        del loss
        assert node() is None


def test_no_grad_builds_no_graph() -> None:
    from autograd import no_grad

    params, forward = make_mlp()
    x = Tensor(np.ones((4, SIZES[0]), np.float32))
    with no_grad():
        out = forward(x)
    assert out.is_leaf and out._parents == () and not out.requires_grad


def test_a_kept_loss_does_not_keep_its_graph_alive() -> None:
    """backward() frees the graph (unless retain_graph=True), so keeping the loss
    (losses.append(loss)) keeps no activation alive, as in PyTorch."""
    W = Tensor(np.ones((3, 4), np.float32), requires_grad=True)
    h = Tensor(np.ones((2, 3), np.float32)) @ W
    activation = weakref.ref(h)
    loss = h.relu().sum()
    del h
    loss.backward()
    assert activation() is None
    assert loss.grad_fn == "sum"
    with pytest.raises(RuntimeError, match="second time"):
        loss.backward()




def test_a_one_input_value_node_is_one_tracked_object() -> None:
    """The cyclic collector's work grows with the number of live containers it must
    walk. A node such as ``x * 2`` or ``x.tanh()`` is one (the Value itself): it
    refers to no container but its input, where a tuple of parents would be a second.
    A two-input node holds its parents in a tuple."""
    import gc

    from autograd import Value

    x = Value(0.5)
    for node in (x * 0.5, x + 1.0, 2.0 - x, x / 3.0, x.tanh(), x.relu(), x.exp(), -x, x**2.0, abs(x)):
        containers = [r for r in gc.get_referents(node) if gc.is_tracked(r) and r is not Value]
        assert containers == [x], node._op
        assert node._parents == (x,)
    y = Value(2.0)
    pair = x * y
    containers = [r for r in gc.get_referents(pair) if gc.is_tracked(r) and r is not Value]
    assert (x, y) in containers and pair._parents == (x, y)
