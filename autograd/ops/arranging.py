"""Rearranging and selecting, composed from the recorded ops (indexing, reshape,
expand, cat, gather/scatter), so each is differentiable through them: ``tile``,
``repeat``, ``repeat_interleave``, ``roll``, ``narrow``, ``unbind``, ``movedim``,
``unflatten``, ``ravel``, ``fliplr``, ``flipud``, ``hstack``, ``vstack``,
``meshgrid``, ``cartesian_prod``, ``masked_select``, ``masked_fill``, ``index_select``,
``index_add``, ``scatter`` and ``scatter_reduce``; and ``nonzero`` and ``unique``,
which give indices or values without a gradient.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from autograd.ops import args, formulas
from autograd.ops.base import new_tensor, operand_like
from autograd.tensor import Tensor, as_tensor


def tile(x: Tensor, *dims: Any) -> Tensor:
    """x repeated ``dims[i]`` times along each dim (numpy's tile, ``torch.tile``); fewer
    dims than x has are padded with 1s in front. ``tile(x, (2, 1))`` or ``x.tile(2, 1)``."""
    reps = tuple(args.sizes("tile", args.sizes_given(dims, None, "", "tile")))
    if any(r < 0 for r in reps):
        raise ValueError(f"tile: the repeats must be non-negative, got {reps}")
    shape = x.shape
    n = max(len(reps), len(shape))
    reps = (1,) * (n - len(reps)) + reps
    shape = (1,) * (n - len(shape)) + shape
    y = x.reshape(tuple(v for s in shape for v in (1, s)))  # a new unit axis before each
    y = y.expand(tuple(v for r, s in zip(reps, shape) for v in (r, s)))
    return y.reshape(tuple(r * s for r, s in zip(reps, shape)))


def repeat(x: Tensor, *sizes: Any) -> Tensor:
    """``Tensor.repeat`` (PyTorch's: the whole tensor tiled; at least x.ndim sizes)."""
    reps = tuple(args.sizes("repeat", args.sizes_given(sizes, None, "", "repeat")))
    if len(reps) < x.ndim:
        raise ValueError(f"repeat: got {len(reps)} sizes for a tensor of rank {x.ndim} (shape {x.shape})")
    if any(r < 0 for r in reps):
        raise ValueError(f"repeat: the repeats must be non-negative, got {reps}")
    return tile(x, reps)


def repeat_interleave(x: Tensor, repeats: Any = None, dim: int | None = None, *,
                      output_size: int | None = None) -> Tensor:
    """Each element (or slice along ``dim``) repeated ``repeats`` times in place
    (an int, or one count per slice; ``dim=None``: of the flattened tensor).
    ``repeat_interleave(counts)`` alone gives the indices ``0, 1, 1, 3, ...`` that
    count repeats each position (no gradient), as ``torch.repeat_interleave(repeats)``."""
    if repeats is None:  # the one-argument form: x holds the counts
        counts = _counts("repeat_interleave", x._data, None)
        return new_tensor(np.repeat(np.arange(counts.size, dtype=np.int64), counts))
    if dim is None:
        x, dim = x.reshape(-1), 0
    axis = args.one_axis("repeat_interleave", dim, x.shape)
    n = x.shape[axis] if x.ndim else 1
    reps = _counts("repeat_interleave", repeats._data if isinstance(repeats, Tensor) else np.asarray(repeats), n)
    if output_size is not None and int(reps.sum()) != output_size:
        raise ValueError(f"repeat_interleave: output_size {output_size} is not the sum of the repeats "
                         f"{int(reps.sum())}")
    index = np.repeat(np.arange(n), reps)
    return x[(slice(None),) * axis + (index,)] if x.ndim else x.reshape(1)[index]


def _counts(where: str, reps: np.ndarray, n: int | None) -> np.ndarray:
    """Repeat counts: non-negative integers, one (broadcast to n) or n of them."""
    if reps.dtype.kind not in "iu" or reps.ndim > 1 or (reps.size and reps.min() < 0):
        raise ValueError(f"{where}: repeats must be non-negative integers (0-d or 1-d), got dtype {reps.dtype}, "
                         f"shape {reps.shape}")
    if n is not None:
        if reps.size == 1:
            reps = np.broadcast_to(reps.reshape(()), (n,))
        elif reps.size != n:
            raise ValueError(f"{where}: got {reps.size} repeats for a dim of size {n}")
    return reps.reshape(-1)


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
    if x.ndim == 0:
        raise ValueError("narrow: cannot be applied to a 0-d tensor")
    axis = args.one_axis("narrow", dim, x.shape)
    n = x.shape[axis]
    start = args.integer("narrow", "start", start.item() if isinstance(start, Tensor) else start)
    length = args.integer("narrow", "length", length)
    start += n if start < 0 else 0
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
    sizes = args.sizes("unflatten", sizes)
    known = int(np.prod([n for n in sizes if n != -1]))
    n = x.shape[axis] if x.ndim else 1
    if not sizes or sizes.count(-1) > 1 or (n != known if -1 not in sizes else known == 0 or n % known):
        raise ValueError(f"unflatten: sizes {sizes} do not split dim {axis} of size {n} (input shape {x.shape})")
    return x.reshape(x.shape[:axis] + sizes + x.shape[axis + 1:])


def meshgrid(*tensors: Any, indexing: str | None = None) -> tuple[Tensor, ...]:
    """Coordinate grids from 0-d or 1-d tensors; ``indexing="ij"`` (matrix) or ``"xy"``
    (Cartesian, the first two dims swapped). Without ``indexing`` it is "ij" with a
    UserWarning, as PyTorch warns."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn("meshgrid: pass indexing='ij' or 'xy' (PyTorch warns that it will be required); "
                      "using 'ij'", UserWarning, stacklevel=2)
        indexing = "ij"
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
    ts = [t if isinstance(t, Tensor) else as_tensor(t, where="cartesian_prod") for t in tensors]
    if not ts or any(t.ndim != 1 for t in ts):
        raise ValueError(f"cartesian_prod: expected one or more 1-d tensors, got shapes {[t.shape for t in ts]}")
    grids = meshgrid(*ts, indexing="ij")
    if len(grids) == 1:
        return grids[0]
    return formulas.stack([g.reshape(-1) for g in grids], axis=1)


def ravel(x: Tensor) -> Tensor:
    """x flattened to 1-d (``torch.ravel``)."""
    return x.reshape(-1)


def fliplr(x: Tensor) -> Tensor:
    """x reversed along dim 1 (at least 2-d), as ``torch.fliplr``."""
    if x.ndim < 2:
        raise ValueError(f"fliplr: the input must be at least 2-d, got shape {x.shape}")
    return x.flip(1)


def flipud(x: Tensor) -> Tensor:
    """x reversed along dim 0 (at least 1-d), as ``torch.flipud``."""
    if x.ndim < 1:
        raise ValueError("flipud: the input must be at least 1-d, got a 0-d tensor")
    return x.flip(0)


def hstack(tensors: Any) -> Tensor:
    """Joined along dim 1 (dim 0 for 1-d tensors; 0-d ones count as 1-d), as ``torch.hstack``."""
    ts = [t.reshape(1) if t.ndim == 0 else t for t in _tensors("hstack", tensors)]
    return formulas.concat(ts, axis=0 if ts[0].ndim == 1 else 1)


def vstack(tensors: Any) -> Tensor:
    """Joined along dim 0 after making each at least 2-d (a vector becomes a row), as ``torch.vstack``."""
    ts = [t.reshape(1, -1) if t.ndim < 2 else t for t in _tensors("vstack", tensors)]
    return formulas.concat(ts, axis=0)


def _tensors(where: str, tensors: Any) -> list[Tensor]:
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)) or not tensors:
        raise TypeError(f"{where}: expected a non-empty list or tuple of tensors, got {type(tensors).__name__}")
    return [t if isinstance(t, Tensor) else as_tensor(t, where=where) for t in tensors]


def masked_select(x: Tensor, mask: Any) -> Tensor:
    """The elements where ``mask`` (broadcast) is True, as a 1-d tensor."""
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != bool:
        raise TypeError(f"masked_select: mask must be boolean, got dtype {m.dtype}")
    shape = np.broadcast_shapes(x.shape, m.shape)
    return x.broadcast_to(shape)[np.broadcast_to(m, shape)]


def index_add(x: Tensor, dim: int, index: Any, source: Any, *, alpha: float = 1) -> Tensor:
    """x with alpha * source's slice i added to x's slice index[i] along ``dim``
    (repeated indices add up, in value and gradient)."""
    axis = args.one_axis("index_add", dim, x._data.shape)
    idx = _vector_index("index_add", x, axis, index)
    if x._data.ndim == 0:
        flat = operand_like("index_add", x, source).reshape(-1)
        return index_add(x.reshape(1), 0, idx, flat, alpha=alpha).reshape(())
    src = operand_like("index_add", x, source)
    full = args.slices_index("index_add", x.shape, axis, idx, src.shape)
    return x.scatter_add(axis, full, src * alpha if alpha != 1 else src)


def index_select(x: Tensor, dim: int, index: Any) -> Tensor:
    """The slices at ``index`` (a 1-d or 0-d integer tensor) along ``dim``."""
    axis = args.one_axis("index_select", dim, x._data.shape)
    idx = _vector_index("index_select", x, axis, index)
    if x._data.ndim == 0:
        if idx.size != 1:
            raise IndexError(f"index_select: a 0-d input takes an index of one value, got {idx.size}")
        return x.reshape(1)[idx].reshape(())
    return x[(slice(None),) * axis + (idx,)]


def _vector_index(where: str, x: Tensor, axis: int, index: Any) -> np.ndarray:
    """A 1-d (or 0-d: one value) integer index along ``axis`` as an int64 vector; an
    error naming ``where``, the shapes and the bounds otherwise."""
    idx = index._data if isinstance(index, Tensor) else np.asarray(index)
    if idx.ndim > 1 or idx.dtype.kind not in "iu":
        raise TypeError(f"{where}: index must be a 1-d integer tensor (int64 or int32), got dtype {idx.dtype}, "
                        f"shape {idx.shape}")
    n = x._data.shape[axis] if x._data.ndim else 1
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise IndexError(f"{where}: index values must lie in [0, {n}) for dim {axis} of a tensor of shape "
                         f"{x.shape}, got values in [{idx.min()}, {idx.max()}]")
    return idx.reshape(-1).astype(np.int64, copy=False)


def masked_fill(x: Tensor, mask: Any, value: Any) -> Tensor:
    """``value`` where the boolean ``mask`` (broadcast) is True, x elsewhere; a 0-d
    Tensor ``value`` gets the gradient of the elements it filled."""
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != bool:
        raise TypeError(f"masked_fill: mask must be a boolean tensor, got dtype {m.dtype}")
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise ValueError(f"masked_fill: value must be a number or a 0-d tensor, got shape {value.shape}")
    elif not args.is_real(value) and not isinstance(value, bool):
        raise TypeError(f"masked_fill: value must be a number or a 0-d tensor, got {type(value).__name__}")
    try:
        fits = np.broadcast_shapes(x.shape, m.shape) == x.shape
    except ValueError:
        fits = False
    if not fits:  # (a mask may not broadcast the result beyond x's shape, as in PyTorch)
        raise ValueError(f"masked_fill: mask of shape {m.shape} does not broadcast to the tensor's shape {x.shape}")
    return formulas.where(m, value, x)


# ----------------------------------------------------------- scatter and scatter_reduce
def _scatter_args(where: str, x: Tensor, dim: int, index: Any, src: Any) -> tuple[int, np.ndarray, Tensor]:
    """The axis, the checked int64 index and the part of src it covers (a Tensor of x's dtype)."""
    axis = args.one_axis(where, dim, x._data.shape)
    idx = args.index_array(where, x._data.shape, axis, _as_array(index))
    s = operand_like(where, x, src)
    if s._data.ndim != idx.ndim or any(ni > ns for ni, ns in zip(idx.shape, s._data.shape)):
        raise ValueError(f"{where}: index of shape {idx.shape} must have src's rank and be no larger than src "
                         f"{s.shape} in any dim")
    if s._data.shape != idx.shape:
        s = s[tuple(slice(0, n) for n in idx.shape)]
    return axis, idx, s


def _targets(x: Tensor, axis: int, idx: np.ndarray) -> np.ndarray:
    """For each element of ``idx``, the flat position in x that it addresses along ``axis``."""
    grid = list(np.ix_(*[np.arange(n) for n in idx.shape]))
    grid[axis] = idx
    return np.ravel_multi_index(tuple(np.broadcast_arrays(*grid)), x._data.shape)


def scatter(x: Tensor, dim: int, index: Any, src: Any = None, *, value: Any = None,
            reduce: str | None = None) -> Tensor:
    """x with src[i][j] (or the number ``value``) written at x[i][index[i][j]] (dim 1),
    as ``torch.scatter``; ``x.scatter(1, index, 2.0)`` is the ``value`` form. The
    overwritten elements of x get no gradient; src's elements get theirs from where
    they landed. Where index repeats a position the last write wins (as PyTorch's CPU
    kernel; PyTorch calls the winner unspecified) and only the winner gets a gradient
    (PyTorch's backward gives every duplicate one). ``reduce="add"`` / ``"multiply"``
    combine instead (``scatter_reduce`` "sum" / "prod" including x)."""
    if src is not None and not isinstance(src, (Tensor, np.ndarray, list, tuple)):
        src, value = None, src if value is None else _both_given()
    if (src is None) == (value is None):
        _both_given()
    if x._data.ndim == 0:
        return scatter(x.reshape(1), 0, _as_array(index).reshape(-1), None if src is None else
                       operand_like("scatter", x, src).reshape(-1), value=value, reduce=reduce).reshape(())
    if src is None:
        if not args.is_real(value):
            raise TypeError(f"scatter: value must be a number, got {type(value).__name__}")
        src = new_tensor(np.full(_as_array(index).shape, value, dtype=x._data.dtype))
    if reduce is not None:
        if reduce not in ("add", "multiply"):
            raise ValueError(f"scatter: reduce must be 'add' or 'multiply', got {reduce!r}")
        return scatter_reduce(x, dim, index, src, "sum" if reduce == "add" else "prod")
    axis, idx, s = _scatter_args("scatter", x, dim, index, src)
    tgt = _targets(x, axis, idx).reshape(-1)
    written = np.zeros(x._data.size, dtype=bool)
    written[tgt] = True
    last = np.zeros(tgt.size, dtype=bool)  # the last write to each position (C order)
    last[tgt.size - 1 - np.unique(tgt[::-1], return_index=True)[1]] = True
    s = s if last.all() else formulas.where(last.reshape(idx.shape), s, 0)
    kept = formulas.where(written.reshape(x.shape), 0, x)
    return kept.scatter_add(axis, idx, s)


def _both_given() -> Any:
    raise TypeError("scatter: give exactly one of src (a tensor) and value (a number)")


def _as_array(index: Any) -> np.ndarray:
    return index._data if isinstance(index, Tensor) else np.asarray(index)


def scatter_reduce(x: Tensor, dim: int, index: Any, src: Any, reduce: str,  # noqa: A002
                   *, include_self: bool = True) -> Tensor:
    """``reduce`` ("sum", "prod", "mean", "amax", "amin") of src's values scattered
    along ``dim`` onto x's elements (with x's own value when ``include_self``; a
    position no index names keeps x's), as ``torch.scatter_reduce``.

    Gradients as PyTorch's: sum and mean pass g (divided by the count for mean);
    amax / amin share g equally among the values equal to the result (x's too when
    included); prod gives each factor the product of the others (exact with zeros,
    as it is computed as a tree of products). All are recorded ops, so second order
    works. (A result of +-inf gives its contributors no gradient.)"""
    if reduce not in ("sum", "prod", "mean", "amax", "amin"):
        raise ValueError(f"scatter_reduce: reduce must be 'sum', 'prod', 'mean', 'amax' or 'amin', got {reduce!r}")
    if x._data.ndim == 0:
        return scatter_reduce(x.reshape(1), 0, _as_array(index).reshape(-1), operand_like("scatter_reduce", x, src)
                              .reshape(-1), reduce, include_self=include_self).reshape(())
    axis, idx, s = _scatter_args("scatter_reduce", x, dim, index, src)
    if idx.size == 0:
        return x.clone()
    tgt = _targets(x, axis, idx).reshape(-1)
    hit = np.zeros(x._data.size, dtype=bool)
    hit[tgt] = True
    hit_x = hit.reshape(x.shape)
    base = x if include_self else formulas.where(hit_x, 0, x)
    if reduce in ("sum", "mean"):
        total = base.scatter_add(axis, idx, s)
        if reduce == "sum":
            return total
        counts = np.bincount(tgt, minlength=x._data.size).reshape(x.shape) + (hit_x & include_self)
        return total / np.maximum(counts, 1).astype(x._data.dtype)
    if reduce == "prod":
        return _scatter_prod(x, s, tgt, hit, include_self)
    return _scatter_extreme(x, s, reduce, tgt, hit, include_self)


def _scatter_extreme(x: Tensor, s: Tensor, reduce: str, tgt: np.ndarray, hit: np.ndarray,
                     include_self: bool) -> Tensor:
    """amax / amin: the result r computed in numpy, then r + sum over the contributors
    v equal to r of (v - r) / count: the same values exactly, and d/dv = 1/count."""
    xd, sd = x._data.reshape(-1), s._data.reshape(-1)
    r = xd.copy()
    if not include_self:  # (the identity of max / min: its first value replaces it)
        r[hit] = _extreme_identity(xd.dtype, reduce)
    (np.maximum if reduce == "amax" else np.minimum).at(r, tgt, sd)

    def equal(v: np.ndarray, rv: np.ndarray) -> np.ndarray:
        same = v == rv
        if v.dtype.kind == "f":
            same = (same & np.isfinite(rv)) | (np.isnan(v) & np.isnan(rv))
        return same

    src_eq = equal(sd, r[tgt])
    self_eq = hit & equal(xd, r) if include_self else np.zeros_like(hit)
    count = np.bincount(tgt, weights=src_eq, minlength=xd.size) + self_eq
    count = np.maximum(count, 1).astype(xd.dtype)
    r_t = new_tensor(r)
    out = formulas.where(hit, r_t, x.reshape(-1))  # (a position no index names is x's own)
    if xd.dtype.kind != "f":  # (no gradient to integers)
        return out.reshape(x.shape)
    if self_eq.any():
        out = out + formulas.where(self_eq, x.reshape(-1) - r_t, 0) / count
    if src_eq.any():
        share = formulas.where(src_eq, s.reshape(-1) - new_tensor(r[tgt]), 0) / count[tgt]
        out = out.scatter_add(0, tgt, share)
    return out.reshape(x.shape)


def _extreme_identity(dtype: np.dtype, reduce: str) -> Any:
    if dtype.kind == "f":
        return -np.inf if reduce == "amax" else np.inf
    if dtype.kind == "b":
        return reduce != "amax"
    info = np.iinfo(dtype)
    return info.min if reduce == "amax" else info.max


def _scatter_prod(x: Tensor, s: Tensor, tgt: np.ndarray, hit: np.ndarray, include_self: bool) -> Tensor:
    """prod: the factors of each hit position laid out in a row of a (positions, 2^k)
    matrix padded with ones, then halved by products k times: exact gradients (each
    factor's is the product of the others, zeros included) and second order."""
    xf = x.reshape(-1)
    where_hit = np.flatnonzero(hit)
    factors = [s.reshape(-1)]
    owners = [tgt]
    if include_self:
        factors.insert(0, xf[where_hit])
        owners.insert(0, where_hit)
    owner = np.concatenate(owners)
    one = new_tensor(np.ones(1, dtype=x._data.dtype))
    values = formulas.concat([*factors, one], 0)  # (the last element pads the rows)
    order = np.argsort(owner, kind="stable")
    row = np.searchsorted(where_hit, owner[order])
    counts = np.bincount(row, minlength=where_hit.size)
    rank = np.arange(order.size) - np.repeat(np.cumsum(counts) - counts, counts)
    width = 1 << int(np.ceil(np.log2(max(int(counts.max()), 1))))
    layout = np.full((where_hit.size, width), owner.size, dtype=np.int64)
    layout[row, rank] = order
    table = values[layout]
    while width > 1:
        width //= 2
        table = table[:, :width] * table[:, width:]
    return formulas.where(hit, 0, xf).scatter_add(0, where_hit, table.reshape(-1)).reshape(x.shape)


def nonzero(x: Tensor, *, as_tuple: bool = False) -> Any:
    """The indices of the non-zero elements: an (n, ndim) int64 tensor, or a tuple of
    1-d ones with ``as_tuple=True``; no gradient."""
    data = x._data
    if data.ndim == 0:  # (PyTorch: a 0-d tensor has one element, at no index)
        hits = int(bool(data))
        return (new_tensor(np.zeros(hits, np.int64)),) if as_tuple else new_tensor(np.zeros((hits, 0), np.int64))
    found = np.nonzero(data)
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
