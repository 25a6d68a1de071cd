"""Argument checks shared by the ops and ``Tensor``'s methods: axes, sizes, integers.

A leaf module: it imports only numpy, so every op module can use it without
importing another op module. Each function takes the op's name for its error
message and returns the argument normalized (non-negative ints, tuples of ints).
"""

from __future__ import annotations

import numbers
from typing import Any, TypeGuard

import numpy as np

AxisError = np.exceptions.AxisError


def is_int(x: Any) -> TypeGuard[int | np.integer[Any]]:
    """An int or numpy integer, but not a bool (True is no axis or size)."""
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def is_real(x: Any) -> bool:
    """A real number (Python or numpy), but not a bool."""
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))


def axis_or_dim(axis: Any, dim: Any) -> Any:
    """numpy's ``axis`` or PyTorch's ``dim``, whichever was given (``dim`` wins)."""
    return axis if dim is None else dim


def keepdims_or_keepdim(keepdims: bool, keepdim: bool | None) -> bool:
    """numpy's ``keepdims`` or PyTorch's ``keepdim``, whichever was given."""
    return keepdims if keepdim is None else keepdim


def _described(shape: int | tuple[int, ...]) -> str:
    """How an error describes a tensor of ``shape`` (a shape, or a bare rank)."""
    if isinstance(shape, tuple):
        return f"a tensor of rank {len(shape)} (shape {shape})"
    return f"a tensor of rank {shape}"


def one_axis(where: str, axis: Any, shape: int | tuple[int, ...]) -> int:
    """``axis`` as a non-negative int below the rank of ``shape`` (the input's shape, or
    its rank), or an AxisError naming where and the shape.

    A 0-d tensor accepts axis 0 and -1, as in PyTorch (its one "axis" is the scalar).
    """
    if not is_int(axis):
        raise TypeError(f"{where}: dim must be an int, got {type(axis).__name__} {axis!r}")
    ndim = len(shape) if isinstance(shape, tuple) else shape
    bound = ndim if ndim > 0 else 1
    if not -bound <= axis < bound:
        raise AxisError(f"{where}: dim {axis} is out of range for {_described(shape)}")
    return int(axis) % bound


def new_axis(where: str, axis: Any, ndim: int, what: str) -> int:
    """A position ``axis`` in a result of rank ``ndim`` (one more than the input's),
    as ``unsqueeze`` and ``stack`` take it; ``what`` describes that result."""
    if not is_int(axis):
        raise TypeError(f"{where}: {'dim' if where == 'unsqueeze' else 'axis'} must be an int, got "
                        f"{type(axis).__name__} {axis!r}")
    if not -ndim <= axis < ndim:
        raise AxisError(f"{where}: dim {axis} is out of range for {what}")
    return int(axis) % ndim


def normalize_axes(where: str, axis: Any, shape: int | tuple[int, ...]) -> tuple[int, ...]:
    """``axis`` (None for all, an int or a tuple of ints) as a sorted tuple of
    non-negative ints, checked against the rank of ``shape`` (a shape, or a rank)."""
    ndim = len(shape) if isinstance(shape, tuple) else shape
    if axis is None:
        return tuple(range(ndim))
    try:
        axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    except TypeError:
        raise TypeError(f"{where}: dim must be an int or a tuple of ints, "
                        f"got {type(axis).__name__} {axis!r}") from None
    out = []
    bound = ndim if ndim > 0 else 1  # a 0-d tensor accepts axis 0 and -1, as in PyTorch
    for a in axes:
        if not isinstance(a, (int, np.integer)) or isinstance(a, bool):
            raise TypeError(f"{where}: dim must be an int or a tuple of ints, got {axis!r}")
        if not -bound <= a < bound:
            raise AxisError(f"{where}: dim {a} is out of range for {_described(shape)}")
        out.append(int(a) % bound)
    if len(set(out)) != len(out):
        raise ValueError(f"{where}: repeated axis in {axis!r}")
    return tuple(sorted(a for a in out if a < ndim))


def sizes(where: str, shape: Any) -> tuple[int, ...]:
    """A shape argument as a tuple of Python ints (TypeError for anything else)."""
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        items = tuple(shape)
    except TypeError:
        raise TypeError(f"{where}: a shape must be a sequence of ints, got {type(shape).__name__} {shape!r}") from None
    for n in items:
        if not is_int(n):
            raise TypeError(f"{where}: a shape must be a sequence of ints, got {items!r}")
    return tuple(int(n) for n in items)


def sizes_given(shape: tuple[Any, ...], kwargs: dict[str, Any] | None = None, keyword: str = "",
                where: str = "") -> tuple[Any, ...]:
    """Accept reshape(2, 3), reshape((2, 3)) and PyTorch's keyword, reshape(shape=(2, 3))."""
    if kwargs:
        if shape or set(kwargs) != {keyword}:
            given = ", ".join(sorted(kwargs))
            raise TypeError(f"{where}: give the sizes as arguments or as {keyword}=..., not both or other keywords "
                            f"(got {len(shape)} positional and {given})")
        shape = (kwargs[keyword],)
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])
    return tuple(shape)


def integer(where: str, name: str, value: Any) -> int:
    """``value`` as an int; a TypeError for anything else (1.5 is not truncated);
    a float holding an integer (``correction=1.0``) is accepted."""
    if is_int(value):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    raise TypeError(f"{where}: {name} must be an integer, got {type(value).__name__} {value!r}")


def real(where: str, name: str, value: Any) -> float:
    """``value`` as a float; a TypeError for a bool or anything that is not a real number."""
    if not is_real(value):
        raise TypeError(f"{where}: {name} must be a real number, got {type(value).__name__} {value!r}")
    return float(value)


def dtype(where: str, value: Any) -> np.dtype:
    """``value`` as a numeric numpy dtype (bool, integer or floating), or a TypeError
    naming the op (a tensor of strings or objects is no tensor)."""
    try:
        result = np.dtype(value)
    except TypeError:
        raise TypeError(f"{where}: {value!r} is not a dtype (try np.float32, 'float64' or np.int64)") from None
    if result.kind not in "biuf":
        raise TypeError(f"{where}: dtype {result} is not numeric; tensors hold bool, integer or floating values")
    return result


def flag(where: str, name: str, value: Any) -> bool:
    """``value`` as a bool, or a TypeError naming the argument: ``requires_grad="no"``
    must not turn gradients on."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{where}: {name} must be True or False, got {type(value).__name__}: {value!r:.40}")


def index_array(where: str, shape: tuple[int, ...], axis: int, idx: np.ndarray, same_rank: bool = True) -> np.ndarray:
    """``idx`` as an int64 array of indices into dim ``axis`` of a tensor of ``shape``
    (gather, scatter and the like), or an error naming ``where`` and the shapes (numpy
    would wrap negative indices silently)."""
    if idx.dtype.kind not in "iu":
        raise TypeError(f"{where}: index must be an integer tensor (int64 or int32), got dtype {idx.dtype}")
    if same_rank and idx.ndim != len(shape):
        raise ValueError(f"{where}: index of shape {idx.shape} must have the input's rank {len(shape)} "
                         f"(input shape {shape})")
    n = shape[axis] if shape else 1
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise IndexError(f"{where}: index values must lie in [0, {n}) along dim {axis} of a tensor of shape "
                         f"{shape}, got values in [{idx.min()}, {idx.max()}]")
    for d, (ni, nx) in enumerate(zip(idx.shape, shape)):
        if d != axis and ni > nx:
            raise ValueError(f"{where}: index of shape {idx.shape} is larger than the input {shape} in dim {d}")
    return idx.astype(np.int64, copy=False)


def slices_index(where: str, shape: tuple[int, ...], axis: int, idx: np.ndarray,
                 source_shape: tuple[int, ...]) -> np.ndarray:
    """For ``index_add``/``index_copy``: the index that sends source's slice i along
    ``axis`` to slice ``idx[i]`` of a tensor of ``shape`` (``idx`` broadcast to source's
    shape), or an error naming ``where`` when source does not fit."""
    want = shape[:axis] + (idx.size,) + shape[axis + 1:]
    if tuple(source_shape) != want:
        raise ValueError(f"{where}: source of shape {tuple(source_shape)} does not fit (expected {want} for index of "
                         f"{idx.size} values along dim {axis} of a tensor of shape {shape})")
    return np.broadcast_to(idx.reshape((1,) * axis + (-1,) + (1,) * (len(shape) - axis - 1)), want)
