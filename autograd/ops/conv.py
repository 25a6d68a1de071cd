"""Convolution: three linear ops, each the other two's derivative.

A 2-d convolution ``y = conv(x, w)`` is bilinear in the input ``x`` (N, C, H, W) and
the weight ``w`` (O, C/groups, kh, kw), so its derivatives are convolutions too:

* ``Conv2d``:          y  = conv(x, w)
* ``ConvTranspose2d``: gx = conv_transpose(g, w), the adjoint of conv in x
  (d/dx <conv(x, w), g> = conv_transpose(g, w)); also PyTorch's ``conv_transpose2d``;
* ``ConvWeight``:      gw = conv_weight(x, g), the adjoint of conv in w
  (d/dw <conv(x, w), g> = conv_weight(x, g)).

Each one's backward calls the other two, so gradients of any order are
convolutions; under ``create_graph`` they are recorded like any op (see
:mod:`autograd.ops.base`).

How the forward is computed (why it is fast): the padded input is viewed, without a
copy, as its sliding windows with ``as_strided``; one copy lays them out as the
(K = C/groups*kh*kw, M = N*oh*ow) "im2col" matrix with the long output axis
contiguous, and one BLAS gemm per group gives the (O, N, oh, ow) result, which is
returned as an (N, O, oh, ow) view: channels-first in memory, which the next conv's
gemm (and the weight gradient's) reads without a transpose. The matrix is kept for
the weight gradient, so backward does not rebuild it. conv_transpose is the gemm
``w^T g`` followed by "col2im": one strided add per kernel offset (a loop over
kh*kw, never over batch items, channels or pixels).

Padding is internal as ((top, bottom), (left, right)) so ``padding="same"`` with an
even kernel (asymmetric, as in PyTorch) needs no extra op.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from autograd.ops import formulas
from autograd.ops.base import BackwardContext, Op
from autograd.tensor import as_tensor

Pair = tuple[int, int]
Pads = tuple[Pair, Pair]


# ------------------------------------------------------------ numpy kernels
def _pad_input(x: np.ndarray, pads: Pads) -> np.ndarray:
    (pt, pb), (pl, pr) = pads
    if not (pt or pb or pl or pr):
        return x
    n, c, h, w = x.shape
    xp = np.zeros((n, c, h + pt + pb, w + pl + pr), dtype=x.dtype)
    xp[:, :, pt:pt + h, pl:pl + w] = x
    return xp


def out_size(size: int, k: int, s: int, pads: Pair, d: int) -> int:
    """Output length of a convolution along one axis."""
    return (size + pads[0] + pads[1] - d * (k - 1) - 1) // s + 1


def windows(xp: np.ndarray, k: Pair, s: Pair, d: Pair, out: Pair) -> np.ndarray:
    """The (N, C, kh, kw, oh, ow) sliding-window view of a padded (N, C, Hp, Wp)
    array (any memory layout; no copy)."""
    n, c = xp.shape[:2]
    sn, sc, sh, sw = xp.strides
    return as_strided(xp, (n, c, k[0], k[1], out[0], out[1]),
                      (sn, sc, sh * d[0], sw * d[1], sh * s[0], sw * s[1]), writeable=False)


def im2col(x: np.ndarray, k: Pair, s: Pair, pads: Pads, d: Pair, groups: int) -> tuple[np.ndarray, Pair]:
    """The (groups, C/groups*kh*kw, N*oh*ow) matrix of x's windows, and (oh, ow)."""
    n, c, h, w = x.shape
    out = (out_size(h, k[0], s[0], pads[0], d[0]), out_size(w, k[1], s[1], pads[1], d[1]))
    win = windows(_pad_input(x, pads), k, s, d, out)
    cg = c // groups
    # (C, kh, kw, N, oh, ow): ow is the fastest axis of the copy, a long contiguous run
    cols = np.empty((c, k[0], k[1], n, out[0], out[1]), dtype=x.dtype)
    np.copyto(cols, win.transpose(1, 2, 3, 0, 4, 5))
    return cols.reshape(groups, cg * k[0] * k[1], n * out[0] * out[1]), out


def _group_matrix(g: np.ndarray, groups: int) -> np.ndarray:
    """g (N, O, oh, ow) as (groups, O/groups, N*oh*ow); free when g is channels-first in memory."""
    n, o, oh, ow = g.shape
    return g.transpose(1, 0, 2, 3).reshape(groups, o // groups, n * oh * ow)


def _gemm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b over a leading group axis (plain 2-d BLAS for one group)."""
    if a.shape[0] == 1:
        return (a[0] @ b[0])[None]
    return np.matmul(a, b)


def conv_forward(x: np.ndarray, w: np.ndarray, bias: np.ndarray | None, s: Pair, pads: Pads, d: Pair,
                 groups: int) -> tuple[np.ndarray, np.ndarray]:
    """conv(x, w) + bias as an (N, O, oh, ow) view of an (O, N, oh, ow) array, and the im2col matrix."""
    n = x.shape[0]
    o, cg, kh, kw = w.shape
    cols, (oh, ow) = im2col(x, (kh, kw), s, pads, d, groups)
    wm = w.reshape(groups, o // groups, cg * kh * kw)
    y = _gemm(wm, cols).reshape(o, n * oh * ow)
    if bias is not None:
        y += bias.reshape(o, 1).astype(y.dtype, copy=False)
    return y.reshape(o, n, oh, ow).transpose(1, 0, 2, 3), cols


def conv_transpose_forward(g: np.ndarray, w: np.ndarray, size: Pair, s: Pair, pads: Pads, d: Pair,
                           groups: int) -> np.ndarray:
    """The adjoint of conv in x: g (N, O, oh, ow), w (O, C/groups, kh, kw) -> (N, C, *size)."""
    n, o, oh, ow = g.shape
    _, cg, kh, kw = w.shape
    c = cg * groups
    wm = w.reshape(groups, o // groups, cg * kh * kw).transpose(0, 2, 1)
    gcols = _gemm(wm, _group_matrix(g, groups)).reshape(c, kh, kw, n, oh, ow)
    (pt, pb), (pl, pr) = pads
    gxp = np.zeros((c, n, size[0] + pt + pb, size[1] + pl + pr), dtype=np.result_type(g, w))
    hspan, wspan = s[0] * (oh - 1) + 1, s[1] * (ow - 1) + 1
    for i in range(kh):  # col2im: one strided add per kernel offset
        for j in range(kw):
            gxp[:, :, i * d[0]:i * d[0] + hspan:s[0], j * d[1]:j * d[1] + wspan:s[1]] += gcols[:, i, j]
    return gxp[:, :, pt:pt + size[0], pl:pl + size[1]].transpose(1, 0, 2, 3)


def conv_weight_forward(x: np.ndarray, g: np.ndarray, k: Pair, s: Pair, pads: Pads, d: Pair, groups: int,
                        cols: np.ndarray | None = None) -> np.ndarray:
    """The adjoint of conv in w: x (N, C, H, W), g (N, O, oh, ow) -> (O, C/groups, kh, kw)."""
    o = g.shape[1]
    if cols is None:
        cols = im2col(x, k, s, pads, d, groups)[0]
    gw = _gemm(_group_matrix(g, groups), cols.transpose(0, 2, 1))
    return gw.reshape(o, x.shape[1] // groups, k[0], k[1])


# --------------------------------------------------------------------- ops
def _bias_grad(g: Any) -> Any:
    if formulas.is_tensor(g):
        return g.sum(axis=(0, 2, 3))
    return np.add.reduce(g, axis=(0, 2, 3))


def _conv(x: Any, w: Any, s: Pair, pads: Pads, d: Pair, groups: int) -> Any:
    if formulas.is_tensor(x) or formulas.is_tensor(w):
        return Conv2d.apply(as_tensor(x), as_tensor(w), stride=s, pads=pads, dilation=d, groups=groups)
    return conv_forward(x, w, None, s, pads, d, groups)[0]


def _conv_transpose(g: Any, w: Any, size: Pair, s: Pair, pads: Pads, d: Pair, groups: int) -> Any:
    if formulas.is_tensor(g) or formulas.is_tensor(w):
        return ConvTranspose2d.apply(as_tensor(g), as_tensor(w), size=size, stride=s, pads=pads, dilation=d,
                                     groups=groups)
    return conv_transpose_forward(g, w, size, s, pads, d, groups)


def _conv_weight(x: Any, g: Any, k: Pair, s: Pair, pads: Pads, d: Pair, groups: int, cols: Any = None) -> Any:
    if formulas.is_tensor(x) or formulas.is_tensor(g):
        return ConvWeight.apply(as_tensor(x), as_tensor(g), ksize=k, stride=s, pads=pads, dilation=d,
                                groups=groups)
    return conv_weight_forward(x, g, k, s, pads, d, groups, cols)


class Conv2d(Op):
    """y = conv(x, w) + b (cross-correlation, PyTorch's convention).

    dx = conv_transpose(g, w);  dw = conv_weight(x, g);  db = g summed over (N, oh, ow).
    """

    name = "conv2d"

    @staticmethod
    def forward(x: Any, w: Any, *bias: Any, stride: Pair, pads: Pads, dilation: Pair,
                groups: int) -> tuple[Any, Any]:
        out, cols = conv_forward(x, w, bias[0] if bias else None, stride, pads, dilation, groups)
        return out, (stride, pads, dilation, groups, cols)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        s, pads, d, groups, cols = ctx.saved
        x, w = ctx.inputs[0], ctx.inputs[1]
        need = ctx.needs_input_grad
        gx = _conv_transpose(g, w, x.shape[2:], s, pads, d, groups) if need[0] else None
        gw = _conv_weight(x, g, w.shape[2:], s, pads, d, groups, cols) if need[1] else None
        if len(ctx.inputs) == 2:
            return gx, gw
        return gx, gw, (_bias_grad(g) if need[2] else None)


class ConvTranspose2d(Op):
    """y = conv_transpose(g, w) + b, the adjoint of conv in its input (of spatial size ``size``).

    d/dg = conv(gy, w);  d/dw = conv_weight(gy, g);  db = gy summed over (N, H, W).
    """

    name = "conv_transpose2d"

    @staticmethod
    def forward(g: Any, w: Any, *bias: Any, size: Pair, stride: Pair, pads: Pads, dilation: Pair,
                groups: int) -> tuple[Any, Any]:
        out = conv_transpose_forward(g, w, size, stride, pads, dilation, groups)
        if bias:
            out = out + bias[0].reshape(1, -1, 1, 1)
        return out, (stride, pads, dilation, groups)

    @staticmethod
    def backward(ctx: BackwardContext, gy: Any) -> tuple[Any, ...]:
        s, pads, d, groups = ctx.saved
        g, w = ctx.inputs[0], ctx.inputs[1]
        need = ctx.needs_input_grad
        gg = _conv(gy, w, s, pads, d, groups) if need[0] else None
        gw = _conv_weight(gy, g, w.shape[2:], s, pads, d, groups) if need[1] else None
        if len(ctx.inputs) == 2:
            return gg, gw
        return gg, gw, (_bias_grad(gy) if need[2] else None)


class ConvWeight(Op):
    """gw = conv_weight(x, g): the gradient of conv(x, w) in w, as an op of (x, g).

    <W, conv_weight(x, g)> = <conv(x, W), g>, so d/dx = conv_transpose(g, W) and
    d/dg = conv(x, W) for the upstream W.
    """

    name = "conv_weight"

    @staticmethod
    def forward(x: Any, g: Any, ksize: Pair, stride: Pair, pads: Pads, dilation: Pair,
                groups: int) -> tuple[Any, Any]:
        return conv_weight_forward(x, g, ksize, stride, pads, dilation, groups), (stride, pads, dilation, groups)

    @staticmethod
    def backward(ctx: BackwardContext, gw: Any) -> tuple[Any, ...]:
        s, pads, d, groups = ctx.saved
        x, g = ctx.inputs
        need = ctx.needs_input_grad
        gx = _conv_transpose(g, gw, x.shape[2:], s, pads, d, groups) if need[0] else None
        gg = _conv(x, gw, s, pads, d, groups) if need[1] else None
        return gx, gg
