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

from autograd.ops import args
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


def _index(where: str, x: Tensor, axis: int, index: Any, same_rank: bool = True) -> np.ndarray:
    """``index`` as an int64 array that fits ``x`` along ``axis``, or an error naming
    ``where`` and the shapes (numpy would wrap negative indices silently)."""
    idx = index._data if isinstance(index, Tensor) else np.asarray(index)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"{where}: index must be an integer tensor (int64 or int32), got dtype {idx.dtype}")
    if same_rank and idx.ndim != x._data.ndim:
        raise ValueError(f"{where}: index of shape {idx.shape} must have the input's rank {x._data.ndim} "
                         f"(input shape {x.shape})")
    n = x._data.shape[axis] if x._data.ndim else 1
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise IndexError(f"{where}: index values must lie in [0, {n}) along dim {axis} of a tensor of shape "
                         f"{x.shape}, got values in [{idx.min()}, {idx.max()}]")
    for d, (ni, nx) in enumerate(zip(idx.shape, x._data.shape)):
        if d != axis and ni > nx:
            raise ValueError(f"{where}: index of shape {idx.shape} is larger than the input {x.shape} in dim {d}")
    return idx.astype(np.int64, copy=False)


def gather(x: Tensor, dim: int, index: Any) -> Tensor:
    """out[i][j] = x[i][index[i][j]] (dim 1), as ``torch.gather``: the index has x's
    rank and is no larger than x in the other dims; its values lie in [0, x.shape[dim])."""
    return _gather("gather", x, dim, index)


def _gather(where: str, x: Tensor, dim: int, index: Any) -> Tensor:
    axis = args.one_axis(where, dim, x._data.ndim)
    if x._data.ndim == 0:  # (a 0-d input is the 1-element vector along its one "dim")
        idx = index._data if isinstance(index, Tensor) else np.asarray(index)
        if idx.ndim > 1:
            raise ValueError(f"{where}: index of shape {idx.shape} does not fit a 0-d input")
        return _gather(where, x.reshape(1), 0, idx.reshape(-1)).reshape(idx.shape)
    return Gather.apply(x, axis=axis, index=_index(where, x, axis, index))


def take_along_dim(x: Tensor, indices: Any, dim: int | None = None) -> Tensor:
    """``gather`` with broadcasting indices (``torch.take_along_dim``); dim None: flattened."""
    idx = indices._data if isinstance(indices, Tensor) else np.asarray(indices)
    if dim is None:
        return _gather("take_along_dim", x.reshape(-1), 0, idx.reshape(-1))
    axis = args.one_axis("take_along_dim", dim, x._data.ndim)
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
    axis = args.one_axis("scatter_add", dim, x._data.ndim)
    if isinstance(src, Tensor):
        if src._data.dtype != x._data.dtype:
            raise TypeError(f"scatter_add: src must have the input's dtype {x.dtype}, got {src.dtype}")
        s = src
    else:
        s = as_tensor(np.asarray(src, dtype=x._data.dtype), where="scatter_add")
    if x._data.ndim == 0:
        idx = index._data if isinstance(index, Tensor) else np.asarray(index)
        return scatter_add(x.reshape(1), 0, idx.reshape(-1), s.reshape(-1)).reshape(())
    idx = _index("scatter_add", x, axis, index)
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
    axis = args.one_axis("sort", dim, x._data.ndim)
    data = x._data if x._data.ndim else x._data.reshape(1)
    order = np.argsort(-data if descending else data, axis=axis, kind="stable")
    if descending and data.dtype.kind == "f":  # (a stable descending sort; nan first, as torch's)
        order = np.argsort(np.where(np.isnan(data), -np.inf, -data), axis=axis, kind="stable")
    order = order.reshape(x._data.shape)
    return ValuesIndices(_pick(x, axis, order), new_tensor(order.astype(np.int64)))


def argsort(x: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    return sort(x, dim, descending, stable).indices


def topk(x: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> ValuesIndices:  # noqa: A002
    """The ``k`` largest (or smallest) elements along ``dim``: (values, indices)."""
    axis = args.one_axis("topk", dim, x._data.ndim)
    k = args.integer("topk", "k", k)
    n = x._data.shape[axis] if x._data.ndim else 1
    if not 0 <= k <= n:
        raise ValueError(f"topk: k = {k} is out of range for dim {axis} of size {n} (shape {x.shape})")
    order = sort(x.detach(), axis, descending=largest).indices._data
    order = np.take(order, np.arange(k), axis=axis) if x._data.ndim else order[:k]
    return ValuesIndices(_pick(x, axis, order), new_tensor(order))


def kthvalue(x: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> ValuesIndices:
    """The k-th smallest element along ``dim`` (k from 1): (values, indices)."""
    axis = args.one_axis("kthvalue", dim, x._data.ndim)
    k = args.integer("kthvalue", "k", k)
    n = x._data.shape[axis] if x._data.ndim else 1
    if not 1 <= k <= n:
        raise ValueError(f"kthvalue: k = {k} is out of range for dim {axis} of size {n} (shape {x.shape})")
    order = sort(x.detach(), axis).indices._data
    return _select(x, axis, np.take(order, [k - 1], axis=axis) if x._data.ndim else order[k - 1:k], keepdim)


def median(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    """The lower median (of the flattened tensor when ``dim`` is None, a Tensor; along
    ``dim``, (values, indices)); its gradient goes to that element, as in PyTorch."""
    if dim is None:
        flat = x.reshape(-1)
        n = flat._data.size
        if n == 0:
            raise ValueError(f"median: the tensor of shape {x.shape} is empty")
        return kthvalue(flat, (n + 1) // 2).values
    axis = args.one_axis("median", dim, x._data.ndim)
    n = x._data.shape[axis] if x._data.ndim else 1
    return kthvalue(x, (n + 1) // 2, axis, keepdim)


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


def cumsum(x: Tensor, dim: int) -> Tensor:
    axis = args.one_axis("cumsum", dim, x._data.ndim)
    t = floating(x) if x._data.dtype.kind == "b" else x
    if t._data.ndim == 0:
        return t.reshape(()) * 1
    return Cumsum.apply(t, axis=axis)


class Cumprod(Op):
    """Running products along ``axis``;  dx_i = sum_{j >= i} g_j out_j / x_i, computed
    without dividing by zero: past a slice's first zero every gradient is 0, and at
    that zero it is sum_{j >= z} g_j prod_{k <= j, k != z} x_k. Second order is not
    supported (the backward refuses ``create_graph``)."""

    name = "cumprod"
    cases = (Case(shapes=[(3, 4)], params={"axis": 1}, second_order=False,
                  reference=lambda x, axis: np.stack([np.prod(x[:, :k + 1], axis=1) for k in range(4)], 1)),)

    @staticmethod
    def forward(x: Any, axis: int) -> tuple[Any, Any]:
        return np.cumprod(x, axis=axis), axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis = ctx.saved
        x = ctx.inputs[0]
        if not isinstance(x, np.ndarray):
            raise RuntimeError("cumprod.backward: second derivatives of cumprod are not supported "
                               "(create_graph=True)")
        xs, gs, outs = (np.moveaxis(np.asarray(a), axis, -1) for a in (x, g, ctx.out))
        shape = xs.shape
        xs, gs, outs = (a.reshape(-1, shape[-1]) for a in (xs, gs, outs))
        grad = np.zeros_like(xs)
        zero = xs == 0
        clean = ~zero.any(axis=1)
        if clean.any():  # no zero in the slice: the reversed running sum of g out, over x
            go = gs[clean] * outs[clean]
            grad[clean] = np.flip(np.cumsum(np.flip(go, -1), -1), -1) / xs[clean]
        for r in np.flatnonzero(~clean):  # slices with a zero, one at a time
            z = int(np.argmax(zero[r]))
            if z:
                go = gs[r, :z] * outs[r, :z]
                grad[r, :z] = np.flip(np.cumsum(np.flip(go))) / xs[r, :z]
            before = np.prod(xs[r, :z])
            after = np.concatenate([[1.0], np.cumprod(xs[r, z + 1:])]).astype(xs.dtype)
            grad[r, z] = before * np.dot(gs[r, z:], after)
        return (np.moveaxis(grad.reshape(shape), -1, axis),)


def cumprod(x: Tensor, dim: int) -> Tensor:
    axis = args.one_axis("cumprod", dim, x._data.ndim)
    t = floating(x) if x._data.dtype.kind == "b" else x
    if t._data.ndim == 0:
        return t * 1
    return Cumprod.apply(t, axis=axis)


class Logcumsumexp(Op):
    """log sum_{k <= i} e^{x_k} along ``axis``, exactly (numpy's logaddexp, accumulated);
    dx_i = sum_{j >= i} g_j e^{x_i - out_j}, summed in log space (positive and negative
    parts of g apart) so nothing overflows. Second order is not supported."""

    name = "logcumsumexp"
    cases = (Case(shapes=[(3, 4)], params={"axis": 1}, second_order=False,
                  reference=lambda x, axis: np.log(np.cumsum(np.exp(x), axis=1))),)

    @staticmethod
    def forward(x: Any, axis: int) -> tuple[Any, Any]:
        return np.logaddexp.accumulate(x, axis=axis), axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis = ctx.saved
        x = ctx.inputs[0]
        if not isinstance(x, np.ndarray):
            raise RuntimeError("logcumsumexp.backward: second derivatives are not supported (create_graph=True)")
        out = ctx.out
        with np.errstate(divide="ignore"):
            parts = []
            for part in (np.maximum(g, 0), np.maximum(-g, 0)):
                terms = np.log(part) - out  # log(g_j e^-out_j), -inf where g_j is 0
                rev = np.flip(np.logaddexp.accumulate(np.flip(terms, axis), axis=axis), axis)
                parts.append(np.exp(x + rev))
        return (parts[0] - parts[1],)


def logcumsumexp(x: Tensor, dim: int) -> Tensor:
    axis = args.one_axis("logcumsumexp", dim, x._data.ndim)
    t = floating(x)
    if t._data.ndim == 0:
        return t * 1
    return Logcumsumexp.apply(t, axis=axis)


class Prod(Op):
    """The product over ``axes``;  d/dx_i = the product of the others (exact with
    zeros: one zero gets the product of the rest, two or more give 0 everywhere).
    Second order is not supported (the backward refuses ``create_graph``)."""

    name = "prod"
    cases = (Case(shapes=[(3, 4)], params={"axis": 1, "keepdims": False}, second_order=False,
                  reference=lambda x, axis, keepdims: np.exp(np.log(np.abs(x)).sum(axis)) * np.sign(x).prod(axis)),)

    @staticmethod
    def forward(x: Any, axis: int | None, keepdims: bool) -> tuple[Any, Any]:
        return np.prod(x, axis=axis, keepdims=keepdims), (axis, keepdims)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis, keepdims = ctx.saved
        x = ctx.inputs[0]
        if not isinstance(x, np.ndarray):
            raise RuntimeError("prod.backward: second derivatives of prod are not supported (create_graph=True)")
        flat = x.reshape(-1) if axis is None else np.moveaxis(x, axis, -1)
        ones = np.ones(flat.shape[:-1] + (1,), dtype=x.dtype)
        before = np.cumprod(np.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
        after = np.flip(np.cumprod(np.concatenate([ones, np.flip(flat, -1)[..., :-1]], axis=-1), axis=-1), -1)
        others = before * after  # the product of every element but this one
        gg = np.asarray(g)
        if axis is None:
            return ((gg * others).reshape(x.shape),)
        gg = gg if keepdims else np.expand_dims(gg, axis)
        return (np.moveaxis(np.moveaxis(gg, axis, -1) * others, -1, axis),)


def prod(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """The product of all elements, or along ``dim``."""
    t = floating(x) if x._data.dtype.kind == "b" else x
    axis = None if dim is None else args.one_axis("prod", dim, t._data.ndim)
    if t._data.ndim == 0:
        return t * 1
    return Prod.apply(t, axis=axis, keepdims=bool(keepdim) and axis is not None)
