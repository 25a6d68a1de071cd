"""Derivative formulas and the functions they call, valid on numpy arrays and Tensors alike.

An op's backward runs on numpy arrays normally and on Tensors under
``create_graph=True`` (see :mod:`autograd.ops.base`). Operators and the methods
both types share need no help; the functions here cover the rest, each choosing
the Tensor op (recorded, differentiable) or the numpy function (fast) by type.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.tensor import Tensor


def is_tensor(x: Any) -> bool:
    return isinstance(x, Tensor)


def constant(x: Any) -> np.ndarray:
    """The plain array behind ``x`` (a mask or index needs no gradient)."""
    return x.data if isinstance(x, Tensor) else np.asarray(x)


def exp(x: Any) -> Any:
    return x.exp() if isinstance(x, Tensor) else np.exp(x)


def log(x: Any) -> Any:
    return x.log() if isinstance(x, Tensor) else np.log(x)


def sigmoid(x: Any) -> Any:
    if isinstance(x, Tensor):
        return x.sigmoid()
    from autograd.ops.elementwise import sigmoid_array

    return sigmoid_array(x)


def sign(x: Any) -> np.ndarray:
    """sign(x) as a constant (its derivative is 0 almost everywhere)."""
    return np.sign(constant(x))


def where(cond: Any, a: Any, b: Any) -> Any:
    """``a`` where ``cond`` else ``b``; ``cond`` is a constant mask."""
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        from autograd.ops.elementwise import where as tensor_where

        return tensor_where(constant(cond), a, b)
    return np.where(cond, a, b)


def broadcast_to(x: Any, shape: tuple[int, ...]) -> Any:
    if isinstance(x, Tensor):
        return x.broadcast_to(shape)
    return np.broadcast_to(x, shape)


def permute(x: Any, axes: tuple[int, ...]) -> Any:
    return x.permute(*axes) if isinstance(x, Tensor) else np.transpose(x, axes)


def flip(x: Any, axes: tuple[int, ...]) -> Any:
    return x.flip(axes) if isinstance(x, Tensor) else np.flip(x, axes)


def swapaxes(x: Any, a: int, b: int) -> Any:
    return x.transpose(a, b) if isinstance(x, Tensor) else np.swapaxes(x, a, b)


def expand_dims(x: Any, axis: int | tuple[int, ...]) -> Any:
    if isinstance(x, Tensor):
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        out = x
        for ax in sorted(a % (x.ndim + len(axes)) for a in axes):
            out = out.unsqueeze(ax)
        return out
    return np.expand_dims(x, axis)


def scatter_add(g: Any, index: Any, shape: tuple[int, ...]) -> Any:
    """zeros(shape) with ``g`` added at ``index`` (repeated indices add up): the
    gradient of ``x[index]``."""
    if isinstance(g, Tensor):
        from autograd.ops.shape import scatter_add as tensor_scatter_add

        return tensor_scatter_add(g, index, shape)
    out = np.zeros(shape, dtype=g.dtype)
    np.add.at(out, index, g)
    return out
