"""``nn.init``: fill a tensor in place with PyTorch's initializations.

Each function writes into ``tensor.data`` without recording a graph and returns the
tensor. Random ones draw from ``generator`` (a ``numpy.random.Generator``) or, by
default, from ``autograd``'s generator, which ``autograd.manual_seed`` seeds. The
numbers drawn differ from PyTorch's (another generator); the distributions and their
bounds are the same.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd.random import resolve_generator
from autograd.tensor import Tensor
from autograd.writes import mark_written

__all__ = [
    "calculate_gain", "constant_", "kaiming_normal_", "kaiming_uniform_", "normal_", "ones_",
    "uniform_", "xavier_normal_", "xavier_uniform_", "zeros_",
]

_LINEAR = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d", "sigmoid")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for ``nonlinearity`` (PyTorch's table): 1 for linear,
    conv and sigmoid; 5/3 for tanh; sqrt(2) for relu; sqrt(2 / (1 + a^2)) for
    leaky_relu with slope ``param`` (default 0.01); 3/4 for selu."""
    if nonlinearity in _LINEAR:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"calculate_gain: negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"calculate_gain: unsupported nonlinearity {nonlinearity!r}")


def _tensor(where: str, tensor: Any) -> Tensor:
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{where}: expected a Tensor, got {type(tensor).__name__}")
    if tensor.data.dtype.kind != "f":
        raise TypeError(f"{where}: expected a floating tensor, got dtype {tensor.data.dtype}")
    return tensor


def _fill(tensor: Tensor, values: Any) -> Tensor:
    tensor.data[...] = values
    mark_written(tensor.data)
    return tensor


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight of shape (out, in, *kernel): in * prod(kernel)
    and out * prod(kernel). Needs at least 2 dimensions."""
    shape = tensor.shape
    if len(shape) < 2:
        raise ValueError(f"Fan in and fan out can not be computed for tensor with fewer than 2 dimensions "
                         f"(got shape {shape})")
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def _fan(tensor: Tensor, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode!r} not supported, please use one of 'fan_in', 'fan_out'")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: np.random.Generator | None = None) -> Tensor:
    """Fill with U(a, b)."""
    t = _tensor("uniform_", tensor)
    if not a <= b:
        raise ValueError(f"uniform_: expected a <= b, got a={a}, b={b}")
    gen = resolve_generator(generator, "uniform_")
    return _fill(t, gen.uniform(a, b, size=t.shape))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0,
            generator: np.random.Generator | None = None) -> Tensor:
    """Fill with N(mean, std^2)."""
    t = _tensor("normal_", tensor)
    if std < 0:
        raise ValueError(f"normal_: std must be non-negative, got {std}")
    gen = resolve_generator(generator, "normal_")
    return _fill(t, gen.normal(mean, std, size=t.shape))


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with ``val``."""
    return _fill(_tensor("constant_", tensor), val)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with 0."""
    return _fill(_tensor("zeros_", tensor), 0)


def ones_(tensor: Tensor) -> Tensor:
    """Fill with 1."""
    return _fill(_tensor("ones_", tensor), 1)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None) -> Tensor:
    """Glorot: U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(_tensor("xavier_uniform_", tensor))
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator=generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None) -> Tensor:
    """Glorot: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(_tensor("xavier_normal_", tensor))
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator=generator)


def kaiming_uniform_(tensor: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                     generator: np.random.Generator | None = None) -> Tensor:
    """He: U(-b, b) with b = gain * sqrt(3 / fan), gain = calculate_gain(nonlinearity, a).
    ``Linear`` and ``Conv`` use ``a=sqrt(5)``, which gives b = 1 / sqrt(fan_in)."""
    t = _tensor("kaiming_uniform_", tensor)
    if 0 in t.shape:
        return t  # PyTorch warns and leaves an empty tensor alone
    bound = calculate_gain(nonlinearity, a) * math.sqrt(3.0 / _fan(t, mode))
    return uniform_(t, -bound, bound, generator=generator)


def kaiming_normal_(tensor: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                    generator: np.random.Generator | None = None) -> Tensor:
    """He: N(0, std^2) with std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a)."""
    t = _tensor("kaiming_normal_", tensor)
    if 0 in t.shape:
        return t
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(t, mode))
    return normal_(t, 0.0, std, generator=generator)
