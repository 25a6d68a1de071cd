"""Plain-loop numpy forwards: the independent references of the op registry's cases.

Each function here computes what one op of :mod:`autograd.ops` computes, the slow
and obvious way (a loop over every output element or time step, no strides, no
im2col), so that ``tests/test_op_registry.py`` compares the fast forward with
something written differently (see :class:`autograd.ops.base.Case`). Only small
case-sized inputs ever come here. :func:`spread` builds tie-free inputs for ops
whose kinks are ties (max pooling).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def _pair(v: Any) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride: Any = 1, padding: Any = 0,
           dilation: Any = 1, groups: int = 1) -> np.ndarray:
    """PyTorch's conv2d, one output element at a time."""
    (sh, sw), (dh, dw) = _pair(stride), _pair(dilation)
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    if padding == "same":  # an odd total padding puts the extra row/column after
        th, tw = dh * (kh - 1), dw * (kw - 1)
        pt, pb, pl, pr = th // 2, th - th // 2, tw // 2, tw - tw // 2
    else:
        ph, pw = _pair(0 if padding == "valid" else padding)
        pt, pb, pl, pr = ph, ph, pw, pw
    xp = np.zeros((n, c, h + pt + pb, wd + pl + pr))
    xp[:, :, pt:pt + h, pl:pl + wd] = x
    oh = (h + pt + pb - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + pl + pr - dw * (kw - 1) - 1) // sw + 1
    og = o // groups
    y = np.zeros((n, o, oh, ow))
    for b_ in range(n):
        for oc in range(o):
            first = (oc // og) * cg
            for i in range(oh):
                for j in range(ow):
                    total = 0.0
                    for ci in range(cg):
                        for p in range(kh):
                            for q in range(kw):
                                total += xp[b_, first + ci, i * sh + p * dh, j * sw + q * dw] * w[oc, ci, p, q]
                    y[b_, oc, i, j] = total + (0.0 if b is None else b[oc])
    return y


def conv_transpose2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride: Any = 1,
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1) -> np.ndarray:
    """PyTorch's conv_transpose2d: every input element scatters its weighted kernel."""
    (sh, sw), (ph, pw), (oph, opw), (dh, dw) = _pair(stride), _pair(padding), _pair(output_padding), _pair(dilation)
    n, cin, h, wd = x.shape
    _, og, kh, kw = w.shape
    cg = cin // groups
    # every position a kernel reaches, then output_padding more rows/columns of zeros
    full = np.zeros((n, og * groups, (h - 1) * sh + dh * (kh - 1) + 1 + oph, (wd - 1) * sw + dw * (kw - 1) + 1 + opw))
    for b_ in range(n):
        for ci in range(cin):
            g = ci // cg
            for i in range(h):
                for j in range(wd):
                    for oc in range(og):
                        for p in range(kh):
                            for q in range(kw):
                                v = x[b_, ci, i, j] * w[ci, oc, p, q]
                                full[b_, g * og + oc, i * sh + p * dh, j * sw + q * dw] += v
    y = full[:, :, ph:full.shape[2] - ph, pw:full.shape[3] - pw]  # padding crops both sides
    return y if b is None else y + b.reshape(1, -1, 1, 1)


def conv_weight(x: np.ndarray, g: np.ndarray, ksize: tuple[int, int], stride: tuple[int, int],
                pads: tuple[tuple[int, int], tuple[int, int]], dilation: tuple[int, int], groups: int) -> np.ndarray:
    """d/dw of <conv(x, w), g>: gw[o, c, p, q] = sum over (n, i, j) of g[n, o, i, j] x_padded[n, c', i s + p d, ...]."""
    n, c, h, wd = x.shape
    o, oh, ow = g.shape[1:]
    (pt, pb), (pl, pr) = pads
    xp = np.zeros((n, c, h + pt + pb, wd + pl + pr))
    xp[:, :, pt:pt + h, pl:pl + wd] = x
    cg, og = c // groups, o // groups
    gw = np.zeros((o, cg) + tuple(ksize))
    for oc in range(o):
        for ci in range(cg):
            for p in range(ksize[0]):
                for q in range(ksize[1]):
                    total = 0.0
                    for b_ in range(n):
                        for i in range(oh):
                            for j in range(ow):
                                total += g[b_, oc, i, j] * xp[b_, (oc // og) * cg + ci, i * stride[0] + p * dilation[0],
                                                               j * stride[1] + q * dilation[1]]
                    gw[oc, ci, p, q] = total
    return gw


def _pool_size(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    span = d * (k - 1) + 1
    o = (math.ceil if ceil_mode else math.floor)((size + 2 * p - span) / s) + 1
    return o - 1 if ceil_mode and (o - 1) * s >= size + p else o  # no window may start in the right padding


def max_pool2d(x: np.ndarray, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
               ceil_mode: bool = False) -> np.ndarray:
    """PyTorch's max_pool2d: the max over each window's elements inside the input."""
    (kh, kw), (ph, pw), (dh, dw) = _pair(kernel_size), _pair(padding), _pair(dilation)
    sh, sw = (kh, kw) if stride is None else _pair(stride)
    n, c, h, wd = x.shape
    oh, ow = _pool_size(h, kh, sh, ph, dh, ceil_mode), _pool_size(wd, kw, sw, pw, dw, ceil_mode)
    y = np.empty((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            rows = [r for r in range(i * sh - ph, i * sh - ph + dh * kh, dh) if 0 <= r < h]
            cols = [q for q in range(j * sw - pw, j * sw - pw + dw * kw, dw) if 0 <= q < wd]
            y[:, :, i, j] = x[:, :, rows][:, :, :, cols].max(axis=(2, 3))
    return y


def spread(x: Any) -> Any:
    """x (drawn in [0, 0.05)) plus a fixed permutation of 0, 0.1, 0.2, ...: no two
    elements closer than 0.05, so a max never sits at a tie (works on Tensors too)."""
    shape = tuple(x.shape)
    return x + np.random.default_rng(0).permutation(math.prod(shape)).reshape(shape) * 0.1


def normalize(x: np.ndarray, axes: tuple[int, ...], w: np.ndarray | None = None, b: np.ndarray | None = None,
              eps: float = 1e-5) -> np.ndarray:
    """(x - mean) / sqrt(biased var + eps) over ``axes``, times w plus b (already broadcastable)."""
    mean = np.mean(x, axis=axes, keepdims=True)
    var = np.mean((x - mean) ** 2, axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps)
    return y * (1.0 if w is None else w) + (0.0 if b is None else b)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Phi(x) = (1 + erf(x / sqrt 2)) / 2 with ``math.erf``, element by element."""
    return np.vectorize(lambda v: 0.5 * (1.0 + math.erf(v / math.sqrt(2.0))))(x)


def rnn(gi: np.ndarray, h0: np.ndarray, w: np.ndarray, nonlinearity: str) -> np.ndarray:
    """h_t = act(gi_t + h_{t-1} W^T), stacked."""
    h, hs = h0, []
    for t in range(gi.shape[0]):
        a = gi[t] + h @ w.T
        h = np.tanh(a) if nonlinearity == "tanh" else np.maximum(a, 0.0)
        hs.append(h)
    return np.stack(hs)


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-a))


def lstm(gi: np.ndarray, h0: np.ndarray, c0: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The LSTM cell (gates i, f, g, o) step by step; h_1..h_T then c_T, stacked."""
    h, c, hs = h0, c0, []
    for t in range(gi.shape[0]):
        i, f, g, o = np.split(gi[t] + h @ w.T, 4, axis=1)
        c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
        h = _sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs + [c])


def gru(gi: np.ndarray, h0: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """PyTorch's GRU cell (gates r, z, n; b_hh inside r's product) step by step."""
    h, hs = h0, []
    for t in range(gi.shape[0]):
        xr, xz, xn = np.split(gi[t], 3, axis=1)
        hr, hz, hn = np.split(h @ w.T + b, 3, axis=1)
        r, z = _sigmoid(xr + hr), _sigmoid(xz + hz)
        n = np.tanh(xn + r * hn)
        h = (1.0 - z) * n + z * h
        hs.append(h)
    return np.stack(hs)


def functional(name: str) -> Any:
    """``nn.functional.<name>``, looked up when called (the ops modules are imported
    before nn is), for cases that run an op through its public function."""

    def call(*args: Any, **kwargs: Any) -> Any:
        import nn.functional

        return getattr(nn.functional, name)(*args, **kwargs)

    call.__name__ = name
    return call
