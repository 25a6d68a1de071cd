"""Max pooling as an op; average pooling is a depthwise convolution (see :mod:`nn.functional`).

``MaxPool2d`` picks, in every window, the first largest element (PyTorch's choice on
ties) with one ``argmax`` over the (N, C, oh, ow, kh*kw) copy of the strided window
view; it saves the flat index of each pick, and its gradient sends ``g`` back to
those elements. That gradient is linear in ``g`` (a scatter-add at fixed indices),
so under ``create_graph`` it is recorded as :func:`autograd.ops.shape.scatter_add`,
whose own derivative is the gather ``gg[index]``: max pooling is differentiable to
any order (almost everywhere, like max). A NaN in a window makes its output NaN, as
in PyTorch, but the gradient then goes to the window's largest other element.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.ops import formulas, naive
from autograd.ops.base import BackwardContext, Case, Op
from autograd.ops.windows import Pads, Pair, windows


def _first_max(views: list[Any]) -> tuple[Any, Any]:
    """Elementwise max over equally shaped arrays (NaN propagates, as in PyTorch) and
    the position of the first maximum.

    The views (strided windows of the input) are first copied, one pass, into one
    contiguous plane each, in the input's memory order; the three passes per kernel
    offset then run on contiguous arrays, which numpy does several times faster than
    on strided views with short inner runs (a channels-last image's C numbers)."""
    proto = np.empty_like(views[0])  # (order K: the input's memory layout)
    order = tuple(int(a) for a in np.argsort([-abs(st) for st in proto.strides], kind="stable"))
    inverse = tuple(int(a) for a in np.argsort(order))
    buf = np.empty((len(views),) + tuple(proto.shape[a] for a in order), dtype=proto.dtype)
    planes = buf.transpose((0,) + tuple(1 + a for a in inverse))
    for t, v in enumerate(views):
        np.copyto(planes[t], v)
    best = buf[0].copy()
    arg = np.zeros(best.shape, dtype=np.int16)
    for t in range(1, len(views)):
        v = buf[t]
        upd = v > best
        np.maximum(best, v, out=best)
        np.copyto(arg, t, where=upd)
    return best.transpose(inverse), arg.transpose(inverse)


_POOL_CASES: list[tuple[tuple[int, ...], dict[str, Any]]] = [  # input shape, max_pool2d's arguments
    ((1, 2, 4, 4), {"kernel_size": 2}),  # windows tiling the input
    ((2, 2, 5, 5), {"kernel_size": 3, "stride": 1, "padding": 1}),  # overlapping, padded
    ((1, 2, 7, 6), {"kernel_size": (3, 2), "stride": (2, 1), "padding": (1, 0), "ceil_mode": True}),
    ((1, 1, 6, 6), {"kernel_size": 2, "stride": 2, "padding": 1, "dilation": 2}),
]


class MaxPool2d(Op):
    """y = max over each window of x (padding counts as -inf).

    dx[i] = sum of g over the windows whose (first) maximum is x[i].
    """

    name = "max_pool2d"
    # inputs spread apart (naive.spread): no ties, where max is not differentiable
    cases = tuple(
        Case(shapes=[shape], low=0.0, high=0.05, params=params,
             call=lambda x, **kw: naive.functional("max_pool2d")(naive.spread(x), **kw),
             reference=lambda x, **kw: naive.max_pool2d(naive.spread(x), **kw))
        for shape, params in _POOL_CASES)

    @staticmethod
    def forward(x: Any, ksize: Pair, stride: Pair, pads: Pads, dilation: Pair, out: Pair) -> tuple[Any, Any]:
        n, c, h, w = x.shape
        (pt, pb), (pl, pr) = pads
        kh, kw = ksize
        tiles = ksize == stride and dilation == (1, 1) and not (pt or pb or pl or pr) and h % kh == 0 and w % kw == 0
        if tiles:  # windows tile the input: split H and W, no copy of the windows
            xr = x.reshape(n, c, out[0], kh, out[1], kw)
            views = [xr[:, :, :, i, :, j] for i in range(kh) for j in range(kw)]
        else:
            if pt or pb or pl or pr:
                xp = np.full((n, c, h + pt + pb, w + pl + pr), -np.inf, dtype=x.dtype)
                xp[:, :, pt:pt + h, pl:pl + w] = x
            else:
                xp = x
            win = windows(xp, ksize, stride, dilation, out)  # (N, C, kh, kw, oh, ow)
            views = [win[:, :, i, j] for i in range(kh) for j in range(kw)]
        y, arg = _first_max(views)
        overlap = stride[0] < dilation[0] * (kh - 1) + 1 or stride[1] < dilation[1] * (kw - 1) + 1
        return y, (x.shape, arg, ksize, stride, pads, dilation, tiles, overlap)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        shape, arg, ksize, stride, pads, dilation, tiles, overlap = ctx.saved
        n, c, h, w = shape
        kh, kw = ksize
        if tiles and not formulas.is_tensor(g):
            # one masked product per kernel offset, all arrays in the input's memory
            # layout (mixed layouts cost numpy 3-4x here); every element is written once
            gk = np.empty_like(arg, dtype=g.dtype)
            np.copyto(gk, g)
            gx = np.empty_like(ctx.inputs[0])
            gxr = gx.view()
            gxr.shape = (n, c, h // kh, kh, w // kw, kw)  # (a view: raises rather than copy)
            for i in range(kh):
                for j in range(kw):
                    np.multiply(gk, arg == i * kw + j, out=gxr[:, :, :, i, :, j])
            return (gx,)
        index = flat_index(shape, arg, ksize, stride, pads, dilation)
        size = n * c * h * w
        if formulas.is_tensor(g):
            return (formulas.scatter_add(g.reshape(-1), (index.reshape(-1),), (size,)).reshape(shape),)
        if overlap:  # one element can win several windows: add up
            gx = np.bincount(index.ravel(), weights=g.ravel(), minlength=size).astype(g.dtype, copy=False)
        else:  # every element wins at most one window: a plain assignment
            gx = np.zeros(size, dtype=g.dtype)
            gx[index.ravel()] = g.ravel()
        return (gx.reshape(shape),)


def plane_index(arg: np.ndarray, w: int, ksize: Pair, stride: Pair, pads: Pads, dilation: Pair) -> np.ndarray:
    """Each pick's index within its (H, W) plane (PyTorch's ``return_indices``), from its
    offset ``arg`` within its window."""
    oh, ow = arg.shape[2:]
    rows = np.arange(oh)[:, None] * stride[0] + (arg // ksize[1]) * dilation[0] - pads[0][0]
    cols = np.arange(ow) * stride[1] + (arg % ksize[1]) * dilation[1] - pads[1][0]
    return rows.astype(np.int64) * w + cols


def flat_index(shape: tuple[int, ...], arg: np.ndarray, ksize: Pair, stride: Pair, pads: Pads,
               dilation: Pair) -> np.ndarray:
    """Each pick's index in the C-order flattened input."""
    n, c, h, w = shape
    return plane_index(arg, w, ksize, stride, pads, dilation) + (np.arange(n * c) * (h * w)).reshape(n, c, 1, 1)
