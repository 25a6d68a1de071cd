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

How it is computed (why it is fast): the padded input, channels-last in memory, is
viewed without a copy as its sliding windows with ``as_strided``; one copy lays
them out as the (M = N*oh*ow, K = kh*kw*C/groups) "im2col" matrix, and one BLAS
gemm per group gives the (M, O) result: channels-last, returned as an (N, O, oh, ow)
view, which is what the next layer's window copy reads fastest (rows of kw*C
contiguous numbers). The matrix is kept for the weight gradient (one gemm
``cols^T g``), so backward does not rebuild it. conv_transpose is the gemm ``g w``
followed by "col2im": one strided add per kernel offset (a loop over kh*kw, never
over batch items, channels or pixels); for stride 1 the kernel's columns go into
the gemm and its rows are kh contiguous block adds (see
:func:`_conv_transpose_unit_stride`).

Padding is internal as ((top, bottom), (left, right)) so ``padding="same"`` with an
even kernel (asymmetric, as in PyTorch) needs no extra op.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from autograd.ops import formulas, naive
from autograd.ops.base import BackwardContext, Case, Op
from autograd.ops.windows import Pads, Pair, out_size, padded
from autograd.tensor import as_tensor

# ------------------------------------------------------------ numpy kernels
# Arrays are (N, C, H, W) to the caller but channels-last (N, H, W, C) in memory
# wherever this module allocates them: a window of a channels-last image is kw*C
# contiguous numbers per row, and the gemm's (N*oh*ow, O) result already is the
# next layer's channels-last input.


def im2col(x: np.ndarray, k: Pair, s: Pair, pads: Pads, d: Pair, groups: int) -> tuple[np.ndarray, Pair, bool]:
    """x's windows as one matrix per group, (oh, ow), and whether the matrix is by rows.

    Usually (groups, M = N*oh*ow, K = kh*kw*C/groups), copied from the channels-last
    input in rows of kw*C/groups numbers; when those rows would be shorter than an
    output row (few channels, e.g. a first layer on grey images) the transposed
    (groups, K, M) layout, copied in runs of ow numbers, is faster."""
    n, c, h, w = x.shape
    out = (out_size(h, k[0], s[0], pads[0], d[0]), out_size(w, k[1], s[1], pads[1], d[1]))
    cg = c // groups
    kk = k[0] * k[1] * cg
    by_rows = cg * k[1] >= out[1]
    if not by_rows:
        xp = padded(x, pads, channels_last=False)
        sn, sc, sh, sw = xp.strides
        shape = (groups, k[0], k[1], cg, n, out[0], out[1])
        strides = (sc * cg, sh * d[0], sw * d[1], sc, sn, sh * s[0], sw * s[1])
        final = (groups, kk, n * out[0] * out[1])
    else:
        xp = padded(x, pads, channels_last=True)
        sn, sh, sw, sc = xp.strides
        shape = (groups, n, out[0], out[1], k[0], k[1], cg)
        strides = (sc * cg, sn, sh * s[0], sw * s[1], sh * d[0], sw * d[1], sc)
        final = (groups, n * out[0] * out[1], kk)
    cols = np.empty(shape, dtype=x.dtype)
    np.copyto(cols, as_strided(xp, shape, strides, writeable=False))  # the one copy
    return cols.reshape(final), out, by_rows


def _weight_matrix(w: np.ndarray, groups: int) -> np.ndarray:
    """w (O, C/groups, kh, kw) as (groups, O/groups, kh*kw*C/groups), the order of im2col's columns."""
    o, cg, kh, kw = w.shape
    og = o // groups  # (the sizes spelled out: a -1 is ambiguous when one is 0)
    return w.reshape(groups, og, cg, kh, kw).transpose(0, 1, 3, 4, 2).reshape(groups, og, kh * kw * cg)


def _grad_matrix(g: np.ndarray, groups: int) -> np.ndarray:
    """g (N, O, oh, ow) as (groups, N*oh*ow, O/groups); free when g is channels-last in memory."""
    n, o, oh, ow = g.shape
    gl = g.transpose(0, 2, 3, 1).reshape(n * oh * ow, o)
    if groups == 1:
        return gl[None]
    return gl.reshape(n * oh * ow, groups, o // groups).transpose(1, 0, 2)


def _gemm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b over a leading group axis (plain 2-d BLAS for one group)."""
    if a.shape[0] == 1:
        return (a[0] @ b[0])[None]
    return np.matmul(a, b)


def conv_forward(x: np.ndarray, w: np.ndarray, bias: np.ndarray | None, s: Pair, pads: Pads, d: Pair,
                 groups: int) -> tuple[np.ndarray, tuple[np.ndarray, bool]]:
    """conv(x, w) + bias as an (N, O, oh, ow) view of an (N, oh, ow, O) array, and the
    im2col matrix with its layout."""
    n = x.shape[0]
    o, cg = w.shape[:2]
    cols, (oh, ow), by_rows = im2col(x, w.shape[2:], s, pads, d, groups)
    wm = _weight_matrix(w, groups)
    # (groups, M, O/groups): channels-last, whichever way the matrix is laid out
    y = _gemm(cols if by_rows else cols.transpose(0, 2, 1), wm.transpose(0, 2, 1))
    y = y[0] if groups == 1 else y.transpose(1, 0, 2).reshape(n * oh * ow, o)
    if bias is not None:
        y += bias.astype(y.dtype, copy=False)
    return y.reshape(n, oh, ow, o).transpose(0, 3, 1, 2), (cols, by_rows)


def conv_transpose_forward(g: np.ndarray, w: np.ndarray, size: Pair, s: Pair, pads: Pads, d: Pair,
                           groups: int) -> np.ndarray:
    """The adjoint of conv in x: g (N, O, oh, ow), w (O, C/groups, kh, kw) -> (N, C, *size)."""
    if s == (1, 1):
        return _conv_transpose_unit_stride(g, w, size, pads, d, groups)
    n, o, oh, ow = g.shape
    _, cg, kh, kw = w.shape
    gcols = _gemm(_grad_matrix(g, groups), _weight_matrix(w, groups))  # (groups, M, kh*kw*cg)
    gcols = gcols.reshape(groups, n, oh, ow, kh, kw, cg).transpose(1, 2, 3, 4, 5, 0, 6)
    (pt, pb), (pl, pr) = pads
    gxp = np.zeros((n, size[0] + pt + pb, size[1] + pl + pr, groups, cg), dtype=np.result_type(g, w))
    hspan, wspan = s[0] * (oh - 1) + 1, s[1] * (ow - 1) + 1
    for i in range(kh):  # col2im: one strided add per kernel offset
        for j in range(kw):
            gxp[:, i * d[0]:i * d[0] + hspan:s[0], j * d[1]:j * d[1] + wspan:s[1]] += gcols[:, :, :, i, j]
    gx = gxp.reshape(gxp.shape[:3] + (groups * cg,))[:, pt:pt + size[0], pl:pl + size[1]]
    return gx.transpose(0, 3, 1, 2)


def _conv_transpose_unit_stride(g: np.ndarray, w: np.ndarray, size: Pair, pads: Pads, d: Pair,
                                groups: int) -> np.ndarray:
    """conv_transpose for stride 1: the kernel's columns in one gemm, its rows as kh adds.

    gx[c, y, x] = sum over (o, i, j) of g[o, y - i d, x - j d] w[o, c, i, j]. The
    column offsets j go into the gemm: R[(o, j), n, oy, x] = g[n, o, oy, x - j d] (kw
    shifted copies of g, zero elsewhere, rows of the padded input's width), and
    T[(i, c)] = w[(i, c), (o, j)] @ R; the row offsets i are then kh adds of whole
    (oh, Wp) blocks, contiguous runs on both sides. Against a plain gemm + col2im this
    writes a kh*C-row product instead of a kh*kw*C-row one, and adds kh times, not
    kh*kw (LeNet's second conv: 25 adds of 37k numbers become 5)."""
    n, o, oh, ow = g.shape
    _, cg, kh, kw = w.shape
    og = o // groups
    (pt, pb), (pl, pr) = pads
    hp, wp = size[0] + pt + pb, size[1] + pl + pr
    dtype = np.result_type(g, w)
    rows = np.zeros((groups, og, kw, n, oh, wp), dtype=dtype)
    gg = g.transpose(1, 0, 2, 3).reshape(groups, og, n, oh, ow)
    for j in range(kw):
        rows[:, :, j, :, :, j * d[1]:j * d[1] + ow] = gg
    wm = w.reshape(groups, og, cg, kh, kw).transpose(0, 3, 2, 1, 4).reshape(groups, kh * cg, og * kw)
    t = _gemm(wm, rows.reshape(groups, og * kw, n * oh * wp)).reshape(groups, kh, cg, n, oh, wp)
    gxp = np.zeros((groups, cg, n, hp, wp), dtype=dtype)
    for i in range(kh):
        gxp[:, :, :, i * d[0]:i * d[0] + oh] += t[:, i]
    gx = gxp.reshape(groups * cg, n, hp, wp)[:, :, pt:pt + size[0], pl:pl + size[1]]
    return gx.transpose(1, 0, 2, 3)


def conv_weight_forward(x: np.ndarray, g: np.ndarray, k: Pair, s: Pair, pads: Pads, d: Pair, groups: int,
                        cols: tuple[np.ndarray, bool] | None = None) -> np.ndarray:
    """The adjoint of conv in w: x (N, C, H, W), g (N, O, oh, ow) -> (O, C/groups, kh, kw).
    ``cols``: the forward's im2col matrix and whether it is (groups, M, K)."""
    n, o, oh, ow = g.shape
    cg = x.shape[1] // groups
    if cols is None:
        m, _, by_rows = im2col(x, k, s, pads, d, groups)
    else:
        m, by_rows = cols
    # gw^T = cols^T g, (groups, K, O/groups): OpenBLAS runs this long-K product faster
    # than g^T cols (see the README's conv benchmark notes)
    gwt = _gemm(m.transpose(0, 2, 1) if by_rows else m, _grad_matrix(g, groups))
    return np.ascontiguousarray(gwt.transpose(0, 2, 1).reshape(o, k[0], k[1], cg).transpose(0, 3, 1, 2))


# --------------------------------------------------------------------- ops
def _bias_grad(g: Any) -> Any:
    """g summed over (N, oh, ow)."""
    if formulas.is_tensor(g):
        return g.sum(axis=(0, 2, 3))
    gl = g.transpose(0, 2, 3, 1)
    if gl.flags.c_contiguous:
        # channels-last: the column sums of an (M, O) matrix, as a BLAS product with ones
        # (much faster than np.add.reduce over rows of a few numbers, and as accurate)
        gm = gl.reshape(-1, g.shape[1])
        return np.ones(gm.shape[0], dtype=g.dtype) @ gm
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
    cases = (
        Case(shapes=[(1, 2, 4, 4), (3, 2, 2, 2), (3,)], call=naive.functional("conv2d"), reference=naive.conv2d),
        Case(shapes=[(2, 4, 5, 5), (4, 2, 3, 2), (4,)], params={"stride": 2, "padding": 1, "groups": 2},
             call=naive.functional("conv2d"), reference=naive.conv2d),
        Case(shapes=[(1, 2, 6, 7), (2, 2, 2, 2)], params={"stride": (1, 3), "padding": (2, 0), "dilation": (2, 1)},
             call=naive.functional("conv2d"), reference=naive.conv2d),
        Case(shapes=[(1, 2, 5, 5), (2, 2, 3, 2), (2,)], params={"padding": "same", "dilation": 2},  # asymmetric
             call=naive.functional("conv2d"), reference=naive.conv2d),
        Case(shapes=[(1, 3, 4, 4), (3, 1, 2, 2), (3,)], params={"padding": "valid", "groups": 3},  # depthwise
             call=naive.functional("conv2d"), reference=naive.conv2d),
    )

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
    cases = (
        Case(shapes=[(1, 2, 3, 3), (2, 3, 2, 2), (3,)], call=naive.functional("conv_transpose2d"),
             reference=naive.conv_transpose2d),
        Case(shapes=[(2, 4, 3, 2), (4, 1, 3, 2), (2,)],
             params={"stride": 2, "padding": 1, "output_padding": 1, "groups": 2},
             call=naive.functional("conv_transpose2d"), reference=naive.conv_transpose2d),
        Case(shapes=[(1, 2, 3, 2), (2, 2, 3, 2)],
             params={"stride": (2, 3), "padding": (0, 1), "output_padding": (1, 2), "dilation": (2, 1)},
             call=naive.functional("conv_transpose2d"), reference=naive.conv_transpose2d),
        Case(shapes=[(1, 3, 3, 3), (3, 1, 2, 2), (3,)], params={"padding": 1, "dilation": 2, "groups": 3},
             call=naive.functional("conv_transpose2d"), reference=naive.conv_transpose2d),
    )

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
    cases = (
        Case(shapes=[(2, 2, 4, 4), (2, 3, 3, 3)], reference=naive.conv_weight,
             params={"ksize": (2, 2), "stride": (1, 1), "pads": ((0, 0), (0, 0)), "dilation": (1, 1), "groups": 1}),
        Case(shapes=[(1, 4, 5, 4), (1, 2, 2, 3)], reference=naive.conv_weight,  # asymmetric pads: padding="same"
             params={"ksize": (3, 2), "stride": (2, 1), "pads": ((1, 0), (0, 1)), "dilation": (1, 2), "groups": 2}),
    )

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
