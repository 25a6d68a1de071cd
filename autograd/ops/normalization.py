"""Normalization (batch norm in training, layer norm), embedding lookup, and GELU/SiLU.

``Normalize`` is one fused op for both norms: it standardizes x over ``axes``
(biased variance, as both norms use) and applies an optional elementwise affine
map. Its backward is written with operators and shared methods only, recomputing
the statistics from ``ctx.inputs``, so the same formula records a graph under
``create_graph`` and normalization is differentiable to any order.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd.ops import formulas, naive
from autograd.ops.base import BackwardContext, Case, Op
from autograd.tensor import Tensor


def _standardize(x: Any, axes: tuple[int, ...], eps: float) -> tuple[Any, Any]:
    """(x - mean) / sqrt(var + eps) over ``axes``, and 1 / sqrt(var + eps)."""
    mean = x.mean(axis=axes, keepdims=True)
    centered = x - mean
    inv = ((centered * centered).mean(axis=axes, keepdims=True) + eps) ** -0.5
    return centered * inv, inv


class Normalize(Op):
    """y = xhat * w + b, xhat = (x - mean) / sqrt(var + eps) over ``axes``.

    With gh = g * w (and means over ``axes``):
    dx = (gh - mean(gh) - xhat * mean(gh * xhat)) / sqrt(var + eps);
    dw = sum of g * xhat over the axes w is broadcast along;  db = the same sum of g.
    ``shape`` is how w and b broadcast against x, of x's rank (e.g. (1, C, 1, 1) for batch norm).
    """

    name = "normalize"
    cases = (
        Case(shapes=[(3, 2, 2, 3), (2,), (2,)],  # batch norm in training, affine
             call=lambda x, w, b: naive.functional("batch_norm")(x, None, None, w, b, training=True),
             reference=lambda x, w, b: naive.normalize(x, (0, 2, 3), w.reshape(1, 2, 1, 1), b.reshape(1, 2, 1, 1))),
        Case(shapes=[(4, 3, 5), (3,), (3,)],
             call=lambda x, w, b: naive.functional("batch_norm")(x, None, None, w, b, training=True),
             reference=lambda x, w, b: naive.normalize(x, (0, 2), w.reshape(1, 3, 1), b.reshape(1, 3, 1))),
        Case(shapes=[(5, 3), (3,), (3,)],
             call=lambda x, w, b: naive.functional("batch_norm")(x, None, None, w, b, training=True),
             reference=lambda x, w, b: naive.normalize(x, (0,), w, b)),
        Case(shapes=[(4, 3)], call=lambda x: naive.functional("batch_norm")(x, None, None, training=True),
             reference=lambda x: naive.normalize(x, (0,))),
        Case(shapes=[(3, 2, 4), (2, 4), (2, 4)], call=lambda x, w, b: naive.functional("layer_norm")(x, (2, 4), w, b),
             reference=lambda x, w, b: naive.normalize(x, (1, 2), w, b)),
        Case(shapes=[(2, 5), (5,)], call=lambda x, w: naive.functional("layer_norm")(x, 5, w),  # weight only
             reference=lambda x, w: naive.normalize(x, (1,), w)),
    )

    @staticmethod
    def forward(x: Any, *affine: Any, axes: tuple[int, ...], shape: tuple[int, ...], eps: float) -> tuple[Any, Any]:
        xhat, _ = _standardize(x, axes, eps)
        if affine:
            xhat *= affine[0].reshape(shape)
            if len(affine) == 2:
                xhat += affine[1].reshape(shape)
        return xhat, (axes, shape, eps)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axes, shape, eps = ctx.saved
        x = ctx.inputs[0]
        need = ctx.needs_input_grad
        xhat, inv = _standardize(x, axes, eps)
        grads: list[Any] = [None] * len(ctx.inputs)
        gh = g * ctx.inputs[1].reshape(shape) if len(ctx.inputs) > 1 else g
        if need[0]:
            grads[0] = (gh - gh.mean(axis=axes, keepdims=True)
                        - xhat * (gh * xhat).mean(axis=axes, keepdims=True)) * inv
        # the affine parameters broadcast along every axis where ``shape`` (x's rank) has size 1
        other = tuple(i for i, n in enumerate(shape) if n == 1)
        if len(ctx.inputs) > 1 and need[1]:
            grads[1] = (g * xhat).sum(axis=other).reshape(ctx.inputs[1].shape)
        if len(ctx.inputs) > 2 and need[2]:
            grads[2] = g.sum(axis=other).reshape(ctx.inputs[2].shape)
        return tuple(grads)


class Embedding(Op):
    """y = w[index];  dw = g added into the rows of ``index`` (repeated rows add up),
    except the row ``padding_idx``, which gets no gradient (as in PyTorch)."""

    name = "embedding"
    # (no case with padding_idx: its row's gradient is zero by design, not the true derivative)
    cases = tuple(
        Case(shapes=[shape], params={"index": index, "padding_idx": None},
             call=lambda w, index, padding_idx: naive.functional("embedding")(index, w, padding_idx=padding_idx),
             reference=lambda w, index, padding_idx: np.array([w[i] for i in index.ravel()]).reshape(
                 index.shape + w.shape[1:]))
        for shape, index in [((5, 3), np.array([[0, 2, 2], [4, 0, 2]])), ((4, 2), np.array([1, 1, 3, 1]))])

    @staticmethod
    def forward(w: Any, index: np.ndarray, padding_idx: int | None) -> tuple[Any, Any]:
        return w[index], (index, padding_idx)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        index, padding_idx = ctx.saved
        w = ctx.inputs[0]
        dim = w.shape[1]
        flat = index.reshape(-1)
        rows = g.reshape((-1, dim))
        if padding_idx is not None:
            rows = rows * (flat != padding_idx).astype(w.dtype)[:, None]
        if formulas.is_tensor(rows):
            return (formulas.scatter_add(rows, (flat,), w.shape),)
        gw = np.zeros(w.shape, dtype=w.dtype)
        np.add.at(gw, flat, rows)  # repeated indices accumulate
        return (gw,)


# ------------------------------------------------------------ activations
_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TANH_C = math.sqrt(2.0 / math.pi)

try:
    from scipy.special import erf as _erf
except ImportError:  # scipy is optional: math.erf element by element (exact, slower)
    _erf = np.vectorize(math.erf, otypes=[np.float64])


def normal_cdf_array(x: np.ndarray) -> np.ndarray:
    return (0.5 * (1.0 + _erf(x * _SQRT_HALF))).astype(x.dtype, copy=False)


class NormalCdf(Op):
    """Phi(x) = (1 + erf(x / sqrt 2)) / 2;  d/dx Phi(x) = phi(x) = e^(-x^2/2) / sqrt(2 pi)."""

    name = "normal_cdf"
    cases = (Case(shapes=[(3, 4)], low=-4.0, high=4.0, reference=naive.normal_cdf),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return normal_cdf_array(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        return (g * formulas.exp(x * x * -0.5) * _INV_SQRT_2PI,)


def _normal_cdf(x: Any) -> Any:
    return NormalCdf.apply(x) if isinstance(x, Tensor) else normal_cdf_array(x)


def _tanh(x: Any) -> Any:
    return x.tanh() if isinstance(x, Tensor) else np.tanh(x)


class Gelu(Op):
    """gelu(x) = x Phi(x);  gelu'(x) = Phi(x) + x phi(x).

    With ``approximate="tanh"``: gelu(x) = x (1 + t) / 2, t = tanh(u),
    u = sqrt(2/pi) (x + 0.044715 x^3);  gelu' = (1 + t) / 2 + x (1 - t^2) u' / 2,
    u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2).
    """

    name = "gelu"
    cases = (
        Case(shapes=[(3, 4)], low=-4.0, high=4.0, params={"approximate": "none"}, call=naive.functional("gelu"),
             reference=lambda x, approximate: x * naive.normal_cdf(x)),
        Case(shapes=[(3, 4)], low=-4.0, high=4.0, params={"approximate": "tanh"}, call=naive.functional("gelu"),
             reference=lambda x, approximate: x / 2 * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))),
    )

    @staticmethod
    def forward(x: Any, approximate: str) -> tuple[Any, Any]:
        if approximate == "tanh":
            return 0.5 * x * (1.0 + np.tanh(_TANH_C * (x + 0.044715 * x**3))), approximate
        return x * normal_cdf_array(x), approximate

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        if ctx.saved == "tanh":
            t = _tanh((x + x * x * x * 0.044715) * _TANH_C)
            du = (x * x * (3 * 0.044715) + 1.0) * _TANH_C
            return (g * ((t + 1.0) * 0.5 + x * (1.0 - t * t) * du * 0.5),)
        return (g * (_normal_cdf(x) + x * formulas.exp(x * x * -0.5) * _INV_SQRT_2PI),)


class Silu(Op):
    """silu(x) = x sigmoid(x);  silu'(x) = s (1 + x (1 - s)), s = sigmoid(x)."""

    name = "silu"
    cases = (Case(shapes=[(3, 4)], low=-5.0, high=5.0, call=naive.functional("silu"),
                  reference=lambda x: x / (1 + np.exp(-x))),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return x * formulas.sigmoid(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        s = formulas.sigmoid(x)
        return (g * s * (x * (1.0 - s) + 1.0),)
