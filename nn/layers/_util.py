"""Helpers shared by the layer files: parameter allocation and input checks."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.ops import args as _args
from autograd.tensor import Tensor, get_default_dtype
from nn.module import Parameter


def empty_parameter(*shape: int, dtype: Any = None, where: str = "layer") -> Parameter:
    """A Parameter of ``shape`` (zeros until an initializer fills it), in ``dtype``
    or the default dtype; ``where`` (the layer's name) is what errors call it."""
    dt = get_default_dtype() if dtype is None else _args.dtype(where, dtype)
    if dt.kind != "f":
        raise TypeError(f"{where}: parameters must be floating point, got dtype {dt}")
    return Parameter(np.zeros(shape, dtype=dt))


def check_count(layer: str, name: str, n: Any, minimum: int = 1) -> int:
    """``n`` as an int >= ``minimum``, or a ValueError naming the layer and argument."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < minimum:
        raise ValueError(f"{layer}: {name} must be an int >= {minimum}, got {n!r}")
    return int(n)


def check_input(layer: str, x: Any, ranks: tuple[int, ...], dim: int | None = None,
                expected: int | None = None, what: str = "features") -> Tensor:
    """``x`` as a Tensor whose rank is in ``ranks`` and whose size along ``dim`` is
    ``expected``; a ValueError names the layer and both shapes otherwise."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{layer}: expected a Tensor input, got {type(x).__name__}")
    shape = x.data.shape
    if len(shape) not in ranks:
        wanted = " or ".join(f"{r}-d" for r in ranks)
        raise ValueError(f"{layer}: expected a {wanted} input, got shape {shape}")
    if dim is not None and expected is not None and shape[dim] != expected:
        d = dim % len(shape)
        wanted = ", ".join(str(expected) if i == d else "*" for i in range(len(shape)))
        raise ValueError(f"{layer}: expected {expected} input {what} (an input of shape ({wanted})), "
                         f"got {shape[dim]} in an input of shape {shape}")
    return x
