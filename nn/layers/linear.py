"""``Linear`` (y = x W^T + b) and ``Identity``."""

from __future__ import annotations

import math
from typing import Any

from autograd.tensor import Tensor
from nn import functional as F
from nn import init
from nn.layers._util import check_count, check_input, empty_parameter
from nn.module import Module, Parameter

__all__ = ["Identity", "Linear"]

_ANY_RANK = tuple(range(1, 65))  # numpy's limit on dimensions


class Identity(Module):
    """Returns its input unchanged (arguments are accepted and ignored, as in PyTorch)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return input


class Linear(Module):
    """y = x W^T + b over the last dimension.

    ``weight`` has shape (out_features, in_features), ``bias`` (out_features,);
    both start uniform in ±1/sqrt(in_features) (PyTorch's ``kaiming_uniform_(a=sqrt(5))``
    and its bias rule). Input (..., in_features) -> output (..., out_features).
    """

    in_features: int
    out_features: int
    weight: Parameter
    bias: Parameter | None

    def __init__(self, in_features: int, out_features: int, bias: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.in_features = check_count("Linear", "in_features", in_features, 0)
        self.out_features = check_count("Linear", "out_features", out_features, 0)
        self.weight = empty_parameter(out_features, in_features, dtype=dtype, where=type(self).__name__)
        if bias:
            self.bias = empty_parameter(out_features, dtype=dtype, where=type(self).__name__)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weights again with PyTorch's default initialization."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        check_input("Linear", input, _ANY_RANK, -1, self.in_features)
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"
