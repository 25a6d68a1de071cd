"""Functional pieces that PyTorch code reaches for beside the layers: ``pad`` (PyTorch's
pad tuple, constant mode), ``interpolate`` (nearest), ``normalize``,
``cosine_similarity``, ``pairwise_distance`` and ``scaled_dot_product_attention``.
Each is composed from recorded Tensor ops, so it is differentiable to any order;
names, arguments and defaults are ``torch.nn.functional``'s. Re-exported by :mod:`nn.functional`.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from autograd import linalg
from autograd.ops import formulas
from autograd.ops.shape import pad as _pad_axes
from autograd.tensor import Tensor

__all__ = ["cosine_similarity", "interpolate", "normalize", "pad", "pairwise_distance", "scaled_dot_product_attention"]


def _tensor(where: str, name: str, x: Any) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(f"{where}: {name} must be a Tensor, got {type(x).__name__}")
    return x


def pad(input: Tensor, pad: Any, mode: str = "constant", value: float | None = None) -> Tensor:  # noqa: A002
    """``input`` padded with ``value`` (0 by default): ``pad`` holds (before, after) pairs
    for the last dims, the last dim first, as PyTorch's ``(left, right, top, bottom)``.
    Only ``mode="constant"`` is here, and widths must be non-negative."""
    x = _tensor("pad", "input", input)
    if mode != "constant":
        raise ValueError(f"pad: only mode='constant' is supported, got {mode!r}")
    widths = tuple(pad) if isinstance(pad, (tuple, list)) else None
    if widths is None or len(widths) % 2 or len(widths) // 2 > x.ndim or \
            not all(isinstance(w, (int, np.integer)) and not isinstance(w, bool) for w in widths):
        raise ValueError(f"pad: pad must be a tuple of (before, after) int pairs for at most {x.ndim} dims, "
                         f"got {pad!r} for input of shape {x.shape}")
    if any(w < 0 for w in widths):
        raise ValueError(f"pad: negative widths (cropping) are not supported, got {pad!r}")
    pairs = [(0, 0)] * x.ndim
    for i in range(len(widths) // 2):
        pairs[x.ndim - 1 - i] = (int(widths[2 * i]), int(widths[2 * i + 1]))
    return _pad_axes(x, pairs, 0.0 if value is None else value)


def interpolate(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest") -> Tensor:  # noqa: A002
    """Resampled spatial dims of (N, C, L), (N, C, H, W) or (N, C, D, H, W) input, by
    ``mode="nearest"``: output index i reads input index floor(i * in / out) (or
    floor(i / scale_factor)), as PyTorch's; the gradient sums back to the read elements."""
    x = _tensor("interpolate", "input", input)
    if mode != "nearest":
        raise ValueError(f"interpolate: only mode='nearest' is supported, got {mode!r}")
    spatial = x.ndim - 2
    if spatial not in (1, 2, 3):
        raise ValueError(f"interpolate: expected a 3-d, 4-d or 5-d input (N, C, ...), got shape {x.shape}")
    if (size is None) == (scale_factor is None):
        raise ValueError("interpolate: give exactly one of size and scale_factor")
    given = size if size is not None else scale_factor
    values = list(given) if isinstance(given, (tuple, list)) else [given] * spatial
    if len(values) != spatial or not all(isinstance(v, (int, float, np.integer, np.floating))
                                         and not isinstance(v, bool) and v > 0 for v in values):
        raise ValueError(f"interpolate: {'size' if size is not None else 'scale_factor'} must be one positive "
                         f"number or {spatial}, got {given!r} for input of shape {x.shape}")
    out = x
    for d, v in enumerate(values):
        axis = 2 + d
        n_in = x.shape[axis]
        n_out = int(v) if size is not None else int(math.floor(n_in * v))
        scale = n_in / n_out if size is not None else 1.0 / v
        index = np.minimum(np.floor(np.arange(n_out) * scale).astype(np.int64), n_in - 1)
        out = out[(slice(None),) * axis + (index,)]
    return out


def _shifted_to(norm: Tensor, eps: float) -> Tensor:
    """``norm`` with values below ``eps`` raised to it, its gradient unchanged (PyTorch
    clamps the norms in place under no_grad)."""
    low = norm.data < eps
    return norm + np.where(low, eps - norm.data, 0).astype(norm.dtype) if low.any() else norm


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:  # noqa: A002
    """input / max(||input||_p, eps) along ``dim``."""
    x = _tensor("normalize", "input", input)
    norm = linalg.vector_norm(x, p, dim, keepdim=True)
    return x / norm.clamp(min=eps)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """sum(x1 / ||x1|| * x2 / ||x2||) along ``dim`` (x1 and x2 broadcast), each norm at
    least ``eps``, as PyTorch computes it."""
    a, b = _tensor("cosine_similarity", "x1", x1), _tensor("cosine_similarity", "x2", x2)
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"cosine_similarity: x1 of shape {a.shape} and x2 of shape {b.shape} do not "
                         "broadcast") from None
    na = _shifted_to(linalg.vector_norm(a, 2, dim, keepdim=True), eps)
    nb = _shifted_to(linalg.vector_norm(b, 2, dim, keepdim=True), eps)
    return ((a / na) * (b / nb)).sum(dim=dim)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """||x1 - x2 + eps||_p along the last dim."""
    a, b = _tensor("pairwise_distance", "x1", x1), _tensor("pairwise_distance", "x2", x2)
    return linalg.vector_norm(a - b + eps, p, -1, keepdim=keepdim)


def scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, attn_mask: Any = None,
                                 dropout_p: float = 0.0, is_causal: bool = False,
                                 scale: float | None = None) -> Tensor:
    """softmax(query key^T * scale + mask) value, scale = 1/sqrt(E) by default. A
    boolean ``attn_mask`` (or ``is_causal``) keeps the positions where it is True; a
    floating one is added to the scores. Dropout (``dropout_p``) is applied to the
    attention weights."""
    q, k, v = (_tensor("scaled_dot_product_attention", n, t) for n, t in
               (("query", query), ("key", key), ("value", value)))
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(f"scaled_dot_product_attention: query {q.shape}, key {k.shape} and value {v.shape} do "
                         "not fit (query and key share the last dim, key and value the second to last)")
    s = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = (q @ k.mT) * s
    length, source = q.shape[-2], k.shape[-2]
    if is_causal:
        if attn_mask is not None:
            raise ValueError("scaled_dot_product_attention: give attn_mask or is_causal, not both")
        attn_mask = np.tril(np.ones((length, source), dtype=bool))
    if attn_mask is not None:
        m = attn_mask.data if isinstance(attn_mask, Tensor) else np.asarray(attn_mask)
        if m.dtype == bool:
            scores = formulas.where(m, scores, -np.inf)
        else:
            scores = scores + (attn_mask if isinstance(attn_mask, Tensor) else m.astype(scores.dtype))
    weights = scores.softmax(-1)
    if dropout_p:
        if isinstance(dropout_p, bool) or not isinstance(dropout_p, numbers.Real) or not 0 <= dropout_p <= 1:
            raise ValueError(f"scaled_dot_product_attention: dropout_p must be in [0, 1], got {dropout_p!r}")
        from nn.functional import dropout

        weights = dropout(weights, float(dropout_p))
    return weights @ v
