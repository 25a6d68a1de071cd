"""The one backward engine, shared by :class:`Value` and :class:`Tensor`.

The engine knows nothing about floats or arrays. A *node* is any object with

``_parents``
    a tuple of the nodes it was computed from (a tuple, never a set, so every walk
    is deterministic);
``_seq``
    a sequence number from :func:`next_seq`, taken when the node is created, so a
    node's number is always larger than its parents' (as in PyTorch's engine);
``requires_grad``
    whether a gradient should flow into it;
``_op``
    what computed the node; falsy (``None`` or ``""``) only for a *leaf*, a node with
    no parents (a leaf may also have a truthy ``_op``: it is then walked like any
    other node, which is slower but as correct);
``_backprop(grad, create_graph)``
    the chain-rule step: given d(root)/d(node), return ``(parent, d(root)/d(parent))``
    pairs, one per parent in order (the gradient ``None`` for a parent that does not
    require one, and no pairs at all for a leaf);
``_receive_grad(grad, create_graph)``
    called once per backward pass with the node's total gradient, so the node can
    store it (a ``Value`` keeps every node's gradient, a ``Tensor`` only leaves' and
    ``retain_grad()`` tensors');
``_release()``
    drop what only the backward pass needed (called unless ``retain_graph``; never
    for a leaf).

Gradients only need ``+`` between them. Walks are iterative, so the depth of a graph
is user data, not a recursion limit: a chain of a million nodes is fine.

Two passes share this walk: :func:`backward` *stores* every node's gradient (behind
``.backward()``), :func:`grad` *returns* the gradients of chosen inputs and stores
nothing (behind ``autograd.grad``).

``backward`` visits nodes newest first (largest ``_seq``) from a heap: every node
that consumed a node's output was created after it, so by the time a node is
popped its gradient is complete. This needs no separate topological sort, and
only nodes that actually receive a gradient are ever touched. Leaves (the
parameters and inputs, often half of all nodes) pass nothing on, so they skip the
heap: their gradients are only summed, and each leaf receives its total after the
walk.
"""

from __future__ import annotations

import gc
import heapq
import itertools
import threading
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

next_seq = itertools.count().__next__
"""Hand out the creation-order number every node stores in ``_seq``."""


class Node(Protocol):
    """The interface the engine walks; see the module docstring."""

    @property
    def _parents(self) -> tuple[Node, ...]: ...

    @property
    def _seq(self) -> int: ...

    @property
    def requires_grad(self) -> bool: ...

    @property
    def _op(self) -> Any: ...

    def _backprop(self, grad: Any, create_graph: bool) -> Iterable[tuple[Node, Any]]: ...

    def _receive_grad(self, grad: Any, create_graph: bool) -> None: ...

    def _release(self) -> None: ...


def topological_order(roots: Iterable[Node]) -> list[Node]:
    """Every node reachable from ``roots``, each after all of its parents (inputs
    first, roots last). A node that requires no gradient has no parents, so the
    walk never goes past one.

    Iterative depth-first search with an explicit stack; parents are visited in
    tuple order, so the order is the same on every run.
    """
    order: list[Node] = []
    visited: set[int] = set()
    mark = visited.add
    emit = order.append
    for root in roots:
        if id(root) in visited:
            continue
        mark(id(root))
        # Each stack entry is a node and an iterator over its remaining parents.
        stack = [(root, iter(root._parents))]
        push = stack.append
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if id(parent) not in visited:
                    mark(id(parent))
                    push((parent, iter(parent._parents)))
                    break
            else:
                stack.pop()
                emit(node)
    return order


def backward(
    roots: Sequence[Node],
    root_grads: Sequence[Any],
    *,
    retain_graph: bool = False,
    create_graph: bool = False,
) -> None:
    """Run the chain rule from ``roots`` (seeded with ``root_grads``) to the leaves and
    store the gradients: every node on the way receives its total through
    ``_receive_grad`` (this is ``.backward()``).

    Gradients are summed in a dictionary local to this call, so a node's gradient is
    the sum over the paths of *this* pass only: calling backward twice adds the same
    amount twice, never more.
    """
    collecting = _pause_collector()
    try:
        _store_gradients(roots, root_grads, retain_graph, create_graph)
    finally:
        _resume_collector(collecting)


def grad(
    roots: Sequence[Node],
    root_grads: Sequence[Any],
    inputs: Sequence[Node],
    *,
    retain_graph: bool = False,
    create_graph: bool = False,
) -> list[Any]:
    """Return d(roots)/d(input) for each of ``inputs``, seeded with ``root_grads``, and
    store nothing (this is ``autograd.grad``): ``None`` for an input the roots do not
    depend on. Only the part of the graph between the roots and the inputs is visited.
    """
    collecting = _pause_collector()
    try:
        order = topological_order(roots)
        grads: dict[int, Any] = {}
        for root, g in zip(roots, root_grads):
            key = id(root)
            grads[key] = g if key not in grads else grads[key] + g
        return _gradients_of(order, grads, inputs, retain_graph, create_graph)
    finally:
        _resume_collector(collecting)


# During a pass, CPython's cyclic collector leaves the objects that existed before
# it alone: the engine makes no reference cycles, but its temporaries would
# otherwise trigger full collections over the (large, live) graph again and again.
# gc.freeze() sets them aside (young temporaries are still collected) and
# gc.unfreeze() puts them back; unlike gc.disable()/enable(), this never undoes a
# gc.disable() another thread makes meanwhile. Passes running at once (threads,
# or a backward inside a hook) share one freeze; if someone else has frozen objects
# (gc.freeze() before fork()), nothing is touched. (Plain calls around a
# try/finally rather than a context manager: this runs for every backward().)
_freeze_lock = threading.Lock()
_freeze_depth = [0]


def _pause_collector() -> bool:
    """Set the live objects aside from the collector; return whether this pass froze
    them (and must unfreeze them)."""
    with _freeze_lock:
        if _freeze_depth[0] == 0 and gc.get_freeze_count():
            return False  # frozen by someone else: theirs to unfreeze
        if _freeze_depth[0] == 0:
            gc.freeze()
        _freeze_depth[0] += 1
        return True


def _resume_collector(froze: bool) -> None:
    if not froze:
        return
    with _freeze_lock:
        _freeze_depth[0] -= 1
        if _freeze_depth[0] == 0:
            gc.unfreeze()


def _store_gradients(roots: Sequence[Node], root_grads: Sequence[Any], retain_graph: bool, create_graph: bool) -> None:
    """The pass behind ``.backward()``: every node receives its total gradient.

    Nodes wait in a max-heap keyed by ``_seq``; a node enters it when it first
    receives a gradient, and leaves it only after all of its consumers (all
    newer than it) have passed their share on. Leaves wait in a dictionary instead
    and receive their totals once the heap is empty.
    """
    # -_seq -> [node, gradient summed so far in this pass], for the nodes in the
    # heap (one dictionary, so each edge costs one lookup). Keys are negated so that
    # heapq's min-heap pops the newest node first. Leaves are kept the same way in
    # `leaves`, in the order they were reached.
    pending: dict[int, list[Any]] = {}
    leaves: dict[int, list[Any]] = {}
    heap: list[int] = []
    push, pop = heapq.heappush, heapq.heappop
    for root, grad in zip(roots, root_grads):
        key = -root._seq
        table = pending if root._op else leaves
        if key in table:
            table[key][1] = table[key][1] + grad
        else:
            table[key] = [root, grad]
            if table is pending:
                push(heap, key)
    take = pending.pop
    get = pending.get
    get_leaf = leaves.get
    while heap:
        node, grad = take(pop(heap))
        node._receive_grad(grad, create_graph)
        for parent, pgrad in node._backprop(grad, create_graph):
            if pgrad is None:
                continue
            key = -parent._seq
            if parent._op:
                entry = get(key)
                if entry is None:
                    pending[key] = [parent, pgrad]
                    push(heap, key)
                    continue
            else:
                entry = get_leaf(key)
                if entry is None:
                    leaves[key] = [parent, pgrad]
                    continue
            entry[1] = entry[1] + pgrad
        if not retain_graph:
            node._release()
    for leaf, grad in leaves.values():
        leaf._receive_grad(grad, create_graph)


def _gradients_of(
    order: list[Node], grads: dict[int, Any], inputs: Sequence[Node], retain_graph: bool, create_graph: bool
) -> list[Any]:
    """The pass behind ``autograd.grad``: return the inputs' gradients, store nothing."""
    # Keep the nodes that lie on a path to an input: those that are an input or have
    # such a node among their parents (parents come first in `order`).
    wanted = {id(x) for x in inputs}
    for node in order:
        if id(node) not in wanted and any(id(p) in wanted for p in node._parents):
            wanted.add(id(node))
    captured: dict[int, Any] = {}
    for node in reversed(order):
        key = id(node)
        grad = grads.pop(key, None)
        if grad is None or key not in wanted:
            continue
        captured[key] = grad
        parents = node._parents
        if parents and any(id(p) in wanted for p in parents):
            for parent, pgrad in node._backprop(grad, create_graph):
                if pgrad is not None and id(parent) in wanted:
                    old = grads.get(id(parent))
                    grads[id(parent)] = pgrad if old is None else old + pgrad
            if not retain_graph:
                node._release()
    return [captured.get(id(x)) for x in inputs]
