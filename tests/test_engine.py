"""The backward engine on ``Value`` graphs: walk order, ``engine.grad``, depth, memory."""

from __future__ import annotations

import copy
import gc
import os
import pickle
import weakref

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value, engine, no_grad
from autograd.value import dot, log_softmax, softmax, total


# ----------------------------------------------------------- random DAGs
@st.composite
def dags(draw: st.DrawFn) -> list[tuple[int, ...]]:
    """Parent indices of each node; the first few are leaves (no parents)."""
    n_leaves = draw(st.integers(1, 4))
    shape: list[tuple[int, ...]] = [()] * n_leaves
    for i in range(draw(st.integers(1, 15))):
        shape.append(tuple(draw(st.lists(st.integers(0, n_leaves + i - 1), min_size=1, max_size=3))))
    return shape


def build(shape: list[tuple[int, ...]]) -> list[Value]:
    """Each inner node is total(parents): a node with exactly those parents, in order."""
    nodes: list[Value] = []
    for k, parents in enumerate(shape):
        nodes.append(total([nodes[i] for i in parents]) if parents else Value(float(k)))
    return nodes


def reachable(root: Value) -> set[int]:
    seen, stack = {id(root)}, [root]
    while stack:
        for p in stack.pop()._parents:
            if id(p) not in seen:
                seen.add(id(p))
                stack.append(p)
    return seen


@given(dags())
def test_topological_order_puts_parents_first_and_is_deterministic(shape: list[tuple[int, ...]]) -> None:
    nodes = build(shape)
    root = nodes[-1]
    order = engine.topological_order([root])
    assert order[-1] is root
    assert {id(n) for n in order} == reachable(root) and len(order) == len(reachable(root))
    position = {id(n): k for k, n in enumerate(order)}
    for n in order:
        assert all(position[id(p)] < position[id(n)] for p in n._parents)
    # Same graph walked again, and an identical graph built again: the same order.
    assert engine.topological_order([root]) == order
    index = {id(n): k for k, n in enumerate(nodes)}
    again = build(shape)
    index_again = {id(n): k for k, n in enumerate(again)}
    assert [index_again[id(n)] for n in engine.topological_order([again[-1]])] == [index[id(n)] for n in order]


@given(dags(), st.data())
def test_topological_order_of_several_roots(shape: list[tuple[int, ...]], data: st.DataObject) -> None:
    nodes = build(shape)
    roots = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3))
    order = engine.topological_order(roots)
    assert {id(n) for n in order} == set().union(*(reachable(r) for r in roots))
    assert len(order) == len({id(n) for n in order})
    position = {id(n): k for k, n in enumerate(order)}
    assert all(position[id(p)] < position[id(n)] for n in order for p in n._parents)


# ------------------------------------------------- engine.grad vs backward
def _graph() -> tuple[Value, Value, Value, Value]:
    a, b = Value(0.7), Value(-1.3)
    h = (a * b).tanh()
    root = h * h + h.exp() * a
    return a, b, h, root


@given(r=st.floats(0.25, 2.0))
def test_grad_returns_gradients_and_stores_nothing(r: float) -> None:
    a, b, h, root = _graph()
    unrelated = Value(5.0)
    nodes = engine.topological_order([root])
    got = engine.grad([root], [r], [a, h, unrelated, b, root])
    assert all(n.grad == 0.0 for n in [*nodes, unrelated])
    root.backward(gradient=r)  # the same graph, now through .grad
    assert got == [a.grad, h.grad, None, b.grad, r]


def test_backward_stores_and_returns_none_grad_returns_a_list() -> None:
    # one return type each: backward stores (None), grad returns one entry per input
    a, b, h, root = _graph()
    assert engine.backward([root], [1.0], retain_graph=True) is None
    stored = (a.grad, b.grad)
    a.grad = b.grad = 0.0
    got = engine.grad([root], [1.0], [a, b])
    assert isinstance(got, list) and got == list(stored)
    assert (a.grad, b.grad) == (0.0, 0.0)
    with pytest.raises(TypeError):
        engine.backward([root], [1.0], inputs=[a])  # type: ignore[call-arg]


def test_backward_with_several_roots_adds_their_seeds() -> None:
    a, b, h, root = _graph()
    root.backward(gradient=2.0)
    h.backward(gradient=-0.5)
    want = (a.grad, b.grad)
    a2, b2, h2, root2 = _graph()
    assert engine.grad([root2, h2], [2.0, -0.5], [a2, b2]) == pytest.approx(want, rel=1e-14)
    engine.backward([root2, root2, h2], [1.5, 0.5, -0.5], retain_graph=True)
    assert (a2.grad, b2.grad) == pytest.approx(want, rel=1e-14)


class Counted:
    """A bare engine node (the protocol and nothing else) that logs what the engine
    asks of it: each node's value is the sum of its parents'."""

    def __init__(self, log: list[tuple[str, str, float]], name: str, *parents: Counted, op: str = "+") -> None:
        self._parents = parents
        self._seq = engine.next_seq()
        self._op = op if parents else ""
        self.requires_grad = True
        self.name, self.log, self.grad = name, log, 0.0

    def _backprop(self, grad: float, create_graph: bool) -> list[tuple[Counted, float]]:
        self.log.append(("backprop", self.name, grad))
        return [(p, grad) for p in self._parents]

    def _receive_grad(self, grad: float, create_graph: bool) -> None:
        self.log.append(("receive", self.name, grad))
        self.grad += grad

    def _release(self) -> None:
        self.log.append(("release", self.name, 0.0))


def test_each_node_receives_its_total_once_and_leaves_after_the_walk() -> None:
    log: list[tuple[str, str, float]] = []
    x, w = Counted(log, "x"), Counted(log, "w")
    h = Counted(log, "h", x, w, x)  # x twice: its two shares are summed
    y = Counted(log, "y", h, w)
    engine.backward([y, x], [2.0, 0.5])  # a leaf may be a root too (seed 0.5)
    receives = [(who, g) for what, who, g in log if what == "receive"]
    assert receives == [("y", 2.0), ("h", 2.0), ("x", 0.5 + 2.0 + 2.0), ("w", 2.0 + 2.0)]
    # Nodes with parents pass their gradient on and are released; leaves neither.
    assert [who for what, who, _ in log if what == "backprop"] == ["y", "h"]
    assert [who for what, who, _ in log if what == "release"] == ["y", "h"]


def test_a_leaf_with_an_op_name_is_walked_like_any_node() -> None:
    # A falsy _op promises a leaf; a truthy one on a leaf only costs the heap.
    log: list[tuple[str, str, float]] = []
    labelled = Counted(log, "x")
    labelled._op = "input"
    y = Counted(log, "y", labelled, labelled)
    engine.backward([y], [3.0], retain_graph=True)
    assert labelled.grad == 6.0
    assert [(what, who) for what, who, _ in log] == [("receive", "y"), ("backprop", "y"), ("receive", "x"),
                                                      ("backprop", "x")]
    v = Value(2.0, _op="x")  # micrograd-style code may label a leaf so
    (v * 3).backward()
    assert v.grad == 3.0


def test_backward_restores_the_collectors_state() -> None:
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            _, _, _, root = _graph()
            root.backward()
            engine.grad([root], [1.0], [root])
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_copied_and_unpickled_leaves_are_separate_nodes() -> None:
    """A copy is a new node: it gets its own gradient, even beside the original."""
    for duplicate in (copy.copy, copy.deepcopy, lambda v: pickle.loads(pickle.dumps(v))):
        a = Value(2.0)
        b = duplicate(a)
        (a * b * 3.0).backward()
        assert (a.grad, b.grad) == (6.0, 6.0)
    params = [Value(0.5), Value(-1.5)]
    target = copy.deepcopy(params)  # e.g. a frozen copy of a model's parameters
    loss = dot(params, [1.0, 2.0]) * dot(target, [3.0, 4.0])
    loss.backward()
    assert [p.grad for p in params] == [-4.5, -9.0] and [p.grad for p in target] == [-7.5, -10.0]


# ------------------------------------------------------------ deep graphs
def _chain(n: int) -> tuple[Value, Value]:
    """y = x + x + ... + x: n nodes deep, each node sharing the leaf x."""
    x = Value(0.5)
    y = x
    for _ in range(n):
        y = y + x
    return x, y


def _deep_chain_checks(n: int) -> None:
    x, y = _chain(n)
    y.backward()
    assert x.grad == n + 1 and y.data == 0.5 * (n + 1)
    assert len(engine.topological_order([y])) == n + 1
    y.zero_grad()
    node, grads = y, []
    while node._parents:  # iterative walk down the chain
        grads.append(node.grad)
        node = node._parents[0]
    assert len(grads) == n and not any(grads) and x.grad == 0.0
    del node
    y.backward(gradient=2.0)
    assert x.grad == 2.0 * (n + 1)
    ref = weakref.ref(x)
    del x, y  # freeing a deep chain must not overflow the C stack either
    assert ref() is None


def test_deep_chain_of_100k_nodes() -> None:
    _deep_chain_checks(100_000)


@pytest.mark.skipif(os.environ.get("RUN_SLOW") != "1", reason="set RUN_SLOW=1 to run")
def test_deep_chain_of_a_million_nodes() -> None:
    _deep_chain_checks(1_000_000)


# ----------------------------------------------------------------- memory
def _build_and_watch(run_backward: str) -> list[weakref.ref[Value]]:
    """Build a graph with every kind of node, run a pass, return weak refs only."""
    a, b, c = Value(0.3), Value(-1.1), Value(2.0)
    s = softmax([a, b, c])
    ls = log_softmax([a * b, c])
    root = dot([a, b], [s[0], ls[1]], bias=c).tanh() + (a**b.abs()).exp() / (c - s[2]).sigmoid() + 2 / c
    if run_backward == "backward":
        root.backward()
    elif run_backward == "inputs":
        engine.grad([root], [1.0], [a, b])
    elif run_backward == "zero_grad":
        root.backward()
        root.zero_grad()
    return [weakref.ref(n) for n in engine.topological_order([root])]


@pytest.mark.parametrize("run_backward", ["none", "backward", "inputs", "zero_grad"])
def test_graph_is_freed_by_reference_counting_alone(run_backward: str, no_cyclic_gc: None) -> None:
    refs = _build_and_watch(run_backward)
    assert len(refs) > 15
    alive = [r() for r in refs if r() is not None]
    assert alive == []


def test_no_grad_results_hold_no_graph(no_cyclic_gc: None) -> None:
    a = Value(1.0)
    with no_grad():
        out = (a * 2.0).exp() + a
    ref = weakref.ref(out)
    assert out._parents == ()
    del out
    assert ref() is None


def test_copied_tensors_are_separate_nodes() -> None:
    """deepcopy gives a Tensor its own creation number, so the engine never merges a
    copy (say a target network's weights) with its original."""
    import copy

    import numpy as np

    from autograd import Tensor

    a = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    b = copy.deepcopy(a)
    b.data[...] = [5.0, 7.0]  # its own array, now different values
    assert b._seq != a._seq
    (a * b * 3.0).sum().backward()
    np.testing.assert_allclose(a.grad.data, 3.0 * b.data)
    np.testing.assert_allclose(b.grad.data, 3.0 * a.data)
