"""The default floating dtype, and how user data (numbers, nested lists, arrays)
becomes an array: the checks behind ``Tensor(data)``."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd.ops import args

_default_dtype: np.dtype = np.dtype(np.float32)


def set_default_dtype(dtype: Any) -> None:
    """Set the dtype Python data becomes (float32 unless changed)."""
    global _default_dtype
    try:
        d = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"set_default_dtype: {dtype!r} is not a dtype (try np.float32 or 'float64')") from None
    if dtype is None or d.kind != "f":  # (np.dtype(None) is float64: None is no choice)
        raise TypeError(f"set_default_dtype: only floating dtypes are allowed, got {'None' if dtype is None else d}")
    _default_dtype = d


def get_default_dtype() -> np.dtype:
    """The dtype Python data becomes when no dtype is given."""
    return _default_dtype


def to_array(data: Any, dtype: Any, where: str) -> np.ndarray:
    """Turn user data (not a Tensor) into an ndarray, with a TypeError naming what was given."""
    if dtype is not None:
        dtype = args.dtype(where, dtype)
    if isinstance(data, np.ndarray) or isinstance(data, np.generic):
        arr = np.asarray(data)
        if dtype is not None:
            arr = arr.astype(dtype)
    else:
        if data is None or isinstance(data, (str, bytes, dict, set)):
            raise TypeError(
                f"{where}: expected numeric data (a number, nested list or ndarray), "
                f"got {type(data).__name__}: {data!r}"
            )
        # Convert without a dtype first, so that an element numpy would parse or
        # turn into nan ("1.5", None) is refused instead of silently converted.
        try:
            arr = np.array(data)
        except ValueError as exc:  # ragged nesting: numpy names the shapes involved
            raise ValueError(f"{where}: cannot make a tensor from a ragged {type(data).__name__}: {exc}") from None
        except TypeError as exc:
            raise TypeError(f"{where}: cannot make a tensor from {type(data).__name__} {data!r:.80}: {exc}") from None
        what = {"U": "strings", "S": "bytes", "c": "complex numbers", "O": ""}.get(arr.dtype.kind)
        if what == "":  # objects: fine if all are real numbers (e.g. ints too big for int64)
            bad = [x for x in arr.flat if not isinstance(x, (numbers.Real, np.bool_))][:1]
            what = f"{bad[0]!r:.40} (a {type(bad[0]).__name__})" if bad else None
        if what is not None:
            raise TypeError(f"{where}: expected real numbers (in nested lists), got {what} in a {type(data).__name__}")
        arr = arr.astype(dtype if dtype is not None else _default_dtype, copy=False)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{where}: expected numeric data, got an array of dtype {arr.dtype}")
    return arr
