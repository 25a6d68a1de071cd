"""Shape operations: reshape, permute/transpose, broadcast, indexing.

Each moves or copies elements without arithmetic, so each backward moves the
gradient back: reshape's is a reshape, permute's the inverse permutation,
broadcast's a sum, indexing's a scatter-add.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.ops import dual
from autograd.ops.base import BackwardContext, Op, sum_to
from autograd.tensor import Tensor


class Reshape(Op):
    """Same elements, new shape;  the gradient is reshaped back."""

    name = "reshape"

    @staticmethod
    def forward(x: Any, shape: tuple[int, ...]) -> tuple[Any, Any]:
        return x.reshape(shape), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g.reshape(ctx.inputs[0].shape),)


class Permute(Op):
    """Axes reordered;  the gradient takes the inverse permutation."""

    name = "permute"

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...]) -> tuple[Any, Any]:
        return np.transpose(x, axes), axes

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (dual.permute(g, tuple(np.argsort(ctx.saved))),)


class BroadcastTo(Op):
    """x repeated along broadcast axes;  the gradient is summed back."""

    name = "broadcast_to"

    @staticmethod
    def forward(x: Any, shape: tuple[int, ...]) -> tuple[Any, Any]:
        return np.broadcast_to(x, shape), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (sum_to(g, ctx.inputs[0].shape),)


class GetItem(Op):
    """x[index];  the gradient is scatter-added into zeros (repeated indices add up)."""

    name = "getitem"

    @staticmethod
    def forward(x: Any, index: Any) -> tuple[Any, Any]:
        return x[index], index

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (dual.scatter_add(g, ctx.saved, ctx.inputs[0].shape),)


class ScatterAdd(Op):
    """zeros(shape) with g added at index;  its gradient is g[index]."""

    name = "scatter_add"

    @staticmethod
    def forward(g: Any, index: Any, shape: tuple[int, ...]) -> tuple[Any, Any]:
        out = np.zeros(shape, dtype=g.dtype)
        np.add.at(out, index, g)
        return out, index

    @staticmethod
    def backward(ctx: BackwardContext, gg: Any) -> tuple[Any, ...]:
        return (gg[ctx.saved],)


def reshape(x: Tensor, shape: tuple[int, ...]) -> Tensor:
    try:
        np.empty(0).reshape(0) if False else None
        target = np.empty(x.data.shape, dtype=np.bool_).reshape(shape).shape
    except ValueError:
        raise ValueError(f"reshape: cannot reshape a tensor of shape {x.shape} ({x.size} elements) into shape {tuple(shape)}") from None
    return Reshape.apply(x, shape=target)


def permute(x: Tensor, axes: tuple[int, ...]) -> Tensor:
    nd = x.data.ndim
    if sorted(a % nd if nd else a for a in axes) != list(range(nd)):
        raise ValueError(f"permute: {tuple(axes)} is not a permutation of the {nd} axes of a tensor of shape {x.shape}")
    return Permute.apply(x, axes=tuple(a % nd for a in axes))


def transpose(x: Tensor, dim0: int, dim1: int) -> Tensor:
    nd = x.data.ndim
    axes = list(range(nd))
    for d in (dim0, dim1):
        if not -nd <= d < nd:
            raise np.exceptions.AxisError(f"transpose: axis {d} is out of range for a tensor of rank {nd}")
    axes[dim0], axes[dim1] = axes[dim1], axes[dim0]
    return Permute.apply(x, axes=tuple(axes))


def broadcast_to(x: Tensor, shape: tuple[int, ...]) -> Tensor:
    try:
        np.broadcast_shapes(x.data.shape, shape)
        if np.broadcast_shapes(x.data.shape, shape) != tuple(shape):
            raise ValueError
    except ValueError:
        raise ValueError(f"broadcast_to: cannot broadcast a tensor of shape {x.shape} to shape {tuple(shape)}") from None
    return BroadcastTo.apply(x, shape=tuple(shape))


def unsqueeze(x: Tensor, dim: int) -> Tensor:
    nd = x.data.ndim + 1
    if not -nd <= dim < nd:
        raise np.exceptions.AxisError(f"unsqueeze: axis {dim} is out of range for a result of rank {nd}")
    d = dim % nd
    return reshape(x, x.data.shape[:d] + (1,) + x.data.shape[d:])


def getitem(x: Tensor, index: Any) -> Tensor:
    if isinstance(index, Tensor):
        index = index.data
    elif isinstance(index, tuple):
        index = tuple(i.data if isinstance(i, Tensor) else i for i in index)
    return GetItem.apply(x, index=index)


def scatter_add(g: Tensor, index: Any, shape: tuple[int, ...]) -> Tensor:
    return ScatterAdd.apply(g, index=index, shape=tuple(shape))
