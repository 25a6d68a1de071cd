"""``autograd.linalg``: PyTorch's ``torch.linalg`` functions on Tensors.

``inv``, ``det``, ``slogdet``, ``solve``, ``cholesky`` (ops with their own gradients,
in :mod:`autograd.ops.decompositions`), the norms ``vector_norm``, ``matrix_norm`` and
``norm`` (composed from differentiable ops; the spectral ones from ``svdvals``),
``eigh`` / ``eigvalsh``, ``svd`` / ``svdvals``, ``qr`` (tall or square matrices), and
``matmul`` / ``multi_dot``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.ops import formulas
from autograd.ops.decompositions import (
    LinAlgError,
    cholesky,
    det,
    eigh,
    eigvalsh,
    inv,
    qr,
    slogdet,
    solve,
    svd,
    svdvals,
)
from autograd.ops.linalg import matmul
from autograd.tensor import Tensor

__all__ = ["LinAlgError", "cholesky", "det", "eigh", "eigvalsh", "inv", "matmul", "matrix_norm", "multi_dot",
           "norm", "qr", "slogdet", "solve", "svd", "svdvals",
           "vector_norm"]


def vector_norm(x: Tensor, ord: float = 2, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A002
    """(sum |x|^ord)^(1/ord) over ``dim`` (all elements when None); ord = inf / -inf:
    the largest / smallest |x|; ord = 0: the number of non-zeros (gradient 0). As in
    PyTorch, a zero norm's gradient is 0, and so is the gradient at a zero element for
    0 < ord < 1 (the formulas' 0/0 and inf*0 are masked)."""
    if isinstance(ord, (str, bool)) or not isinstance(ord, (int, float)):
        raise TypeError(f"vector_norm: ord must be a number (matrix_norm takes 'fro' and 'nuc'), got {ord!r}")
    a = x.abs()
    if ord == math.inf:
        return a.amax(dim, keepdim)
    if ord == -math.inf:
        return a.amin(dim, keepdim)
    if ord == 0:  # (a zero gradient, as PyTorch's: nothing of x flows through where(False, ...))
        nonzero = (a != 0).astype(x.dtype)
        if x.requires_grad:
            nonzero = nonzero + formulas.where(np.zeros(x.shape, dtype=bool), x, 0.0)
        return nonzero.sum(dim=dim, keepdim=keepdim)
    if ord == 1:
        return a.sum(dim=dim, keepdim=keepdim)
    if ord == 2:
        powers = x * x
    elif 0 < ord < 1 and (hole := _zeros_of(a)) is not None:
        powers = (a + hole) ** ord - hole  # (1 + 0)^ord - 1: the value 0 with slope 0, not inf * 0
    else:
        powers = a ** ord
    total = powers.sum(dim=dim, keepdim=keepdim)
    if ord > 0 and (empty := _zeros_of(total)) is not None:  # sqrt(0 + 1) - 1: slope 0, not 0/0
        return (total + empty) ** (1.0 / ord) - empty
    return total.sqrt() if ord == 2 else total ** (1.0 / ord)


def _zeros_of(x: Tensor) -> Any:
    """A constant array that is 1 where ``x`` is 0 and 0 elsewhere, or None without zeros."""
    zero = x.data == 0
    return zero.astype(x.data.dtype) if zero.any() else None


def matrix_norm(a: Tensor, ord: Any = "fro", dim: Sequence[int] = (-2, -1), keepdim: bool = False) -> Tensor:  # noqa: A002
    """"fro" (Frobenius), "nuc" (sum of singular values), 2 / -2 (largest / smallest
    singular value), 1 / -1 (largest / smallest column sum of |a|), inf / -inf (rows)
    over the matrices in ``dim``."""
    if a.ndim < 2:
        raise ValueError(f"matrix_norm: expected a matrix (or a batch), got shape {a.shape}")
    if len(dim) != 2:
        raise ValueError(f"matrix_norm: dim must be 2 dims, got {dim} (input shape {a.shape})")
    r, c = (d % a.ndim for d in dim)
    if ord == "fro":
        return vector_norm(a, 2, (r, c), keepdim)
    if ord in (1, -1, math.inf, -math.inf):
        summed, other = (r, c) if ord in (1, -1) else (c, r)
        sums = a.abs().sum(dim=summed, keepdim=True)
        out = sums.amax(other, keepdim=True) if ord > 0 else sums.amin(other, keepdim=True)
        return out if keepdim else out.squeeze((r, c) if r < c else (c, r))
    if ord in (2, -2, "nuc"):  # from the singular values (descending)
        sv = svdvals(a.movedim((r, c), (-2, -1)))
        out = sv[..., 0] if ord == 2 else (sv[..., -1] if ord == -2 else sv.sum(-1))
        if keepdim:
            out = out.unsqueeze(min(r, c)).unsqueeze(max(r, c))
        return out
    raise ValueError(f"matrix_norm: ord must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, got {ord!r}")


def norm(x: Tensor, ord: Any = None, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A002
    """``torch.linalg.norm``: a vector norm (2 by default) for a 1-d ``dim`` or a
    flattened tensor, a matrix norm ("fro" by default) for a 2-d ``dim``."""
    if dim is None and ord is not None and x.ndim > 2:
        raise ValueError(f"norm: with ord={ord!r} and dim=None the input must be 1-d or 2-d, got shape {x.shape}")
    if isinstance(dim, (tuple, list)) and len(dim) == 2 or (dim is None and ord is not None and x.ndim == 2):
        return matrix_norm(x, "fro" if ord is None else ord, tuple(dim) if dim is not None else (-2, -1), keepdim)
    return vector_norm(x, 2 if ord is None else ord, dim, keepdim)


def multi_dot(tensors: list[Tensor]) -> Tensor:
    """The product of a chain of matrices, left to right."""
    if len(tensors) < 2:
        raise ValueError(f"multi_dot: expected at least 2 tensors, got {len(tensors)}")
    out = tensors[0]
    for t in tensors[1:]:
        out = out @ t
    return out
