"""Selecting and replacing by index, composed from the recorded ops (indexing,
``where``, scatter-add), so each is differentiable to any order: ``select``,
``take``, ``index_fill``, ``index_copy``, ``masked_scatter``; and ``argwhere``,
which gives indices without a gradient.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.ops import args, formulas
from autograd.ops.base import operand_like
from autograd.tensor import Tensor


def select(x: Tensor, dim: int, index: int) -> Tensor:
    """The slice at ``index`` (negative counts from the end) along ``dim``, that dim
    removed: ``x.select(1, 2)`` is ``x[:, 2]``."""
    if x._data.ndim == 0:
        raise IndexError("select: cannot be applied to a 0-d tensor")
    axis = args.one_axis("select", dim, x._data.shape)
    i = args.integer("select", "index", index)
    n = x._data.shape[axis]
    if not -n <= i < n:
        raise IndexError(f"select: index {i} is out of range for dim {axis} of size {n} (shape {x.shape})")
    return x[(slice(None),) * axis + (i % n,)]


def take(x: Tensor, index: Any) -> Tensor:
    """The elements of the flattened x at ``index`` (any shape; negative counts from
    the end), in index's shape, as ``torch.take``; repeated indices add up their gradients."""
    idx = index._data if isinstance(index, Tensor) else np.asarray(index)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"take: index must be an integer tensor, got dtype {idx.dtype}")
    n = x._data.size
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise IndexError(f"take: index values must lie in [-{n}, {n}) for a tensor of {n} elements (shape {x.shape}), "
                         f"got values in [{idx.min()}, {idx.max()}]")
    return x.reshape(-1)[(idx % max(n, 1)).astype(np.int64)]


def _slice_mask(x: Tensor, where: str, dim: int, index: Any) -> tuple[int, np.ndarray, np.ndarray]:
    """The axis, the index (negatives wrapped) and a mask of x's shape, True on the slices it names."""
    axis = args.one_axis(where, dim, x._data.shape)
    idx = index._data if isinstance(index, Tensor) else np.asarray(index)
    if idx.ndim > 1 or idx.dtype.kind not in "iu":
        raise TypeError(f"{where}: index must be a 1-d integer tensor (int64 or int32), got dtype {idx.dtype}, "
                        f"shape {idx.shape}")
    n = x._data.shape[axis] if x._data.ndim else 1
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise IndexError(f"{where}: index values must lie in [-{n}, {n}) for dim {axis} of a tensor of shape "
                         f"{x.shape}, got values in [{idx.min()}, {idx.max()}]")
    idx = idx.reshape(-1) % max(n, 1)
    hit = np.zeros(n, dtype=bool)
    hit[idx] = True
    shape = [1] * x._data.ndim
    if shape:
        shape[axis] = n
    return axis, idx.astype(np.int64), np.broadcast_to(hit.reshape(shape), x._data.shape)


def index_fill(x: Tensor, dim: int, index: Any, value: Any) -> Tensor:
    """x with the slices at ``index`` along ``dim`` set to ``value`` (a number, or a 0-d
    Tensor that then gets their gradient), as ``torch.index_fill``."""
    if isinstance(value, Tensor) and value._data.ndim:
        raise ValueError(f"index_fill: value must be a number or a 0-d tensor, got shape {value.shape}")
    _, _, mask = _slice_mask(x, "index_fill", dim, index)
    return formulas.where(mask, value, x)


def index_copy(x: Tensor, dim: int, index: Any, source: Tensor) -> Tensor:
    """x with its slice index[i] along ``dim`` replaced by source's slice i, as
    ``torch.index_copy`` (a repeated index: the last copy wins, see ``scatter``)."""
    axis, idx, _ = _slice_mask(x, "index_copy", dim, index)
    if x._data.ndim == 0:
        return x.scatter(0, idx, operand_like("index_copy", x, source).reshape(-1))
    src = operand_like("index_copy", x, source)
    return x.scatter(axis, args.slices_index("index_copy", x.shape, axis, idx, src.shape), src)


def masked_scatter(x: Tensor, mask: Any, source: Tensor) -> Tensor:
    """x with the positions where ``mask`` (broadcast to x) is True filled, in order,
    by source's first elements, as ``torch.masked_scatter``."""
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != bool:
        raise TypeError(f"masked_scatter: mask must be a boolean tensor, got dtype {m.dtype}")
    try:
        m = np.broadcast_to(m, x._data.shape)
    except ValueError:
        raise ValueError(f"masked_scatter: mask of shape {m.shape} does not broadcast to the input {x.shape}") from None
    src = operand_like("masked_scatter", x, source)
    positions = np.flatnonzero(m)
    if src._data.size < positions.size:
        raise ValueError(f"masked_scatter: source has {src._data.size} elements, fewer than the mask's "
                         f"{positions.size} True positions")
    values = src.reshape(-1)[:positions.size]
    return formulas.where(m, 0, x).reshape(-1).scatter_add(0, positions, values).reshape(x.shape)


def argwhere(x: Tensor) -> Tensor:
    """The indices of the non-zero elements, one row each: ``nonzero(x)``."""
    return x.nonzero()  # type: ignore[no-any-return]
