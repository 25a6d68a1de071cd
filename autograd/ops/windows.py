"""Sliding windows over an image, shared by convolution and pooling (numpy only).

A padded (N, C, H, W) image is viewed as its windows without a copy; the window
geometry (``Pair`` sizes, ``Pads`` per side) is written once here for
:mod:`autograd.ops.conv` and :mod:`autograd.ops.pooling`.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

Pair = tuple[int, int]
Pads = tuple[Pair, Pair]


def padded(x: np.ndarray, pads: Pads, channels_last: bool) -> np.ndarray:
    """x (N, C, H, W) zero-padded, as (N, Hp, Wp, C) or (N, C, Hp, Wp) (a view when unpadded)."""
    xl = x.transpose(0, 2, 3, 1) if channels_last else x
    (pt, pb), (pl, pr) = pads
    if not (pt or pb or pl or pr):
        return xl
    shape = list(xl.shape)
    ha, wa = (1, 2) if channels_last else (2, 3)
    shape[ha] += pt + pb
    shape[wa] += pl + pr
    xp = np.zeros(shape, dtype=x.dtype)
    if channels_last:
        xp[:, pt:pt + x.shape[2], pl:pl + x.shape[3]] = xl
    else:
        xp[:, :, pt:pt + x.shape[2], pl:pl + x.shape[3]] = xl
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
