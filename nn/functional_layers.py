"""The layers' functional forms: convolution, pooling, normalization, embedding, GELU/SiLU/softplus.

Names, argument orders, defaults and numbers follow ``torch.nn.functional``; these
functions check their arguments (a ValueError names the function, the argument and
the shapes) and call the ops of :mod:`autograd.ops.conv`, :mod:`autograd.ops.pooling`
and :mod:`autograd.ops.normalization`. They are re-exported by :mod:`nn.functional`.

Built from other ops: ``conv1d`` is ``conv2d`` on a height-1 image; ``avg_pool2d`` is
a depthwise convolution with a constant kernel of ones, divided by the window
sizes; ``adaptive_avg_pool2d`` is two products with constant averaging matrices
(``A_h @ x @ A_w^T``); batch norm in evaluation is an affine map of Tensor ops;
``softplus`` with ``beta``/``threshold`` is a ``where`` around the softplus op. All of
them are differentiable to any order.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from autograd.ops.base import new_tensor, record
from autograd.ops.conv import Conv2d, ConvTranspose2d, Pads, Pair
from autograd.ops.normalization import Embedding, Normalize, Silu
from autograd.ops.pooling import MaxPool2d, plane_index
from autograd.tensor import Tensor, as_tensor

__all__ = [
    "conv1d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "batch_norm",
    "layer_norm", "group_norm", "max_pool1d", "avg_pool1d", "embedding", "gelu", "silu", "softplus",
]


# ------------------------------------------------------------------ checks
def _tensor(where: str, name: str, x: Any) -> Tensor:
    if isinstance(x, Tensor):
        t = x
    elif isinstance(x, np.ndarray):
        t = as_tensor(x)
    else:
        raise TypeError(f"{where}: {name} must be a Tensor, got {type(x).__name__}")
    if t.data.dtype.kind != "f":
        raise TypeError(f"{where}: {name} must be a floating tensor, got dtype {t.data.dtype}")
    return t


def _ints(where: str, name: str, value: Any, n: int, low: int) -> tuple[int, ...]:
    """``value`` (an int or n ints) as n ints >= ``low``, or a ValueError naming the argument."""
    items = (value,) * n if not isinstance(value, (tuple, list)) else tuple(value)
    ok = len(items) == n and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in items)
    if not ok:
        raise ValueError(f"{where}: {name} must be an int or a tuple of {n} ints, got {value!r}")
    if any(v < low for v in items):
        what = "non-negative" if low == 0 else f">= {low}"
        raise ValueError(f"{where}: {name} must be {what}, got {value!r}")
    return tuple(int(v) for v in items)


def _pair(where: str, name: str, value: Any, low: int) -> Pair:
    a, b = _ints(where, name, value, 2, low)
    return a, b


def _groups(where: str, groups: Any, cin: int, cout: int, xshape: tuple[int, ...], wshape: tuple[int, ...]) -> int:
    if not isinstance(groups, (int, np.integer)) or isinstance(groups, bool) or groups < 1:
        raise ValueError(f"{where}: groups must be a positive int, got {groups!r}")
    if cin % groups or cout % groups:
        raise ValueError(f"{where}: groups={groups} must divide both the input channels ({cin}) and the output "
                         f"channels ({cout}) (input of shape {xshape}, weight of shape {wshape})")
    return int(groups)


def _batched(where: str, x: Tensor, spatial: int) -> tuple[Tensor, bool]:
    """x with a batch axis (added for an unbatched input), and whether one was added."""
    nd = x.data.ndim
    if nd == spatial + 1:
        return x.reshape((1,) + x.data.shape), True
    if nd != spatial + 2:
        raise ValueError(f"{where}: expected a {spatial + 1}-d (unbatched) or {spatial + 2}-d (batched) input, "
                         f"got shape {x.shape}")
    return x, False


def _check_fits(where: str, xshape: tuple[int, ...], k: Pair, pads: Pads, d: Pair) -> None:
    for axis, (size, kk, (p0, p1), dd) in enumerate(zip(xshape[2:], k, pads, d)):
        if dd * (kk - 1) + 1 > size + p0 + p1:
            raise ValueError(f"{where}: kernel size {tuple(k)} (dilation {tuple(d)}) is larger than the padded input "
                             f"(input of shape {xshape}, padding {pads}; axis {axis + 2}: "
                             f"{dd * (kk - 1) + 1} > {size + p0 + p1})")


def _bias(where: str, bias: Any, n: int, x: Tensor) -> Tensor | None:
    if bias is None:
        return None
    b = _tensor(where, "bias", bias)
    if b.data.shape != (n,):
        raise ValueError(f"{where}: bias must have shape ({n},), got {b.shape}")
    if b.data.dtype != x.data.dtype:
        raise TypeError(f"{where}: bias ({b.data.dtype}) and input ({x.data.dtype}) must have the same dtype")
    return b


def _same_dtype(where: str, x: Tensor, w: Tensor) -> None:
    if x.data.dtype != w.data.dtype:
        raise TypeError(f"{where}: input ({x.data.dtype}) and weight ({w.data.dtype}) must have the same dtype")


# ------------------------------------------------------------- convolution
def _conv_padding(where: str, padding: Any, k: Pair, s: Pair, d: Pair) -> Pads:
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding != "same":
            raise ValueError(f"{where}: padding must be an int, a tuple, 'same' or 'valid', got {padding!r}")
        if s != (1, 1):
            raise ValueError(f"{where}: padding='same' needs stride 1, got stride {s}")
        totals = [dd * (kk - 1) for kk, dd in zip(k, d)]
        before = [t // 2 for t in totals]  # the odd extra goes after, as in PyTorch
        return (before[0], totals[0] - before[0]), (before[1], totals[1] - before[1])
    p = _pair(where, "padding", padding, 0)
    return (p[0], p[0]), (p[1], p[1])


def _conv2d(where: str, x: Tensor, w: Tensor, bias: Any, stride: Any, padding: Any, dilation: Any, groups: Any,
            n_spatial: int) -> Tensor:
    xb, added = _batched(where, x, n_spatial)
    if w.data.ndim != 4:
        raise ValueError(f"{where}: weight must be {n_spatial + 2}-d (out_channels, in_channels/groups, kernel...), "
                         f"got shape {w.shape}")
    _same_dtype(where, x, w)
    xshape, wshape = xb.data.shape, w.data.shape
    g = _groups(where, groups, xshape[1], wshape[0], xshape, wshape)
    if xshape[1] != wshape[1] * g:
        raise ValueError(f"{where}: expected input with {wshape[1] * g} channels "
                         f"(weight of shape {wshape}, groups={g}), got input of shape {xshape}")
    k = (wshape[2], wshape[3])
    s = _pair(where, "stride", stride, 1)
    d = _pair(where, "dilation", dilation, 1)
    pads = _conv_padding(where, padding, k, s, d)
    _check_fits(where, xshape, k, pads, d)
    b = _bias(where, bias, wshape[0], x)
    inputs = (xb, w) if b is None else (xb, w, b)
    out, saved = Conv2d.forward(*[t.data for t in inputs], stride=s, pads=pads, dilation=d, groups=g)
    y = record(out, inputs, Conv2d, saved)
    return y.reshape(y.data.shape[1:]) if added else y


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-d cross-correlation of ``input`` (N, C, H, W) or (C, H, W) with ``weight``
    (O, C/groups, kh, kw), plus ``bias`` (O,); ``padding`` an int, a pair, ``"same"``
    (stride 1) or ``"valid"``. d/dx = conv_transpose2d(g, w); d/dw = conv of x with g."""
    x, w = _tensor("conv2d", "input", input), _tensor("conv2d", "weight", weight)
    return _conv2d("conv2d", x, w, bias, stride, padding, dilation, groups, 2)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """1-d cross-correlation of ``input`` (N, C, L) or (C, L) with ``weight`` (O, C/groups, k),
    computed as ``conv2d`` on a height-1 image."""
    op = "conv1d"
    x, w = _tensor(op, "input", input), _tensor(op, "weight", weight)
    xb, added = _batched(op, x, 1)
    if w.data.ndim != 3:
        raise ValueError(f"{op}: weight must be 3-d (out_channels, in_channels/groups, kernel), got shape {w.shape}")
    (s,) = _ints(op, "stride", stride, 1, 1)
    (d,) = _ints(op, "dilation", dilation, 1, 1)
    pad2: Any = padding if isinstance(padding, str) else (0, _ints(op, "padding", padding, 1, 0)[0])
    n, c, length = xb.data.shape
    y = _conv2d(op, xb.reshape((n, c, 1, length)), w.reshape(w.data.shape[:2] + (1, w.data.shape[2])), bias,
                (1, s), pad2, (1, d), groups, 2)
    y = y.reshape(y.data.shape[:2] + (y.data.shape[3],))
    return y.reshape(y.data.shape[1:]) if added else y


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1) -> Tensor:
    """Transposed 2-d convolution (the gradient of ``conv2d`` in its input) of ``input``
    (N, C_in, H, W) with ``weight`` (C_in, C_out/groups, kh, kw): output size
    (H - 1) stride - 2 padding + dilation (kh - 1) + output_padding + 1."""
    op = "conv_transpose2d"
    x, w = _tensor(op, "input", input), _tensor(op, "weight", weight)
    xb, added = _batched(op, x, 2)
    if w.data.ndim != 4:
        raise ValueError(f"{op}: weight must be 4-d (in_channels, out_channels/groups, kh, kw), got shape {w.shape}")
    _same_dtype(op, x, w)
    xshape, wshape = xb.data.shape, w.data.shape
    g = _groups(op, groups, wshape[0], wshape[1] * (groups if isinstance(groups, int) and groups > 0 else 1),
                xshape, wshape)
    if xshape[1] != wshape[0]:
        raise ValueError(f"{op}: expected input with {wshape[0]} channels (weight of shape {wshape}), "
                         f"got input of shape {xshape}")
    k = (wshape[2], wshape[3])
    s = _pair(op, "stride", stride, 1)
    d = _pair(op, "dilation", dilation, 1)
    p = _pair(op, "padding", padding, 0)
    op_ = _pair(op, "output_padding", output_padding, 0)
    if op_[0] >= s[0] or op_[1] >= s[1]:
        raise ValueError(f"{op}: output_padding {op_} must be smaller than stride {s}")
    size = tuple((n - 1) * ss - 2 * pp + dd * (kk - 1) + o + 1
                 for n, ss, pp, dd, kk, o in zip(xshape[2:], s, p, d, k, op_))
    if min(size) < 1:
        raise ValueError(f"{op}: the output size {size} would be empty (input of shape {xshape}, weight of shape "
                         f"{wshape}, stride {s}, padding {p}, dilation {d})")
    b = _bias(op, bias, wshape[1] * g, x)
    inputs = (xb, w) if b is None else (xb, w, b)
    out, saved = ConvTranspose2d.forward(*[t.data for t in inputs], size=(size[0], size[1]), stride=s,
                                         pads=((p[0], p[0]), (p[1], p[1])), dilation=d, groups=g)
    y = record(out, inputs, ConvTranspose2d, saved)
    return y.reshape(y.data.shape[1:]) if added else y


# ----------------------------------------------------------------- pooling
def _pool_geometry(where: str, xshape: tuple[int, ...], kernel_size: Any, stride: Any, padding: Any, dilation: Any,
                   ceil_mode: bool) -> tuple[Pair, Pair, Pads, Pair, Pair]:
    """kernel, stride, padding (the extra right/bottom padding of ceil_mode included), dilation, output size."""
    k = _pair(where, "kernel_size", kernel_size, 1)
    no_stride = stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0)
    s = k if no_stride else _pair(where, "stride", stride, 1)
    p = _pair(where, "padding", padding, 0)
    d = _pair(where, "dilation", dilation, 1)
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ValueError(f"{where}: padding {p} must be at most half of kernel_size {k}")
    out, pads = [], []
    for size, kk, ss, pp, dd in zip(xshape[2:], k, s, p, d):
        span = dd * (kk - 1) + 1
        if span > size + 2 * pp:
            raise ValueError(f"{where}: kernel_size {k} (dilation {d}) is larger than the padded input "
                             f"(input of shape {xshape}, padding {p})")
        num = size + 2 * pp - span
        o = (-(-num // ss) if ceil_mode else num // ss) + 1
        if ceil_mode and (o - 1) * ss >= size + pp:  # the last window must start inside the input or left padding
            o -= 1
        out.append(o)
        pads.append((pp, max(0, (o - 1) * ss + span - size - pp)))
    return k, s, (pads[0], pads[1]), d, (out[0], out[1])


def max_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Largest value of each (kh, kw) window of ``input`` (N, C, H, W) or (C, H, W);
    ``stride`` defaults to ``kernel_size``. With ``return_indices`` also the index of
    each pick within its (H, W) plane (int64), as PyTorch's. The gradient goes to the
    first largest element of each window."""
    op = "max_pool2d"
    x = _tensor(op, "input", input)
    xb, added = _batched(op, x, 2)
    k, s, pads, d, out = _pool_geometry(op, xb.data.shape, kernel_size, stride, padding, dilation, ceil_mode)
    y_arr, saved = MaxPool2d.forward(xb.data, ksize=k, stride=s, pads=pads, dilation=d, out=out)
    y = record(y_arr, (xb,), MaxPool2d, saved)
    indices = plane_index(saved[1], xb.data.shape[3], k, s, pads, d) if return_indices else None
    if added:
        y = y.reshape(y.data.shape[1:])
        indices = None if indices is None else indices[0]
    return (y, as_tensor(indices)) if indices is not None else y


def _as_height_one(op: str, x: Tensor, kernel_size: Any, stride: Any, padding: Any,
                   dilation: Any) -> tuple[Tensor, bool, tuple[Any, ...]]:
    """A 1-d pooling's input as a height-1 image (batched) and its window as 2-d pairs."""
    xb, added = _batched(op, x, 1)
    (k,) = _ints(op, "kernel_size", kernel_size, 1, 1)
    (s,) = _ints(op, "stride", k if stride is None or stride == () else stride, 1, 1)
    (p,) = _ints(op, "padding", padding, 1, 0)
    (d,) = _ints(op, "dilation", dilation, 1, 1)
    n, c, length = xb.data.shape
    return xb.reshape((n, c, 1, length)), added, ((1, k), (1, s), (0, p), (1, d))


def _back_to_1d(y: Tensor, added: bool) -> Tensor:
    y = y.reshape(y.data.shape[:2] + (y.data.shape[3],))
    return y.reshape(y.data.shape[1:]) if added else y


def max_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Largest value of each window of ``input`` (N, C, L) or (C, L): ``max_pool2d`` on a
    height-1 image (indices along L with ``return_indices``)."""
    x = _tensor("max_pool1d", "input", input)
    image, added, (k, s, p, d) = _as_height_one("max_pool1d", x, kernel_size, stride, padding, dilation)
    out = max_pool2d(image, k, s, p, d, ceil_mode, return_indices)
    if return_indices:
        return _back_to_1d(out[0], added), _back_to_1d(out[1], added)
    return _back_to_1d(out, added)


def avg_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True) -> Tensor:
    """Mean of each window of ``input`` (N, C, L) or (C, L): ``avg_pool2d`` on a height-1 image."""
    x = _tensor("avg_pool1d", "input", input)
    image, added, (k, s, p, _) = _as_height_one("avg_pool1d", x, kernel_size, stride, padding, 1)
    return _back_to_1d(avg_pool2d(image, k, s, p, ceil_mode, count_include_pad), added)


def _window_sizes(size: int, k: int, s: int, p: int, o: int, include_pad: bool) -> np.ndarray:
    """How many elements each output's window averages along one axis (PyTorch's rule)."""
    start = np.arange(o) * s - p
    end = np.minimum(start + k, size + p)
    if include_pad:
        return end - start
    return np.minimum(end, size) - np.maximum(start, 0)


def avg_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """Mean of each (kh, kw) window of ``input`` (N, C, H, W) or (C, H, W); zero padding
    counts in the mean when ``count_include_pad``. A depthwise convolution with ones."""
    op = "avg_pool2d"
    x = _tensor(op, "input", input)
    xb, added = _batched(op, x, 2)
    xshape = xb.data.shape
    k, s, pads, d, out = _pool_geometry(op, xshape, kernel_size, stride, padding, 1, ceil_mode)
    c = xshape[1]
    # groups=c: each channel on its own; with no channels, one group of none (a
    # (0, 0, kh, kw) kernel), whose result is the empty (N, 0, oh, ow)
    ones = new_tensor(np.ones((c, min(c, 1)) + k, dtype=x.data.dtype))
    total = _conv_node(xb, ones, s, pads, d, max(c, 1))
    if divisor_override is not None:
        if not isinstance(divisor_override, (int, np.integer)) or divisor_override <= 0:
            raise ValueError(f"{op}: divisor_override must be a positive int, got {divisor_override!r}")
        y = total * (1.0 / divisor_override)
    else:
        rows = _window_sizes(xshape[2], k[0], s[0], pads[0][0], out[0], count_include_pad)
        cols = _window_sizes(xshape[3], k[1], s[1], pads[1][0], out[1], count_include_pad)
        y = total * new_tensor((1.0 / np.outer(rows, cols)).astype(x.data.dtype))
    return y.reshape(y.data.shape[1:]) if added else y


def _conv_node(x: Tensor, w: Tensor, s: Pair, pads: Pads, d: Pair, groups: int) -> Tensor:
    out, saved = Conv2d.forward(x.data, w.data, stride=s, pads=pads, dilation=d, groups=groups)
    return record(out, (x, w), Conv2d, saved)


def _averaging_matrix(size: int, out: int, dtype: np.dtype) -> np.ndarray:
    """(out, size): row i averages PyTorch's adaptive window [floor(i size/out), ceil((i+1) size/out))."""
    a = np.zeros((out, size), dtype=dtype)
    for i in range(out):  # (a loop over output rows of a tiny constant matrix, not over pixels)
        lo, hi = (i * size) // out, -(-((i + 1) * size) // out)
        a[i, lo:hi] = 1.0 / (hi - lo)
    return a


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:  # noqa: A002
    """Average pooling to a fixed (oh, ow) output (None keeps that size), with PyTorch's
    windows: ``A_h @ x @ A_w^T`` for constant averaging matrices."""
    op = "adaptive_avg_pool2d"
    x = _tensor(op, "input", input)
    xb, added = _batched(op, x, 2)
    h, w = xb.data.shape[2:]
    sizes = (output_size, output_size) if not isinstance(output_size, (tuple, list)) else tuple(output_size)
    if len(sizes) != 2:
        raise ValueError(f"{op}: output_size must be an int or a pair, got {output_size!r}")
    sizes = tuple(n if o is None else o for o, n in zip(sizes, (h, w)))
    oh, ow = _ints(op, "output_size", sizes, 2, 1)
    if h == 0 or w == 0:
        raise ValueError(f"{op}: input of shape {xb.shape} has an empty spatial axis")
    dt = x.data.dtype
    y = (new_tensor(_averaging_matrix(h, oh, dt)) @ (xb @ new_tensor(_averaging_matrix(w, ow, dt).T)))
    return y.reshape(y.data.shape[1:]) if added else y


# ----------------------------------------------------------- normalization
def _param(where: str, name: str, value: Any, shape: tuple[int, ...], xshape: tuple[int, ...]) -> Tensor | None:
    if value is None:
        return None
    t = _tensor(where, name, value)
    if t.data.shape != shape:
        raise ValueError(f"{where}: {name} must have shape {shape} for input of shape {xshape}, got {t.shape}")
    return t


def _stat(where: str, name: str, value: Any, c: int, xshape: tuple[int, ...]) -> np.ndarray | None:
    if value is None:
        return None
    arr = value.data if isinstance(value, Tensor) else value
    if not isinstance(arr, np.ndarray) or arr.shape != (c,):
        raise ValueError(f"{where}: {name} must be an array or Tensor of shape ({c},) for input of shape {xshape}, "
                         f"got {getattr(arr, 'shape', type(arr).__name__)}")
    return arr


def batch_norm(input: Tensor, running_mean: Any, running_var: Any, weight: Tensor | None = None,  # noqa: A002
               bias: Tensor | None = None, training: bool = False, momentum: float = 0.1,
               eps: float = 1e-5) -> Tensor:
    """Batch normalization of ``input`` (N, C), (N, C, L) or (N, C, H, W) per channel.

    In training: normalized by the batch's statistics (biased variance), and the
    running statistics (arrays or Tensors, updated in place) move by ``momentum``
    towards the batch mean and *unbiased* variance, as in PyTorch. In evaluation:
    normalized by the running statistics.
    """
    op = "batch_norm"
    x = _tensor(op, "input", input)
    xshape = x.data.shape
    if len(xshape) < 2:
        raise ValueError(f"{op}: expected an input of shape (N, C, ...), got {xshape}")
    c = xshape[1]
    rm, rv = _stat(op, "running_mean", running_mean, c, xshape), _stat(op, "running_var", running_var, c, xshape)
    w, b = _param(op, "weight", weight, (c,), xshape), _param(op, "bias", bias, (c,), xshape)
    shape = (1, c) + (1,) * (len(xshape) - 2)
    axes = (0,) + tuple(range(2, len(xshape)))
    if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real):
        raise TypeError(f"{op}: momentum must be a number (a cumulative average, PyTorch's momentum=None, is "
                        f"momentum = 1 / batches seen so far, which the BatchNorm modules pass), got {momentum!r}")
    if training:
        count = xshape[0] * math.prod(xshape[2:])
        if count == 1:
            raise ValueError(f"{op}: expected more than 1 value per channel when training, got input of shape {xshape}")
        if count == 0:  # nothing to normalize; the statistics stay as they are
            return x * 1.0
        affine = tuple(t for t in (w, b) if t is not None) if w is not None else ()
        if w is None and b is not None:
            affine = (new_tensor(np.ones(c, dtype=x.data.dtype)), b)
        out, saved = Normalize.forward(x.data, *[t.data for t in affine], axes=axes, shape=shape, eps=eps)
        y = record(out, (x, *affine), Normalize, saved)
        if rm is not None or rv is not None:
            mean = x.data.mean(axis=axes)
            if rm is not None:
                rm *= 1.0 - momentum
                rm += momentum * mean
            if rv is not None:
                var = x.data.var(axis=axes) * (count / (count - 1))
                rv *= 1.0 - momentum
                rv += momentum * var
        return y
    if rm is None or rv is None:
        raise ValueError(f"{op}: running_mean and running_var are needed when training=False")
    inv = (1.0 / np.sqrt(rv + eps)).astype(x.data.dtype).reshape(shape)
    y = (x - new_tensor(rm.astype(x.data.dtype).reshape(shape))) * new_tensor(inv)
    if w is not None:
        y = y * w.reshape(shape)
    if b is not None:
        y = y + b.reshape(shape)
    return y


def layer_norm(input: Tensor, normalized_shape: Any, weight: Tensor | None = None,  # noqa: A002
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalization over the trailing ``normalized_shape`` axes of ``input`` (biased
    variance), then ``* weight + bias`` (both of shape ``normalized_shape``)."""
    op = "layer_norm"
    x = _tensor(op, "input", input)
    xshape = x.data.shape
    ns = (normalized_shape,) if isinstance(normalized_shape, (int, np.integer)) else tuple(normalized_shape)
    if not ns or len(ns) > len(xshape) or xshape[len(xshape) - len(ns):] != ns:
        raise ValueError(f"{op}: normalized_shape {ns} must match the trailing axes of input of shape {xshape}")
    w, b = _param(op, "weight", weight, ns, xshape), _param(op, "bias", bias, ns, xshape)
    lead = len(xshape) - len(ns)
    affine: tuple[Tensor, ...] = ()
    if w is not None:
        affine = (w,) if b is None else (w, b)
    elif b is not None:
        affine = (new_tensor(np.ones(ns, dtype=x.data.dtype)), b)
    axes = tuple(range(lead, len(xshape)))
    if x.data.size == 0:
        return x * 1.0
    out, saved = Normalize.forward(x.data, *[t.data for t in affine], axes=axes, shape=(1,) * lead + ns, eps=eps)
    return record(out, (x, *affine), Normalize, saved)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,  # noqa: A002
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalization of (N, C, ...) input over each group of C / num_groups channels
    (with their spatial dims; biased variance), then ``* weight + bias`` per channel:
    ``layer_norm`` of the input seen as (N, num_groups, rest)."""
    op = "group_norm"
    x = _tensor(op, "input", input)
    if x.ndim < 2:
        raise ValueError(f"{op}: expected an input of at least 2 dims (N, C, ...), got shape {x.shape}")
    n, c = x.shape[0], x.shape[1]
    if isinstance(num_groups, bool) or not isinstance(num_groups, (int, np.integer)) or num_groups <= 0 \
            or c % num_groups:
        raise ValueError(f"{op}: num_groups must be a positive int dividing the {c} channels, got {num_groups!r}")
    rest = x.data.size // max(n * num_groups, 1)
    out = layer_norm(x.reshape(n, int(num_groups), rest), (rest,), eps=eps).reshape(x.shape)
    per_channel = (1, c) + (1,) * (x.ndim - 2)
    w, b = _param(op, "weight", weight, (c,), x.data.shape), _param(op, "bias", bias, (c,), x.data.shape)
    if w is not None:
        out = out * w.reshape(per_channel)
    if b is not None:
        out = out + b.reshape(per_channel)
    return out


# --------------------------------------------------------------- embedding
def embedding(input: Any, weight: Tensor, padding_idx: int | None = None) -> Tensor:  # noqa: A002
    """Rows of ``weight`` (num_embeddings, dim) picked by the integer ``input`` (any
    shape): shape input.shape + (dim,). Repeated indices accumulate their gradients;
    the row ``padding_idx`` gets none."""
    op = "embedding"
    w = _tensor(op, "weight", weight)
    if w.data.ndim != 2:
        raise ValueError(f"{op}: weight must be 2-d (num_embeddings, embedding_dim), got shape {w.shape}")
    index = np.asarray(input.data if isinstance(input, Tensor) else input)
    if index.dtype.kind not in "iu":
        raise TypeError(f"{op}: input must hold integer indices, got dtype {index.dtype}")
    num = w.data.shape[0]
    if index.size and (index.min() < 0 or index.max() >= num):
        raise IndexError(f"{op}: indices must lie in [0, {num}) for weight of shape {w.shape}, "
                         f"got values in [{index.min()}, {index.max()}]")
    if padding_idx is not None:
        if not isinstance(padding_idx, (int, np.integer)) or not -num <= padding_idx < num:
            raise ValueError(f"{op}: padding_idx must be an int in [-{num}, {num}), got {padding_idx!r}")
        padding_idx = int(padding_idx) % num
    return Embedding.apply(w, index=index.astype(np.intp, copy=False), padding_idx=padding_idx)


def one_hot(tensor: Any, num_classes: int = -1) -> Tensor:
    """Each class index as a row of zeros with a one at it: an int64 tensor of shape
    ``tensor.shape + (num_classes,)`` (-1: one more than the largest index), no gradient."""
    idx = tensor.data if isinstance(tensor, Tensor) else np.asarray(tensor)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"one_hot: the indices must be an integer tensor, got dtype {idx.dtype}")
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)):
        raise TypeError(f"one_hot: num_classes must be an int, got {num_classes!r}")
    n = int(idx.max()) + 1 if num_classes == -1 and idx.size else int(num_classes)
    if n < 0 or (num_classes == -1 and not idx.size):
        raise ValueError(f"one_hot: cannot infer num_classes from an empty tensor; got num_classes={num_classes}")
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise ValueError(f"one_hot: class values must lie in [0, {n}), got values in [{idx.min()}, {idx.max()}]")
    return Tensor(np.eye(n, dtype=np.int64)[idx])


# ------------------------------------------------------------- activations
def gelu(input: Tensor, approximate: str = "none") -> Tensor:  # noqa: A002
    """x Phi(x) (Phi the standard normal CDF); ``approximate="tanh"`` for
    0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    return _tensor("gelu", "input", input).gelu(approximate)


def silu(input: Tensor) -> Tensor:  # noqa: A002
    """x sigmoid(x) (the swish)."""
    return Silu.apply(_tensor("silu", "input", input))


def mish(input: Tensor) -> Tensor:  # noqa: A002
    """x tanh(softplus(x))."""
    return _tensor("mish", "input", input).mish()


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:  # noqa: A002
    """x clipped to [min_val, max_val]; the gradient is 1 strictly inside, as PyTorch's."""
    return _tensor("hardtanh", "input", input).hardtanh(min_val, max_val)


def relu6(input: Tensor) -> Tensor:  # noqa: A002
    """min(max(0, x), 6): ``hardtanh(x, 0, 6)``, as PyTorch computes it."""
    return _tensor("relu6", "input", input).hardtanh(0.0, 6.0)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:  # noqa: A002
    """log(1 + e^(beta x)) / beta, and x itself where beta x > threshold (as PyTorch)."""
    x = _tensor("softplus", "input", input)
    for name, v in (("beta", beta), ("threshold", threshold)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"softplus: {name} must be a real number, got {v!r}")
    return x.softplus(beta, threshold)
