"""``y += alpha * x`` in place: the write at the heart of every optimizer step.

numpy has no fused multiply-add for whole arrays, so ``p -= lr * g`` first writes
``lr * g`` into a new array as large as the parameter, then reads it back: two passes
over memory, one of them into memory nothing has touched lately. BLAS's ``axpy``
does the update in one pass with no temporary (it is what PyTorch's
``p.add_(g, alpha=-lr)`` runs on the CPU). scipy exposes it to Python; scipy is an
optional dependency (``pip install autograd-scalar-tensor[fast]``), and without it
the numpy expression is used.

The two give the same values up to rounding: BLAS may fuse the multiply and the add
into one rounding where numpy rounds twice (a difference of at most one unit in the
last place of each element).

Threads. scipy's wheels bring an OpenBLAS of their own, with a thread pool apart from
numpy's, and OpenBLAS wakes that pool for an axpy of more than 10,000 elements. Its
threads then fight numpy's busy-waiting ones for the same cores: with default
settings a training step of the benchmark MLP took over twenty times as long (the
README's benchmark notes have the figures). So an update is cut into pieces of at most :data:`CHUNK` elements, which
OpenBLAS runs on the calling thread: the pool never wakes. (Where every pool runs
on one thread, one call per array would save a little time a step of the benchmark
MLP; asking threadpoolctl for the thread counts every step cost about as much, and
an answer kept between steps can go stale, so it is not attempted.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

CHUNK = 10_000
"""The most elements one BLAS call updates: OpenBLAS runs an axpy of at most 10,000
elements on the calling thread (``interface/axpy.c``)."""

# dtype -> scipy's BLAS axpy for it; empty without scipy, None until first asked.
_kernels: dict[np.dtype[Any], Callable[..., np.ndarray]] | None = None


def _load() -> dict[np.dtype[Any], Callable[..., np.ndarray]]:
    global _kernels
    try:
        from scipy.linalg import blas
    except ImportError:
        _kernels = {}
    else:
        _kernels = {np.dtype(np.float32): blas.saxpy, np.dtype(np.float64): blas.daxpy}
    return _kernels


def have_blas() -> bool:
    """Whether the fused (BLAS) update is available, i.e. scipy imports. The first
    call imports scipy's BLAS (about 0.1 s)."""
    return bool(_kernels if _kernels is not None else _load())


def axpy(alpha: float, x: np.ndarray, y: np.ndarray, fused: bool = True) -> None:
    """``y += alpha * x``, in place; ``x`` is left as it is.

    With ``fused`` (and scipy there) BLAS does it, :data:`CHUNK` elements per call,
    when ``x`` and ``y`` are non-empty C-contiguous arrays of one float32 or float64
    dtype and shape that do not share memory, ``y`` writeable; anything else takes
    numpy's ``y += alpha * x``, which also broadcasts ``x`` and casts as numpy's
    in-place operators do.
    """
    kernels = _kernels if _kernels is not None else _load()
    kernel = kernels.get(y.dtype) if fused else None
    if kernel is not None and x.dtype == y.dtype and x.shape == y.shape and y.size:
        yflags, xflags = y.flags, x.flags
        if (yflags.c_contiguous and yflags.writeable and xflags.c_contiguous
                # two arrays that each own their memory cannot overlap (the usual
                # parameter and gradient); otherwise ask numpy, which is slower
                and ((yflags.owndata and xflags.owndata and x is not y) or not np.may_share_memory(x, y))):
            xs, ys = x.ravel(), y.ravel()  # (views: both are C-contiguous)
            n = ys.size
            if n <= CHUNK:
                _call(kernel, alpha, xs, ys)
            else:
                for i in range(0, n, CHUNK):
                    _call(kernel, alpha, xs[i:i + CHUNK], ys[i:i + CHUNK])
            return
    y += float(alpha) * x  # (a Python float, so a float32 x stays float32)


def _call(kernel: Callable[..., np.ndarray], alpha: float, x: np.ndarray, y: np.ndarray) -> None:
    out = kernel(x, y, a=alpha)
    if out is not y:  # (f2py made a copy after all: put the result in place)
        y[...] = out
