"""Reductions (sum, mean, max, min, var, std, logsumexp) and softmax.

``axis`` is None (all axes), an int or a tuple of ints, negative counting from
the end; ``keepdims`` keeps reduced axes with size 1. An axis outside the tensor's
rank raises ``numpy.exceptions.AxisError`` (a ValueError and an IndexError) naming
the axis and the rank.

Ties in ``max``/``min``: the gradient is shared equally between all elements that
reach the extreme (each of k tied elements gets g / k), which is what you get
by differentiating the average of the tied elements; PyTorch's ``amax`` does the same.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd.ops import dual
from autograd.ops.base import BackwardContext, Op
from autograd.tensor import Tensor

AxisError = np.exceptions.AxisError


def normalize_axes(op: str, axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` as a sorted tuple of non-negative ints, checked against ``ndim``."""
    if axis is None:
        return tuple(range(ndim))
    try:
        axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    except TypeError:
        raise TypeError(f"{op}: axis must be an int or a tuple of ints, got {type(axis).__name__} {axis!r}") from None
    out = []
    bound = ndim if ndim > 0 else 1  # a 0-d tensor accepts axis 0 and -1, as in PyTorch
    for a in axes:
        if not isinstance(a, (int, np.integer)) or isinstance(a, bool):
            raise TypeError(f"{op}: axis must be an int or a tuple of ints, got {axis!r}")
        if not -bound <= a < bound:
            raise AxisError(f"{op}: axis {a} is out of range for a tensor of rank {ndim}")
        out.append(int(a) % bound)
    if len(set(out)) != len(out):
        raise ValueError(f"{op}: repeated axis in {axis!r}")
    return tuple(sorted(a for a in out if a < ndim))


def _keep_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _unreduce(g: Any, shape: tuple[int, ...], axes: tuple[int, ...], keepdims: bool) -> Any:
    """Spread a reduced gradient back over the input's shape."""
    if not keepdims:
        g = g.reshape(_keep_shape(shape, axes))
    if isinstance(g, np.ndarray):  # a fresh, writable array: 6x cheaper than np.broadcast_to
        out = np.empty(shape, dtype=g.dtype)
        out[...] = g
        return out
    return dual.broadcast_to(g, shape)


def _count(shape: tuple[int, ...], axes: tuple[int, ...]) -> int:
    n = 1
    for a in axes:
        n *= shape[a]
    return n


def _inverse_dof(shape: tuple[int, ...], axes: tuple[int, ...], correction: int) -> float:
    """1 / (n - correction), the divisor clamped at 0 as in the forward (numpy's ddof,
    PyTorch's correction): with no degrees of freedom left it is inf, so the
    gradient comes out inf or nan, as the variance does, instead of raising."""
    dof = _count(shape, axes) - correction
    return 1.0 / dof if dof > 0 else math.inf


class Sum(Op):
    """sum over axes;  d/dx_i = 1 for every summed element."""

    name = "sum"

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool) -> tuple[Any, Any]:
        return x.sum(axis=axes, keepdims=keepdims), (axes, keepdims)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims = ctx.saved
        return (_unreduce(g, ctx.inputs[0].shape, axes, keepdims),)


class Mean(Op):
    """mean over axes;  d/dx_i = 1 / n for each of the n averaged elements."""

    name = "mean"

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool) -> tuple[Any, Any]:
        if x.dtype.kind == "f":  # np.mean's Python wrapper costs ~4 us
            return np.add.reduce(x, axis=axes, keepdims=keepdims) / _count(x.shape, axes), (axes, keepdims)  # type: ignore[call-overload]
        return x.mean(axis=axes, keepdims=keepdims), (axes, keepdims)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims = ctx.saved
        shape = ctx.inputs[0].shape
        return (_unreduce(g / _count(shape, axes), shape, axes, keepdims),)


class _Extreme(Op):
    """Shared backward of max and min: g / k to each of the k elements at the extreme."""

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims = ctx.saved
        x = dual.constant(ctx.inputs[0])
        out = dual.constant(ctx.out)
        if not keepdims:
            out = out.reshape(_keep_shape(x.shape, axes))
        hit = x == out
        share = (hit / hit.sum(axis=axes, keepdims=True)).astype(x.dtype)
        return (_unreduce(g, x.shape, axes, keepdims) * share,)


class Max(_Extreme):
    """max over axes;  the gradient goes to the maximum (shared equally by ties)."""

    name = "max"

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool) -> tuple[Any, Any]:
        return x.max(axis=axes, keepdims=keepdims), (axes, keepdims)


class Min(_Extreme):
    """min over axes;  the gradient goes to the minimum (shared equally by ties)."""

    name = "min"

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool) -> tuple[Any, Any]:
        return x.min(axis=axes, keepdims=keepdims), (axes, keepdims)


class Var(Op):
    """sum((x - mean)^2) / (n - correction);  d/dx_i = 2 (x_i - mean) / (n - correction)."""

    name = "var"

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool, correction: int) -> tuple[Any, Any]:
        return x.var(axis=axes, keepdims=keepdims, ddof=correction), (axes, keepdims, correction)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims, correction = ctx.saved
        x = ctx.inputs[0]
        centered = x - x.mean(axis=axes, keepdims=True)
        scale = 2.0 * _inverse_dof(x.shape, axes, correction)
        return (_unreduce(g, x.shape, axes, keepdims) * centered * scale,)


class Std(Op):
    """sqrt(var);  d/dx_i = (x_i - mean) / ((n - correction) std)."""

    name = "std"

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool, correction: int) -> tuple[Any, Any]:
        return x.std(axis=axes, keepdims=keepdims, ddof=correction), (axes, keepdims, correction)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims, correction = ctx.saved
        x = ctx.inputs[0]
        centered = x - x.mean(axis=axes, keepdims=True)
        std = ctx.out if keepdims else ctx.out.reshape(_keep_shape(x.shape, axes))
        scale = _inverse_dof(x.shape, axes, correction)
        return (_unreduce(g, x.shape, axes, keepdims) * centered * scale / std,)


def _stable_lse(x: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """log sum exp over axes (keepdims), shifted by the max so nothing overflows."""
    m = np.maximum.reduce(x, axis=axes, keepdims=True, initial=-np.inf)  # -inf over an empty axis
    m = np.where(np.isfinite(m), m, 0)
    return m + np.log(np.exp(x - m).sum(axis=axes, keepdims=True))  # type: ignore[no-any-return]


class LogSumExp(Op):
    """log sum_i e^{x_i};  d/dx_i = e^{x_i - lse} = softmax(x)_i."""

    name = "logsumexp"

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool) -> tuple[Any, Any]:
        lse = _stable_lse(x, axes)
        return (lse if keepdims else lse.reshape([n for i, n in enumerate(x.shape) if i not in axes])), (axes, keepdims)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims = ctx.saved
        x = ctx.inputs[0]
        out = ctx.out if keepdims else ctx.out.reshape(_keep_shape(x.shape, axes))
        return (_unreduce(g, x.shape, axes, keepdims) * dual.exp(x - out),)


class Softmax(Op):
    """y_i = e^{x_i} / sum_j e^{x_j};  dx = y * (g - sum(g * y))."""

    name = "softmax"

    @staticmethod
    def forward(x: Any, axis: int) -> tuple[Any, Any]:
        e = np.exp(x - np.maximum.reduce(x, axis=axis, keepdims=True, initial=-np.inf))  # (initial: an empty axis)
        return e / e.sum(axis=axis, keepdims=True), axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        y = ctx.out
        axis = ctx.saved
        return (y * (g - (g * y).sum(axis=axis, keepdims=True)),)


class LogSoftmax(Op):
    """x_i - logsumexp(x);  dx = g - softmax(x) * sum(g)."""

    name = "log_softmax"

    @staticmethod
    def forward(x: Any, axis: int) -> tuple[Any, Any]:
        return x - _stable_lse(x, (axis,)), axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis = ctx.saved
        return (g - dual.exp(ctx.out) * g.sum(axis=axis, keepdims=True),)


def _reduce(op: type[Op], x: Tensor, axis: Any, keepdims: bool, **extra: Any) -> Tensor:
    axes = normalize_axes(op.name, axis, x.data.ndim)
    if op in (Max, Min) and x.data.size == 0:
        raise ValueError(f"{op.name}: cannot reduce an empty tensor of shape {x.shape}")
    return op.apply(x, axes=axes, keepdims=bool(keepdims), **extra)


def sum(x: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    return _reduce(Sum, x, axis, keepdims)


def mean(x: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _reduce(Mean, x, axis, keepdims)


def max(x: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    return _reduce(Max, x, axis, keepdims)


def min(x: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    return _reduce(Min, x, axis, keepdims)


def var(x: Tensor, axis: Any = None, keepdims: bool = False, correction: int = 1) -> Tensor:
    return _reduce(Var, x, axis, keepdims, correction=_correction("var", correction))


def std(x: Tensor, axis: Any = None, keepdims: bool = False, correction: int = 1) -> Tensor:
    return _reduce(Std, x, axis, keepdims, correction=_correction("std", correction))


def _correction(op: str, correction: Any) -> int:
    """``correction`` as an int; a TypeError for anything else (1.5 is not truncated)."""
    if isinstance(correction, (int, np.integer)) and not isinstance(correction, (bool, np.bool_)):
        return int(correction)
    if isinstance(correction, (float, np.floating)) and float(correction).is_integer():
        return int(correction)
    raise TypeError(f"{op}: correction must be an integer, got {type(correction).__name__} {correction!r}")


def logsumexp(x: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _reduce(LogSumExp, x, axis, keepdims)


def one_axis(op: str, axis: Any, ndim: int) -> int:
    """``axis`` as a non-negative int below ``ndim``, or an AxisError naming op and rank.

    A 0-d tensor accepts axis 0 and -1, as in PyTorch (its one "axis" is the scalar).
    """
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, (bool, np.bool_)):
        raise TypeError(f"{op}: axis must be an int, got {type(axis).__name__} {axis!r}")
    bound = ndim if ndim > 0 else 1  # (not max(): this module defines its own max)
    if not -bound <= axis < bound:
        raise AxisError(f"{op}: axis {axis} is out of range for a tensor of rank {ndim}")
    return int(axis) % bound


def arg_reduce(op: str, x: Tensor, axis: Any, keepdims: bool) -> Tensor:
    """Indices of the largest (``op="argmax"``) or smallest (``"argmin"``) elements
    along ``axis``, or in the flattened tensor when ``axis`` is None; the first one
    among ties. An int64 tensor, with no gradient (indices are piecewise constant)."""
    data = x.data
    if axis is None:
        if data.size == 0:
            raise ValueError(f"{op}: the tensor of shape {data.shape} is empty")
        ax = None
    else:
        ax = one_axis(op, axis, data.ndim)
        if data.ndim == 0:
            data = data.reshape(1)
        elif data.shape[ax] == 0:
            raise ValueError(f"{op}: axis {axis} of the tensor of shape {data.shape} is empty")
    found = (np.argmax if op == "argmax" else np.argmin)(data, axis=ax, keepdims=keepdims)
    if x.data.ndim == 0:
        found = found.reshape(())
    return Tensor(np.asarray(found, dtype=np.int64))


def softmax(x: Tensor, axis: int = -1) -> Tensor:
    """Softmax along ``axis``, shifted by the max so it never overflows."""
    if x.data.ndim == 0:
        return Softmax.apply(x.reshape(1), axis=0).reshape(())
    return Softmax.apply(x, axis=one_axis("softmax", axis, x.data.ndim))


def log_softmax(x: Tensor, axis: int = -1) -> Tensor:
    """log(softmax(x)) along ``axis``, computed as x - logsumexp(x)."""
    if x.data.ndim == 0:
        return LogSoftmax.apply(x.reshape(1), axis=0).reshape(())
    return LogSoftmax.apply(x, axis=one_axis("log_softmax", axis, x.data.ndim))
