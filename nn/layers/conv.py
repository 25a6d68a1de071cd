"""Convolution layers: ``Conv1d``, ``Conv2d``, ``ConvTranspose2d``.

PyTorch's constructor arguments, weight layouts ((out, in/groups, *k) for
convolutions, (in, out/groups, *k) for the transposed one) and default
initialization: weight ``kaiming_uniform_(a=sqrt(5))``, that is uniform in
±1/sqrt(fan_in), and bias uniform in ±1/sqrt(fan_in), fan_in computed from the
weight's shape as PyTorch does.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd.tensor import Tensor
from nn import functional as F
from nn import init
from nn.layers._util import check_count, check_input, empty_parameter
from nn.module import Module, Parameter

__all__ = ["Conv1d", "Conv2d", "ConvTranspose2d"]


def _tuple(layer: str, name: str, value: Any, n: int, low: int) -> tuple[int, ...]:
    vals = tuple(value) if isinstance(value, (tuple, list)) else (value,) * n
    if len(vals) != n or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low for v in vals):
        raise ValueError(f"{layer}: {name} must be an int >= {low} or a tuple of {n} of them, got {value!r}")
    return tuple(int(v) for v in vals)


class _ConvNd(Module):
    """What the convolution layers share: arguments, parameters, init, repr."""

    _dims: int = 2
    _transposed: bool = False

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any, padding: Any,
                 dilation: Any, groups: int, bias: bool, padding_mode: str, output_padding: Any = 0,
                 dtype: Any = None) -> None:
        super().__init__()
        name, n = type(self).__name__, self._dims
        self.in_channels = check_count(name, "in_channels", in_channels)
        self.out_channels = check_count(name, "out_channels", out_channels)
        self.groups = check_count(name, "groups", groups)
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"{name}: in_channels ({in_channels}) and out_channels ({out_channels}) must both be "
                             f"divisible by groups ({groups})")
        if padding_mode != "zeros":
            raise ValueError(f"{name}: only padding_mode='zeros' is supported, got {padding_mode!r}")
        self.kernel_size = _tuple(name, "kernel_size", kernel_size, n, 1)
        self.stride = _tuple(name, "stride", stride, n, 1)
        self.dilation = _tuple(name, "dilation", dilation, n, 1)
        if isinstance(padding, str):
            if padding not in ("same", "valid") or self._transposed:
                allowed = "an int or a tuple" if self._transposed else "an int, a tuple, 'same' or 'valid'"
                raise ValueError(f"{name}: padding must be {allowed}, got {padding!r}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{name}: padding='same' needs stride 1, got stride {self.stride}")
            self.padding: Any = padding
        else:
            self.padding = _tuple(name, "padding", padding, n, 0)
        self.output_padding = _tuple(name, "output_padding", output_padding, n, 0)
        self.padding_mode = padding_mode
        shape = ((in_channels, out_channels // groups) if self._transposed
                 else (out_channels, in_channels // groups)) + self.kernel_size
        self.weight = empty_parameter(*shape, dtype=dtype, where=type(self).__name__)
        if bias:
            self.bias: Parameter | None = empty_parameter(out_channels, dtype=dtype, where=type(self).__name__)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weights again with PyTorch's default initialization."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
            init.uniform_(self.bias, -bound, bound)

    def _check(self, x: Tensor) -> Tensor:
        n = self._dims
        return check_input(type(self).__name__, x, (n + 1, n + 2), -(n + 1), self.in_channels, "channels")

    def extra_repr(self) -> str:
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * self._dims:
            s += f", padding={self.padding}"  # (a string unquoted, as PyTorch prints it)
        if self.dilation != (1,) * self._dims:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * self._dims:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        return s


class Conv1d(_ConvNd):
    """1-d convolution of (N, C_in, L) or (C_in, L) inputs; weight (out, in/groups, k)."""

    _dims = 1

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 dilation: Any = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, dtype=dtype)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.conv1d(self._check(input), self.weight, self.bias, self.stride, self.padding, self.dilation,
                        self.groups)


class Conv2d(_ConvNd):
    """2-d convolution of (N, C_in, H, W) or (C_in, H, W) inputs; weight (out, in/groups, kh, kw);
    ``padding`` an int, a pair, ``"same"`` or ``"valid"``."""

    _dims = 2

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 dilation: Any = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, dtype=dtype)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.conv2d(self._check(input), self.weight, self.bias, self.stride, self.padding, self.dilation,
                        self.groups)


class ConvTranspose2d(_ConvNd):
    """Transposed 2-d convolution (the gradient of ``Conv2d`` in its input), weight
    (in, out/groups, kh, kw); output size (H - 1) stride - 2 padding + dilation (k - 1)
    + output_padding + 1."""

    _dims = 2
    _transposed = True

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 output_padding: Any = 0, groups: int = 1, bias: bool = True, dilation: Any = 1,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, output_padding=output_padding, dtype=dtype)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.conv_transpose2d(self._check(input), self.weight, self.bias, self.stride, self.padding,
                                  self.output_padding, self.groups, self.dilation)
