"""Detecting in-place writes to arrays that a recorded graph still needs.

A tensor op does not copy its inputs: its backward reads ``parent.data`` (and its
own ``data``) when it runs. So if one of those arrays is changed in place between
the forward pass and ``backward()`` (``x -= 1`` under ``no_grad``, ``x[0] = 5``, an
optimizer step, or a write through a view such as ``x[0:2]``), the gradient would be
computed from the new values: silently wrong. PyTorch catches this with version
counters; this module does the same job with timestamps.

Every in-place write made through the library stamps the written array's *base* (the
array that owns the memory, so views share a stamp) with a fresh sequence number from
the engine's clock, the same clock that numbers graph nodes. A node made before the
stamp must not read that array: ``Tensor._backprop`` raises instead. While nothing
has been written since a node was made (the usual case, one integer comparison per
node) nothing is looked up.

Writes made to ``t.data`` or ``t.numpy()`` with numpy directly bypass the library and
are not seen, as writes through ``.data`` are not in PyTorch.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd.engine import next_seq

last_write = [-1]
"""The sequence number of the latest in-place write (one element, so that it can be
read and set without a ``global`` statement)."""

# id(base array) -> [weak reference to it, sequence number of its latest write]. An
# entry goes away with its array, so a recycled id never inherits a stamp.
_stamps: dict[int, list[Any]] = {}


def _base(arr: np.ndarray) -> np.ndarray:
    """The array owning ``arr``'s memory (``arr`` itself unless it is a view)."""
    while isinstance(arr.base, np.ndarray):
        arr = arr.base
    return arr


def _forget(key: int) -> Any:
    def callback(ref: weakref.ref[np.ndarray]) -> None:
        entry = _stamps.get(key)
        if entry is not None and entry[0] is ref:
            del _stamps[key]

    return callback


def mark_written(*arrays: np.ndarray) -> None:
    """Record that each array (or the array it is a view of) was changed in place now
    (one stamp for all: an optimizer step marks its parameters with one call)."""
    seq = next_seq()
    for arr in arrays:
        base = _base(arr)
        key = id(base)
        entry = _stamps.get(key)
        if entry is not None and entry[0]() is base:
            entry[1] = seq
        else:
            _stamps[key] = [weakref.ref(base, _forget(key)), seq]
    last_write[0] = seq


def written_since(arr: np.ndarray, seq: int) -> bool:
    """Whether ``arr``'s memory was changed in place after sequence number ``seq``."""
    base = _base(arr)
    entry = _stamps.get(id(base))
    return entry is not None and entry[0]() is base and entry[1] > seq


# ------------------------------------------------ recording writes into graphs
def nodes_since(root: Any, seq: int) -> Iterator[Any]:
    """The recorded nodes of ``root``'s graph made after sequence number ``seq``
    (those that can have read a tensor as it was at ``seq``), each once."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if node._seq <= seq or id(node) in seen or not node._op:
            continue
        seen.add(id(node))
        yield node
        stack.extend(node._parents)


def unshare(value: Any, x: Any) -> None:
    """Before ``x`` is written in place with ``value``: the nodes of ``value``'s graph
    that are views of ``x``'s memory (``x[0]`` in ``x[1] = x[0] * 2``) stand for x's
    old values, so they get their own copy of them."""
    for node in nodes_since(value, x._seq):
        if np.may_share_memory(node.data, x.data):
            node.data = node.data.copy()


def same_place(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``a`` and ``b`` are the same elements of the same memory."""
    return (a.__array_interface__["data"][0] == b.__array_interface__["data"][0] and a.shape == b.shape
            and a.strides == b.strides and a.dtype == b.dtype)
