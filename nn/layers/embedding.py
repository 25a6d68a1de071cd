"""``Embedding``: a lookup table of learnable rows."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.tensor import Tensor
from autograd.writes import mark_written
from nn import functional as F
from nn import init
from nn.layers._util import check_count, empty_parameter
from nn.module import Module

__all__ = ["Embedding"]


class Embedding(Module):
    """Rows of ``weight`` (num_embeddings, embedding_dim), drawn N(0, 1) as in PyTorch,
    picked by integer indices of any shape. Repeated indices accumulate gradients; the
    row ``padding_idx`` starts at zero and gets no gradient."""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm: float | None = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                 sparse: bool = False, _weight: Tensor | None = None, _freeze: bool = False,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.num_embeddings = check_count("Embedding", "num_embeddings", num_embeddings)
        self.embedding_dim = check_count("Embedding", "embedding_dim", embedding_dim)
        if max_norm is not None or scale_grad_by_freq or sparse:
            raise NotImplementedError("Embedding: max_norm, scale_grad_by_freq and sparse are not supported")
        if padding_idx is not None:
            if isinstance(padding_idx, bool) or not isinstance(padding_idx, (int, np.integer)) \
                    or not -num_embeddings <= padding_idx < num_embeddings:
                raise ValueError(f"Embedding: padding_idx must be within num_embeddings ({num_embeddings}), "
                                 f"got {padding_idx!r}")
            padding_idx = int(padding_idx) % num_embeddings
        self.padding_idx = padding_idx
        self.weight = empty_parameter(num_embeddings, embedding_dim, dtype=dtype, where=type(self).__name__)
        if _weight is not None:
            if _weight.shape != (num_embeddings, embedding_dim):
                raise ValueError(f"Embedding: _weight must have shape {(num_embeddings, embedding_dim)}, "
                                 f"got {_weight.shape}")
            self.weight.data[...] = _weight.data
        else:
            self.reset_parameters()
        if _freeze:
            self.weight.requires_grad_(False)

    def reset_parameters(self) -> None:
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight.data[self.padding_idx] = 0
            mark_written(self.weight.data)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        return s + (f", padding_idx={self.padding_idx}" if self.padding_idx is not None else "")
