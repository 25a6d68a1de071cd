"""``Dropout``: zero each element with probability ``p`` in training, scaling the rest
by 1 / (1 - p); the identity in evaluation (``model.eval()``)."""

from __future__ import annotations

import numbers

from autograd.tensor import Tensor
from nn import functional as F
from nn.module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    """Inverted dropout, active only while ``self.training``."""

    p: float
    inplace: bool

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0.0 <= p <= 1.0:
            raise ValueError(f"Dropout: p must be a probability in [0, 1], got {p!r}")
        self.p = float(p)
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
