"""``Dropout``: zero each element with probability ``p`` in training, scaling the rest
by 1 / (1 - p); the identity in evaluation (``model.eval()``). ``Dropout1d`` and
``Dropout2d`` zero whole channels."""

from __future__ import annotations

import numbers

from autograd.tensor import Tensor
from nn import functional as F
from nn.module import Module

__all__ = ["Dropout", "Dropout1d", "Dropout2d"]


class Dropout(Module):
    """Inverted dropout, active only while ``self.training``."""

    p: float
    inplace: bool

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0.0 <= p <= 1.0:
            raise ValueError(f"{type(self).__name__}: p must be a probability in [0, 1], got {p!r}")
        self.p = float(p)
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout1d(Dropout):
    """Channel dropout of (N, C, L) input, active only while ``self.training``."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout1d(input, self.p, self.training)


class Dropout2d(Dropout):
    """Channel (feature-map) dropout of (N, C, H, W) input, active only while ``self.training``."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout2d(input, self.p, self.training)
