"""Reductions (sum, mean, max, min, var, std, logsumexp) and softmax.

``axis`` is None (all axes), an int or a tuple of ints, negative counting from
the end; ``keepdims`` keeps reduced axes with size 1. An axis outside the tensor's
rank raises ``numpy.exceptions.AxisError`` (a ValueError and an IndexError) naming
the axis and the rank.

Ties in ``max``/``min``: the gradient is shared equally between all elements that
reach the extreme (each of k tied elements gets g / k), which is what you get
by differentiating the average of the tied elements; PyTorch's ``amax`` does the same.

``max``/``min`` refuse only to reduce over an empty axis (they have no identity);
other empty axes give empty results, as in PyTorch.

Dtypes: float16 is summed in float32 for ``mean``, ``var`` and ``std`` (a float16
sum overflows at 65,504). The float-valued reductions of integer or boolean tensors
(``mean var std logsumexp softmax log_softmax``) give the default floating dtype
(:func:`autograd.get_default_dtype`), as PyTorch's ``logsumexp`` does.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd.ops import formulas
from autograd.ops.args import integer, normalize_axes, one_axis
from autograd.ops.base import BackwardContext, Case, Op, floating
from autograd.tensor import Tensor, get_default_dtype


def _keep_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _unreduce(g: Any, shape: tuple[int, ...], axes: tuple[int, ...], keepdims: bool) -> Any:
    """Spread a reduced gradient back over the input's shape."""
    if not keepdims:
        g = g.reshape(_keep_shape(shape, axes))
    if isinstance(g, np.ndarray):  # a fresh, writable array: cheaper than np.broadcast_to
        out = np.empty(shape, dtype=g.dtype)
        out[...] = g
        return out
    return formulas.broadcast_to(g, shape)


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


def _reference_mean(x: Any, axes: tuple[int, ...], keepdims: bool) -> Any:
    return np.sum(x, axis=axes, keepdims=keepdims) / _count(x.shape, axes)


def _reference(name: str) -> Any:
    return lambda x, axes, keepdims: getattr(np, name)(x, axis=axes, keepdims=keepdims)


def _reference_var(x: Any, axes: tuple[int, ...], keepdims: bool, correction: int) -> Any:
    centered = x - np.sum(x, axis=axes, keepdims=True) / _count(x.shape, axes)
    return np.sum(centered * centered, axis=axes, keepdims=keepdims) / (_count(x.shape, axes) - correction)


class Sum(Op):
    """sum over axes;  d/dx_i = 1 for every summed element."""

    name = "sum"
    cases = (
        Case(shapes=[(2, 3, 4)], params={"axes": (0, 2), "keepdims": False}),
        Case(shapes=[(2, 3)], params={"axes": (1,), "keepdims": True}),
        Case(shapes=[(2, 3)], params={"axes": (0, 1), "keepdims": False}),
    )

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
    cases = (
        Case(shapes=[(2, 3, 4)], params={"axes": (1,), "keepdims": False}, reference=_reference_mean),
        Case(shapes=[(2, 3)], params={"axes": (0, 1), "keepdims": True}, reference=_reference_mean),
    )

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool) -> tuple[Any, Any]:
        if x.dtype.char in "fdg":  # float32/64/longdouble: skip np.mean's Python wrapper
            return np.add.reduce(x, axis=axes, keepdims=keepdims) / _count(x.shape, axes), (axes, keepdims)  # type: ignore[call-overload]
        # np.mean sums float16 in float32 (n in float16 is inf beyond 65,504) and
        # integers in float64; integers then give the default floating dtype
        out = np.asarray(x.mean(axis=axes, keepdims=keepdims))
        return (out if x.dtype.kind == "f" else out.astype(get_default_dtype())), (axes, keepdims)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims = ctx.saved
        shape = ctx.inputs[0].shape
        if g.dtype.itemsize < 4:  # float16: n itself may be inf there (backprop casts back)
            g = g.astype(np.float32)
        return (_unreduce(g / _count(shape, axes), shape, axes, keepdims),)


class _Extreme(Op, register=False):
    """Shared backward of max and min: g / k to each of the k elements at the extreme;
    where the extreme is nan, to the k nan elements (PyTorch's ``max()``, rather than
    nan everywhere: nan != nan)."""

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims = ctx.saved
        x = formulas.constant(ctx.inputs[0])
        out = formulas.constant(ctx.out)
        if not keepdims:
            out = out.reshape(_keep_shape(x.shape, axes))
        hit = x == out
        if x.dtype.kind == "f" and np.isnan(out).any():
            hit |= np.isnan(x) & np.isnan(out)
        share = (hit / hit.sum(axis=axes, keepdims=True)).astype(x.dtype)
        return (_unreduce(g, x.shape, axes, keepdims) * share,)


class Max(_Extreme):
    """max over axes;  the gradient goes to the maximum (shared equally by ties)."""

    name = "max"
    cases = (
        Case(shapes=[(3, 4)], params={"axes": (1,), "keepdims": False}, reference=_reference("amax")),
        Case(shapes=[(2, 3, 2)], params={"axes": (0, 2), "keepdims": True}, reference=_reference("amax")),
    )

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool) -> tuple[Any, Any]:
        return x.max(axis=axes, keepdims=keepdims), (axes, keepdims)


class Min(_Extreme):
    """min over axes;  the gradient goes to the minimum (shared equally by ties)."""

    name = "min"
    cases = (Case(shapes=[(3, 4)], params={"axes": (0,), "keepdims": False}, reference=_reference("amin")),)

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool) -> tuple[Any, Any]:
        return x.min(axis=axes, keepdims=keepdims), (axes, keepdims)


def _moment_input(x: Any) -> Any:
    """float16 in float32 for var and std: their float16 sums overflow at 65,504."""
    return x.astype(np.float32) if x.dtype.itemsize < 4 else x


def _wide(x: Any) -> Any:
    """var's and std's forward in float64: squared deviations of float32 data overflow
    above ~1.8e19 (std([1e20, -1e20]) would be inf, where PyTorch gives 1.414e20)."""
    return x.astype(np.float64) if x.dtype.kind == "f" and x.dtype.itemsize < 8 else x


def _wide_mean(x: Any, axes: tuple[int, ...]) -> Any:
    """The mean in var's and std's backward, summed wide as in their forward (a float32
    sum overflows above ~3.4e38 where the mean does not), in x's dtype."""
    m = _wide(x).mean(axis=axes, keepdims=True)
    return m if m.dtype == x.dtype else m.astype(x.dtype)


def _moment_output(out: Any, x: Any) -> Any:
    """numpy's var/std result in x's dtype, or the default floating one for integers."""
    dtype = x.dtype if x.dtype.kind == "f" else get_default_dtype()
    return out if out.dtype == dtype else np.asarray(out).astype(dtype)


class Var(Op):
    """sum((x - mean)^2) / (n - correction);  d/dx_i = 2 (x_i - mean) / (n - correction)."""

    name = "var"
    cases = (
        Case(shapes=[(3, 4)], params={"axes": (1,), "keepdims": False, "correction": 1}, reference=_reference_var),
        Case(shapes=[(2, 3, 2)], params={"axes": (0, 2), "keepdims": True, "correction": 0}, reference=_reference_var),
    )

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool, correction: int) -> tuple[Any, Any]:
        out = _wide(x).var(axis=axes, keepdims=keepdims, ddof=correction)
        return _moment_output(out, x), (axes, keepdims, correction)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims, correction = ctx.saved
        x, g = _moment_input(ctx.inputs[0]), _moment_input(g)  # (backprop casts float16 back)
        centered = x - _wide_mean(x, axes)
        scale = 2.0 * _inverse_dof(x.shape, axes, correction)
        return (_unreduce(g, x.shape, axes, keepdims) * centered * scale,)


class Std(Op):
    """sqrt(var);  d/dx_i = (x_i - mean) / ((n - correction) std), taken as 0 where
    std = 0 (all elements equal), as PyTorch does, instead of 0 / 0."""

    name = "std"
    cases = (
        Case(shapes=[(3, 4)], params={"axes": (1,), "keepdims": False, "correction": 1},
             reference=lambda x, **p: np.sqrt(_reference_var(x, **p))),
        Case(shapes=[(2, 3, 2)], params={"axes": (0, 2), "keepdims": True, "correction": 0},
             reference=lambda x, **p: np.sqrt(_reference_var(x, **p))),
    )

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool, correction: int) -> tuple[Any, Any]:
        out = _wide(x).std(axis=axes, keepdims=keepdims, ddof=correction)
        return _moment_output(out, x), (axes, keepdims, correction)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims, correction = ctx.saved
        x, g = _moment_input(ctx.inputs[0]), _moment_input(g)  # (backprop casts float16 back)
        centered = x - _wide_mean(x, axes)
        std = _moment_input(ctx.out)  # (the result's shape, as g's)
        scale = _inverse_dof(x.shape, axes, correction)
        zero = formulas.constant(std) == 0
        # g / std first, as PyTorch: g * (x - mean) can overflow where the gradient does not.
        if not zero.any():
            return (_unreduce(g / std, x.shape, axes, keepdims) * centered * scale,)
        # (PyTorch: (g / (2 std)).masked_fill_(std == 0, 0), then var's backward)
        grad = _unreduce(formulas.where(zero, 0.0, g / formulas.where(zero, 1.0, std)), x.shape, axes, keepdims)
        return (grad * centered * scale,)


def _shifted_lse(x: np.ndarray, axes: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(m, x - m, log sum exp(x - m)) over axes (keepdims), m the max (0 where it is
    not finite), so nothing overflows: logsumexp(x) = m + the last."""
    m = np.maximum.reduce(x, axis=axes, keepdims=True, initial=-np.inf)  # -inf over an empty axis
    m = formulas.max_shift(m)
    shifted = x - m
    return m, shifted, np.log(np.exp(shifted).sum(axis=axes, keepdims=True))


def _stable_lse(x: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """log sum exp over axes (keepdims), shifted by the max so nothing overflows."""
    m, _, log_sum = _shifted_lse(x, axes)
    return m + log_sum  # type: ignore[no-any-return]


class LogSumExp(Op):
    """log sum_i e^{x_i};  d/dx_i = e^{x_i - lse} = softmax(x)_i."""

    name = "logsumexp"
    cases = (
        Case(shapes=[(3, 4)], params={"axes": (1,), "keepdims": False},
             reference=lambda x, axes, keepdims: np.log(np.exp(x).sum(axis=axes, keepdims=keepdims))),
        Case(shapes=[(2, 3, 2)], params={"axes": (0, 2), "keepdims": True},
             reference=lambda x, axes, keepdims: np.log(np.exp(x).sum(axis=axes, keepdims=keepdims))),
    )

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...], keepdims: bool) -> tuple[Any, Any]:
        lse = _stable_lse(x, axes)
        return (lse if keepdims else lse.reshape([n for i, n in enumerate(x.shape) if i not in axes])), (axes, keepdims)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, keepdims = ctx.saved
        x = ctx.inputs[0]
        out = ctx.out if keepdims else ctx.out.reshape(_keep_shape(x.shape, axes))
        return (_unreduce(g, x.shape, axes, keepdims) * formulas.exp(x - out),)


class Softmax(Op):
    """y_i = e^{x_i} / sum_j e^{x_j};  dx = y * (g - sum(g * y))."""

    name = "softmax"
    cases = (
        Case(shapes=[(3, 4)], params={"axis": 1},
             reference=lambda x, axis: np.exp(x) / np.exp(x).sum(axis=axis, keepdims=True)),
        Case(shapes=[(3, 2, 2)], params={"axis": 0},
             reference=lambda x, axis: np.exp(x) / np.exp(x).sum(axis=axis, keepdims=True)),
    )

    @staticmethod
    def forward(x: Any, axis: int) -> tuple[Any, Any]:
        # The plain max, not formulas.max_shift: an infinite input gives nan
        # everywhere along its axis, as PyTorch's softmax does. (initial: an empty axis)
        with np.errstate(invalid="ignore"):
            e = np.exp(x - np.maximum.reduce(x, axis=axis, keepdims=True, initial=-np.inf))
        return e / e.sum(axis=axis, keepdims=True), axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        y = ctx.out
        axis = ctx.saved
        return (y * (g - (g * y).sum(axis=axis, keepdims=True)),)


class LogSoftmax(Op):
    """x_i - logsumexp(x);  dx = g - softmax(x) * sum(g).

    Computed as (x_i - m) - log sum_j e^{x_j - m}, m the max: x - (m + log sum)
    would round m + log sum away when |m| is large (1e30, or 1e5 in float32).
    """

    name = "log_softmax"
    cases = (
        Case(shapes=[(3, 4)], params={"axis": 1},
             reference=lambda x, axis: x - np.log(np.exp(x).sum(axis=axis, keepdims=True))),
        Case(shapes=[(3, 2, 2)], params={"axis": 0},
             reference=lambda x, axis: x - np.log(np.exp(x).sum(axis=axis, keepdims=True))),
    )

    @staticmethod
    def forward(x: Any, axis: int) -> tuple[Any, Any]:
        _, shifted, log_sum = _shifted_lse(x, (axis,))
        return shifted - log_sum, axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis = ctx.saved
        return (g - formulas.exp(ctx.out) * g.sum(axis=axis, keepdims=True),)


def _reduce(op: type[Op], x: Tensor, axis: Any, keepdims: bool, where: str = "", **extra: Any) -> Tensor:
    where = where or op.name  # (what errors call it: amax is Max)
    axes = normalize_axes(where, axis, x._data.shape)
    if x._data.size == 0 and op in (Max, Min):
        empty = [a for a in axes if x._data.shape[a] == 0]
        if empty:  # (an empty axis that is kept gives an empty result, as in PyTorch)
            raise ValueError(f"{where}: cannot reduce over the empty axis {empty[0]} of a tensor of shape {x.shape}"
                             if axis is not None else f"{where}: cannot reduce an empty tensor of shape {x.shape}")
    return op.apply(x, axes=axes, keepdims=bool(keepdims), **extra)


def reduce_sum(x: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _reduce(Sum, x, axis, keepdims)


def mean(x: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The mean (of integers: in the default floating dtype)."""
    return _reduce(Mean, x, axis, keepdims)


def reduce_max(x: Tensor, axis: Any = None, keepdims: bool = False, where: str = "max") -> Tensor:
    return _reduce(Max, x, axis, keepdims, where)


def reduce_min(x: Tensor, axis: Any = None, keepdims: bool = False, where: str = "min") -> Tensor:
    return _reduce(Min, x, axis, keepdims, where)


def var(x: Tensor, axis: Any = None, keepdims: bool = False, correction: int = 1) -> Tensor:
    return _reduce(Var, x, axis, keepdims, correction=integer("var", "correction", correction))


def std(x: Tensor, axis: Any = None, keepdims: bool = False, correction: int = 1) -> Tensor:
    return _reduce(Std, x, axis, keepdims, correction=integer("std", "correction", correction))


def logsumexp(x: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    """log sum exp over ``axis`` (of integers: in the default floating dtype)."""
    return _reduce(LogSumExp, floating(x), axis, keepdims)


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
        ax = one_axis(op, axis, data.shape)
        if data.ndim == 0:
            data = data.reshape(1)
        elif data.shape[ax] == 0:
            raise ValueError(f"{op}: axis {axis} of the tensor of shape {data.shape} is empty")
    found = (np.argmax if op == "argmax" else np.argmin)(data, axis=ax, keepdims=keepdims)
    if x.data.ndim == 0:
        found = found.reshape(())
    return Tensor(np.asarray(found, dtype=np.int64))


def softmax(x: Tensor, axis: int = -1) -> Tensor:
    """Softmax along ``axis``, shifted by the max so it never overflows (of integers:
    in the default floating dtype)."""
    x = floating(x)
    if x.data.ndim == 0:
        return Softmax.apply(x.reshape(1), axis=0).reshape(())
    return Softmax.apply(x, axis=one_axis("softmax", axis, x.data.shape))


def log_softmax(x: Tensor, axis: int = -1) -> Tensor:
    """log(softmax(x)) along ``axis``, computed as (x - max) - log sum e^(x - max) (of
    integers: in the default floating dtype)."""
    x = floating(x)
    if x.data.ndim == 0:
        return LogSoftmax.apply(x.reshape(1), axis=0).reshape(())
    return LogSoftmax.apply(x, axis=one_axis("log_softmax", axis, x.data.shape))
