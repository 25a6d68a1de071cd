"""Tensor methods beyond the core, one mixin class per area, each method one line
into the module that holds its ops. ``Tensor`` inherits them all (autograd/tensor.py
keeps construction, operators, the node interface and the methods of the engine's
own ops).

The op modules import ``Tensor`` themselves, so they are bound here by :func:`_bind`,
which ``autograd.tensor`` calls once they are all loaded.
"""

from __future__ import annotations

import copy as _copy
import math
from typing import TYPE_CHECKING, Any, overload

import numpy as np

if TYPE_CHECKING:
    from autograd.ops import arranging as _arr
    from autograd.ops import decompositions as _dec
    from autograd.ops import elementwise as _ew
    from autograd.ops import gathering as _gat
    from autograd.ops import math as _math
    from autograd.ops import normalization as _norm
    from autograd.ops import products as _prod
    from autograd.ops import reduce as _red
    from autograd.ops import selecting as _sel
    from autograd.tensor import Tensor, TensorLike

from autograd.ops import args
from autograd.random import resolve_generator as _resolve_generator

if TYPE_CHECKING:
    from autograd import engine
    from autograd import factories as _fac
    from autograd.grad_mode import _state
    from autograd.ops import base as _base
    from autograd.ops import shape as _shape
    from autograd.tensor import as_tensor
    from autograd.writes import mark_written, nodes_since, same_place, unshare


_INPLACE_OPS: dict[Any, Any] = {}  # ufunc -> the op that records the write (filled by _bind)


def _scaled(other: Any, alpha: Any, where: str) -> Any:
    """``alpha * other`` for ``add_``/``sub_`` (a Tensor op when ``other`` is a Tensor, so
    that its gradient is recorded); a list becomes an array first (``2 * [1, 2]`` would
    repeat it)."""
    integral = isinstance(alpha, (int, np.integer)) and not isinstance(alpha, bool)
    if integral and alpha == 1:
        return other
    scale = int(alpha) if integral else args.real(where, "alpha", alpha)  # (an int keeps an int tensor int)
    if isinstance(other, Tensor) or args.is_real(other):
        return other * scale
    return np.asarray(other) * scale


def _write_all(x: Any, value: Any, where: str) -> Any:
    """``x[...] = value`` for ``fill_``, ``copy_``, ``uniform_`` and the like, with the
    checks made first so that their errors name ``where``; recorded (or refused on a
    leaf that requires grad) exactly as ``x[...] = value`` is."""
    value_t = value if isinstance(value, Tensor) else None
    if _state.enabled and (x.requires_grad or (value_t is not None and value_t.requires_grad)):
        x._check_not_a_grad_leaf(where)
    x._check_writable(where)
    shape = value_t.shape if value_t is not None else np.shape(value)
    try:
        fits = np.broadcast_shapes(shape, x.shape) == x.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"{where}: a value of shape {tuple(shape)} cannot be broadcast to x's shape {x.shape}")
    x[...] = value
    return x


def _float_draw_range(x: Any, where: str, a: Any, b: Any, names: tuple[str, str] = ("a", "b")) -> tuple[float, float]:
    """The two numbers of ``uniform_``/``normal_``, on a floating tensor only (PyTorch
    refuses an integer one)."""
    if x.dtype.kind != "f":
        raise TypeError(f"{where}: needs a floating tensor, got dtype {x.dtype}")
    return args.real(where, names[0], a), args.real(where, names[1], b)


def _extreme(x: Any, dim: Any, keepdim: bool, axis: Any, keepdims: bool | None, *, largest: bool) -> Any:
    """Tensor.max / Tensor.min: which of PyTorch's three forms was called."""
    where = "max" if largest else "min"
    keep = args.keepdims_or_keepdim(keepdim, keepdims)
    if isinstance(dim, Tensor):
        if axis is not None or keepdims is not None or keepdim:
            raise TypeError(f"{where}: {where}(other) takes no dim or keepdim")
        return _ew.maximum(x, dim) if largest else _ew.minimum(x, dim)
    d = axis if dim is None else dim
    if d is None:
        return (_red.reduce_max if largest else _red.reduce_min)(x, None, keep)
    if not args.is_int(d):
        raise TypeError(f"{where}: dim must be an int ({where}(dim) returns (values, indices) along it), got "
                        f"{type(d).__name__} {d!r}; for several dims use a{where}")
    return _gat.max_along(x, d, keep, largest=largest)


def _integer_division(x: Any, b: Any, rounding_mode: str) -> Tensor:
    """x / b rounded toward -inf ("floor") or 0 ("trunc") of integer tensors, exactly
    and in their integer dtype, as PyTorch's; a zero divisor is a ZeroDivisionError."""
    a = x._data
    if np.any(np.asarray(b) == 0):
        raise ZeroDivisionError(f"div: integer division by zero (rounding_mode={rounding_mode!r})")
    _base.broadcast_shapes("div", a.shape, np.shape(b))
    q = np.floor_divide(a, b)
    if rounding_mode == "trunc":  # (floor rounds a negative quotient with a remainder one too low)
        q = q + ((np.remainder(a, b) != 0) & ((a < 0) != (np.asarray(b) < 0)))
    return _base.new_tensor(np.asarray(q))


def _logical(where: str, fn: Any, x: Any, other: Any) -> Tensor:
    b = other._data if isinstance(other, Tensor) else np.asarray(other)
    _base.broadcast_shapes(where, x._data.shape, np.shape(b))
    return _base.new_tensor(fn(x._data, b))


def _operands3(where: str, x: Any, a: Any, b: Any) -> tuple[Tensor, Tensor]:
    """addcmul's and addcdiv's two tensors, checked to broadcast with ``x`` naming ``where``."""
    a = a if isinstance(a, Tensor) else as_tensor(a, x, where=where)
    b = b if isinstance(b, Tensor) else as_tensor(b, x, where=where)
    _base.broadcast_shapes(where, x._data.shape, a._data.shape, b._data.shape)
    return a, b


class MathMethods:
    """Elementwise mathematics (autograd/ops/math.py) and PyTorch's method spellings of arithmetic."""

    __slots__ = ()

    def sin(self: Any) -> Tensor:
        return _math.unary(_math.Sin, self)

    def cos(self: Any) -> Tensor:
        return _math.unary(_math.Cos, self)

    def tan(self: Any) -> Tensor:
        return _math.unary(_math.Tan, self)

    def asin(self: Any) -> Tensor:
        return _math.unary(_math.Asin, self)

    def acos(self: Any) -> Tensor:
        return _math.unary(_math.Acos, self)

    def atan(self: Any) -> Tensor:
        return _math.unary(_math.Atan, self)

    def atan2(self: Any, other: TensorLike) -> Tensor:
        return _math.atan2(self, other)

    def sinh(self: Any) -> Tensor:
        return _math.unary(_math.Sinh, self)

    def cosh(self: Any) -> Tensor:
        return _math.unary(_math.Cosh, self)

    def asinh(self: Any) -> Tensor:
        return _math.unary(_math.Asinh, self)

    def acosh(self: Any) -> Tensor:
        return _math.unary(_math.Acosh, self)

    def atanh(self: Any) -> Tensor:
        return _math.unary(_math.Atanh, self)

    arcsin, arccos, arctan, arctan2 = asin, acos, atan, atan2
    arcsinh, arccosh, arctanh = asinh, acosh, atanh

    def log1p(self: Any) -> Tensor:
        return _math.unary(_math.Log1p, self)

    def expm1(self: Any) -> Tensor:
        return _math.unary(_math.Expm1, self)

    def log2(self: Any) -> Tensor:
        return _math.unary(_math.Log2, self)

    def log10(self: Any) -> Tensor:
        return _math.unary(_math.Log10, self)

    def exp2(self: Any) -> Tensor:
        return _math.unary(_math.Exp2, self)

    def rsqrt(self: Any) -> Tensor:
        return _math.unary(_math.Rsqrt, self)

    def square(self: Any) -> Tensor:
        return _math.unary(_math.Square, self)

    def reciprocal(self: Any) -> Tensor:
        return _math.unary(_math.Reciprocal, self)

    def floor(self: Any) -> Tensor:
        return _math.unary(_math.Floor, self)

    def ceil(self: Any) -> Tensor:
        return _math.unary(_math.Ceil, self)

    def round(self: Any, *, decimals: int = 0) -> Tensor:
        return _math.round(self, decimals)

    def trunc(self: Any) -> Tensor:
        return _math.unary(_math.Trunc, self)

    fix = trunc

    def erf(self: Any) -> Tensor:
        return _math.unary(_math.Erf, self)

    def erfc(self: Any) -> Tensor:
        return _math.unary(_math.Erfc, self)

    def erfinv(self: Any) -> Tensor:
        return _math.unary(_math.Erfinv, self)

    def logit(self: Any, eps: float | None = None) -> Tensor:
        return _math.logit(self, eps)

    def nan_to_num(self: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
        return _math.nan_to_num(self, nan, posinf, neginf)

    def isnan(self: Any) -> Tensor:
        return _math.check("isnan", self)

    def isinf(self: Any) -> Tensor:
        return _math.check("isinf", self)

    def isfinite(self: Any) -> Tensor:
        return _math.check("isfinite", self)

    def lerp(self: Any, end: TensorLike, weight: TensorLike) -> Tensor:
        """self + weight * (end - self)."""
        return _math.lerp(self, end, weight)

    def hardtanh(self: Any, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
        return _ew.hardtanh(self, min_val, max_val)

    def gelu(self: Any, approximate: str = "none") -> Tensor:
        """x Phi(x) (Phi the standard normal CDF); ``approximate="tanh"`` for PyTorch's
        tanh form. The op is ``autograd.ops.normalization.Gelu``, as ``F.gelu`` uses."""
        if approximate not in ("none", "tanh"):
            raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
        return _norm.Gelu.apply(_base.floating(self), approximate=approximate)

    def silu(self: Any) -> Tensor:
        """x sigmoid(x) (swish)."""
        return self * self.sigmoid()

    def mish(self: Any) -> Tensor:
        """x tanh(softplus(x))."""
        return self * self.softplus().tanh()

    def add(self: Any, other: TensorLike, *, alpha: float = 1) -> Tensor:
        """self + alpha * other."""
        return self + _scaled(other, alpha, "add")  # type: ignore[no-any-return]

    def sub(self: Any, other: TensorLike, *, alpha: float = 1) -> Tensor:
        """self - alpha * other."""
        return self - _scaled(other, alpha, "sub")  # type: ignore[no-any-return]

    def mul(self: Any, other: TensorLike) -> Tensor:
        return self * other

    def neg(self: Any) -> Tensor:
        return -self

    negative = neg

    def div(self: Any, other: TensorLike, *, rounding_mode: str | None = None) -> Tensor:
        """self / other; ``rounding_mode="trunc"`` or ``"floor"`` rounds the quotient (no gradient)."""
        if rounding_mode is None:
            return self / other
        if rounding_mode not in ("trunc", "floor"):
            raise ValueError(f"div: rounding_mode must be None, 'trunc' or 'floor', got {rounding_mode!r}")
        b = other._data if isinstance(other, Tensor) else other
        if self._data.dtype.kind in "iu" and np.asarray(b).dtype.kind in "iub":  # integers stay integers
            return _integer_division(self, b, rounding_mode)
        q = (self / other).detach()
        return q.trunc() if rounding_mode == "trunc" else q.floor()

    subtract, multiply, divide, true_divide = sub, mul, div, div

    def floor_divide(self: Any, other: TensorLike) -> Tensor:
        """floor(self / other) (no gradient), as ``torch.floor_divide``."""
        return self.div(other, rounding_mode="floor")  # type: ignore[no-any-return]

    def fmod(self: Any, other: TensorLike) -> Tensor:
        """self - other trunc(self / other): the remainder with self's sign (C's fmod)."""
        return _math.binary(_math.Fmod, self, other)

    def remainder(self: Any, other: TensorLike) -> Tensor:
        """self - other floor(self / other): the remainder with other's sign (Python's %)."""
        return _math.binary(_math.Remainder, self, other)

    def hypot(self: Any, other: TensorLike) -> Tensor:
        return _math.binary(_math.Hypot, self, other)

    def logaddexp(self: Any, other: TensorLike) -> Tensor:
        return _math.binary(_math.Logaddexp, self, other)

    def xlogy(self: Any, other: TensorLike) -> Tensor:
        """self log(other), 0 where self is 0."""
        return _math.binary(_math.Xlogy, self, other)

    def sgn(self: Any) -> Tensor:
        """sign for real tensors (PyTorch's complex-aware sign)."""
        return self.sign()  # type: ignore[no-any-return]

    def positive(self: Any) -> Tensor:
        """self (``torch.positive``)."""
        return self  # type: ignore[no-any-return]

    def deg2rad(self: Any) -> Tensor:
        return self * (math.pi / 180)  # type: ignore[no-any-return]

    def rad2deg(self: Any) -> Tensor:
        return self * (180 / math.pi)  # type: ignore[no-any-return]

    def clamp_min(self: Any, min: Any) -> Tensor:  # noqa: A002
        return self.clamp(min=min)  # type: ignore[no-any-return]

    def clamp_max(self: Any, max: Any) -> Tensor:  # noqa: A002
        return self.clamp(max=max)  # type: ignore[no-any-return]

    # logical functions (boolean results, no gradient): nonzero is True
    def logical_not(self: Any) -> Tensor:
        return _base.new_tensor(np.logical_not(self._data))

    def logical_and(self: Any, other: TensorLike) -> Tensor:
        return _logical("logical_and", np.logical_and, self, other)

    def logical_or(self: Any, other: TensorLike) -> Tensor:
        return _logical("logical_or", np.logical_or, self, other)

    def logical_xor(self: Any, other: TensorLike) -> Tensor:
        return _logical("logical_xor", np.logical_xor, self, other)

    def frac(self: Any) -> Tensor:
        """self - trunc(self) (gradient 1)."""
        return self - self.trunc()  # type: ignore[no-any-return]

    def addcmul(self: Any, tensor1: TensorLike, tensor2: TensorLike, *, value: float = 1) -> Tensor:
        """self + value tensor1 tensor2, as ``torch.addcmul``."""
        t1, t2 = _operands3("addcmul", self, tensor1, tensor2)
        return self + _scaled(t1 * t2, value, "addcmul")  # type: ignore[no-any-return]

    def addcdiv(self: Any, tensor1: TensorLike, tensor2: TensorLike, *, value: float = 1) -> Tensor:
        """self + value tensor1 / tensor2, as ``torch.addcdiv``."""
        t1, t2 = _operands3("addcdiv", self, tensor1, tensor2)
        return self + _scaled(t1 / t2, value, "addcdiv")  # type: ignore[no-any-return]

    # comparisons (boolean tensors, no gradient), under PyTorch's names
    def eq(self: Any, other: TensorLike) -> Tensor:
        return self == other  # type: ignore[no-any-return]

    def ne(self: Any, other: TensorLike) -> Tensor:
        return self != other  # type: ignore[no-any-return]

    def lt(self: Any, other: TensorLike) -> Tensor:
        return self < other  # type: ignore[no-any-return]

    def le(self: Any, other: TensorLike) -> Tensor:
        return self <= other  # type: ignore[no-any-return]

    def gt(self: Any, other: TensorLike) -> Tensor:
        return self > other  # type: ignore[no-any-return]

    def ge(self: Any, other: TensorLike) -> Tensor:
        return self >= other  # type: ignore[no-any-return]

    not_equal, less, less_equal, greater, greater_equal = ne, lt, le, gt, ge

    def isclose(self: Any, other: TensorLike, rtol: float = 1e-05, atol: float = 1e-08,
                equal_nan: bool = False) -> Tensor:
        """|self - other| <= atol + rtol |other|, elementwise (a boolean tensor)."""
        b = other._data if isinstance(other, Tensor) else np.asarray(other)
        _base.broadcast_shapes("isclose", self._data.shape, np.shape(b))
        return _base.new_tensor(np.isclose(self._data, b, rtol=rtol, atol=atol, equal_nan=equal_nan))

    def allclose(self: Any, other: TensorLike, rtol: float = 1e-05, atol: float = 1e-08,
                 equal_nan: bool = False) -> bool:
        """Whether ``isclose`` holds everywhere (a Python bool)."""
        return bool(self.isclose(other, rtol, atol, equal_nan)._data.all())

    def equal(self: Any, other: Tensor) -> bool:
        """Whether ``other`` has this shape and these values (a Python bool; NaN is unequal)."""
        if not isinstance(other, Tensor):
            raise TypeError(f"equal: other must be a Tensor, got {type(other).__name__}")
        return self.shape == other.shape and bool(np.array_equal(self._data, other._data))


class LinalgMethods:
    """Products and linear algebra (autograd/ops/products.py, decompositions.py)."""

    __slots__ = ()

    def mm(self: Any, other: Tensor) -> Tensor:
        return _prod.mm(self, other)

    def bmm(self: Any, other: Tensor) -> Tensor:
        return _prod.bmm(self, other)

    def dot(self: Any, other: Tensor) -> Tensor:
        return _prod.dot(self, other)

    vdot = dot

    def inner(self: Any, other: Tensor) -> Tensor:
        return _prod.inner(self, other)

    def outer(self: Any, other: Tensor) -> Tensor:
        return _prod.outer(self, other)

    def kron(self: Any, other: Tensor) -> Tensor:
        return _prod.kron(self, other)

    def diagonal(self: Any, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        return _prod.diagonal(self, offset, dim1, dim2)

    def diag(self: Any, diagonal: int = 0) -> Tensor:
        return _prod.diag(self, diagonal)

    def diag_embed(self: Any, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        return _prod.diag_embed(self, offset, dim1, dim2)

    def trace(self: Any) -> Tensor:
        return _prod.trace(self)

    def tril(self: Any, diagonal: int = 0) -> Tensor:
        return _prod.tril(self, diagonal)

    def triu(self: Any, diagonal: int = 0) -> Tensor:
        return _prod.triu(self, diagonal)

    def mv(self: Any, vec: Tensor) -> Tensor:
        return _prod.mv(self, vec)

    def addmv(self: Any, mat: Tensor, vec: Tensor, *, beta: float = 1, alpha: float = 1) -> Tensor:
        return _prod.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addmm(self: Any, mat1: Tensor, mat2: Tensor, *, beta: float = 1, alpha: float = 1) -> Tensor:
        return _prod.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def baddbmm(self: Any, batch1: Tensor, batch2: Tensor, *, beta: float = 1, alpha: float = 1) -> Tensor:
        return _prod.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def cholesky(self: Any, upper: bool = False) -> Tensor:
        return _dec.cholesky(self, upper)

    def logdet(self: Any) -> Tensor:
        return _dec.logdet(self)

    def slogdet(self: Any) -> Any:
        return _dec.slogdet(self)

    def det(self: Any) -> Tensor:
        return _dec.det(self)

    def inverse(self: Any) -> Tensor:
        return _dec.inv(self)

    def norm(self: Any, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
        """``torch.norm``: the 2-norm ("fro", the default) or a numeric p-norm over ``dim``
        (all elements when None) as a vector norm; "nuc" (or "fro" over more than two
        dims) as a matrix norm over ``dim`` (all dims when None)."""
        from autograd import linalg

        if isinstance(p, str) and (p != "fro" or isinstance(dim, (tuple, list)) and len(dim) > 2):
            return linalg.matrix_norm(self, p, tuple(range(self.ndim)) if dim is None else dim, keepdim)
        return linalg.vector_norm(self, 2 if p in ("fro", None) else p, dim, keepdim)


class ReductionMethods:
    """Reductions, sorted reductions and cumulative sums (autograd/ops/gathering.py)."""

    __slots__ = ()

    def prod(self: Any, dim: int | None = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _gat.prod(self, dim, keepdim, dtype=dtype)

    def cumsum(self: Any, dim: int, *, dtype: Any = None) -> Tensor:
        return _gat.cumsum(self, dim, dtype=dtype)

    def cumprod(self: Any, dim: int, *, dtype: Any = None) -> Tensor:
        return _gat.cumprod(self, dim, dtype=dtype)

    def logcumsumexp(self: Any, dim: int) -> Tensor:
        return _gat.logcumsumexp(self, dim)

    @overload
    def max(self: Any, dim: None = None, keepdim: bool = False, *, axis: None = None,
            keepdims: bool | None = None) -> Tensor: ...
    @overload
    def max(self: Any, dim: Tensor, keepdim: bool = False) -> Tensor: ...
    @overload
    def max(self: Any, dim: int, keepdim: bool = False, *, axis: None = None,
            keepdims: bool | None = None) -> _gat.ValuesIndices: ...
    @overload
    def max(self: Any, dim: None = None, keepdim: bool = False, *, axis: int,
            keepdims: bool | None = None) -> _gat.ValuesIndices: ...

    def max(self: Any, dim: Any = None, keepdim: bool = False, *, axis: Any = None,
            keepdims: bool | None = None) -> Any:
        """As PyTorch's three forms: ``max()``, the largest element (ties share the
        gradient); ``max(dim)``, ``(values, indices)`` along one dim (the gradient goes
        to the index); ``max(other)``, the elementwise ``maximum``. ``amax`` takes
        several dims; ``axis``/``keepdims`` are numpy's spellings of ``dim``/``keepdim``."""
        return _extreme(self, dim, keepdim, axis, keepdims, largest=True)

    @overload
    def min(self: Any, dim: None = None, keepdim: bool = False, *, axis: None = None,
            keepdims: bool | None = None) -> Tensor: ...
    @overload
    def min(self: Any, dim: Tensor, keepdim: bool = False) -> Tensor: ...
    @overload
    def min(self: Any, dim: int, keepdim: bool = False, *, axis: None = None,
            keepdims: bool | None = None) -> _gat.ValuesIndices: ...
    @overload
    def min(self: Any, dim: None = None, keepdim: bool = False, *, axis: int,
            keepdims: bool | None = None) -> _gat.ValuesIndices: ...

    def min(self: Any, dim: Any = None, keepdim: bool = False, *, axis: Any = None,
            keepdims: bool | None = None) -> Any:
        """``min()``, ``min(dim)`` -> ``(values, indices)``, ``min(other)``: as ``max``."""
        return _extreme(self, dim, keepdim, axis, keepdims, largest=False)

    def amax(self: Any, dim: Any = None, keepdim: bool = False) -> Tensor:
        """The largest values over ``dim`` (an int or tuple); ties share the gradient equally."""
        return _red.reduce_max(self, dim, keepdim, "amax")

    def amin(self: Any, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _red.reduce_min(self, dim, keepdim, "amin")

    def nansum(self: Any, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """The sum with NaNs counted as 0 (their gradient is 0)."""
        x = self if dtype is None else self.astype(args.dtype("nansum", dtype))
        if x._data.dtype.kind != "f":
            return x.sum(dim=dim, keepdim=keepdim)  # type: ignore[no-any-return]
        return _ew.where(np.isnan(x._data), 0.0, x).sum(dim=dim, keepdim=keepdim)

    def nanmean(self: Any, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """The mean of the non-NaN elements (NaN where there are none, as PyTorch)."""
        x = self if dtype is None else self.astype(args.dtype("nanmean", dtype))
        axes = args.normalize_axes("nanmean", dim, x._data.shape)
        count = (~np.isnan(x._data)).sum(axis=axes, keepdims=keepdim).astype(x._data.dtype)
        with np.errstate(invalid="ignore", divide="ignore"):
            return x.nansum(dim=axes, keepdim=keepdim) / count  # type: ignore[no-any-return]

    def count_nonzero(self: Any, dim: Any = None) -> Tensor:
        """The number of non-zero elements (over ``dim``), int64."""
        axes = args.normalize_axes("count_nonzero", dim, self._data.shape)
        return _base.new_tensor(np.asarray(np.count_nonzero(self._data, axis=axes), dtype=np.int64))

    def diff(self: Any, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None) -> Tensor:
        """The n-th forward difference along ``dim`` (``prepend``/``append`` joined first)."""
        axis = args.one_axis("diff", dim, self._data.shape)
        k = args.integer("diff", "n", n)
        if k < 0:
            raise ValueError(f"diff: n must be non-negative, got {k}")
        pieces = [p if isinstance(p, Tensor) else as_tensor(p, self, where="diff")
                  for p in (prepend, self, append) if p is not None]
        out = pieces[0] if len(pieces) == 1 else _shape.concat(pieces, axis=axis)
        for _ in range(k):
            m = out.shape[axis]
            if m == 0:
                break
            out = out.narrow(axis, 1, m - 1) - out.narrow(axis, 0, m - 1)
        return out  # type: ignore[no-any-return]

    def all(self: Any, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _base.new_tensor(np.all(self._data, axis=args.normalize_axes("all", dim, self._data.shape),
                                       keepdims=keepdim))

    def any(self: Any, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _base.new_tensor(np.any(self._data, axis=args.normalize_axes("any", dim, self._data.shape),
                                       keepdims=keepdim))

    def sort(self: Any, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:
        """(values, indices) along ``dim``; values carry the gradient back to their positions."""
        return _gat.sort(self, dim, descending, stable)

    def argsort(self: Any, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
        return _gat.argsort(self, dim, descending, stable)

    def topk(self: Any, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:  # noqa: A002
        return _gat.topk(self, k, dim, largest, sorted)

    def kthvalue(self: Any, k: int, dim: int = -1, keepdim: bool = False) -> Any:
        return _gat.kthvalue(self, k, dim, keepdim)

    def median(self: Any, dim: int | None = None, keepdim: bool = False) -> Any:
        return _gat.median(self, dim, keepdim)

    def var_mean(self: Any, dim: Any = None, *, correction: int = 1, keepdim: bool = False,
                 unbiased: bool | None = None) -> tuple[Tensor, Tensor]:
        args.normalize_axes("var_mean", dim, self._data.shape)  # (so that a bad dim names var_mean)
        return (self.var(dim=dim, correction=correction, keepdim=keepdim, unbiased=unbiased),
                self.mean(dim=dim, keepdim=keepdim))

    def std_mean(self: Any, dim: Any = None, *, correction: int = 1, keepdim: bool = False,
                 unbiased: bool | None = None) -> tuple[Tensor, Tensor]:
        args.normalize_axes("std_mean", dim, self._data.shape)
        return (self.std(dim=dim, correction=correction, keepdim=keepdim, unbiased=unbiased),
                self.mean(dim=dim, keepdim=keepdim))


class IndexingMethods:
    """Gathering, scattering and rearranging (autograd/ops/gathering.py, arranging.py)."""

    __slots__ = ()

    def tile(self: Any, *dims: Any) -> Tensor:
        return _arr.tile(self, *dims)

    def repeat(self: Any, *sizes: Any) -> Tensor:
        """PyTorch's repeat: the whole tensor tiled ``sizes`` times (numpy's tile)."""
        return _arr.repeat(self, *sizes)

    def repeat_interleave(self: Any, repeats: Any = None, dim: int | None = None, *,
                          output_size: int | None = None) -> Tensor:
        return _arr.repeat_interleave(self, repeats, dim, output_size=output_size)

    def roll(self: Any, shifts: Any, dims: Any = None) -> Tensor:
        return _arr.roll(self, shifts, dims)

    def narrow(self: Any, dim: int, start: int, length: int) -> Tensor:
        return _arr.narrow(self, dim, start, length)

    def unbind(self: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return _arr.unbind(self, dim)

    def movedim(self: Any, source: Any, destination: Any) -> Tensor:
        return _arr.movedim(self, source, destination)

    moveaxis = movedim

    def unflatten(self: Any, dim: int, sizes: Any) -> Tensor:
        return _arr.unflatten(self, dim, sizes)

    def masked_select(self: Any, mask: Any) -> Tensor:
        return _arr.masked_select(self, mask)

    def index_add(self: Any, dim: int, index: Any, source: Tensor, *, alpha: float = 1) -> Tensor:
        return _arr.index_add(self, dim, index, source, alpha=alpha)

    def scatter(self: Any, dim: int, index: Any, src: Any = None, *, value: Any = None,
                reduce: str | None = None) -> Tensor:
        return _arr.scatter(self, dim, index, src, value=value, reduce=reduce)

    def scatter_reduce(self: Any, dim: int, index: Any, src: Tensor, reduce: str, *,
                       include_self: bool = True) -> Tensor:
        return _arr.scatter_reduce(self, dim, index, src, reduce, include_self=include_self)

    def nonzero(self: Any, *, as_tuple: bool = False) -> Any:
        return _arr.nonzero(self, as_tuple=as_tuple)

    def unique(self: Any, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
               dim: int | None = None) -> Any:
        return _arr.unique(self, sorted, return_inverse, return_counts, dim)

    def gather(self: Any, dim: int, index: Any) -> Tensor:
        return _gat.gather(self, dim, index)

    def take_along_dim(self: Any, indices: Any, dim: int | None = None) -> Tensor:
        return _gat.take_along_dim(self, indices, dim)

    def scatter_add(self: Any, dim: int, index: Any, src: Tensor) -> Tensor:
        return _gat.scatter_add(self, dim, index, src)

    def index_select(self: Any, dim: int, index: Any) -> Tensor:
        return _arr.index_select(self, dim, index)

    def masked_fill(self: Any, mask: Any, value: Any) -> Tensor:
        return _arr.masked_fill(self, mask, value)

    def t(self: Any) -> Tensor:
        """The transpose of a matrix (a 0-d or 1-d tensor is itself), as ``torch.Tensor.t``."""
        if self._data.ndim > 2:
            raise ValueError(f"t: expects a tensor of at most 2 dims, got shape {self.shape}; use transpose")
        return self if self._data.ndim < 2 else self.transpose(0, 1)

    def contiguous(self: Any) -> Tensor:
        return self

    def select(self: Any, dim: int, index: int) -> Tensor:
        return _sel.select(self, dim, index)

    def take(self: Any, index: Any) -> Tensor:
        return _sel.take(self, index)

    def index_fill(self: Any, dim: int, index: Any, value: Any) -> Tensor:
        return _sel.index_fill(self, dim, index, value)

    def index_copy(self: Any, dim: int, index: Any, source: Tensor) -> Tensor:
        return _sel.index_copy(self, dim, index, source)

    def masked_scatter(self: Any, mask: Any, source: Tensor) -> Tensor:
        return _sel.masked_scatter(self, mask, source)

    def argwhere(self: Any) -> Tensor:
        return _sel.argwhere(self)

    def ravel(self: Any) -> Tensor:
        return _arr.ravel(self)

    def fliplr(self: Any) -> Tensor:
        return _arr.fliplr(self)

    def flipud(self: Any) -> Tensor:
        return _arr.flipud(self)


class CreationMethods:
    """New tensors like this one, and in-place changes (recorded as x[...] = value is)."""

    __slots__ = ()

    def new_zeros(self: Any, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        """Zeros of ``size`` in this tensor's dtype (unless ``dtype`` is given)."""
        return _fac.zeros(*size, dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def new_ones(self: Any, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return _fac.ones(*size, dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def new_empty(self: Any, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return _fac.empty(*size, dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def new_full(self: Any, size: Any, fill_value: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return _fac.full(size, fill_value, dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def new_tensor(self: Any, data: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        """A new leaf holding a copy of ``data``, in this tensor's dtype unless ``dtype`` is given."""
        arr = data._data if isinstance(data, Tensor) else data
        return Tensor(np.array(arr), dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def type_as(self: Any, other: Tensor) -> Tensor:
        return self.astype(other.dtype)

    def where(self: Any, condition: Any, other: Any) -> Tensor:
        """self where ``condition``, else ``other`` (``torch.where(condition, self, other)``)."""
        return _ew.where(condition, self, other)

    def bernoulli(self: Any, p: float | None = None, *, generator: Any = None) -> Tensor:
        """Draws of 1 with probability self (or ``p``), as :func:`autograd.bernoulli`."""
        return _fac.bernoulli(self, p, generator=generator)

    def multinomial(self: Any, num_samples: int, replacement: bool = False, *, generator: Any = None) -> Tensor:
        """Indices drawn from the rows of self, as :func:`autograd.multinomial`."""
        return _fac.multinomial(self, num_samples, replacement, generator=generator)

    def fill_(self: Any, value: Any) -> Tensor:
        """Every element set to ``value``, in place (recorded like ``x[...] = value``)."""
        if isinstance(value, Tensor) and value._data.ndim:
            raise ValueError(f"fill_: value must be a number or a 0-d tensor, got shape {value.shape}")
        return _write_all(self, value, "fill_")

    def uniform_(self: Any, a: float = 0.0, b: float = 1.0, *, generator: Any = None) -> Tensor:
        """Uniform samples on [a, b), in place (a constant: no gradient flows through it)."""
        lo, hi = _float_draw_range(self, "uniform_", a, b)
        if lo > hi:
            raise ValueError(f"uniform_: expects a range [a, b) with a <= b, got a={lo}, b={hi}")
        gen = _resolve_generator(generator, "uniform_")
        return _write_all(self, (lo + (hi - lo) * gen.random(self.shape)).astype(self.dtype), "uniform_")

    def normal_(self: Any, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Tensor:
        """Normal samples, in place (a constant: no gradient flows through it)."""
        mu, sigma = _float_draw_range(self, "normal_", mean, std, names=("mean", "std"))
        if sigma < 0:
            raise ValueError(f"normal_: std must be non-negative, got {sigma}")
        gen = _resolve_generator(generator, "normal_")
        return _write_all(self, (mu + sigma * gen.standard_normal(self.shape)).astype(self.dtype), "normal_")

    def copy_(self: Any, src: TensorLike) -> Tensor:
        """``src`` (broadcast) copied into this tensor, in place; recorded when src requires grad."""
        return _write_all(self, src, "copy_")

    def add_(self: Any, other: TensorLike, *, alpha: float = 1) -> Tensor:
        """``self += alpha * other``, in place (recorded as ``x += y`` is)."""
        return self._inplace(_scaled(other, alpha, "add_"), np.add, "+", "add_")

    def sub_(self: Any, other: TensorLike, *, alpha: float = 1) -> Tensor:
        """``self -= alpha * other``, in place (recorded as ``x -= y`` is)."""
        return self._inplace(_scaled(other, alpha, "sub_"), np.subtract, "-", "sub_")

    def mul_(self: Any, other: TensorLike) -> Tensor:
        return self._inplace(other, np.multiply, "*", "mul_")

    def div_(self: Any, other: TensorLike) -> Tensor:
        return self._inplace(other, np.true_divide, "/", "div_")

    def clamp_(self: Any, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
        """Values limited to [min, max], in place."""
        return _write_all(self, self.clamp(min, max), "clamp_")

    clip_ = clamp_


class InPlaceMethods:
    """``x += y``, ``x[i] = v`` and their kin: on ``.data``, and recorded in the graph
    when a gradient must flow through the write (PyTorch's rule), refused only on a
    leaf that requires grad outside ``no_grad()``."""

    __slots__ = ()

    def _inplace(self: Any, other: TensorLike, ufunc: Any, symbol: str, name: str = "") -> Tensor:
        """``x <symbol>= y`` on ``.data``. When a gradient must flow through the write
        (grad mode on, and x or y requires grad), it is recorded as PyTorch does: x
        becomes the node ``old x <symbol> y``. Only a leaf that requires grad refuses
        (its ``.grad`` would no longer be the gradient of what it holds). ``name``
        (``add_``) is what error messages call the operation."""
        t: Any = self  # (a Tensor: the mixin's own type knows none of its attributes)
        what = name or f"x {symbol}= y"
        other_t = other if isinstance(other, Tensor) else None
        recording = _state.enabled and (t.requires_grad or (other_t is not None and other_t.requires_grad))
        if recording:
            t._check_not_a_grad_leaf(what)
        t._check_writable(what)
        value = other_t.data if other_t is not None else other
        if recording:
            other_t = as_tensor(other, like=t, where=what)
            old = t.data.copy() if t.requires_grad or ufunc in (np.multiply, np.true_divide) else None
            unshare(other_t, t)
        try:
            ufunc(t.data, value, out=t.data, casting="same_kind")
        except ValueError:
            raise ValueError(f"{what}: y of shape {np.shape(value)} cannot update x of shape {t.shape} "
                             "in place") from None
        except TypeError:  # (numpy's UFuncTypeError: a complex, datetime or object y, or float into int)
            kind = np.asarray(value).dtype if not isinstance(value, (complex, str, bytes)) else type(value).__name__
            raise TypeError(f"{what}: the result for y of type {kind} cannot be stored in x of dtype {t.dtype} "
                            "(in place, x keeps its dtype; y must be real, and floating only if x is)") from None
        except OverflowError:  # (a Python int past x's integer dtype, or past float's range)
            raise OverflowError(f"{what}: y = {_short(value)} does not fit x's dtype {t.dtype} (in place, x keeps "
                                "its dtype)") from None
        mark_written(t.data)
        if recording:
            t._record_write(old, _INPLACE_OPS[ufunc], other_t, None)  # type: ignore[arg-type]
        return t

    def _check_not_a_grad_leaf(self: Any, what: str) -> None:
        if self.requires_grad and self._op is None:
            raise RuntimeError(
                f"{what}: in-place change of a leaf tensor that requires grad (shape {self.shape}); do it under "
                "autograd.no_grad() (as an optimizer does), or build a new tensor (x = x + y, or with where, "
                "cat or pad)"
            )

    def _record_write(self: Any, old_data: np.ndarray | None, op: Any, other: Tensor, saved: Any) -> None:
        """Make this tensor, just written in place, the node ``op(old, other)``, where
        ``old`` stands for what it was before: its graph, and its values ``old_data``
        (a copy), or None where nothing will read them (no gradient flows to them, and
        ``op``'s backward reads no inputs): then a stand-in of the right shape and
        dtype, so that no copy is made and later writes to this tensor do not count
        as changes to what ``old`` saved."""
        t: Any = self
        if old_data is None:
            old_data = np.broadcast_to(np.zeros((), dtype=t.data.dtype), t.data.shape)
        old = _base.new_tensor(old_data, t.requires_grad, t._parents, t._op, t._saved)
        old._seq = t._seq  # (it was made then: the engine orders nodes by this number)
        # Nodes of ``other``'s graph that read this tensor (x[0] = x[0] * 2) read
        # what it was before the write: point them at ``old``, or the graph would
        # loop back through the write.
        for node in nodes_since(other, old._seq):
            if any(p is t for p in node._parents):
                node._parents = tuple(old if p is t else p for p in node._parents)
        t._parents = (old, other)
        t._op = op
        t._saved = saved
        t._requires_grad = True
        t._seq = engine.next_seq()

    def _check_writable(self: Any, what: str) -> None:
        if not self.data.flags.writeable:
            raise ValueError(
                f"{what}: x (shape {self.shape}) is read-only (a broadcast view from expand or broadcast_to, "
                "whose elements share memory, or a read-only numpy array); change a copy: x = x.clone()"
            )

    def __iadd__(self: Any, other: TensorLike) -> Tensor:
        """In place, on ``.data``: only without a graph (``no_grad``), as in PyTorch."""
        return self._inplace(other, np.add, "+")

    def __isub__(self: Any, other: TensorLike) -> Tensor:
        return self._inplace(other, np.subtract, "-")

    def __imul__(self: Any, other: TensorLike) -> Tensor:
        return self._inplace(other, np.multiply, "*")

    def __itruediv__(self: Any, other: TensorLike) -> Tensor:
        return self._inplace(other, np.true_divide, "/")

    def __setitem__(self: Any, index: Any, value: TensorLike) -> None:
        """``x[index] = value`` in place, with the indexing rules of ``x[index]``; like
        ``x += y``, recorded when a gradient must flow through it (see ``_inplace``)."""
        what = "x[index] = value"
        value_t = value if isinstance(value, Tensor) else None
        recording = _state.enabled and (self.requires_grad or (value_t is not None and value_t.requires_grad))
        if recording:
            self._check_not_a_grad_leaf(what)
        self._check_writable(what)
        v = value_t.data if value_t is not None else value
        if type(v) is int:  # (past int64, numpy would make it an object array)
            if not _fits(v, self.data.dtype):  # (PyTorch: an overflow error too)
                raise OverflowError(f"{what}: the integer {_short(v)} does not fit x's dtype {self.dtype}")
            if self.data.dtype.kind == "f":
                v = float(v)
        if value_t is None and np.asarray(v).dtype.kind not in "biuf":
            raise TypeError(f"{what}: value must be a number, an array or a Tensor, got {type(value).__name__} "
                            f"{value!r:.60}")
        idx, _ = _shape.normalize_index(index)
        parts = _shape.ints_first(idx)
        at = parts if parts is not None else ((), idx)  # ints first, as in x[index]
        old = self.data.copy() if recording and self.requires_grad else None
        if value_t is not None and same_place(self.data[at[0]][at[1]], value_t.data):
            # x[i] += y: Python's x.__setitem__(i, x[i].__iadd__(y)); the view x[i]
            # holds the sum already (writing it again would count as a second change)
            if recording:
                if old is not None:  # the old values of x[i] are those x[i] += y kept
                    old[at[0]][at[1]] = _values_before_write(value_t, self, what)
                value_t.data = value_t.data.copy()  # (no longer a view: later writes to x are not its)
                self._record_write(old, _shape.IndexPut, value_t, at)
            return
        if recording and value_t is not None:
            unshare(value_t, self)
        try:
            self.data[at[0]][at[1]] = v
        except IndexError as exc:
            raise IndexError(f"{what}: index {idx!r:.200} does not fit a tensor of shape {self.shape}: {exc}") from None
        except ValueError as exc:
            raise ValueError(f"{what}: a value of shape {np.shape(v)} cannot be assigned to x[{index!r:.80}] of "
                             f"a tensor of shape {self.shape}: {exc}") from None
        mark_written(self.data)
        if recording:
            self._record_write(old, _shape.IndexPut, as_tensor(value, like=self, where=what), at)


def _fits(n: int, dtype: np.dtype) -> bool:
    """Whether the Python int ``n`` can be stored in an array of ``dtype``."""
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return info.min <= n <= info.max  # type: ignore[no-any-return]
    if dtype.kind == "f":
        return abs(n) <= float(np.finfo(dtype).max)  # (compared exactly, as Python int and float)
    return True


def _short(n: Any) -> str:
    text = str(n)
    return text if len(text) <= 15 else f"{text[:12]}... ({len(text.lstrip('-'))} digits)"


def _values_before_write(value: Tensor, x: Tensor, what: str) -> np.ndarray:
    """What ``x[i]`` held before ``x[i] += y`` changed it through the view ``value``
    (= x[i], then rebased by its own in-place op onto a copy of its old values)."""
    before = value._parents[0] if value._op in _INPLACE_OPS.values() and value._parents else None
    if before is None or before._op is not _shape.GetItem or before._parents[0] is not x:
        raise RuntimeError(f"{what}: the value is a view of x that was changed in place, and x (shape {x.shape}) "
                           "is part of a graph; write x[i] = x[i] + y instead")
    return before.data


class NumpyInterop:
    """What numpy sees of a Tensor: its data when it requires no grad; a refusal
    (PyTorch's "Can't call numpy() on Tensor that requires grad") when it does, since
    numpy would drop the gradient silently; and ``ndarray <op> Tensor`` as the Tensor op."""

    __slots__ = ()

    def __array__(self: Any, dtype: Any = None, copy: Any = None) -> np.ndarray:
        """What numpy functions see (``np.dot(x, x)``, ``np.asarray(x)``): the data of a
        tensor that requires no grad; for one that does, an error, since numpy would
        drop its gradient silently (as PyTorch refuses)."""
        if self.requires_grad:
            raise RuntimeError(_no_numpy("a numpy function", self))
        if copy:
            return np.array(self.data, dtype=dtype, copy=True)
        return self.data if dtype is None else self.data.astype(dtype)

    def __array_ufunc__(self: Any, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """numpy's ufuncs meeting a Tensor. ``ndarray + Tensor`` (and -, *, /, **, @,
        comparisons, &, |, ^) is the Tensor operation, recorded as ``Tensor + Tensor``
        would be; any other ufunc (``np.exp(x)``, ``arr -= x``) works on tensors that
        require no grad, giving an array, and refuses ones that do."""
        if method == "__call__" and "out" not in kwargs and ufunc in _OPERATOR_UFUNCS and len(inputs) == 2:
            a, b = inputs
            forward, reflected = _OPERATOR_UFUNCS[ufunc]
            return getattr(a, forward)(b) if isinstance(a, Tensor) else getattr(b, reflected)(a)
        arrays = []
        for x in inputs:
            if isinstance(x, Tensor):
                if x.requires_grad:
                    raise RuntimeError(_no_numpy(f"numpy's {ufunc.__name__}", x))
                x = x.data
            arrays.append(x)
        if "out" in kwargs:
            kwargs["out"] = tuple(o.data if isinstance(o, Tensor) else o for o in kwargs["out"])
        return getattr(ufunc, method)(*arrays, **kwargs)


class CopyMethods:
    """copy, deepcopy and pickle."""

    __slots__ = ()

    # Copying and pickling. A copy is a new leaf: values, requires_grad, .grad and
    # name, never the graph (walking it would recurse, and keep every activation).
    # As in PyTorch, copy.deepcopy refuses a tensor computed in a graph (detach() it
    # first); pickle stores its values as a leaf's, like torch.save.
    def __getstate__(self: Any) -> dict[str, Any]:
        grad = self.grad if self._op is None else None
        return {"data": self.data, "requires_grad": self.requires_grad, "grad": grad, "name": self.name}

    def __setstate__(self: Any, state: Any) -> None:
        # (a new node, with its own creation number: the engine keys a pass by _seq)
        _base.init_slots(self, state["data"], state["requires_grad"], (), None, None)
        self.grad = state["grad"]
        self.name = state["name"]

    def __deepcopy__(self: Any, memo: dict[int, Any]) -> Tensor:
        if self._op is not None and self.requires_grad:
            raise RuntimeError(
                f"deepcopy: only leaf tensors (made by the user, not computed in a graph) can be deep-copied; "
                f"this one is the result of '{self._op.op_name()}' (shape {self.shape}). Copy x.detach() "
                "for its values."
            )
        grad = self._grad
        if grad is not None and grad._op is not None and grad._requires_grad:
            raise RuntimeError(
                f"deepcopy: x.grad is itself part of a graph (from backward(create_graph=True), the result of "
                f"'{grad._op.op_name()}'); set x.grad = x.grad.detach() first, or copy x.detach()"
            )
        cls: Any = type(self)
        new = cls.__new__(cls)
        memo[id(self)] = new
        new.__setstate__(_copy.deepcopy(self.__getstate__(), memo))
        return new


def _no_numpy(what: str, x: Tensor) -> str:
    return (f"Can't call {what} on a Tensor that requires grad (shape {x.shape}): numpy would drop its "
            "gradient. Use x.detach() (or x.data) for the values, or the Tensor's own operations to "
            "keep the gradient.")


# numpy ufuncs that are a Tensor operator: ``ndarray <op> Tensor`` becomes the Tensor op
_OPERATOR_UFUNCS: dict[Any, tuple[str, str]] = {
    np.add: ("__add__", "__radd__"), np.subtract: ("__sub__", "__rsub__"), np.multiply: ("__mul__", "__rmul__"),
    np.true_divide: ("__truediv__", "__rtruediv__"), np.power: ("__pow__", "__rpow__"),
    np.matmul: ("__matmul__", "__rmatmul__"), np.less: ("__lt__", "__gt__"), np.less_equal: ("__le__", "__ge__"),
    np.greater: ("__gt__", "__lt__"), np.greater_equal: ("__ge__", "__le__"), np.equal: ("__eq__", "__eq__"),
    np.not_equal: ("__ne__", "__ne__"), np.bitwise_and: ("__and__", "__rand__"),
    np.bitwise_or: ("__or__", "__ror__"), np.bitwise_xor: ("__xor__", "__rxor__"),
}


class CastMethods:
    """PyTorch's casts by name (``x.long()``); in a class of their own, as ``int`` and
    ``bool`` would shadow the builtins in the annotations of the methods around them."""

    __slots__ = ()

    def long(self: Any) -> Tensor:
        """This tensor as int64 (no gradient flows through a cast to integers)."""
        return self.astype(np.int64)  # type: ignore[no-any-return]

    def int(self: Any) -> Tensor:
        """As int32."""
        return self.astype(np.int32)  # type: ignore[no-any-return]

    def bool(self: Any) -> Tensor:
        """As bool (nonzero is True)."""
        return self.astype(np.bool_)  # type: ignore[no-any-return]

    def half(self: Any) -> Tensor:
        """As float16 (differentiable, as the other floating casts)."""
        return self.astype(np.float16)  # type: ignore[no-any-return]


def _bind() -> None:
    """Load the op modules into this module's namespace (after ``Tensor`` exists)."""
    from autograd import engine, factories
    from autograd.grad_mode import _state
    from autograd.ops import (
        arranging,
        base,
        decompositions,
        elementwise,
        gathering,
        math,
        normalization,
        products,
        reduce,
        selecting,
        shape,
    )
    from autograd.tensor import Tensor, as_tensor
    from autograd.writes import mark_written, nodes_since, same_place, unshare

    _INPLACE_OPS.update({np.add: elementwise.Add, np.subtract: elementwise.Sub, np.multiply: elementwise.Mul,
                         np.true_divide: elementwise.Div})
    g = globals()
    g.update(engine=engine, _state=_state, _shape=shape, as_tensor=as_tensor, mark_written=mark_written,
             nodes_since=nodes_since, same_place=same_place, unshare=unshare,
             _arr=arranging, _base=base, _dec=decompositions, _ew=elementwise, _gat=gathering, _math=math,
             _norm=normalization,
             _prod=products, _red=reduce, _sel=selecting, _fac=factories, Tensor=Tensor)
