"""Picking elements by index along one axis, and what is built on it: ``gather`` /
``take_along_dim`` and their adjoint ``scatter_add``, then the sorted reductions whose
values carry gradients to the positions they came from (``sort``, ``topk``,
``kthvalue``, ``median(dim=)``), and ``cumsum`` and ``prod``.

``gather``'s gradient is a scatter-add of ``g`` into zeros (indices picked twice add
up), and ``scatter_add``'s gradient with respect to its source is a gather of ``g``: each
is written as the other's backward, so second derivatives work.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from autograd.ops import args, formulas
from autograd.ops.base import BackwardContext, Case, Op, floating, new_tensor
from autograd.tensor import Tensor, as_tensor


# ------------------------------------------------------------------ gather / scatter
def _put_add(shape: tuple[int, ...], axis: int, index: np.ndarray, src: np.ndarray) -> np.ndarray:
    """zeros(shape) with src[i] added at index[i] along axis (repeated indices add up)."""
    out = np.zeros(shape, dtype=src.dtype)
    grid = list(np.ix_(*[np.arange(n) for n in index.shape]))
    grid[axis] = index
    np.add.at(out, tuple(grid), src)
    return out


class Gather(Op):
    """out[i][j] = x[i][index[i][j]] along ``axis`` (the index may be smaller than x in
    the other dims, as torch's);  dx = g scatter-added at index."""

    name = "gather"
    cases = (Case(shapes=[(3, 4)], params={"axis": 1, "index": np.array([[0, 3, 0], [1, 1, 2], [3, 2, 0]])},
                  reference=lambda x, axis, index: np.take_along_axis(x, index, axis)),
             Case(shapes=[(4, 3)], params={"axis": 0, "index": np.array([[3, 0], [3, 3]])},  # (smaller in dim 1)
                  reference=lambda x, axis, index: np.take_along_axis(x[:, :2], index, axis)))

    @staticmethod
    def forward(x: Any, axis: int, index: np.ndarray) -> tuple[Any, Any]:
        if any(ni != nx for d, (ni, nx) in enumerate(zip(index.shape, x.shape)) if d != axis):
            x = x[tuple(slice(0, n) if d != axis else slice(None) for d, n in enumerate(index.shape))]
        return np.take_along_axis(x, index, axis), (axis, index)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis, index = ctx.saved
        shape = ctx.inputs[0].shape
        if isinstance(g, np.ndarray):
            return (_put_add(shape, axis, index, g),)
        return (ScatterAddInto.apply(g, axis=axis, index=index, shape=shape),)


class ScatterAddInto(Op):
    """zeros(shape) with src scatter-added at index along ``axis``;  dsrc = gather(g)."""

    name = "scatter_add"
    cases = (Case(shapes=[(2, 3)], params={"axis": 0, "index": np.array([[0, 2, 0], [0, 1, 2]]), "shape": (3, 3)},
                  reference=lambda s, axis, index, shape: _put_add(shape, axis, index, s)),
             Case(shapes=[(2, 2)], params={"axis": 0, "index": np.array([[0, 2], [0, 0]]), "shape": (3, 4)},
                  reference=lambda s, axis, index, shape: _put_add(shape, axis, index, s)))

    @staticmethod
    def forward(src: Any, axis: int, index: np.ndarray, shape: tuple[int, ...]) -> tuple[Any, Any]:
        return _put_add(shape, axis, index, src), (axis, index)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis, index = ctx.saved
        if isinstance(g, np.ndarray):
            return (Gather.forward(g, axis, index)[0],)
        return (Gather.apply(g, axis=axis, index=index),)


def checked_index(where: str, x: Tensor, axis: int, index: Any, same_rank: bool = True) -> np.ndarray:
    """``index`` (a Tensor or array-like) as an int64 array that fits ``x`` along ``axis``
    (:func:`args.index_array`)."""
    idx = index._data if isinstance(index, Tensor) else np.asarray(index)
    return args.index_array(where, x._data.shape, axis, idx, same_rank)


def gather(x: Tensor, dim: int, index: Any) -> Tensor:
    """out[i][j] = x[i][index[i][j]] (dim 1), as ``torch.gather``: the index has x's
    rank and is no larger than x in the other dims; its values lie in [0, x.shape[dim])."""
    return _gather("gather", x, dim, index)


def _gather(where: str, x: Tensor, dim: int, index: Any) -> Tensor:
    axis = args.one_axis(where, dim, x._data.shape)
    if x._data.ndim == 0:  # (a 0-d input is the 1-element vector along its one "dim")
        idx = index._data if isinstance(index, Tensor) else np.asarray(index)
        if idx.ndim > 1:
            raise ValueError(f"{where}: index of shape {idx.shape} does not fit a 0-d input")
        return _gather(where, x.reshape(1), 0, idx.reshape(-1)).reshape(idx.shape)
    return Gather.apply(x, axis=axis, index=checked_index(where, x, axis, index))


def take_along_dim(x: Tensor, indices: Any, dim: int | None = None) -> Tensor:
    """``gather`` with broadcasting indices (``torch.take_along_dim``); dim None: flattened."""
    idx = indices._data if isinstance(indices, Tensor) else np.asarray(indices)
    if dim is None:
        return _gather("take_along_dim", x.reshape(-1), 0, idx.reshape(-1))
    axis = args.one_axis("take_along_dim", dim, x._data.shape)
    if x._data.ndim == 0 or idx.ndim != x._data.ndim:
        raise ValueError(f"take_along_dim: indices of shape {idx.shape} must have the input's rank "
                         f"{x._data.ndim} (input shape {x.shape})")
    try:
        shape = list(np.broadcast_shapes(tuple(s for d, s in enumerate(idx.shape) if d != axis),
                                         tuple(s for d, s in enumerate(x._data.shape) if d != axis)))
    except ValueError:
        raise ValueError(f"take_along_dim: indices of shape {idx.shape} do not broadcast with the input "
                         f"{x.shape} outside dim {axis}") from None
    shape.insert(axis, idx.shape[axis])
    idx = np.broadcast_to(idx, shape)
    shape[axis] = x._data.shape[axis]
    return _gather("take_along_dim", x.broadcast_to(tuple(shape)), axis, idx)


def scatter_add(x: Tensor, dim: int, index: Any, src: Any) -> Tensor:
    """x with src[i][j] added at x[i][index[i][j]] (dim 1), as ``torch.scatter_add``;
    repeated indices add up, and the gradient reaches x and src. The index has x's
    and src's rank and is no larger than src in any dim (nor x outside ``dim``)."""
    axis = args.one_axis("scatter_add", dim, x._data.shape)
    if isinstance(src, Tensor):
        if src._data.dtype != x._data.dtype:
            raise TypeError(f"scatter_add: src must have the input's dtype {x.dtype}, got {src.dtype}")
        s = src
    else:
        s = as_tensor(np.asarray(src, dtype=x._data.dtype), where="scatter_add")
    if x._data.ndim == 0:
        idx = index._data if isinstance(index, Tensor) else np.asarray(index)
        return scatter_add(x.reshape(1), 0, idx.reshape(-1), s.reshape(-1)).reshape(())
    idx = checked_index("scatter_add", x, axis, index)
    if s._data.ndim != idx.ndim or any(ni > ns for ni, ns in zip(idx.shape, s._data.shape)):
        raise ValueError(f"scatter_add: index of shape {idx.shape} must have src's rank and be no larger than src "
                         f"{s.shape} in any dim")
    if s._data.shape != idx.shape:
        s = s[tuple(slice(0, n) for n in idx.shape)]
    return x + ScatterAddInto.apply(s, axis=axis, index=idx, shape=x._data.shape)


# --------------------------------------------------------------- sorted reductions
class ValuesIndices(NamedTuple):
    """What sort, topk, kthvalue and median(dim) return, as ``torch.return_types``."""

    values: Tensor
    indices: Tensor


def sort(x: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> ValuesIndices:
    """Sorted along ``dim``: (values, indices); the values' gradient goes back to where
    each came from. Ties keep their order (a stable sort, always)."""
    axis = args.one_axis("sort", dim, x._data.shape)
    order = _order(x._data, axis, descending)
    return ValuesIndices(_pick(x, axis, order), new_tensor(order))


def argsort(x: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    """The indices that sort ``x`` along ``dim`` (int64, no gradient)."""
    return new_tensor(_order(x._data, args.one_axis("argsort", dim, x._data.shape), descending))


def _order(data: np.ndarray, axis: int, descending: bool = False) -> np.ndarray:
    """The int64 indices that sort ``data`` stably along ``axis`` (a NaN last ascending,
    first descending, as torch's), in data's shape (a 0-d array is one element)."""
    flat = data if data.ndim else data.reshape(1)
    if descending:
        flat = np.where(np.isnan(flat), -np.inf, -flat) if flat.dtype.kind == "f" else -flat.astype(np.int64)
    return np.argsort(flat, axis=axis, kind="stable").reshape(data.shape).astype(np.int64)


def topk(x: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> ValuesIndices:  # noqa: A002
    """The ``k`` largest (or smallest) elements along ``dim``: (values, indices)."""
    axis = args.one_axis("topk", dim, x._data.shape)
    k = args.integer("topk", "k", k)
    n = x._data.shape[axis] if x._data.ndim else 1
    if not 0 <= k <= n:
        raise ValueError(f"topk: k = {k} is out of range for dim {axis} of size {n} (shape {x.shape})")
    if x._data.ndim == 0:  # as a 1-element vector; 0-d results, as torch's
        return _scalar_result(topk(x.reshape(1), k, 0, largest, sorted)) if k else \
            ValuesIndices(x.reshape(-1)[:0], new_tensor(np.zeros(0, dtype=np.int64)))
    order = _order(x._data, axis, descending=largest)
    order = np.take(order, np.arange(k), axis=axis)
    return ValuesIndices(_pick(x, axis, order), new_tensor(order))


def _scalar_result(r: ValuesIndices) -> ValuesIndices:
    """(values, indices) of a 1-element vector as 0-d tensors (a 0-d input's result)."""
    return ValuesIndices(r.values.reshape(()), r.indices.reshape(()))


def kthvalue(x: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> ValuesIndices:
    """The k-th smallest element along ``dim`` (k from 1): (values, indices). NaN
    counts as larger than any number, as in PyTorch."""
    axis = args.one_axis("kthvalue", dim, x._data.shape)
    k = args.integer("kthvalue", "k", k)
    n = x._data.shape[axis] if x._data.ndim else 1
    if not 1 <= k <= n:
        raise ValueError(f"kthvalue: k = {k} is out of range for dim {axis} of size {n} (shape {x.shape})")
    if x._data.ndim == 0:
        return _scalar_result(kthvalue(x.reshape(1), k, 0, keepdim))
    order = _order(x._data, axis)
    return _select(x, axis, np.take(order, [k - 1], axis=axis), keepdim)


def median(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    """The lower median, as PyTorch's: of the flattened tensor when ``dim`` is None (a
    Tensor whose gradient is shared equally by the elements equal to it), along ``dim``
    (values, indices) with the gradient to that index. A slice holding NaN has median
    NaN (along ``dim``: the index of its first NaN)."""
    if dim is None:
        flat = x.reshape(-1)
        n = flat._data.size
        if n == 0:
            raise ValueError(f"median: the tensor of shape {x.shape} is empty")
        data = flat._data
        nan = np.isnan(data) if data.dtype.kind == "f" else np.zeros(n, dtype=bool)
        if nan.any():
            tied = nan
        else:
            tied = data == np.partition(data, (n - 1) // 2)[(n - 1) // 2]
        if tied.sum() == 1 or data.dtype.kind != "f":
            return flat[int(np.argmax(tied))]
        # amax of the tied elements alone: the same value, and ties share its gradient
        return formulas.where(tied, flat, -np.inf).amax()
    axis = args.one_axis("median", dim, x._data.shape)
    if x._data.ndim == 0:
        return _scalar_result(median(x.reshape(1), 0, keepdim))
    n = x._data.shape[axis]
    order = _order(x._data, axis)
    idx = np.take(order, [(n - 1) // 2], axis=axis)
    if x._data.dtype.kind == "f":
        nan = np.isnan(x._data)
        idx = np.where(nan.any(axis, keepdims=True), np.argmax(nan, axis, keepdims=True), idx)
    return _select(x, axis, idx, keepdim)


def max_along(x: Tensor, dim: Any, keepdim: bool = False, *, largest: bool = True) -> ValuesIndices:
    """``max(dim)`` (or ``min(dim)`` with ``largest=False``), as PyTorch's: the largest
    element along ``dim`` and its index, the first among ties; a NaN is the largest and
    the smallest (its first index). The gradient goes to that index alone; ``amax``
    (``max()`` with no dim) shares it among ties."""
    where = "max" if largest else "min"
    axis = args.one_axis(where, dim, x._data.shape)
    if x._data.ndim == 0:
        return _scalar_result(max_along(x.reshape(1), 0, keepdim, largest=largest))
    if x._data.shape[axis] == 0:
        raise ValueError(f"{where}: dim {dim} of the tensor of shape {x.shape} is empty (no element to pick)")
    idx = (np.argmax if largest else np.argmin)(x._data, axis=axis, keepdims=True)  # (numpy's: a NaN's index first)
    return _select(x, axis, idx, keepdim)


def _pick(x: Tensor, axis: int, order: np.ndarray) -> Tensor:
    if x._data.ndim == 0:
        return x.reshape(()) if order.size else x.reshape(-1)[:0]
    return Gather.apply(x, axis=axis, index=order)


def _select(x: Tensor, axis: int, idx: np.ndarray, keepdim: bool) -> ValuesIndices:
    values = _pick(x, axis, idx)
    indices = new_tensor(idx.astype(np.int64))
    if not keepdim and x._data.ndim:
        values, indices = values.squeeze(axis), indices.squeeze(axis)
    return ValuesIndices(values, indices)


# ------------------------------------------------------------------------ cumulative
class Cumsum(Op):
    """Running sums along ``axis``;  dx = running sums of g from the end (reversed)."""

    name = "cumsum"
    cases = (Case(shapes=[(3, 4)], params={"axis": 1},
                  reference=lambda x, axis: np.tril(np.ones((4, 4))).dot(x.T).T),)

    @staticmethod
    def forward(x: Any, axis: int) -> tuple[Any, Any]:
        return np.cumsum(x, axis=axis), axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis = ctx.saved
        if isinstance(g, np.ndarray):
            return (np.flip(np.cumsum(np.flip(g, axis), axis=axis), axis),)
        return (g.flip(axis).cumsum(axis).flip(axis),)


def _accumulating(where: str, x: Tensor, dtype: Any) -> Tensor:
    """What sums and products run on: ``x`` cast to ``dtype`` first (a recorded cast),
    or bools as int64, as PyTorch's sum, prod, cumsum and cumprod do (integers give
    int64 through numpy already)."""
    if dtype is not None:
        return x.astype(args.dtype(where, dtype))
    return x.astype(np.int64) if x._data.dtype.kind == "b" else x


def cumsum(x: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """Running sums along ``dim`` (in ``dtype`` when given)."""
    axis = args.one_axis("cumsum", dim, x._data.shape)
    t = _accumulating("cumsum", x, dtype)
    if t._data.ndim == 0:
        return t.reshape(()) * 1
    return Cumsum.apply(t, axis=axis)


class Cumprod(Op):
    """Running products along ``axis``;  dx_i = sum_{j >= i} g_j prod_{k <= j, k != i} x_k.

    Without zeros that is (reversed running sum of g out)_i / x_i, in both modes. With
    zeros, on arrays: past a slice's first zero every gradient is 0, and at that zero
    it is sum_{j >= z} g_j prod_{k <= j, k != z} x_k (O(n)); on Tensors (create_graph)
    the formula itself, as one cumprod of the n x n matrix whose row i is x with x_i
    replaced by 1, so the gradient is a polynomial in x and differentiates exactly
    (PyTorch's double backward is O(n^2) too)."""

    name = "cumprod"
    cases = (Case(shapes=[(3, 4)], params={"axis": 1},
                  reference=lambda x, axis: np.stack([np.prod(x[:, :k + 1], axis=1) for k in range(4)], 1)),)

    @staticmethod
    def forward(x: Any, axis: int) -> tuple[Any, Any]:
        return np.cumprod(x, axis=axis), axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis = ctx.saved
        x = ctx.inputs[0]
        zero = formulas.constant(x) == 0
        if not zero.any():
            return (_reversed_cumsum(g * ctx.out, axis) / x,)
        if isinstance(x, np.ndarray):
            return (_cumprod_grad_with_zeros(x, g, ctx.out, axis, zero),)
        n = x.shape[axis]
        eye = np.eye(n, dtype=x.dtype)
        # (g may be a plain array here: a constant upstream gradient)
        rows = formulas.expand_dims(formulas.swapaxes(x, axis, -1), -2) * (1 - eye) + eye  # [..., i, k]: x_k, 1 at i
        partial = rows.cumprod(-1) * np.triu(np.ones((n, n), dtype=x.dtype))  # d out_j / d x_i, j >= i
        return (formulas.swapaxes((formulas.expand_dims(formulas.swapaxes(g, axis, -1), -2) * partial).sum(-1),
                                  axis, -1),)


def _reversed_cumsum(a: Any, axis: int) -> Any:
    """sum_{j >= i} a_j along ``axis``, on arrays or Tensors."""
    return formulas.flip(formulas.flip(a, (axis,)).cumsum(axis), (axis,))


def _cumprod_grad_with_zeros(x: np.ndarray, g: np.ndarray, out: np.ndarray, axis: int,
                             zero: np.ndarray) -> np.ndarray:
    """Cumprod's gradient on arrays with zeros in x, in O(n) per slice."""
    xs, gs, outs, zs = (np.moveaxis(np.asarray(a), axis, -1) for a in (x, g, out, zero))
    shape = xs.shape
    xs, gs, outs, zs = (a.reshape(-1, shape[-1]) for a in (xs, gs, outs, zs))
    grad = np.zeros_like(xs)
    clean = ~zs.any(axis=1)
    if clean.any():  # no zero in the slice: the reversed running sum of g out, over x
        grad[clean] = _reversed_cumsum(gs[clean] * outs[clean], -1) / xs[clean]
    for r in np.flatnonzero(~clean):  # slices with a zero, one at a time
        z = int(np.argmax(zs[r]))
        if z:
            grad[r, :z] = _reversed_cumsum(gs[r, :z] * outs[r, :z], -1) / xs[r, :z]
        before = np.prod(xs[r, :z])
        after = np.concatenate([[1.0], np.cumprod(xs[r, z + 1:])]).astype(xs.dtype)
        grad[r, z] = before * np.dot(gs[r, z:], after)
    return np.moveaxis(grad.reshape(shape), -1, axis)


def cumprod(x: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """Running products along ``dim`` (in ``dtype`` when given)."""
    axis = args.one_axis("cumprod", dim, x._data.shape)
    t = _accumulating("cumprod", x, dtype)
    if t._data.ndim == 0:
        return t * 1
    return Cumprod.apply(t, axis=axis)


class Logcumsumexp(Op):
    """log sum_{k <= i} e^{x_k} along ``axis``, exactly (numpy's logaddexp, accumulated);
    dx_i = sum_{j >= i} g_j e^{x_i - out_j}, summed in log space (positive and negative
    parts of g apart, as PyTorch does) so nothing overflows. The sum is itself a
    reversed logcumsumexp, so the gradient differentiates again."""

    name = "logcumsumexp"
    cases = (Case(shapes=[(3, 4)], params={"axis": 1},
                  reference=lambda x, axis: np.log(np.cumsum(np.exp(x), axis=1))),)

    @staticmethod
    def forward(x: Any, axis: int) -> tuple[Any, Any]:
        with np.errstate(invalid="ignore"):  # (nan in, nan out, as in PyTorch; inf - inf too)
            return np.logaddexp.accumulate(x, axis=axis), axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis = ctx.saved
        x = ctx.inputs[0]
        gd = formulas.constant(g)
        # The lowest float instead of log 0 = -inf: e^(x + lowest) is still 0, and no
        # inf - inf turns into nan in a second derivative.
        lowest = np.finfo(gd.dtype).min
        parts = []
        # (lowest + lowest = -inf where both parts are empty: e^-inf = 0; nan in x stays nan)
        with np.errstate(over="ignore", invalid="ignore"):
            for mask in (gd > 0, gd < 0):
                log_part = formulas.where(mask, formulas.log(formulas.where(mask, abs(g), 1.0)), lowest)
                rev = formulas.flip(_logcumsumexp(formulas.flip(log_part - ctx.out, (axis,)), axis), (axis,))
                parts.append(formulas.exp(x + rev))
        return (parts[0] - parts[1],)


def _logcumsumexp(a: Any, axis: int) -> Any:
    return np.logaddexp.accumulate(a, axis=axis) if isinstance(a, np.ndarray) else a.logcumsumexp(axis)


def logcumsumexp(x: Tensor, dim: int) -> Tensor:
    axis = args.one_axis("logcumsumexp", dim, x._data.shape)
    t = floating(x)
    if t._data.ndim == 0:
        return t * 1
    return Logcumsumexp.apply(t, axis=axis)


class Prod(Op):
    """The product over ``axes``;  d/dx_i = the product of the others, computed as
    (running product before i) * (running product after i), so it is exact with zeros
    (one zero gets the product of the rest, two or more give 0 everywhere) and, made
    of cumprods, differentiates again (second order through ``Cumprod``)."""

    name = "prod"
    cases = (Case(shapes=[(3, 4)], params={"axis": 1, "keepdims": False},
                  reference=lambda x, axis, keepdims: np.exp(np.log(np.abs(x)).sum(axis)) * np.sign(x).prod(axis)),
             Case(shapes=[(2, 3)], params={"axis": None, "keepdims": False},
                  reference=lambda x, axis, keepdims: np.exp(np.log(np.abs(x)).sum()) * np.sign(x).prod()))

    @staticmethod
    def forward(x: Any, axis: int | None, keepdims: bool) -> tuple[Any, Any]:
        return np.prod(x, axis=axis, keepdims=keepdims), (axis, keepdims)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis, keepdims = ctx.saved
        x = ctx.inputs[0]
        flat = x.reshape(-1) if axis is None else formulas.swapaxes(x, axis, -1)
        if flat.shape[-1] == 0:  # an empty product is 1, a constant
            return (x * 0,)
        ones = np.ones(flat.shape[:-1] + (1,), dtype=x.dtype)
        before = formulas.concat([ones, flat[..., :-1]], -1).cumprod(-1)
        after = formulas.flip(formulas.concat([ones, formulas.flip(flat, (-1,))[..., :-1]], -1).cumprod(-1), (-1,))
        others = before * after  # the product of every element but this one
        if axis is None:
            return ((g * others).reshape(x.shape),)
        g = g if keepdims else formulas.expand_dims(g, axis)
        return (formulas.swapaxes(formulas.swapaxes(g, axis, -1) * others, axis, -1),)


def prod(x: Tensor, dim: int | None = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """The product of all elements, or along ``dim`` (in ``dtype`` when given)."""
    t = _accumulating("prod", x, dtype)
    axis = None if dim is None else args.one_axis("prod", dim, t._data.shape)
    if t._data.ndim == 0:
        return t * 1
    return Prod.apply(t, axis=axis, keepdims=bool(keepdim) and axis is not None)
