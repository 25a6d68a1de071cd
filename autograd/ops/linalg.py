"""Matrix products.

``matmul`` follows ``numpy.matmul``: 2-d is the matrix product, leading axes are
batch axes (broadcast), a 1-d first operand is a row vector and a 1-d second
operand a column vector (the added axis is removed from the result).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.ops import formulas
from autograd.ops.base import BackwardContext, Case, Op, broadcast_shapes, sum_to
from autograd.tensor import Tensor, as_tensor


class MatMul(Op):
    """a @ b;  d/da = g @ b^T, d/db = a^T @ g (transposes over the last two axes)."""

    name = "matmul"
    cases = (
        Case(shapes=[(3, 4), (4, 2)], reference=lambda a, b: np.einsum("ij,jk->ik", a, b)),
        Case(shapes=[(3,), (3,)], reference=lambda a, b: np.einsum("i,i->", a, b)),
        Case(shapes=[(2, 3, 4), (4,)], reference=lambda a, b: np.einsum("bij,j->bi", a, b)),
        Case(shapes=[(3,), (2, 3, 4)], reference=lambda a, b: np.einsum("i,bij->bj", a, b)),
        Case(shapes=[(2, 1, 3, 4), (3, 4, 2)], reference=lambda a, b: np.einsum("xyij,cjk->xcik", a, b)),
    )

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return a @ b, None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, b = ctx.inputs
        need_a, need_b = ctx.needs_input_grad
        if a.ndim == 2 and b.ndim == 2:  # the common case, no reshaping
            return (g @ b.T if need_a else None), (a.T @ g if need_b else None)
        if a.ndim == 1 and b.ndim == 1:  # dot product: g is a scalar
            return (g * b if need_a else None), (g * a if need_b else None)
        # Give 1-d operands their implied axis, so every case is a (batched) matrix product.
        a2 = a.reshape((1, a.shape[0])) if a.ndim == 1 else a
        b2 = b.reshape((b.shape[0], 1)) if b.ndim == 1 else b
        g2 = g
        if a.ndim == 1:
            g2 = formulas.expand_dims(g2, -2)
        if b.ndim == 1:
            g2 = formulas.expand_dims(g2, -1)
        ga = gb = None
        if need_a:
            ga = sum_to(g2 @ formulas.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
        if need_b:
            gb = sum_to(formulas.swapaxes(a2, -1, -2) @ g2, b2.shape).reshape(b.shape)
        return ga, gb


def matmul(a: Any, b: Any) -> Tensor:
    """Matrix product with numpy's rules; a ValueError names both shapes on mismatch."""
    x = a if isinstance(a, Tensor) else as_tensor(a, where="matmul")
    y = b if isinstance(b, Tensor) else as_tensor(b, where="matmul")
    try:
        return MatMul.apply(x, y)
    except ValueError:
        raise _mismatch(x.data.shape, y.data.shape) from None


def _mismatch(xs: tuple[int, ...], ys: tuple[int, ...]) -> ValueError:
    """The error for operands numpy refused, naming both shapes and why."""
    if len(xs) == 0 or len(ys) == 0:
        return ValueError(f"matmul: both operands need at least 1 dimension, got shapes {xs} and {ys}")
    k_left = xs[-1]
    k_right = ys[0] if len(ys) == 1 else ys[-2]
    if k_left != k_right:
        return ValueError(f"matmul: shapes {xs} and {ys} are not aligned ({k_left} != {k_right})")
    try:
        broadcast_shapes("matmul (batch axes)", xs[:-2], ys[:-2])
    except ValueError as exc:
        return ValueError(f"{exc}; operand shapes {xs} and {ys}")
    return ValueError(f"matmul: cannot multiply shapes {xs} and {ys}")
