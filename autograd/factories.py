"""Functions that create tensors, with PyTorch's names and signatures.

Sizes are given either way: ``zeros(2, 3)`` or ``zeros((2, 3))``. Floating results
take the default dtype (float32 unless :func:`autograd.set_default_dtype` changed it)
when no ``dtype=`` is given; ``arange`` with integer arguments gives int64, and
``full`` with an integer fill value too, as in PyTorch. ``requires_grad=True`` is only
allowed for floating dtypes. Random functions draw from the default generator
(:mod:`autograd.random`) unless given ``generator=``.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd.ops import args as _args
from autograd.ops.base import new_tensor
from autograd.random import resolve_generator
from autograd.tensor import Tensor, get_default_dtype

__all__ = [
    "zeros", "ones", "full", "arange", "eye", "rand", "randn",
    "zeros_like", "ones_like", "full_like", "rand_like", "randn_like", "from_numpy", "tensor",
]


# ------------------------------------------------------------------ helpers
def _size(where: str, size: tuple[Any, ...]) -> tuple[int, ...]:
    """Accept ``f(2, 3)`` and ``f((2, 3))``; every entry a non-negative int."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    for n in size:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"{where}: size must be ints or one tuple of ints, got {size!r}")
        if n < 0:
            raise ValueError(f"{where}: negative dimension in size {tuple(int(m) for m in size)}")
    return tuple(int(n) for n in size)


def _dtype(dtype: Any, where: str = "dtype") -> np.dtype:
    """``dtype`` as a numpy dtype, the default floating dtype when None."""
    return get_default_dtype() if dtype is None else _args.dtype(where, dtype)


def _finish(where: str, arr: np.ndarray, requires_grad: bool) -> Tensor:
    """A leaf around ``arr``; floating dtypes only may require a gradient."""
    if _args.flag(where, "requires_grad", requires_grad) and arr.dtype.kind != "f":
        raise TypeError(f"{where}: only floating-point tensors can require gradients, got dtype {arr.dtype}")
    t = new_tensor(arr)
    t.requires_grad = bool(requires_grad)
    return t


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _scalar(where: str, name: str, value: Any) -> float:
    """A real number, or a 0-d tensor holding one (``linspace(t0, t1, n)`` as in PyTorch)."""
    if isinstance(value, Tensor):
        if value.data.ndim:
            raise ValueError(f"{where}: {name} must be a number or a 0-d tensor, got shape {value.shape}")
        value = value.data.item()
    return _args.real(where, name, value)


def _float_only(where: str, dtype: np.dtype) -> None:
    if dtype.kind != "f":
        raise TypeError(f"{where}: random values need a floating dtype, got {dtype}")


def _sample(where: str, draw: str, shape: tuple[int, ...], dtype: np.dtype, generator: Any) -> np.ndarray:
    """Draw ``shape`` values with ``Generator.random`` or ``standard_normal``."""
    _float_only(where, dtype)
    gen = resolve_generator(generator, where)
    sampler = gen.random if draw == "uniform" else gen.standard_normal
    if dtype in (np.float32, np.float64):  # numpy draws these two natively
        return sampler(shape, dtype=dtype)
    return sampler(shape).astype(dtype)


# -------------------------------------------------------------- constants
def zeros(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros of the given size."""
    return _finish("zeros", np.zeros(_size("zeros", size), dtype=_dtype(dtype, "zeros")), requires_grad)


def ones(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones of the given size."""
    return _finish("ones", np.ones(_size("ones", size), dtype=_dtype(dtype, "ones")), requires_grad)


def _fill_dtype(fill_value: Any, dtype: Any) -> np.dtype:
    """PyTorch's rule: bool -> bool, int -> int64, float -> the default dtype."""
    if dtype is not None:
        return _args.dtype("full", dtype)
    if isinstance(fill_value, (bool, np.bool_)):
        return np.dtype(np.bool_)
    if isinstance(fill_value, (int, np.integer)):
        return np.dtype(np.int64)
    if isinstance(fill_value, numbers.Real):
        return get_default_dtype()
    raise TypeError(f"full: fill_value must be a real number, got {type(fill_value).__name__}: {fill_value!r}")


def full(size: Any, fill_value: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of the given size filled with ``fill_value`` (``size`` is a tuple or an int)."""
    shape = _size("full", (size,) if isinstance(size, (int, np.integer)) else tuple(size))
    return _finish("full", _filled("full", shape, fill_value, _fill_dtype(fill_value, dtype)), requires_grad)


def _filled(where: str, shape: tuple[int, ...], fill_value: Any, dtype: np.dtype) -> np.ndarray:
    """``np.full``, with errors that name ``where``: a fill value that is no real number,
    or that the dtype cannot hold (PyTorch refuses those too)."""
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.data
    if np.asarray(fill_value).dtype.kind not in "biuf" and not isinstance(fill_value, int):
        raise TypeError(f"{where}: fill_value must be a real number, got {type(fill_value).__name__}: "
                        f"{fill_value!r:.40}")
    try:
        return np.full(shape, fill_value, dtype=dtype)
    except (OverflowError, ValueError) as exc:
        text = str(fill_value) if len(str(fill_value)) <= 20 else str(fill_value)[:16] + "..."
        raise type(exc)(f"{where}: fill_value {text} does not fit dtype {dtype} ({exc})") from None


def arange(start: Any, end: Any = None, step: Any = 1, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Values from ``start`` (inclusive) to ``end`` (exclusive) by ``step``.

    ``arange(5)`` is ``arange(0, 5)``. With only integer arguments the result is int64;
    with any float argument it has the default floating dtype (as in PyTorch).
    """
    if end is None:
        start, end = 0, start
    args = (start, end, step)
    for a in args:
        if isinstance(a, bool) or not isinstance(a, numbers.Real):
            raise TypeError(f"arange: start, end and step must be real numbers, got {args!r}")
    if step == 0:
        raise ValueError("arange: step must be nonzero")
    if dtype is None:
        integral = all(isinstance(a, (int, np.integer)) for a in args)
        dtype = np.dtype(np.int64) if integral else get_default_dtype()
    try:
        values = np.arange(start, end, step, dtype=_args.dtype("arange", dtype))
    except OverflowError:
        raise OverflowError(f"arange: start, end and step {args!r:.120} do not fit dtype {dtype}") from None
    return _finish("arange", values, requires_grad)


def eye(n: int, m: int | None = None, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """The ``n`` x ``m`` identity matrix (``m`` defaults to ``n``)."""
    rows, cols = _size("eye", (n, n if m is None else m))
    return _finish("eye", np.eye(rows, cols, dtype=_dtype(dtype, "eye")), requires_grad)


# ------------------------------------------------------------------ random
def rand(*size: Any, generator: np.random.Generator | None = None, dtype: Any = None,
         requires_grad: bool = False) -> Tensor:
    """Uniform samples on [0, 1)."""
    shape = _size("rand", size)
    return _finish("rand", _sample("rand", "uniform", shape, _dtype(dtype, "rand"), generator), requires_grad)


def randn(*size: Any, generator: np.random.Generator | None = None, dtype: Any = None,
          requires_grad: bool = False) -> Tensor:
    """Samples from the standard normal distribution (mean 0, variance 1)."""
    shape = _size("randn", size)
    return _finish("randn", _sample("randn", "normal", shape, _dtype(dtype, "randn"), generator), requires_grad)


# -------------------------------------------------------------------- *_like
def _like(where: str, x: Any) -> np.ndarray:
    if isinstance(x, Tensor):
        return x.data
    if isinstance(x, np.ndarray):
        return x
    raise TypeError(f"{where}: expected a Tensor or ndarray, got {type(x).__name__}")


def _like_dtype(where: str, arr: np.ndarray, dtype: Any) -> np.dtype:
    """``dtype`` checked (a numeric dtype, or a TypeError naming ``where``), else ``arr``'s."""
    return arr.dtype if dtype is None else _args.dtype(where, dtype)


def zeros_like(x: Tensor, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Zeros with ``x``'s shape and (unless given) dtype."""
    arr = _like("zeros_like", x)
    return _finish("zeros_like", np.zeros_like(arr, dtype=_like_dtype("zeros_like", arr, dtype)), requires_grad)


def ones_like(x: Tensor, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Ones with ``x``'s shape and (unless given) dtype."""
    arr = _like("ones_like", x)
    return _finish("ones_like", np.ones_like(arr, dtype=_like_dtype("ones_like", arr, dtype)), requires_grad)


def full_like(x: Tensor, fill_value: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """``fill_value`` everywhere, with ``x``'s shape and (unless given) dtype."""
    arr = _like("full_like", x)
    filled = _filled("full_like", arr.shape, fill_value, _like_dtype("full_like", arr, dtype))
    return _finish("full_like", filled, requires_grad)


def rand_like(x: Tensor, *, generator: np.random.Generator | None = None, dtype: Any = None,
              requires_grad: bool = False) -> Tensor:
    """Uniform samples on [0, 1) with ``x``'s shape and (unless given) dtype."""
    arr = _like("rand_like", x)
    d = _like_dtype("rand_like", arr, dtype)
    return _finish("rand_like", _sample("rand_like", "uniform", arr.shape, d, generator), requires_grad)


def randn_like(x: Tensor, *, generator: np.random.Generator | None = None, dtype: Any = None,
               requires_grad: bool = False) -> Tensor:
    """Standard normal samples with ``x``'s shape and (unless given) dtype."""
    arr = _like("randn_like", x)
    d = _like_dtype("randn_like", arr, dtype)
    return _finish("randn_like", _sample("randn_like", "normal", arr.shape, d, generator), requires_grad)


# ------------------------------------------------------------- conversions
def from_numpy(arr: np.ndarray) -> Tensor:
    """A tensor that shares ``arr``'s memory and keeps its dtype (no copy)."""
    if not isinstance(arr, np.ndarray):
        raise TypeError(f"from_numpy: expected a numpy.ndarray, got {type(arr).__name__}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"from_numpy: expected a numeric array, got dtype {arr.dtype}")
    return new_tensor(arr)


def tensor(data: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A new leaf tensor holding a copy of ``data``.

    Unlike ``Tensor(ndarray)`` (which shares the array) this always copies, as
    ``torch.tensor`` does. Python numbers and lists take the default dtype, arrays
    and tensors keep theirs, ``dtype=`` overrides both.
    """
    src = data.data if isinstance(data, Tensor) else data
    t = Tensor(src, dtype=dtype)
    if t.data is src:  # an ndarray passed through unchanged
        t.data = t.data.copy()
    return _finish("tensor", t.data, requires_grad)


# ------------------------------------------------- more factories (issue 14)
def linspace(start: float, end: float, steps: int, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end``, both included."""
    n = _args.integer("linspace", "steps", steps)
    if n < 0:
        raise ValueError(f"linspace: steps must be non-negative, got {n}")
    # Computed in float64, then cast: an integer dtype truncates toward zero, as PyTorch's does
    # (numpy's own integer linspace floors instead).
    return _finish("linspace", np.linspace(_scalar("linspace", "start", start), _scalar("linspace", "end", end), n)
                   .astype(_dtype(dtype)), requires_grad)


def logspace(start: float, end: float, steps: int, base: float = 10.0, *, dtype: Any = None,
             requires_grad: bool = False) -> Tensor:
    """``base`` to the powers ``linspace(start, end, steps)``."""
    n = _args.integer("logspace", "steps", steps)
    if n < 0:
        raise ValueError(f"logspace: steps must be non-negative, got {n}")
    exponents = np.linspace(_scalar("logspace", "start", start), _scalar("logspace", "end", end), n)
    values = np.power(_args.real("logspace", "base", base), exponents)
    return _finish("logspace", values.astype(_dtype(dtype)), requires_grad)


def empty(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of the given size whose values are not set (here: zeros, so that no
    run depends on leftover memory)."""
    return _finish("empty", np.zeros(_size("empty", size), dtype=_dtype(dtype)), requires_grad)


def empty_like(x: Tensor, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """An unset tensor (zeros, as :func:`empty`) with ``x``'s shape and (unless given) dtype."""
    return zeros_like(x, dtype=dtype, requires_grad=requires_grad)


def randint(low: int = 0, high: Any = None, size: Any = None, *, generator: np.random.Generator | None = None,
            dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Integers drawn uniformly from [low, high); int64 unless ``dtype`` is given.

    PyTorch's overloads: ``randint(high, size)``, ``randint(low, high, size)``, and the
    keywords ``randint(high=10, size=(3,))``.
    """
    if size is None and high is not None and not _is_number(high):  # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:  # randint(high, size=...)
        low, high = 0, low
    if size is None:
        raise TypeError("randint: missing size (randint(high, size) or randint(low, high, size))")
    lo, hi = _args.integer("randint", "low", low), _args.integer("randint", "high", high)
    if hi <= lo:
        raise ValueError(f"randint: high must be above low, got low={lo}, high={hi}")
    shape = _size("randint", (size,) if isinstance(size, (int, np.integer)) else tuple(size))
    out_dtype = np.dtype(np.int64) if dtype is None else _args.dtype("randint", dtype)
    gen = resolve_generator(generator, "randint")
    return _finish("randint", gen.integers(lo, hi, size=shape).astype(out_dtype), requires_grad)


def randperm(n: int, *, generator: np.random.Generator | None = None, dtype: Any = None) -> Tensor:
    """A random permutation of 0 .. n - 1 (int64)."""
    count = _args.integer("randperm", "n", n)
    if count < 0:
        raise ValueError(f"randperm: n must be non-negative, got {count}")
    perm = resolve_generator(generator, "randperm").permutation(count)
    return new_tensor(perm.astype(np.dtype(np.int64) if dtype is None else _args.dtype("randperm", dtype)))


def _float_tensor(where: str, name: str, value: Any) -> np.ndarray | None:
    """The array of a Tensor argument (floating, or a TypeError), None for anything else."""
    if not isinstance(value, Tensor):
        return None
    if value.dtype.kind != "f":
        raise TypeError(f"{where}: {name} must be a floating tensor, got dtype {value.dtype}")
    return value.data


def normal(mean: Any, std: Any = 1.0, size: Any = None, *, generator: np.random.Generator | None = None,
           dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Normal samples, with PyTorch's overloads: ``normal(mean_tensor, std_tensor)``
    (broadcast), ``normal(mean_tensor, std=1.0)``, ``normal(mean, std_tensor)``, and
    ``normal(mean, std, size)`` for two numbers. Tensor arguments set the dtype; no
    gradient flows to them (as in PyTorch; sample ``mean + std * randn(...)`` for one)."""
    m_arr, s_arr = _float_tensor("normal", "mean", mean), _float_tensor("normal", "std", std)
    if size is None and m_arr is None and s_arr is None:
        raise TypeError("normal: with a number mean and std, give size (normal(mean, std, size))")
    if size is not None and (m_arr is not None or s_arr is not None):
        raise TypeError("normal: size is only for a number mean and std; a tensor mean or std sets the shape")
    m = m_arr if m_arr is not None else np.float64(_args.real("normal", "mean", mean))
    s = s_arr if s_arr is not None else np.float64(_args.real("normal", "std", std))
    if np.any(s < 0):
        raise ValueError(f"normal: std must be non-negative, got min std {float(np.min(s))}")
    if size is not None:
        shape = _size("normal", (size,) if isinstance(size, (int, np.integer)) else tuple(size))
    else:
        try:
            shape = np.broadcast_shapes(np.shape(m), np.shape(s))
        except ValueError:
            raise ValueError(f"normal: mean of shape {np.shape(m)} and std of shape {np.shape(s)} "
                             "do not broadcast") from None
    tensor_dtype = (m_arr if m_arr is not None else s_arr).dtype if size is None else None  # type: ignore[union-attr]
    out_dtype = _dtype(dtype) if dtype is not None or tensor_dtype is None else tensor_dtype
    _float_only("normal", out_dtype)
    gen = resolve_generator(generator, "normal")
    return _finish("normal", (m + s * gen.standard_normal(shape)).astype(out_dtype), requires_grad)


def bernoulli(input: Any, p: float | None = None, *,  # noqa: A002
              generator: np.random.Generator | None = None) -> Tensor:
    """1 with probability ``input`` (elementwise), else 0, in ``input``'s dtype; with
    ``p``, 1 with probability ``p`` everywhere, in ``input``'s shape (PyTorch's overloads)."""
    arr = _float_tensor("bernoulli", "input", input)
    if arr is None:
        arr = np.asarray(input, dtype=get_default_dtype())
    probs = arr if p is None else np.full(arr.shape, _args.real("bernoulli", "p", p), dtype=arr.dtype)
    if probs.size and not ((probs >= 0) & (probs <= 1)).all():
        raise ValueError("bernoulli: probabilities must lie in [0, 1]"
                         + ("" if p is None else f", got p={p}"))
    draws = resolve_generator(generator, "bernoulli").random(probs.shape)
    return new_tensor((draws < probs).astype(probs.dtype))


def multinomial(input: Any, num_samples: int, replacement: bool = False, *,  # noqa: A002
                generator: np.random.Generator | None = None) -> Tensor:
    """Indices drawn with probabilities proportional to each row of ``input`` (1-d or
    2-d), with or without replacement; int64."""
    w = _float_tensor("multinomial", "input", input)
    if w is None:
        w = np.asarray(input, dtype=np.float64)
    k = _args.integer("multinomial", "num_samples", num_samples)
    if k <= 0:
        raise ValueError(f"multinomial: num_samples must be positive, got {k}")
    if w.ndim not in (1, 2):
        raise ValueError(f"multinomial: input must be 1-d or 2-d, got shape {w.shape}")
    if w.size and (w.min() < 0 or not np.isfinite(w).all()):
        raise ValueError("multinomial: weights must be finite and non-negative")
    rows = w.reshape(-1, w.shape[-1]).astype(np.float64)
    if (rows.sum(axis=1) <= 0).any():
        raise ValueError("multinomial: each row needs a positive total weight")
    if not replacement and k > (rows > 0).sum(axis=1).min():
        raise ValueError(f"multinomial: cannot draw {k} samples without replacement from "
                         f"{int((rows > 0).sum(axis=1).min())} categories with non-zero weight")
    gen = resolve_generator(generator, "multinomial")
    out = np.stack([gen.choice(rows.shape[1], size=k, replace=replacement, p=r / r.sum()) for r in rows])
    return new_tensor(out.reshape(w.shape[:-1] + (k,)).astype(np.int64))
