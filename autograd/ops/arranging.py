"""Rearranging and selecting, composed from the recorded ops (indexing, reshape,
expand, cat, gather/scatter), so each is differentiable through them: ``tile``,
``repeat``, ``repeat_interleave``, ``roll``, ``narrow``, ``unbind``, ``movedim``,
``unflatten``, ``meshgrid``, ``cartesian_prod``, ``masked_select``, ``index_add``,
``scatter`` and ``scatter_reduce``; and ``nonzero`` and ``unique``, which give indices
or values without a gradient.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.ops import args
from autograd.ops.base import new_tensor
from autograd.tensor import Tensor, as_tensor


def tile(x: Tensor, dims: Any) -> Tensor:
    """x repeated ``dims[i]`` times along each dim (numpy's tile, ``torch.tile``)."""
    reps = tuple(args.sizes("tile", dims if isinstance(dims, (tuple, list)) else (dims,)))
    shape = x.shape
    n = max(len(reps), len(shape))
    reps = (1,) * (n - len(reps)) + reps
    shape = (1,) * (n - len(shape)) + shape
    y = x.reshape(tuple(v for s in shape for v in (1, s)))  # a new unit axis before each
    y = y.expand(tuple(v for r, s in zip(reps, shape) for v in (r, s)))
    return y.reshape(tuple(r * s for r, s in zip(reps, shape)))


def repeat(x: Tensor, *sizes: Any) -> Tensor:
    """``Tensor.repeat`` (PyTorch's: the whole tensor tiled; at least x.ndim sizes)."""
    reps = tuple(args.sizes_given(sizes, None, "", "repeat"))
    if len(reps) < x.ndim:
        raise ValueError(f"repeat: got {len(reps)} sizes for a tensor of rank {x.ndim} (shape {x.shape})")
    return tile(x, reps)


def repeat_interleave(x: Tensor, repeats: Any, dim: int | None = None) -> Tensor:
    """Each element (or slice along ``dim``) repeated ``repeats`` times in place."""
    if dim is None:
        x, dim = x.reshape(-1), 0
    axis = args.one_axis("repeat_interleave", dim, x.shape)
    reps = repeats._data if isinstance(repeats, Tensor) else np.asarray(repeats)
    if reps.dtype.kind not in "iu" or (reps.size and reps.min() < 0):
        raise ValueError(f"repeat_interleave: repeats must be non-negative integers, got {repeats!r:.60}")
    index = np.repeat(np.arange(x.shape[axis]), reps)
    return x[(slice(None),) * axis + (index,)]


def roll(x: Tensor, shifts: Any, dims: Any = None) -> Tensor:
    """Elements shifted along ``dims`` (flattened when None), wrapping around."""
    if dims is None:
        return roll(x.reshape(-1), shifts, 0).reshape(x.shape)
    shift_list = list(shifts) if isinstance(shifts, (tuple, list)) else [shifts]
    dim_list = list(dims) if isinstance(dims, (tuple, list)) else [dims]
    if len(shift_list) != len(dim_list):
        raise ValueError(f"roll: got {len(shift_list)} shifts for {len(dim_list)} dims")
    out = x
    for s, d in zip(shift_list, dim_list):
        axis = args.one_axis("roll", d, x.shape)
        n = x.shape[axis]
        if n:
            index = (np.arange(n) - int(s)) % n
            out = out[(slice(None),) * axis + (index,)]
    return out


def narrow(x: Tensor, dim: int, start: int, length: int) -> Tensor:
    """The slice ``start : start + length`` along ``dim``."""
    axis = args.one_axis("narrow", dim, x.shape)
    n = x.shape[axis]
    start = int(start) + (n if int(start) < 0 else 0)
    if not 0 <= start <= n or length < 0 or start + length > n:
        raise IndexError(f"narrow: start {start} and length {length} do not fit dim {axis} of size {n}")
    return x[(slice(None),) * axis + (slice(start, start + length),)]


def unbind(x: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """The slices along ``dim``, that dim removed."""
    axis = args.one_axis("unbind", dim, x.shape)
    return tuple(x[(slice(None),) * axis + (i,)] for i in range(x.shape[axis]))


def movedim(x: Tensor, source: Any, destination: Any) -> Tensor:
    """Dims moved from ``source`` to ``destination`` (ints or sequences), the rest in order."""
    src = [args.one_axis("movedim", s, x.shape) for s in (source if isinstance(source, (tuple, list)) else [source])]
    dst = [args.one_axis("movedim", d, x.shape)
           for d in (destination if isinstance(destination, (tuple, list)) else [destination])]
    if len(src) != len(dst):
        raise ValueError(f"movedim: {len(src)} source dims but {len(dst)} destinations")
    order: list[int | None] = [None] * x.ndim
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(d for d in range(x.ndim) if d not in src)
    return x.permute(*[o if o is not None else next(rest) for o in order])


def unflatten(x: Tensor, dim: int, sizes: Any) -> Tensor:
    """Dim ``dim`` split into ``sizes`` (one may be -1)."""
    axis = args.one_axis("unflatten", dim, x.shape)
    return x.reshape(x.shape[:axis] + tuple(sizes) + x.shape[axis + 1:])


def meshgrid(*tensors: Any, indexing: str = "ij") -> tuple[Tensor, ...]:
    """Coordinate grids from 1-d tensors; ``indexing="ij"`` (matrix, PyTorch's default)
    or ``"xy"`` (Cartesian, the first two dims swapped)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing not in ("ij", "xy"):
        raise ValueError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    ts = [t if isinstance(t, Tensor) else as_tensor(t, where="meshgrid") for t in tensors]
    if any(t.ndim > 1 for t in ts):
        raise ValueError(f"meshgrid: expected 0-d or 1-d tensors, got shapes {[t.shape for t in ts]}")
    ts = [t.reshape(-1) for t in ts]
    if indexing == "xy" and len(ts) >= 2:
        ts[0], ts[1] = ts[1], ts[0]
    shape = tuple(t.shape[0] for t in ts)
    grids = [t.reshape(tuple(-1 if i == k else 1 for i in range(len(ts)))).expand(shape) for k, t in enumerate(ts)]
    if indexing == "xy" and len(grids) >= 2:  # (built from the swapped inputs: swap the grids back)
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def cartesian_prod(*tensors: Tensor) -> Tensor:
    """Every combination of elements of 1-d tensors, one per row."""
    grids = meshgrid(*tensors)
    if len(grids) == 1:
        return grids[0]
    k = len(grids)
    columns = [g.reshape(-1, 1) * np.eye(k, dtype=g.dtype)[i] for i, g in enumerate(grids)]  # (n, k) each
    out = columns[0]
    for c in columns[1:]:
        out = out + c
    return out


def masked_select(x: Tensor, mask: Any) -> Tensor:
    """The elements where ``mask`` (broadcast) is True, as a 1-d tensor."""
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != bool:
        raise TypeError(f"masked_select: mask must be boolean, got dtype {m.dtype}")
    shape = np.broadcast_shapes(x.shape, m.shape)
    return x.broadcast_to(shape)[np.broadcast_to(m, shape)]


def index_add(x: Tensor, dim: int, index: Any, source: Tensor, *, alpha: float = 1) -> Tensor:
    """x with alpha * source[i] added to the slice index[i] along ``dim`` (repeats add up)."""
    axis = args.one_axis("index_add", dim, x.shape)
    idx = index._data if isinstance(index, Tensor) else np.asarray(index)
    if idx.ndim != 1 or idx.dtype.kind not in "iu":
        raise TypeError(f"index_add: index must be a 1-d integer tensor, got dtype {idx.dtype}, shape {idx.shape}")
    n = x.shape[axis]
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise IndexError(f"index_add: index values must lie in [0, {n}) for dim {axis} of shape {x.shape}")
    src = source if isinstance(source, Tensor) else as_tensor(source, like=x, where="index_add")
    want = x.shape[:axis] + (idx.size,) + x.shape[axis + 1:]
    if src.shape != want:
        raise ValueError(f"index_add: source of shape {src.shape} does not fit (expected {want})")
    full = np.broadcast_to(idx.reshape((1,) * axis + (-1,) + (1,) * (x.ndim - axis - 1)), want)
    return x.scatter_add(axis, full, src * alpha if alpha != 1 else src)


def scatter(x: Tensor, dim: int, index: Any, src: Any = None, *, value: Any = None) -> Tensor:
    """x with src[i][j] (or ``value``) written at x[i][index[i][j]] (dim 1); the
    overwritten elements get no gradient. (With repeated indices PyTorch leaves the
    winner unspecified; here their values add up.)"""
    axis = args.one_axis("scatter", dim, x.shape)
    if (src is None) == (value is None):
        raise TypeError("scatter: give exactly one of src and value")
    idx = args.index_array("scatter", x.shape, axis, index._data if isinstance(index, Tensor) else np.asarray(index))
    if src is None:
        src = x.new_full(idx.shape, value)
    written = np.zeros(x.shape, dtype=bool)
    if idx.size:
        np.put_along_axis(written, idx.astype(np.int64), True, axis)
    kept = x * (~written).astype(x.dtype)
    return kept.scatter_add(axis, idx, src if isinstance(src, Tensor) else as_tensor(src, like=x, where="scatter"))


def scatter_reduce(x: Tensor, dim: int, index: Any, src: Tensor, reduce: str,  # noqa: A002
                   *, include_self: bool = True) -> Tensor:
    """``reduce`` ("sum", "mean", "amax", "amin", "prod") of x's elements and the src
    values scattered onto them along ``dim``. sum and mean are exact for any indices;
    amax/amin/prod give gradients for distinct values (ties share them)."""
    if reduce not in ("sum", "mean", "amax", "amin", "prod"):
        raise ValueError(f"scatter_reduce: reduce must be sum, mean, amax, amin or prod, got {reduce!r}")
    axis = args.one_axis("scatter_reduce", dim, x.shape)
    idx = (index._data if isinstance(index, Tensor) else np.asarray(index)).astype(np.int64)
    if reduce in ("sum", "mean"):
        base = x if include_self else scatter(x, axis, idx, value=0.0)
        total = base.scatter_add(axis, idx, src)
        if reduce == "sum":
            return total
        counts = np.zeros(x.shape)
        np.add.at(counts, _grid(idx, axis), 1.0)
        counts = counts + (1.0 if include_self else 0.0)
        return total / np.maximum(counts, 1.0).astype(x.dtype)
    # amax / amin / prod: one slice of the index along dim at a time (a Python loop)
    out = x
    vals = src[tuple(slice(0, n) for n in idx.shape)]
    hit = np.full(x.shape, include_self)  # whether a position holds a value to combine with
    for k in range(idx.shape[axis]):
        sel = (slice(None),) * axis + (slice(k, k + 1),)
        part_idx = idx[sel]
        part = vals[sel]
        gathered = out.gather(axis, part_idx)
        if reduce == "amax":
            new = gathered.maximum(part)
        elif reduce == "amin":
            new = gathered.minimum(part)
        else:
            new = gathered * part
        m = np.take_along_axis(hit, part_idx, axis).astype(x.dtype)
        new = part * (1 - m) + new * m  # (the first value a position receives replaces it)
        out = scatter(out, axis, part_idx, new)
        np.put_along_axis(hit, part_idx, True, axis)
    return out


def _grid(idx: np.ndarray, axis: int) -> tuple[np.ndarray, ...]:
    grid = list(np.ix_(*[np.arange(n) for n in idx.shape]))
    grid[axis] = idx
    return tuple(grid)


def nonzero(x: Tensor, *, as_tuple: bool = False) -> Any:
    """The indices of the non-zero elements: an (n, ndim) int64 tensor, or a tuple of
    1-d ones with ``as_tuple=True``; no gradient."""
    found = np.nonzero(x._data)
    if as_tuple:
        return tuple(new_tensor(i.astype(np.int64)) for i in found)
    return new_tensor(np.stack(found, axis=1).astype(np.int64) if found else np.zeros((0, 0), np.int64))


def unique(x: Tensor, sorted: bool = True, return_inverse: bool = False,  # noqa: A002
           return_counts: bool = False, dim: int | None = None) -> Any:
    """The distinct values (sorted), optionally with each element's position in them
    and their counts; no gradient."""
    axis = None if dim is None else args.one_axis("unique", dim, x.shape)
    values, inverse, counts = np.unique(x._data, return_inverse=True, return_counts=True, axis=axis)
    out: list[Tensor] = [new_tensor(values)]
    if return_inverse:
        out.append(new_tensor(inverse.reshape(x.shape if axis is None else -1).astype(np.int64)))
    if return_counts:
        out.append(new_tensor(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)
