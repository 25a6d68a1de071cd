"""Elementwise operations: arithmetic with numpy broadcasting, and the activations.

Each class holds a forward (numpy arrays) and its derivative (see
:mod:`autograd.ops.base`); the functions below them are what ``Tensor`` methods
and operators call. Broadcast gradients are reduced by ``backprop`` in :mod:`autograd.ops.base`, not here.

Subgradients at kinks follow PyTorch: relu'(0) = 0, abs'(0) = 0, step' = 0,
leaky_relu'(0) = slope, clip passes the gradient on the closed interval
[min, max], and maximum/minimum split it equally between tied inputs.

Result dtypes: an integer or boolean operand beside a floating one takes the
floating dtype, as in PyTorch (in arithmetic, ``maximum``, ``minimum``, ``where``
and ``clip``); Python and numpy numbers are "weak" (see ``as_tensor``); two
floating operands otherwise promote as numpy does. The float-valued functions
(exp, log, sqrt, tanh, sigmoid, softplus, leaky_relu) of an integer or boolean
tensor give the default floating dtype (:func:`autograd.get_default_dtype`), not
numpy's float16 or float64.
"""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np

from autograd.dtypes import to_array
from autograd.grad_mode import _state
from autograd.ops import formulas
from autograd.ops.args import real
from autograd.ops.base import BackwardContext, Case, Op, broadcast_shapes, floating, new_tensor
from autograd.tensor import Tensor, as_tensor, get_default_dtype

# -------------------------------------------------------------- arithmetic


class Add(Op):
    """a + b;  d/da = 1, d/db = 1."""

    name = "add"
    cases = (Case(shapes=[(3, 4), (4,)]), Case(shapes=[(2, 1), (1, 3)]))

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return a + b, None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return g, g


class Sub(Op):
    """a - b;  d/da = 1, d/db = -1."""

    name = "sub"
    cases = (Case(shapes=[(2, 3), (2, 1)]),)

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return a - b, None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return g, (-g if ctx.needs_input_grad[1] else None)


class Mul(Op):
    """a * b;  d/da = b, d/db = a."""

    name = "mul"
    cases = (Case(shapes=[(2, 3), (3,)]), Case(shapes=[(), (2, 2)]))

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return a * b, None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, b = ctx.inputs
        need_a, need_b = ctx.needs_input_grad
        return (g * b if need_a else None), (g * a if need_b else None)


class Div(Op):
    """a / b;  d/da = 1 / b, d/db = -a / b^2, computed as -(a / b) / b so that it does
    not underflow where b^2 does (as PyTorch does)."""

    name = "div"
    cases = (
        Case(shapes=[(2, 3), (2, 3)], low=0.5, high=2.0),
        Case(shapes=[(3,), (2, 1)], low=(-2.0, 0.5), high=(2.0, 2.0)),
        Case(shapes=[(2, 1), (3,)], low=(-2.0, -2.0), high=(2.0, -0.5)),
    )

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return a / b, None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, b = ctx.inputs
        need_a, need_b = ctx.needs_input_grad
        ga = g / b if need_a else None
        gb = -g * (a / b) / b if need_b else None
        return ga, gb


class Pow(Op):
    """a ** b;  d/da = b a^(b-1), d/db = a^b log(a).

    An integer (or boolean) base with an integer exponent gives integers, so a
    negative integer exponent is a ValueError (as in PyTorch) naming both dtypes;
    use a floating base (``x.float() ** n``) or exponent (``x ** -1.0``).
    """

    name = "pow"
    cases = (
        Case(shapes=[(2, 3), (2, 3)], low=0.5, high=2.0, reference=lambda a, b: np.exp(b * np.log(a))),
        Case(shapes=[(2, 3), (3,)], low=(0.25, -2.0), high=(3.0, 2.0), reference=lambda a, b: np.exp(b * np.log(a))),
    )

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return a**b, None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, b = ctx.inputs
        need_a, need_b = ctx.needs_input_grad
        # (0^0 and log 0 rules: see formulas.pow_base_partial / pow_exponent_partial)
        ga = g * formulas.pow_base_partial(a, b) if need_a else None
        gb = g * formulas.pow_exponent_partial(a, b, ctx.out) if need_b else None
        return ga, gb


class Neg(Op):
    """-x;  d/dx = -1."""

    name = "neg"
    cases = (Case(shapes=[(2, 3)]),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return -x, None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (-g,)


# ------------------------------------------------------------ unary math


class Exp(Op):
    """e^x;  d/dx e^x = e^x."""

    name = "exp"
    cases = (Case(shapes=[(2, 3)], reference=lambda x: np.e**x),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.exp(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * ctx.out,)


class Log(Op):
    """log x;  d/dx log x = 1 / x."""

    name = "log"
    cases = (Case(shapes=[(2, 3)], low=0.2, high=3.0, reference=lambda x: np.log2(x) * np.log(2)),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.log(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g / ctx.inputs[0],)


class Sqrt(Op):
    """sqrt(x);  d/dx sqrt(x) = 1 / (2 sqrt(x))."""

    name = "sqrt"
    cases = (Case(shapes=[(2, 3)], low=0.2, high=3.0, reference=lambda x: x**0.5),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.sqrt(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g / (2 * ctx.out),)


class Abs(Op):
    """|x|;  d/dx |x| = sign(x), with abs'(0) := 0."""

    name = "abs"
    cases = (Case(shapes=[(2, 3)], kinks=(0.0,), reference=lambda x: np.where(x < 0, -x, x)),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.abs(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * formulas.sign(ctx.inputs[0]),)


class Tanh(Op):
    """tanh(x);  d/dx tanh(x) = 1 - tanh(x)^2."""

    name = "tanh"
    cases = (Case(shapes=[(2, 3)], reference=lambda x: (np.exp(2 * x) - 1) / (np.exp(2 * x) + 1)),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.tanh(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        y = ctx.out
        return (g * (1 - y * y),)


class Sigmoid(Op):
    """sigmoid(x) = 1 / (1 + e^-x);  d/dx = s (1 - s)."""

    name = "sigmoid"
    cases = (
        Case(shapes=[(2, 3)], reference=lambda x: 1 / (1 + np.exp(-x))),
        Case(shapes=[(8,)], low=-30.0, high=30.0, reference=lambda x: 1 / (1 + np.exp(-x))),
    )

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return formulas.sigmoid(x), None  # (without overflow)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        s = ctx.out
        return (g * s * (1 - s),)


class Relu(Op):
    """max(0, x);  d/dx = 1 for x > 0, else 0 (relu'(0) := 0). As in PyTorch,
    relu(-0.0) = -0.0 and relu'(nan) = 1 (the mask is "not out <= 0")."""

    name = "relu"
    cases = (Case(shapes=[(3, 4)], kinks=(0.0,), reference=lambda x: x * (x > 0)),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.maximum(0, x), None  # (numpy keeps the second on a tie: -0.0 stays)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        out = ctx.out
        if type(out) is not np.ndarray:  # create_graph: the mask is a constant
            out = formulas.constant(out)
        # (a mask of out's dtype, since multiplying by a bool array would cost a cast;
        # the mask is a new array, so the product can be written into it)
        keep = out <= 0
        if type(keep) is np.ndarray:
            np.logical_not(keep, out=keep)
        else:  # (0-d: a numpy bool)
            keep = ~keep
        mask = keep.astype(out.dtype)
        if type(g) is not np.ndarray:
            return (g * mask,)
        mask *= g
        return (mask,)


class LeakyRelu(Op):
    """x for x > 0, slope x otherwise;  d/dx = 1 for x > 0, else slope."""

    name = "leaky_relu"
    cases = (Case(shapes=[(3, 4)], kinks=(0.0,), params={"slope": 0.1},
                  reference=lambda x, slope: np.maximum(x, 0) + slope * np.minimum(x, 0)),)

    @staticmethod
    def forward(x: Any, slope: float) -> tuple[Any, Any]:
        return np.where(x > 0, x, x * slope), slope

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        slope = ctx.saved
        x = formulas.constant(ctx.inputs[0])
        return (g * np.where(x > 0, 1.0, slope).astype(x.dtype),)


class Softplus(Op):
    """log(1 + e^x), computed stably;  d/dx softplus(x) = sigmoid(x)."""

    name = "softplus"
    cases = (
        Case(shapes=[(2, 3)], reference=lambda x: np.log(1 + np.exp(x))),
        Case(shapes=[(8,)], low=-30.0, high=30.0, reference=lambda x: np.log(1 + np.exp(x))),
    )

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return formulas.softplus(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * formulas.sigmoid(ctx.inputs[0]),)


class Step(Op):
    """Heaviside: 1 for x >= 0, else 0;  its derivative is 0 everywhere."""

    name = "step"
    cases = (Case(shapes=[(2, 3)], kinks=(0.0,), reference=lambda x: (np.sign(x) + 1) / 2),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return (x >= 0).astype(x.dtype), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * 0,)


class Clip(Op):
    """min(max(x, lo), hi);  d/dx = 1 for lo <= x <= hi, else 0."""

    name = "clip"
    cases: ClassVar[tuple[Case, ...]] = (
        Case(shapes=[(3, 4)], kinks=(-0.5, 0.5), params={"lo": -0.5, "hi": 0.5},
             reference=lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi)),
        Case(shapes=[(3, 4)], kinks=(0.0,), params={"lo": 0.0, "hi": None}, reference=lambda x, lo, hi: x * (x > 0)),
    )

    @staticmethod
    def forward(x: Any, lo: Any, hi: Any) -> tuple[Any, Any]:
        return np.clip(x, lo, hi), (lo, hi)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        lo, hi = ctx.saved
        x = formulas.constant(ctx.inputs[0])
        inside = np.ones(x.shape, dtype=bool)
        if lo is not None:
            inside &= x >= lo
        if hi is not None:
            inside &= x <= hi
        return (g * inside,)


class Hardtanh(Clip):
    """clip to [lo, hi] with PyTorch's hardtanh gradient: d/dx = 1 strictly inside, 0 at
    and beyond the bounds (clip's is 1 at the bounds); a NaN passes its gradient."""

    name = "hardtanh"
    cases = (Case(shapes=[(3, 4)], kinks=(-1.0, 1.0), params={"lo": -1.0, "hi": 1.0},
                  reference=lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi)),)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        lo, hi = ctx.saved
        x = formulas.constant(ctx.inputs[0])
        return (g * ~((x <= lo) | (x >= hi)),)


class ClampTensor(Op):
    """min(max(x, lo), hi) with bounds that require grad (``which``: "both", "min" or
    "max"; the missing bound's input is ignored). PyTorch's clamp_backward_min_max: x's
    gradient where lo <= x <= hi; lo's where x < lo < hi; hi's where x > hi, or
    everywhere hi < lo (then the result is hi)."""

    name = "clamp"
    cases = (Case(shapes=[(3, 4), (3, 4), (4,)], low=(-2.0, -1.0, 0.1), high=(2.0, -0.1, 1.0),
                  params={"which": "both"}, reference=lambda x, lo, hi, which: np.clip(x, lo, hi)),
             Case(shapes=[(3, 4), (4,), (3, 4)], low=(-2.0, 0.1, -1.0), high=(2.0, 1.0, -0.1),
                  params={"which": "both"}, reference=lambda x, lo, hi, which: np.minimum(hi, np.maximum(x, lo))),
             Case(shapes=[(3, 4), (3, 1), ()], params={"which": "min"},
                  reference=lambda x, lo, hi, which: np.maximum(x, lo)),
             Case(shapes=[(3, 4), (), (4,)], params={"which": "max"},
                  reference=lambda x, lo, hi, which: np.minimum(x, hi)))

    @staticmethod
    def forward(x: Any, lo: Any, hi: Any, which: str) -> tuple[Any, Any]:
        if which == "min":
            return np.maximum(x, lo), which
        if which == "max":
            return np.minimum(x, hi), which
        return np.minimum(np.maximum(x, lo), hi), which

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        which = ctx.saved
        x, lo, hi = (formulas.constant(a) for a in ctx.inputs)
        if which == "min":
            return g * (x >= lo), g * (x < lo), None
        if which == "max":
            return g * (x <= hi), None, g * (x > hi)
        return g * ((x >= lo) & (x <= hi)), g * ((x < lo) & (lo < hi)), g * ((x > hi) | (hi < lo))


class Maximum(Op):
    """max(a, b) elementwise;  the gradient goes to the larger input, half to each on a
    tie, and all of it to both where one is NaN (PyTorch's rule: a's share is 0 only
    where a < b)."""

    name = "maximum"
    cases = (Case(shapes=[(3, 4), (4,)], reference=lambda a, b: (a + b + np.abs(a - b)) / 2),)

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return np.maximum(b, a), None  # (numpy keeps the second on a tie, PyTorch the first: max(-0.0, 0.0))

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return _extremum_shares(ctx, g, np.less)


def _extremum_shares(ctx: BackwardContext, g: Any, loses: Any) -> tuple[Any, Any]:
    """maximum's and minimum's gradients, PyTorch's way: g / 2 to each on a tie, else
    g, except 0 to an input that ``loses`` to the other (less for max, greater for min)."""
    a, b = (formulas.constant(x) for x in ctx.inputs)
    tie = 1 - 0.5 * (a == b)
    wa = tie * ~loses(a, b)
    wb = tie * ~loses(b, a)
    return g * wa.astype(a.dtype), g * wb.astype(b.dtype)


class Minimum(Op):
    """min(a, b) elementwise;  the gradient goes to the smaller input, half to each on a
    tie, all of it to both where one is NaN (as maximum)."""

    name = "minimum"
    cases = (Case(shapes=[(3, 4), (3, 1)], reference=lambda a, b: (a + b - np.abs(a - b)) / 2),)

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return np.minimum(b, a), None  # (PyTorch keeps the first on a tie)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return _extremum_shares(ctx, g, np.greater)


class Where(Op):
    """cond ? a : b;  d/da = cond, d/db = not cond (cond is a constant mask)."""

    name = "where"
    cases = (Case(shapes=[(2, 3), (2, 3)], params={"cond": np.array([[True, False, True], [False, False, True]])},
                  reference=lambda a, b, cond: a * cond + b * ~cond),)

    @staticmethod
    def forward(a: Any, b: Any, cond: Any) -> tuple[Any, Any]:
        return np.where(cond, a, b), cond

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        cond = ctx.saved
        return g * cond, g * ~cond


class Clone(Op):
    """A copy;  d/dx = 1."""

    name = "clone"
    cases = (Case(shapes=[(2, 3)]),)

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return x.copy(), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g,)


class AsType(Op):
    """A cast to another floating dtype;  d/dx = 1 (cast back)."""

    name = "astype"
    cases = (Case(shapes=[(2, 3)], params={"dtype": np.dtype(np.float64)}),)

    @staticmethod
    def forward(x: Any, dtype: Any) -> tuple[Any, Any]:
        return x.astype(dtype), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g,)  # backprop casts it to the input's dtype


# ---------------------------------------------------------------- helpers


def _operands(where: str, a: Any, b: Any) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors; numbers take the other side's floating dtype."""
    if isinstance(a, Tensor):
        if isinstance(b, Tensor):
            return a, b
        return a, _const(where, b, a)
    if isinstance(b, Tensor):
        return _const(where, a, b), b
    raise TypeError(f"{where}: expected at least one Tensor, got {type(a).__name__} and {type(b).__name__}")


def _const(where: str, x: Any, like: Tensor) -> Tensor:
    if isinstance(x, (np.ndarray, int, float, np.number, bool, np.bool_)):  # (np.bool_ is no np.number)
        return as_tensor(x, like, where)
    if isinstance(x, (list, tuple)):
        return new_tensor(to_array(x, like.dtype if like.dtype.kind == "f" else None, where))
    raise TypeError(f"{where}: unsupported operand type {type(x).__name__} with a Tensor of shape {like.shape}")


def _promote(x: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """An integer or boolean operand takes the floating operand's dtype, as in
    PyTorch (numpy would turn int64 * float32 into float64). Integers need no
    gradient, so the cast is a constant."""
    if x._data.dtype.kind == "f":
        return x, new_tensor(y._data.astype(x._data.dtype))
    return new_tensor(x._data.astype(y._data.dtype)), y


def _binary(op: type[Op], a: Any, b: Any) -> Tensor:
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        x, y = a, b
    else:
        x, y = _operands(op.name, a, b)
    xd, yd = x._data.dtype, y._data.dtype
    if xd is not yd and (xd.kind == "f") != (yd.kind == "f"):
        x, y = _promote(x, y)
    try:
        return op.apply(x, y)
    except ValueError:
        broadcast_shapes(op.name, x._data.shape, y._data.shape)  # raises, naming both shapes
        raise


def add(a: Any, b: Any) -> Tensor:
    return _binary(Add, a, b)


def sub(a: Any, b: Any) -> Tensor:
    return _binary(Sub, a, b)


def mul(a: Any, b: Any) -> Tensor:
    return _binary(Mul, a, b)


def div(a: Any, b: Any) -> Tensor:
    x, y = _operands(Div.name, a, b)
    if x.data.dtype.kind not in "fc" and y.data.dtype.kind not in "fc":
        # true division of integers (or booleans) gives the default floating dtype, as
        # in PyTorch (numpy would give float64 whatever the default)
        x = new_tensor(x.data.astype(get_default_dtype()))
    return _binary(Div, x, y)


def power(a: Any, b: Any) -> Tensor:
    x, y = (a, b) if isinstance(a, Tensor) and isinstance(b, Tensor) else _operands(Pow.name, a, b)
    if y.data.dtype.kind in "iu" and x.data.dtype.kind in "biu" and (y.data < 0).any():
        raise ValueError(f"pow: integers to negative integer powers are not allowed (base of dtype {x.dtype}, "
                         f"exponent of dtype {y.dtype} with negative values); use a floating base, "
                         f"e.g. x.float() ** n, or a floating exponent such as -1.0")
    return _binary(Pow, x, y)


def maximum(a: Any, b: Any) -> Tensor:
    return _binary(Maximum, a, b)


def minimum(a: Any, b: Any) -> Tensor:
    return _binary(Minimum, a, b)


def neg(x: Tensor) -> Tensor:
    return Neg.apply(x)


def exp(x: Tensor) -> Tensor:
    return Exp.apply(floating(x))


def log(x: Tensor) -> Tensor:
    return Log.apply(floating(x))


def sqrt(x: Tensor) -> Tensor:
    return Sqrt.apply(floating(x))


def absolute(x: Tensor) -> Tensor:
    return Abs.apply(x)


def tanh(x: Tensor) -> Tensor:
    return Tanh.apply(floating(x))


def sigmoid(x: Tensor) -> Tensor:
    return Sigmoid.apply(floating(x))


def relu(x: Tensor) -> Tensor:
    return Relu.apply(x)


def leaky_relu(x: Tensor, negative_slope: float = 0.01) -> Tensor:
    return LeakyRelu.apply(floating(x), slope=real("leaky_relu", "negative_slope", negative_slope))


def softplus(x: Tensor, beta: float = 1.0, threshold: float | None = None) -> Tensor:
    """log(1 + e^(beta x)) / beta, and x itself where beta x > ``threshold`` (PyTorch's
    ``F.softplus`` passes 20; None, the method's default, never switches)."""
    x = floating(x)
    if beta == 1 and threshold is None:
        return Softplus.apply(x)
    b = real("softplus", "beta", beta)
    bx = x * b if b != 1 else x
    soft = Softplus.apply(bx)
    if b != 1:
        soft = soft * (1.0 / b)
    if threshold is None:
        return soft
    return where(bx._data > real("softplus", "threshold", threshold), x, soft)


def step(x: Tensor) -> Tensor:
    return Step.apply(x)


def clip(x: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """``x`` limited to [min, max]. The dtype is PyTorch's: an integer ``x`` with a
    floating bound takes the bound's floating dtype (the default one for a Python
    float), and a floating ``x`` keeps its dtype beside a number or 0-d bound
    (``np.array(0.0)`` included); an n-d bound combines with ``x`` as in arithmetic."""
    if min is None and max is None:
        raise ValueError("clip: at least one of min and max must be given")
    if (isinstance(min, Tensor) and min._requires_grad or isinstance(max, Tensor) and max._requires_grad) \
            and _state.enabled:
        return _clamp_tensor(x, min, max)
    lo, hi = _clip_bound(x, "min", min), _clip_bound(x, "max", max)
    for bound in (lo, hi):
        if bound is None:
            continue
        bd, xd = as_tensor(bound, x).data.dtype, x.data.dtype  # (numbers are weak: x's dtype where they can)
        if bd is xd or bd.kind != "f":
            continue
        if xd.kind != "f":
            x = new_tensor(x.data.astype(bd))  # integers carry no gradient: a constant cast
        elif np.ndim(bound) > 0:
            x = astype(x, np.result_type(xd, bd))  # a recorded cast: the gradient flows back
    dtype = x.data.dtype
    if dtype.kind == "f":  # numpy bounds in x's dtype, or numpy would promote the result
        lo, hi = (b.astype(dtype) if isinstance(b, (np.ndarray, np.generic)) and b.dtype != dtype else b
                  for b in (lo, hi))
    return Clip.apply(x, lo=lo, hi=hi)


def hardtanh(x: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """x clipped to [min_val, max_val], with PyTorch's gradient (0 at the bounds)."""
    lo, hi = real("hardtanh", "min_val", min_val), real("hardtanh", "max_val", max_val)
    if lo > hi:
        raise ValueError(f"hardtanh: min_val ({lo}) cannot be greater than max_val ({hi})")
    t = x if isinstance(x, Tensor) else as_tensor(x, where="hardtanh")
    return Hardtanh.apply(floating(t), lo=lo, hi=hi)


def _clamp_tensor(x: Tensor, min: Any, max: Any) -> Tensor:  # noqa: A002
    """clip with a bound that requires grad: every operand a floating Tensor of one
    dtype, each bound broadcasting to ``x``'s shape (as clip's constant bounds)."""
    bounds = [b if isinstance(b, Tensor) or b is None else as_tensor(_clip_bound(x, name, b), x)
              for name, b in (("min", min), ("max", max))]
    for name, b in zip(("min", "max"), bounds):
        if b is not None:
            try:
                fits = np.broadcast_shapes(b._data.shape, x._data.shape) == x._data.shape
            except ValueError:
                fits = False
            if not fits:
                raise ValueError(f"clip: {name} of shape {b.shape} does not broadcast to the tensor's shape {x.shape}")
    dtype = np.result_type(*[floating(t)._data.dtype for t in (x, *bounds) if t is not None])
    stand_in = new_tensor(np.zeros((), dtype))  # (a missing bound: an input the op ignores)
    x, lo, hi = (stand_in if t is None else astype(floating(t), dtype) if t._data.dtype != dtype else t
                 for t in (x, *bounds))
    which = "min" if max is None else "max" if min is None else "both"
    return ClampTensor.apply(x, lo, hi, which=which)


def _clip_bound(x: Tensor, name: str, bound: Any) -> Any:
    """A bound of ``clip`` as numpy takes it: a number, or an array that broadcasts to
    ``x``'s shape (a Tensor bound that requires grad goes to :func:`_clamp_tensor`)."""
    if bound is None:
        return None
    if isinstance(bound, Tensor):
        bound = bound.data
    if type(bound) is int and not -(2**63) <= bound < 2**63:  # (numpy: an object array)
        if x.data.dtype.kind != "f":
            raise OverflowError(f"clip: {name} = {str(bound)[:12]}... does not fit int64 (an integer tensor's "
                                "widest dtype)")
        try:
            bound = float(bound)
        except OverflowError:
            raise OverflowError(f"clip: {name} = {str(bound)[:12]}... is too large for a float") from None
    arr = np.asarray(bound)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"clip: {name} must be a number or an array of numbers, got {type(bound).__name__} {bound!r}")
    if arr.dtype.kind == "f" and isinstance(bound, (list, tuple)):
        # as in arithmetic, Python floats in a list take x's floating dtype (beside integers, the default one)
        arr = arr.astype(x.data.dtype if x.data.dtype.kind == "f" else get_default_dtype())
    if arr.ndim == 0:
        return bound if isinstance(bound, numbers.Real) else arr
    try:
        fits = np.broadcast_shapes(arr.shape, x.data.shape) == x.data.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"clip: {name} of shape {arr.shape} does not broadcast to the tensor's shape {x.shape}")
    return arr


def where(cond: Any, a: Any, b: Any) -> Tensor:
    """Elementwise ``a if cond else b`` (broadcasting all three); no gradient to cond."""
    c = cond.data if isinstance(cond, Tensor) else np.asarray(cond)
    if c.dtype.kind not in "biuf":
        raise TypeError(f"where: condition must be a boolean (or numeric) tensor or array, got dtype {c.dtype} "
                        f"({type(cond).__name__})")
    if c.dtype != bool:
        c = c.astype(bool)
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        a = as_tensor(a)
    x, y = _operands("where", a, b)
    xd, yd = x.data.dtype, y.data.dtype
    if xd is not yd and (xd.kind == "f") != (yd.kind == "f"):
        x, y = _promote(x, y)  # as arithmetic: where(c, float32, int64 array) is float32
    shape = broadcast_shapes("where", c.shape, x.data.shape, y.data.shape)
    if c.shape != shape:
        c = np.broadcast_to(c, shape)
    return Where.apply(x, y, cond=c)


def clone(x: Tensor) -> Tensor:
    return Clone.apply(x)


def astype(x: Tensor, dtype: np.dtype) -> Tensor:
    if x.data.dtype == dtype:
        return x
    if dtype.kind != "f" or x.data.dtype.kind != "f":
        return new_tensor(x.data.astype(dtype))  # casts to or from integers carry no gradient
    return AsType.apply(x, dtype=dtype)


_COMPARE = {
    "lt": np.less,
    "le": np.less_equal,
    "gt": np.greater,
    "ge": np.greater_equal,
    "eq": np.equal,
    "ne": np.not_equal,
}


def compare(kind: str, a: Any, b: Any) -> Tensor:
    """Comparisons give boolean tensors and carry no gradient."""
    x, y = _operands(kind, a, b)
    if x.data.shape != y.data.shape:
        broadcast_shapes(kind, x.data.shape, y.data.shape)
    return new_tensor(np.asarray(_COMPARE[kind](x.data, y.data)))


_BITWISE = {"&": np.bitwise_and, "|": np.bitwise_or, "^": np.bitwise_xor}


def bitwise(symbol: str, a: Any, b: Any) -> Tensor:
    """``&``, ``|``, ``^`` as in PyTorch: bitwise on integer tensors, logical on
    boolean ones (``(x > 0) & (y < 1)``), an error on floating ones; no gradient."""
    x, y = _operands(f"x {symbol} y", a, b)
    if x.data.dtype.kind not in "biu" or y.data.dtype.kind not in "biu":
        raise TypeError(f"x {symbol} y: only integer and boolean tensors, got dtypes {x.dtype} and {y.dtype} "
                        f"(to combine conditions, compare first: (x > 0) {symbol} (y > 0))")
    if x.data.shape != y.data.shape:
        broadcast_shapes(f"x {symbol} y", x.data.shape, y.data.shape)
    return new_tensor(np.asarray(_BITWISE[symbol](x.data, y.data)))


def invert(x: Tensor) -> Tensor:
    """``~x`` as in PyTorch: bitwise not of an integer tensor, logical not of a
    boolean one, an error for a floating one; no gradient."""
    if x.data.dtype.kind not in "biu":
        raise TypeError(f"~x: only integer and boolean tensors, got dtype {x.dtype} (for a mask, compare: x <= 0)")
    return new_tensor(np.asarray(np.invert(x.data)))
