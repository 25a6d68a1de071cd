"""Elementwise mathematics beyond the activations: trigonometric and hyperbolic
functions and their inverses, logs and exponentials in other bases, powers, rounding,
the error function, and ``atan2`` and ``logit``.

Each class holds the forward (numpy) and its derivative side by side, as
:mod:`autograd.ops.elementwise` does. A derivative that needs another function of the
input (sin' = cos) calls :func:`_of`, which uses numpy on arrays and the op itself on
Tensors, so the gradient is differentiable again under ``create_graph``. Rounding
functions (floor, ceil, round, trunc) have zero gradient, as in PyTorch.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd.ops import args, formulas
from autograd.ops.base import BackwardContext, Case, Op, broadcast_shapes, floating, new_tensor
from autograd.tensor import Tensor, as_tensor

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _of(op: type[Op], x: Any) -> Any:
    """``op`` applied to ``x``: its numpy forward on an array, the recorded op on a Tensor."""
    return op.apply(x) if formulas.is_tensor(x) else op.forward(x)[0]


class _Unary(Op, register=False):
    """A one-input op whose forward is one numpy function (``fn``)."""

    fn: Any = None

    @classmethod
    def forward(cls, x: Any) -> tuple[Any, Any]:  # type: ignore[override]
        return cls.fn(x), None


# ------------------------------------------------------------------- trigonometry
class Sin(_Unary):
    """sin x;  d/dx = cos x."""

    name, fn = "sin", np.sin
    cases = (Case(shapes=[(2, 3)], reference=lambda x: np.imag(np.exp(1j * x))),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * _of(Cos, ctx.inputs[0]),)


class Cos(_Unary):
    """cos x;  d/dx = -sin x."""

    name, fn = "cos", np.cos
    cases = (Case(shapes=[(2, 3)], reference=lambda x: np.real(np.exp(1j * x))),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (-g * _of(Sin, ctx.inputs[0]),)


class Tan(_Unary):
    """tan x;  d/dx = 1 + tan^2 x."""

    name, fn = "tan", np.tan
    cases = (Case(shapes=[(2, 3)], low=-1.2, high=1.2, reference=lambda x: np.sin(x) / np.cos(x)),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * (1 + ctx.out * ctx.out),)


class Asin(_Unary):
    """asin x;  d/dx = 1 / sqrt(1 - x^2)."""

    name, fn = "asin", np.arcsin
    cases = (Case(shapes=[(2, 3)], low=-0.9, high=0.9, reference=lambda x: np.arctan(x / np.sqrt(1 - x * x))),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        return (g * (1 - x * x) ** -0.5,)


class Acos(_Unary):
    """acos x;  d/dx = -1 / sqrt(1 - x^2)."""

    name, fn = "acos", np.arccos
    cases = (Case(shapes=[(2, 3)], low=-0.9, high=0.9, reference=lambda x: np.pi / 2 - np.arcsin(x)),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        return (-g * (1 - x * x) ** -0.5,)


class Atan(_Unary):
    """atan x;  d/dx = 1 / (1 + x^2)."""

    name, fn = "atan", np.arctan
    cases = (Case(shapes=[(2, 3)], reference=lambda x: np.arcsin(x / np.sqrt(1 + x * x))),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        return (g / (1 + x * x),)


class Atan2(Op):
    """atan2(y, x), the angle of the point (x, y);
    d/dy = x / (x^2 + y^2), d/dx = -y / (x^2 + y^2)."""

    name = "atan2"
    cases = (Case(shapes=[(2, 3), (3,)], low=(0.3, -2.0), high=(2.0, 2.0),
                  reference=lambda y, x: np.angle(x + 1j * y)),)

    @staticmethod
    def forward(y: Any, x: Any) -> tuple[Any, Any]:
        return np.arctan2(y, x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        y, x = ctx.inputs
        scale = g / (x * x + y * y)
        return scale * x, -scale * y


# ---------------------------------------------------------- two-input functions
class Fmod(Op):
    """fmod(a, b) = a - b trunc(a / b), with a's sign (C's fmod);  da = 1, db = -trunc(a / b)."""

    name = "fmod"
    cases = (Case(shapes=[(2, 3), (3,)], low=(-3.0, 0.6), high=(3.0, 2.0),
                  reference=lambda a, b: a - b * np.trunc(a / b)),)

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return np.fmod(a, b), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, b = (formulas.constant(x) for x in ctx.inputs)
        return g, -g * np.trunc(a / b)  # (trunc(a/b) is piecewise constant)


class Remainder(Op):
    """remainder(a, b) = a - b floor(a / b), with b's sign (Python's %);  da = 1,
    db = -floor(a / b)."""

    name = "remainder"
    cases = (Case(shapes=[(2, 3), (3,)], low=(-3.0, 0.6), high=(3.0, 2.0),
                  reference=lambda a, b: a - b * np.floor(a / b)),)

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return np.remainder(a, b), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, b = (formulas.constant(x) for x in ctx.inputs)
        return g, -g * np.floor(a / b)


class Hypot(Op):
    """sqrt(a^2 + b^2) without overflow;  da = a / out, db = b / out."""

    name = "hypot"
    cases = (Case(shapes=[(2, 3), (3,)], reference=lambda a, b: np.abs(a + 1j * b)),)

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return np.hypot(a, b), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, b = ctx.inputs
        scale = g / ctx.out
        return scale * a, scale * b


class Logaddexp(Op):
    """log(e^a + e^b) without overflow;  da = e^(a - out), db = e^(b - out)."""

    name = "logaddexp"
    cases = (Case(shapes=[(2, 3), (3,)], reference=lambda a, b: np.log(np.exp(a) + np.exp(b))),)

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return np.logaddexp(a, b), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, b = ctx.inputs
        return g * formulas.exp(a - ctx.out), g * formulas.exp(b - ctx.out)


class Xlogy(Op):
    """x log y, and 0 where x = 0 (unless y is NaN), as ``torch.xlogy``;  dx = log y
    (at x = 0 too, as PyTorch's), dy = x / y."""

    name = "xlogy"
    cases = (Case(shapes=[(2, 3), (3,)], low=(-2.0, 0.2), high=(2.0, 3.0), reference=lambda x, y: x * np.log(y)),)

    @staticmethod
    def forward(x: Any, y: Any) -> tuple[Any, Any]:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where((x == 0) & ~np.isnan(y), 0.0, x * np.log(y)).astype(np.result_type(x, y)), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x, y = ctx.inputs
        with np.errstate(divide="ignore", invalid="ignore"):
            return g * formulas.log(y), g * x / y


# ----------------------------------------------------------------------- hyperbolic
class Sinh(_Unary):
    """sinh x;  d/dx = cosh x."""

    name, fn = "sinh", np.sinh
    cases = (Case(shapes=[(2, 3)], reference=lambda x: (np.exp(x) - np.exp(-x)) / 2),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * _of(Cosh, ctx.inputs[0]),)


class Cosh(_Unary):
    """cosh x;  d/dx = sinh x."""

    name, fn = "cosh", np.cosh
    cases = (Case(shapes=[(2, 3)], reference=lambda x: (np.exp(x) + np.exp(-x)) / 2),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * _of(Sinh, ctx.inputs[0]),)


class Asinh(_Unary):
    """asinh x;  d/dx = 1 / sqrt(x^2 + 1)."""

    name, fn = "asinh", np.arcsinh
    cases = (Case(shapes=[(2, 3)], reference=lambda x: np.log(x + np.sqrt(x * x + 1))),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        return (g * (x * x + 1) ** -0.5,)


class Acosh(_Unary):
    """acosh x (x >= 1);  d/dx = 1 / sqrt(x^2 - 1)."""

    name, fn = "acosh", np.arccosh
    cases = (Case(shapes=[(2, 3)], low=1.2, high=3.0, reference=lambda x: np.log(x + np.sqrt(x * x - 1))),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        return (g * (x * x - 1) ** -0.5,)


class Atanh(_Unary):
    """atanh x (|x| < 1);  d/dx = 1 / (1 - x^2)."""

    name, fn = "atanh", np.arctanh
    cases = (Case(shapes=[(2, 3)], low=-0.9, high=0.9, reference=lambda x: 0.5 * np.log((1 + x) / (1 - x))),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        return (g / (1 - x * x),)


# ------------------------------------------------------------ logs and exponentials
class Log1p(_Unary):
    """log(1 + x), exact for small x;  d/dx = 1 / (1 + x)."""

    name, fn = "log1p", np.log1p
    cases = (Case(shapes=[(2, 3)], low=-0.8, high=2.0, reference=lambda x: np.log(1 + x)),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g / (1 + ctx.inputs[0]),)


class Expm1(_Unary):
    """e^x - 1, exact for small x;  d/dx = e^x = expm1(x) + 1."""

    name, fn = "expm1", np.expm1
    cases = (Case(shapes=[(2, 3)], reference=lambda x: np.exp(x) - 1),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * (ctx.out + 1),)


class Log2(_Unary):
    """log2 x;  d/dx = 1 / (x ln 2)."""

    name, fn = "log2", np.log2
    cases = (Case(shapes=[(2, 3)], low=0.2, high=3.0, reference=lambda x: np.log(x) / _LN2),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g / (ctx.inputs[0] * _LN2),)


class Log10(_Unary):
    """log10 x;  d/dx = 1 / (x ln 10)."""

    name, fn = "log10", np.log10
    cases = (Case(shapes=[(2, 3)], low=0.2, high=3.0, reference=lambda x: np.log(x) / _LN10),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g / (ctx.inputs[0] * _LN10),)


class Exp2(_Unary):
    """2^x;  d/dx = 2^x ln 2."""

    name, fn = "exp2", np.exp2
    cases = (Case(shapes=[(2, 3)], reference=lambda x: np.exp(x * _LN2)),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * ctx.out * _LN2,)


# ------------------------------------------------------------------------- powers
class Rsqrt(_Unary):
    """1 / sqrt(x);  d/dx = -x^(-3/2) / 2 = -rsqrt(x)^3 / 2."""

    name = "rsqrt"
    cases = (Case(shapes=[(2, 3)], low=0.2, high=3.0, reference=lambda x: 1 / np.sqrt(x)),)

    @staticmethod
    def fn(x: Any) -> Any:
        return 1 / np.sqrt(x)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        y = ctx.out
        return (-0.5 * g * y * y * y,)


class Square(_Unary):
    """x^2;  d/dx = 2x."""

    name, fn = "square", np.square
    cases = (Case(shapes=[(2, 3)], reference=lambda x: x * x),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (2 * g * ctx.inputs[0],)


class Reciprocal(_Unary):
    """1 / x;  d/dx = -1 / x^2 = -(1/x)^2."""

    name, fn = "reciprocal", np.reciprocal
    cases = (Case(shapes=[(2, 3)], low=0.3, high=3.0, reference=lambda x: 1 / x),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        y = ctx.out
        return (-g * y * y,)


# ----------------------------------------------------------------------- rounding
class _Rounding(_Unary, register=False):
    """Piecewise constant: the gradient is zero everywhere, as in PyTorch."""

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * 0,)


class Floor(_Rounding):
    """floor x;  d/dx = 0."""

    name, fn = "floor", np.floor
    cases = (Case(shapes=[(2, 3)], low=-2.9, high=2.9, kinks=(-2.0, -1.0, 0.0, 1.0, 2.0),
                  reference=lambda x: x - np.mod(x, 1)),)


class Ceil(_Rounding):
    """ceil x;  d/dx = 0."""

    name, fn = "ceil", np.ceil
    cases = (Case(shapes=[(2, 3)], low=-2.9, high=2.9, kinks=(-2.0, -1.0, 0.0, 1.0, 2.0),
                  reference=lambda x: -np.floor(-x)),)


class Round(_Rounding):
    """x rounded to the nearest integer (or to ``decimals`` decimal places: x 10^d
    rounded, over 10^d, as PyTorch's and numpy's), halves to even;  d/dx = 0."""

    name, fn = "round", np.round
    cases = (Case(shapes=[(2, 3)], low=-2.9, high=2.9, kinks=(-2.5, -1.5, -0.5, 0.5, 1.5, 2.5),
                  reference=lambda x: np.floor(x + 0.5)),
             Case(shapes=[(2, 3)], low=-2.9, high=2.9, kinks=tuple(k / 10 + 0.05 for k in range(-30, 30)), gap=0.01,
                  params={"decimals": 1}, reference=lambda x, decimals: np.floor(x * 10 + 0.5) / 10))

    @staticmethod
    def forward(x: Any, decimals: int = 0) -> tuple[Any, Any]:  # type: ignore[override]
        return np.round(x, decimals), None


class Trunc(_Rounding):
    """x with its fraction dropped (toward 0);  d/dx = 0."""

    name, fn = "trunc", np.trunc
    cases = (Case(shapes=[(2, 3)], low=-2.9, high=2.9, kinks=(-2.0, -1.0, 0.0, 1.0, 2.0),
                  reference=lambda x: np.sign(x) * np.floor(np.abs(x))),)


class Sign(_Rounding):
    """sign x (-1, 0 or 1; sign(nan) = 0, as in PyTorch);  d/dx = 0."""

    name = "sign"
    cases = (Case(shapes=[(2, 3)], kinks=(0.0,), reference=lambda x: (x > 0) * 1.0 - (x < 0) * 1.0),)

    @staticmethod
    def fn(x: Any) -> Any:
        return formulas.sign(x)


# ------------------------------------------------------------------ error function
_erf = np.frompyfunc(math.erf, 1, 1)
_erfc = np.frompyfunc(math.erfc, 1, 1)


class Erf(_Unary):
    """erf x = 2/sqrt(pi) int_0^x e^(-t^2) dt;  d/dx = 2/sqrt(pi) e^(-x^2).
    (Python's math.erf per element: numpy has no erf, and scipy is optional.)"""

    name = "erf"
    cases = (Case(shapes=[(2, 3)], reference=lambda x: np.vectorize(math.erf)(x)),)

    @staticmethod
    def fn(x: Any) -> Any:
        return np.asarray(_erf(x), dtype=np.result_type(x, np.float32))

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        return (g * _TWO_OVER_SQRT_PI * formulas.exp(-(x * x)),)


class Erfc(_Unary):
    """erfc x = 1 - erf x (exact where erf x is near 1);  d/dx = -2/sqrt(pi) e^(-x^2)."""

    name = "erfc"
    cases = (Case(shapes=[(2, 3)], reference=lambda x: 1 - np.vectorize(math.erf)(x)),)

    @staticmethod
    def fn(x: Any) -> Any:
        return np.asarray(_erfc(x), dtype=np.result_type(x, np.float32))

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        return (-g * _TWO_OVER_SQRT_PI * formulas.exp(-(x * x)),)


class Erfinv(_Unary):
    """erfinv y, the x with erf x = y (|y| < 1);  d/dy = sqrt(pi)/2 e^(x^2).
    Computed by Newton's method on erf from Giles' single-precision approximation,
    to float64 accuracy (scipy is optional)."""

    name = "erfinv"
    cases = (Case(shapes=[(2, 3)], low=-0.95, high=0.95, reference=lambda y: np.vectorize(_erfinv_scalar)(y)),)

    @staticmethod
    def fn(y: Any) -> Any:
        y = np.asarray(y)
        x = np.asarray(_erfinv_guess(y.astype(np.float64)))
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for _ in range(3):  # Newton: x -= (erf x - y) / erf'(x)
                x = x - (np.asarray(_erf(x), dtype=np.float64) - y) / (_TWO_OVER_SQRT_PI * np.exp(-x * x))
            x = np.where(np.abs(y) == 1, np.copysign(np.inf, y), np.where(np.abs(y) > 1, np.nan, x))
        return x.astype(np.result_type(y, np.float32))

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.out
        return (g / _TWO_OVER_SQRT_PI * formulas.exp(x * x),)


def _erfinv_guess(y: np.ndarray) -> np.ndarray:
    """M. Giles, "Approximating the erfinv function" (2010), single precision."""
    with np.errstate(divide="ignore", invalid="ignore"):
        w = -np.log((1.0 - y) * (1.0 + y))
        small = w - 2.5
        p_small: Any = 2.81022636e-08
        for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                  -0.00417768164, 0.246640727, 1.50140941):
            p_small = c + p_small * small
        big = np.sqrt(np.maximum(w, 5.0)) - 3.0
        p_big: Any = -0.000200214257
        for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                  0.00943887047, 1.00167406, 2.83297682):
            p_big = c + p_big * big
        return np.where(w < 5.0, p_small, p_big) * y


def _erfinv_scalar(y: float) -> float:
    """erfinv by bisection on math.erf (the test reference)."""
    lo, hi = -6.0, 6.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if math.erf(mid) < y else (lo, mid)
    return (lo + hi) / 2


# ---------------------------------------------------------------------------- logit
class Logit(Op):
    """log(x / (1 - x)), with x clamped to [eps, 1 - eps] when eps is given;
    d/dx = 1 / (x (1 - x)), and 0 where the clamp is active (as in PyTorch)."""

    name = "logit"
    cases = (Case(shapes=[(2, 3)], low=0.1, high=0.9, reference=lambda x, eps: np.log(x) - np.log(1 - x),
                  params={"eps": None}),
             Case(shapes=[(2, 3)], low=0.1, high=0.9, kinks=(0.2, 0.8), params={"eps": 0.2},
                  reference=lambda x, eps: np.log(np.clip(x, eps, 1 - eps) / (1 - np.clip(x, eps, 1 - eps)))))

    @staticmethod
    def forward(x: Any, eps: float | None) -> tuple[Any, Any]:
        z = x if eps is None else np.clip(x, eps, 1 - eps)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(z / (1 - z)), eps

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x, eps = ctx.inputs[0], ctx.saved
        if eps is None:
            return (g / (x * (1 - x)),)
        inside = (formulas.constant(x) >= eps) & (formulas.constant(x) <= 1 - eps)
        z = formulas.where(inside, x, 0.5)  # (outside, any value will do: its gradient is 0)
        return (formulas.where(inside, g / (z * (1 - z)), 0.0),)


class NanToNum(Op):
    """x with nan, +inf and -inf replaced by numbers;  d/dx = 1 where x is finite, 0
    where it was replaced (as in PyTorch)."""

    name = "nan_to_num"
    cases = (Case(shapes=[(2, 3)], params={"nan": 0.0, "posinf": None, "neginf": None}, reference=lambda x, **_: x),)

    @staticmethod
    def forward(x: Any, nan: float, posinf: float | None, neginf: float | None) -> tuple[Any, Any]:
        return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = formulas.constant(ctx.inputs[0])
        return (g * np.isfinite(x).astype(x.dtype),)


# ------------------------------------------------------------------ the functions
def round(x: Tensor, decimals: int = 0) -> Tensor:  # noqa: A001
    """x rounded (to ``decimals`` places); an integer tensor is its own round (and
    refuses ``decimals``, as PyTorch's)."""
    d = args.integer("round", "decimals", decimals)
    if d == 0:
        return unary(Round, x)
    t = x if isinstance(x, Tensor) else as_tensor(x, where="round")
    if t._data.dtype.kind != "f":
        raise TypeError(f"round: decimals needs a floating tensor, got dtype {t.dtype}")
    return Round.apply(t, decimals=d)


def lerp(x: Tensor, end: Any, weight: Any) -> Tensor:
    """x + weight (end - x) (``torch.lerp``), the three broadcast together; each of
    them gets its gradient."""
    shapes = [np.shape(a._data if isinstance(a, Tensor) else a) for a in (x, end, weight)]
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        raise ValueError(f"lerp: input of shape {shapes[0]}, end of shape {shapes[1]} and weight of shape "
                         f"{shapes[2]} do not broadcast") from None
    return x + weight * (end - x)


def unary(op: type[Op], x: Tensor) -> Tensor:
    """``op`` on ``x`` (integers first become the default floating dtype, as in PyTorch)."""
    t = x if isinstance(x, Tensor) else as_tensor(x, where=op.name)
    if t._data.dtype.kind != "f" and issubclass(op, _Rounding):
        return new_tensor(t._data.copy())  # (an integer is its own floor, as in PyTorch)
    return op.apply(floating(t))


def binary(op: type[Op], y: Any, x: Any) -> Tensor:
    """``op`` on two operands (numbers take the other's dtype), both made floating and of
    the wider floating dtype, as arithmetic gives; shapes that do not broadcast are an
    error naming the op."""
    a = y if isinstance(y, Tensor) else as_tensor(y, like=x if isinstance(x, Tensor) else None, where=op.name)
    b = x if isinstance(x, Tensor) else as_tensor(x, like=a, where=op.name)
    a, b = floating(a), floating(b)
    broadcast_shapes(op.name, a._data.shape, b._data.shape)
    if a._data.dtype != b._data.dtype:
        dtype = np.promote_types(a._data.dtype, b._data.dtype)
        a, b = a.astype(dtype), b.astype(dtype)
    return op.apply(a, b)


def atan2(y: Any, x: Any) -> Tensor:
    """The angle of the point (x, y), in (-pi, pi], elementwise with broadcasting."""
    return binary(Atan2, y, x)


def logit(x: Tensor, eps: float | None = None) -> Tensor:
    """log(x / (1 - x)), x clamped to [eps, 1 - eps] first when ``eps`` is given."""
    if eps is not None and (isinstance(eps, bool) or not isinstance(eps, (int, float)) or not 0 <= eps <= 0.5):
        raise ValueError(f"logit: eps must be a number in [0, 0.5] or None, got {eps!r}")
    return Logit.apply(floating(x), eps=None if eps is None else float(eps))


def nan_to_num(x: Tensor, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
    """nan, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (by default the
    dtype's largest and smallest values)."""
    if x._data.dtype.kind != "f":
        return new_tensor(x._data.copy())
    return NanToNum.apply(x, nan=nan, posinf=posinf, neginf=neginf)


def check(kind: str, x: Tensor) -> Tensor:
    """``isnan``, ``isinf`` or ``isfinite``: a boolean tensor, no gradient."""
    fn = {"isnan": np.isnan, "isinf": np.isinf, "isfinite": np.isfinite}[kind]
    return new_tensor(np.asarray(fn(x._data)))
