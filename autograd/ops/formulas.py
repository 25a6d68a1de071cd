"""The derivative formulas of the library, written once for floats, numpy arrays and Tensors.

An op's backward runs on numpy arrays normally and on Tensors under
``create_graph=True`` (see :mod:`autograd.ops.base`); ``Value`` computes its partials
on Python floats. Operators and the methods those types share need no help; the
functions here cover the rest, each choosing by the argument's type:

* a Python float: :mod:`math`, with IEEE results (inf, nan) where Python would raise;
* a numpy array or scalar: the numpy function (fast);
* anything else (a Tensor): the object's own methods, so the result is recorded and
  differentiable.

The non-trivial formulas live here and nowhere else: sigmoid and softplus that never
overflow, ``pow``'s rules at 0 (d/da a^0 = 0, d/db a^b = 0 at a = 0), and the
max shift of logsumexp, softmax and log_softmax. This module imports no Tensor, so
``autograd.value`` uses it without loading the tensor side.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

_ARRAY = (np.ndarray, np.generic)
_INF = math.inf


def is_tensor(x: Any) -> bool:
    """True for a Tensor (anything that is neither a number nor a numpy array)."""
    return not isinstance(x, (*_ARRAY, float, int))


def constant(x: Any) -> np.ndarray:
    """The plain array behind ``x`` (a mask or index needs no gradient)."""
    return np.asarray(x) if isinstance(x, (*_ARRAY, float, int, list, tuple)) else x.data


def exp(x: Any) -> Any:
    """e^x; a float that overflows gives inf."""
    if type(x) is float:
        try:
            return math.exp(x)
        except OverflowError:
            return _INF
    return np.exp(x) if isinstance(x, _ARRAY) else x.exp()


def log(x: Any) -> Any:
    """log x; for a float, log 0 = -inf and log of a negative number is nan, as in numpy."""
    if type(x) is float:
        return math.log(x) if x > 0.0 else (-_INF if x == 0.0 else math.nan)
    return np.log(x) if isinstance(x, _ARRAY) else x.log()


def sigmoid(x: Any) -> Any:
    """1 / (1 + e^-x) without overflow: only e^-|x|, never above 1, is computed.
    sigmoid(-1000) is 0.0, not an error; d/dx sigmoid(x) = s (1 - s)."""
    if type(x) is float:
        if x >= 0.0:
            return 1.0 / (1.0 + math.exp(-x))
        e = math.exp(x)
        return e / (1.0 + e)
    if isinstance(x, _ARRAY):
        small = np.exp(-np.abs(x))
        return np.where(np.greater_equal(x, 0), 1 / (1 + small), small / (1 + small))
    return x.sigmoid()


def softplus(x: Any) -> Any:
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|), which never overflows (nan stays nan);
    d/dx softplus(x) = sigmoid(x)."""
    if type(x) is float:
        return max(x, 0.0) + math.log1p(math.exp(-abs(x))) if x == x else x
    if isinstance(x, _ARRAY):
        return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
    return x.softplus()


def pow_base_partial(a: Any, b: Any) -> Any:
    """d/da a^b = b a^(b-1), taken as (+)0 wherever b == 0 (as in PyTorch), also at
    a = 0 or nan, where the formula gives 0 * 0^-1 = nan. Floats: :func:`power` gives
    IEEE results."""
    if type(a) is float:
        return b * power(a, b - 1.0) if b != 0.0 else 0.0
    zero = constant(b) == 0
    if not zero.any():
        return b * a ** (b - 1)
    # Where b == 0 the exponent b - 1 becomes 1, so that the discarded branch is 0 * a,
    # whose own gradient (recorded under create_graph) is finite: d2/da2 a^0 = 0, not
    # 0 * inf = nan at a = 0 as through a^-1.
    with np.errstate(divide="ignore", invalid="ignore"):
        partial = b * a ** where(zero, 1.0, b - 1)
    return where(np.broadcast_to(zero, np.shape(partial)), 0.0, partial)


def pow_exponent_partial(a: Any, b: Any, out: Any) -> Any:
    """d/db a^b = a^b log a (``out`` is a^b), taken as 0 where a == 0 and b >= 0 (the
    limit for b > 0), as PyTorch does; for b < 0 the formula stands: inf * log 0 = -inf."""
    if type(a) is float:
        return 0.0 if a == 0.0 and b >= 0.0 else out * log(a)
    zero_base = (constant(a) == 0) & (constant(b) >= 0)
    with np.errstate(divide="ignore"):
        return out * log(where(zero_base, 1.0, a))


def power(a: float, b: float) -> float:
    """a ** b for floats, with IEEE results (nan, inf) where Python would raise; a ** 0.5
    is sqrt(a), as numpy's and PyTorch's power make it (-0.0 at -0.0, nan at -inf)."""
    if b == 0.5:
        return math.sqrt(a) if a >= 0.0 else math.nan
    try:
        return math.pow(a, b)
    except (ValueError, ZeroDivisionError):
        # math.pow raises for a < 0 with fractional b (nan) and 0 ** negative (inf).
        if a == 0.0 and b < 0:
            odd = b == int(b) and int(b) % 2 == 1
            return math.copysign(_INF, a) if odd else _INF
        return math.nan
    except OverflowError:
        odd = b == int(b) and int(b) % 2 == 1
        return -_INF if (a < 0 and odd) else _INF


def max_shift(m: Any) -> Any:
    """The shift of logsumexp, softmax and log_softmax: the maximum ``m``, so that no
    e^(x - m) overflows, replaced by 0 where it is not finite (all -inf, or some +inf:
    then x - m would be nan, while log sum e^x is already m itself)."""
    if type(m) is float:
        return m if -_INF < m < _INF else 0.0
    return np.where(np.isfinite(m), m, 0)


def sign(x: Any) -> np.ndarray:
    """sign(x) as a constant (its derivative is 0 almost everywhere); sign(nan) = 0,
    as in PyTorch (so abs'(nan) = 0 too)."""
    s = np.sign(constant(x))
    return np.where(s != s, 0, s) if s.dtype.kind == "f" else s


def where(cond: Any, a: Any, b: Any) -> Any:
    """``a`` where ``cond`` else ``b``; ``cond`` is a constant mask."""
    if is_tensor(a) or is_tensor(b):
        from autograd.ops.elementwise import where as tensor_where

        return tensor_where(constant(cond), a, b)
    return np.where(cond, a, b)


def broadcast_to(x: Any, shape: tuple[int, ...]) -> Any:
    if isinstance(x, _ARRAY):
        return np.broadcast_to(x, shape)
    return x.broadcast_to(shape)


def permute(x: Any, axes: tuple[int, ...]) -> Any:
    return np.transpose(x, axes) if isinstance(x, _ARRAY) else x.permute(*axes)


def flip(x: Any, axes: tuple[int, ...]) -> Any:
    return np.flip(x, axes) if isinstance(x, _ARRAY) else x.flip(axes)


def swapaxes(x: Any, a: int, b: int) -> Any:
    return np.swapaxes(x, a, b) if isinstance(x, _ARRAY) else x.transpose(a, b)


def expand_dims(x: Any, axis: int | tuple[int, ...]) -> Any:
    if is_tensor(x):
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        out = x
        for ax in sorted(a % (x.ndim + len(axes)) for a in axes):
            out = out.unsqueeze(ax)
        return out
    return np.expand_dims(x, axis)


def scatter_add(g: Any, index: Any, shape: tuple[int, ...]) -> Any:
    """zeros(shape) with ``g`` added at ``index`` (repeated indices add up): the
    gradient of ``x[index]``."""
    if is_tensor(g):
        from autograd.ops.shape import scatter_add as tensor_scatter_add

        return tensor_scatter_add(g, index, shape)
    out = np.zeros(shape, dtype=g.dtype)
    np.add.at(out, index, g)
    return out


def concat(xs: list[Any], axis: int) -> Any:
    """``xs`` joined along ``axis``: recorded when any of them is a Tensor (arrays among
    them become constants), ``np.concatenate`` otherwise."""
    if any(is_tensor(x) for x in xs):
        from autograd.ops.shape import concat as tensor_concat
        from autograd.tensor import as_tensor

        return tensor_concat([as_tensor(x) for x in xs], axis=axis)
    return np.concatenate(xs, axis=axis)


def stack(xs: list[Any], axis: int = 0) -> Any:
    """``xs`` stacked along a new ``axis``, recorded when any of them is a Tensor."""
    if any(is_tensor(x) for x in xs):
        from autograd.ops.shape import stack as tensor_stack
        from autograd.tensor import as_tensor

        return tensor_stack([as_tensor(x) for x in xs], axis=axis)
    return np.stack(xs, axis=axis)
