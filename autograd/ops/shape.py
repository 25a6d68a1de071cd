"""Shape operations: reshape and its relatives, permute, flip, broadcast, indexing, concat.

None of these does arithmetic: each moves, copies or drops elements, so each
backward moves the gradient back. Reshape's backward is a reshape, permute's the
inverse permutation, flip's the same flip, broadcast's a sum over the repeated axes,
indexing's a scatter-add into zeros (repeated integer indices add up),
concat/stack/pad's a slice of the gradient. Every backward formula below runs on
numpy arrays and, under ``create_graph=True``, on Tensors (see
:mod:`autograd.ops.base`).

Semantics follow PyTorch (``expand``, ``squeeze``, ``split``, ``chunk``, ``flatten``,
``flip``) and numpy (``broadcast_to``, ``pad``, indexing). Bad input raises an
exception that names the op and the shapes: ``ValueError`` for incompatible shapes,
``numpy.exceptions.AxisError`` (both a ValueError and an IndexError) for an axis
outside the tensor's rank, ``IndexError`` for an index outside the tensor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from autograd.ops import args, formulas
from autograd.ops.args import AxisError, axis_or_dim, is_int, is_real, new_axis, one_axis
from autograd.ops.base import BackwardContext, Case, Op, sum_to
from autograd.tensor import Tensor, as_tensor

# ------------------------------------------------------------------ the ops


class Reshape(Op):
    """Same elements in the same order, new shape;  the gradient is reshaped back."""

    name = "reshape"
    cases = (Case(shapes=[(3, 4)], params={"shape": (2, 6)}),)

    @staticmethod
    def forward(x: Any, shape: tuple[int, ...]) -> tuple[Any, Any]:
        return x.reshape(shape), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g.reshape(ctx.inputs[0].shape),)


class Flatten(Reshape):
    """A run of axes merged into one (a reshape)."""

    name = "flatten"
    cases = (Case(shapes=[(2, 3, 4)], params={"shape": (2, 12)}),)


class Squeeze(Reshape):
    """Size-1 axes removed (a reshape)."""

    name = "squeeze"
    cases = (Case(shapes=[(2, 1, 3)], params={"shape": (2, 3)}),)


class Unsqueeze(Reshape):
    """A size-1 axis inserted (a reshape)."""

    name = "unsqueeze"
    cases = (Case(shapes=[(2, 3)], params={"shape": (2, 1, 3)}),)


class Permute(Op):
    """Axes reordered: out.shape[i] = x.shape[axes[i]];  the gradient takes the inverse
    permutation argsort(axes)."""

    name = "permute"
    cases = (Case(shapes=[(2, 3, 4)], params={"axes": (2, 0, 1)}, reference=lambda x, axes: np.einsum("ijk->kij", x)),)

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...]) -> tuple[Any, Any]:
        return np.transpose(x, axes), axes

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (formulas.permute(g, tuple(int(a) for a in np.argsort(ctx.saved))),)


class Flip(Op):
    """Elements in reverse order along ``axes``;  the gradient is flipped back along
    the same axes."""

    name = "flip"
    cases = (Case(shapes=[(2, 3, 4)], params={"axes": (0, 2)}, reference=lambda x, axes: x[::-1, :, ::-1]),)

    @staticmethod
    def forward(x: Any, axes: tuple[int, ...]) -> tuple[Any, Any]:
        return np.flip(x, axes), axes

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (formulas.flip(g, ctx.saved),)


class BroadcastTo(Op):
    """x repeated along broadcast axes;  the gradient is summed over them."""

    name = "broadcast_to"
    cases = (Case(shapes=[(3, 1)], params={"shape": (2, 3, 4)}, reference=lambda x, shape: x + np.zeros(shape)),)

    @staticmethod
    def forward(x: Any, shape: tuple[int, ...]) -> tuple[Any, Any]:
        return np.broadcast_to(x, shape), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (sum_to(g, ctx.inputs[0].shape),)


class Expand(BroadcastTo):
    """PyTorch's name for broadcasting to a shape."""

    name = "expand"
    cases = (Case(shapes=[(1, 3)], params={"shape": (4, 3)}, reference=lambda x, shape: x + np.zeros(shape)),)


class GetItem(Op):
    """x[index];  the gradient is g scatter-added into zeros of x's shape, so an
    element picked k times receives the sum of its k upstream gradients."""

    name = "getitem"
    cases: ClassVar[tuple[Case, ...]] = (
        Case(shapes=[(3, 4)], params={"index": (slice(None), np.array([0, 2, 0])), "basic": False},
             reference=lambda x, index, basic: np.stack([x[:, 0], x[:, 2], x[:, 0]], axis=1)),
        Case(shapes=[(3, 4)], params={"index": (1, slice(0, 2)), "basic": True},
             reference=lambda x, index, basic: np.array([x[1, 0], x[1, 1]])),
        Case(shapes=[(2, 3)], params={"index": np.array([[True, False, True], [False, True, False]]), "basic": False},
             reference=lambda x, index, basic: np.array([x[0, 0], x[0, 2], x[1, 1]])),
    )

    @staticmethod
    def forward(x: Any, index: Any, basic: bool) -> tuple[Any, Any]:
        return x[index], (index, basic)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        index, basic = ctx.saved
        return (_scatter(g, index, basic, ctx.inputs[0].shape),)


class IndexPut(Op):
    """x with x[index] = v (``x[index] = v`` recorded by ``Tensor.__setitem__``);
    d/dx = g with g[index] = 0 (those elements were overwritten), d/dv = g[index]
    (summed to v's shape where v was broadcast). ``index`` is a pair applied one
    after the other, ``x[first][second]``, as ``__setitem__`` writes it."""

    name = "index_put"
    cases = (
        Case(shapes=[(3, 4), (4,)], params={"index": ((), (1,))},
             reference=lambda x, v, index: np.concatenate([x[:1], v[None], x[2:]])),
        Case(shapes=[(3, 4), (2, 1)], params={"index": ((), (slice(0, 2), slice(1, 3)))},
             reference=lambda x, v, index: np.block([[x[:2, :1], np.repeat(v, 2, axis=1), x[:2, 3:]], [x[2:]]])),
    )

    @staticmethod
    def forward(x: Any, v: Any, index: tuple[Any, Any]) -> tuple[Any, Any]:
        out = x.copy()
        out[index[0]][index[1]] = v
        return out, index

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        first, second = ctx.saved
        need_x, need_v = ctx.needs_input_grad
        gx = gv = None
        if need_x:
            keep = np.ones(g.shape, dtype=bool)
            keep[first][second] = False
            gx = g * keep.astype(g.dtype)
        if need_v:
            gv = g[first][second]
        return gx, gv


class Split(GetItem):
    """One chunk of ``split`` (a slice along one axis)."""

    name = "split"
    cases = (Case(shapes=[(2, 5)], params={"index": (slice(None), slice(1, 3)), "basic": True}),)


class ScatterAdd(Op):
    """zeros(shape) with g added at index (repeated indices add up);  its gradient is
    gg[index]. The backward of indexing under ``create_graph``."""

    name = "scatter_add"
    cases = (
        Case(shapes=[(3, 2)], params={"index": np.array([0, 2, 0]), "basic": False, "shape": (4, 2)},
             reference=lambda g, index, basic, shape: np.array([g[0] + g[2], 0 * g[0], g[1], 0 * g[0]])),
        Case(shapes=[(2,)], params={"index": (1, slice(1, 3)), "basic": True, "shape": (2, 3)}),
    )

    @staticmethod
    def forward(g: Any, index: Any, basic: bool, shape: tuple[int, ...]) -> tuple[Any, Any]:
        out = np.zeros(shape, dtype=g.dtype)
        if basic:  # slices and ints never pick an element twice: plain assignment
            out[index] = g
        else:
            np.add.at(out, index, g)
        return out, index

    @staticmethod
    def backward(ctx: BackwardContext, gg: Any) -> tuple[Any, ...]:
        return (gg[ctx.saved],)


class Concat(Op):
    """Inputs joined along an existing axis;  each input's gradient is its slice of g."""

    name = "concat"
    cases = (Case(shapes=[(2, 3), (2, 1), (2, 2)], params={"axis": 1}),)

    @staticmethod
    def forward(*xs: Any, axis: int) -> tuple[Any, Any]:
        return np.concatenate(xs, axis=axis), (axis, tuple(x.shape[axis] for x in xs))

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        axis, sizes = ctx.saved
        lead = (slice(None),) * axis
        grads = []
        start = 0
        for size, need in zip(sizes, ctx.needs_input_grad):
            grads.append(g[lead + (slice(start, start + size),)] if need else None)
            start += size
        return tuple(grads)


class Stack(Op):
    """Inputs joined along a new axis;  input i's gradient is g indexed at i on that axis."""

    name = "stack"
    cases = (Case(shapes=[(2, 3), (2, 3)], params={"axis": 1}),)

    @staticmethod
    def forward(*xs: Any, axis: int) -> tuple[Any, Any]:
        return np.stack(xs, axis=axis), axis

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        lead = (slice(None),) * ctx.saved
        return tuple(g[lead + (i,)] if need else None for i, need in enumerate(ctx.needs_input_grad))


class Pad(Op):
    """x surrounded by a constant;  the gradient is the middle of g (the padding is
    constant, so it passes nothing back)."""

    name = "pad"
    cases = (
        Case(shapes=[(2, 3)], params={"widths": ((1, 0), (2, 1)), "value": 0.5},
             reference=lambda x, widths, value: np.block([[np.full((1, 6), 0.5)],
                                                        [np.full((2, 2), 0.5), x, np.full((2, 1), 0.5)]])),
    )

    @staticmethod
    def forward(x: Any, widths: tuple[tuple[int, int], ...], value: float) -> tuple[Any, Any]:
        # np.pad fails on a 0-d array with no pairs; there is nothing to pad
        out = np.pad(x, widths, mode="constant", constant_values=value) if widths else x.copy()
        return out, tuple(slice(before, before + n) for (before, _), n in zip(widths, x.shape))

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g[ctx.saved],)


def _scatter(g: Any, index: Any, basic: bool, shape: tuple[int, ...]) -> Any:
    """zeros(shape) with ``g`` added at ``index``: recorded for a Tensor ``g``."""
    if isinstance(g, Tensor):
        return ScatterAdd.apply(g, index=index, basic=basic, shape=tuple(shape))
    return ScatterAdd.forward(g, index, basic, tuple(shape))[0]


# ------------------------------------------------------ reshape and friends


def reshape(x: Tensor, shape: Sequence[int]) -> Tensor:
    """``x`` with a new shape holding the same number of elements; one entry may be -1
    (inferred). d/dx: the gradient reshaped to ``x.shape``."""
    want = args.sizes("reshape", shape)
    size = x.data.size
    known = math.prod(n for n in want if n != -1)
    ok = want.count(-1) <= 1 and all(n >= -1 for n in want)
    if ok and -1 in want:
        # -1 is ambiguous when the other sizes multiply to 0
        ok = known != 0 and size % known == 0
        want = tuple(size // known if n == -1 else n for n in want) if ok else want
    elif ok:
        ok = known == size
    if not ok:
        raise ValueError(f"reshape: cannot reshape a tensor of shape {x.shape} ({size} elements) into shape {want}")
    return Reshape.apply(x, shape=want)


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Axes ``start_dim`` to ``end_dim`` (inclusive) merged into one, as
    ``torch.flatten``; a 0-d tensor becomes shape (1,)."""
    nd = x.data.ndim
    start = one_axis("flatten", start_dim, x.data.shape)
    end = one_axis("flatten", end_dim, x.data.shape)
    if start > end:
        raise ValueError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} for a tensor of rank {nd}")
    shape = x.data.shape
    if nd == 0:
        return Flatten.apply(x, shape=(1,))
    merged = 1
    for n in shape[start : end + 1]:
        merged *= n
    return Flatten.apply(x, shape=shape[:start] + (merged,) + shape[end + 1 :])


def squeeze(x: Tensor, dim: int | Sequence[int] | None = None) -> Tensor:
    """Size-1 axes removed: all of them (``dim=None``) or those among ``dim``; as in
    PyTorch, a named axis whose size is not 1 is left alone."""
    nd = x.data.ndim
    shape = x.data.shape
    if dim is None:
        drop = {i for i, n in enumerate(shape) if n == 1}
    else:
        try:
            dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
        except TypeError:
            kind = type(dim).__name__
            raise TypeError(f"squeeze: dim must be an int or a tuple of ints, got {kind} {dim!r}") from None
        axes = [one_axis("squeeze", d, x.data.shape) for d in dims]
        if len(set(axes)) != len(axes):
            raise ValueError(f"squeeze: dim {dim!r} names an axis more than once (tensor of rank {nd})")
        drop = {a for a in axes if a < nd and shape[a] == 1}
    return Squeeze.apply(x, shape=tuple(n for i, n in enumerate(shape) if i not in drop))


def unsqueeze(x: Tensor, dim: int) -> Tensor:
    """A size-1 axis inserted at position ``dim`` of the result (-1: last)."""
    nd = x.data.ndim + 1
    d = new_axis("unsqueeze", dim, nd, f"a result of rank {nd} (a tensor of rank {nd - 1} plus the new axis)")
    shape = x.data.shape
    return Unsqueeze.apply(x, shape=shape[:d] + (1,) + shape[d:])


# ---------------------------------------------------------- axis reordering


def permute(x: Tensor, axes: Sequence[int]) -> Tensor:
    """Axes reordered so that ``out.shape[i] == x.shape[axes[i]]``."""
    nd = x.data.ndim
    axes = tuple(axes)
    if len(axes) != nd:
        raise ValueError(f"permute: got {len(axes)} axes {axes} for a tensor of rank {nd} (shape {x.shape})")
    norm = tuple(one_axis("permute", a, x.data.shape) for a in axes)
    if sorted(norm) != list(range(nd)):
        raise ValueError(f"permute: {axes} is not a permutation of the {nd} axes of a tensor of shape {x.shape}")
    return Permute.apply(x, axes=norm)


def transpose(x: Tensor, dim0: int, dim1: int) -> Tensor:
    """Axes ``dim0`` and ``dim1`` swapped."""
    nd = x.data.ndim
    a = one_axis("transpose", dim0, x.data.shape)
    b = one_axis("transpose", dim1, x.data.shape)
    axes = list(range(nd))
    if nd:
        axes[a], axes[b] = axes[b], axes[a]
    return Permute.apply(x, axes=tuple(axes))


def flip(x: Tensor, dims: int | Sequence[int]) -> Tensor:
    """``x`` with its elements in reverse order along each axis in ``dims``, as
    ``torch.flip``. d/dx: the gradient flipped back."""
    nd = x.data.ndim
    wanted = args.sizes("flip", dims)
    axes = tuple(one_axis("flip", d, max(nd, 1)) for d in wanted)  # (a 0-d tensor takes dim 0 or -1, as in PyTorch)
    if len(set(axes)) != len(axes):
        raise ValueError(f"flip: dims {wanted} name an axis more than once (tensor of shape {x.shape})")
    return Flip.apply(x, axes=axes if nd else ())


# ------------------------------------------------------------- broadcasting


def broadcast_to(x: Tensor, shape: Sequence[int]) -> Tensor:
    """``x`` broadcast to ``shape`` by numpy's rules. d/dx: the gradient summed over
    the broadcast axes."""
    want = args.sizes("broadcast_to", shape)
    try:
        ok = all(n >= 0 for n in want) and np.broadcast_shapes(x.data.shape, want) == want
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"broadcast_to: cannot broadcast a tensor of shape {x.shape} to shape {want}")
    return BroadcastTo.apply(x, shape=want)


def expand(x: Tensor, sizes: Sequence[int]) -> Tensor:
    """``x`` broadcast to ``sizes`` as ``torch.Tensor.expand``: -1 keeps an axis's size,
    a size-1 axis can grow, and new leading axes may be added (not with -1)."""
    want = args.sizes("expand", sizes)
    shape = x.data.shape
    lead = len(want) - len(shape)
    if lead < 0:
        raise ValueError(f"expand: {len(want)} sizes {want} given for a tensor of rank {len(shape)} (shape {shape}); "
                         "expand cannot remove axes")
    out = []
    for i, n in enumerate(want):
        old = shape[i - lead] if i >= lead else None
        if n == -1 and old is not None:
            n = old
        if n < 0 or (old is not None and old != 1 and n != old):
            raise ValueError(f"expand: cannot expand a tensor of shape {shape} to sizes {want} "
                             f"(axis {i}: size {old if old is not None else 'new'} to {n})")
        out.append(n)
    return Expand.apply(x, shape=tuple(out))


# ---------------------------------------------------------------- indexing


def _index_part(part: Any) -> tuple[Any, bool]:
    """One component of an index, made safe to keep for backward, and whether it is
    basic (slice, int, None, Ellipsis) rather than an integer array or a mask."""
    if part is None or part is Ellipsis or isinstance(part, slice):
        return part, True
    if isinstance(part, (bool, np.bool_)):
        return part, False  # a 0-d mask, as in numpy
    if isinstance(part, (int, np.integer)):
        return int(part), True
    if isinstance(part, Tensor):
        arr = part.data.copy()
    elif isinstance(part, range):
        arr = np.arange(part.start, part.stop, part.step)
    elif isinstance(part, (np.ndarray, list, tuple)):
        # a copy: the caller may change its array before backward reads it
        arr = np.array(part)
        if arr.size == 0 and arr.dtype.kind == "f":
            arr = arr.astype(np.intp)  # [] parses as float64
    else:
        raise TypeError(f"getitem: an index must be an int, slice, None, Ellipsis, an integer or boolean "
                        f"array, or a tuple of these; got {type(part).__name__} {part!r:.80}")
    if arr.dtype.kind not in "biu":
        raise TypeError(f"getitem: index arrays must hold integers or booleans, got dtype {arr.dtype}")
    return arr, False


def normalize_index(index: Any) -> tuple[Any, bool]:
    """``index`` with lists and Tensors turned into (copied) ndarrays, and whether it
    uses basic indexing only (then no element is picked twice)."""
    if isinstance(index, tuple):
        parts = [_index_part(p) for p in index]
        return tuple(p for p, _ in parts), all(b for _, b in parts)
    return _index_part(index)


def ints_first(index: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """A normalized index that mixes ints with index arrays, split in two as PyTorch
    applies it: the ints first (basic indexing, a view), then the rest.

    numpy counts ints as index arrays too, so in ``x[1, :, [0, 4]]`` (x of shape
    (3, 4, 5)) the two "advanced" indices are apart and their axis goes first: shape
    (2, 4). PyTorch takes ``x[1]`` first and gives (4, 2). ``None`` for an index
    where the two agree (no ints, or no arrays)."""
    if not isinstance(index, tuple):
        return None
    has_int = any(type(p) is int for p in index)
    if not has_int or not any(isinstance(p, np.ndarray) for p in index):
        return None
    first: list[Any] = []
    rest: list[Any] = []
    for p in index:
        if type(p) is int:
            first.append(p)  # the axis goes away
        elif p is None:
            first.append(None)  # the new axis is made here...
            rest.append(slice(None))  # ...and kept whole afterwards
        elif p is Ellipsis:
            first.append(p)
            rest.append(p)
        elif isinstance(p, np.ndarray):
            first.extend([slice(None)] * (p.ndim if p.dtype.kind == "b" else 1))  # the axes a mask covers
            rest.append(p)
        elif isinstance(p, slice):
            first.append(slice(None))
            rest.append(p)
        else:  # a Python bool: a 0-d mask, covering no axis
            rest.append(p)
    return tuple(first), tuple(rest)


def getitem(x: Tensor, index: Any) -> Tensor:
    """``x[index]``: ints, slices, None, Ellipsis, integer arrays (lists, ndarrays,
    integer Tensors), boolean masks and tuples mixing them, with numpy's rules, except
    that ints mixed with index arrays are applied first, as PyTorch does (see
    :func:`ints_first`). d/dx: the gradient scatter-added into zeros, repeated indices
    accumulating."""
    index, basic = normalize_index(index)
    try:
        if not basic:
            parts = ints_first(index)
            if parts is not None:
                view = GetItem.apply(x, index=parts[0], basic=True)
                return GetItem.apply(view, index=parts[1], basic=False)
        return GetItem.apply(x, index=index, basic=basic)
    except IndexError as exc:
        raise IndexError(f"getitem: index {index!r:.200} does not fit a tensor of shape {x.shape}: "
                         f"{exc}") from None


def scatter_add(g: Tensor, index: Any, shape: Sequence[int]) -> Tensor:
    """zeros(shape) with ``g`` added at ``index`` (repeated indices add up): the
    gradient of ``x[index]``, recorded so it can be differentiated again."""
    index, basic = normalize_index(index)
    return ScatterAdd.apply(g, index=index, basic=basic, shape=tuple(shape))


def split(x: Tensor, split_size_or_sections: int | Sequence[int], axis: int = 0, *,
          dim: int | None = None) -> tuple[Tensor, ...]:
    """Chunks of ``x`` along ``axis`` (or PyTorch's ``dim``), as a tuple, as ``torch.split``:
    an int is the size of each chunk (the last may be smaller); a sequence gives every
    chunk's size."""
    axis = axis_or_dim(axis, dim)
    nd = x.data.ndim
    if nd == 0:
        raise AxisError(f"split: cannot split a 0-d tensor (axis {axis}, rank 0)")
    ax = one_axis("split", axis, x.data.shape)
    length = x.data.shape[ax]
    sections = split_size_or_sections
    if is_int(sections):
        if sections < 0 or (sections == 0 and length):
            raise ValueError(f"split: the chunk size must be positive, got {sections}")
        sizes = [min(int(sections), length - s) for s in range(0, length, int(sections) or 1)] or [0]
    else:
        sizes = list(args.sizes("split", sections))
        if any(n < 0 for n in sizes) or sum(sizes) != length:
            raise ValueError(f"split: sections {tuple(sizes)} do not add up to the size {length} of axis {axis} "
                             f"of a tensor of shape {x.shape}")
    lead = (slice(None),) * ax
    chunks = []
    start = 0
    for n in sizes:
        chunks.append(Split.apply(x, index=lead + (slice(start, start + n),), basic=True))
        start += n
    return tuple(chunks)


def chunk(x: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """``x`` cut into ``chunks`` pieces along ``dim``, as ``torch.chunk``: each
    ceil(n / chunks) long, the last one shorter, and fewer pieces when n is too
    small to fill them (an empty axis gives ``chunks`` empty pieces)."""
    if not is_int(chunks):
        raise TypeError(f"chunk: chunks must be an int, got {type(chunks).__name__} {chunks!r}")
    if chunks <= 0:
        raise ValueError(f"chunk: chunks must be at least 1, got {chunks}")
    nd = x.data.ndim
    if nd == 0:
        raise AxisError(f"chunk: cannot chunk a 0-d tensor (dim {dim}, rank 0)")
    length = x.data.shape[one_axis("chunk", dim, x.data.shape)]
    if length == 0:
        return split(x, [0] * int(chunks), dim)
    return split(x, -(-length // int(chunks)), dim)


# ------------------------------------------------------------ concatenation


def _tensor_list(where: str, tensors: Any) -> list[Tensor]:
    if isinstance(tensors, (Tensor, np.ndarray)) or not isinstance(tensors, Sequence):
        raise TypeError(f"{where}: expected a sequence (list or tuple) of tensors, got {type(tensors).__name__}")
    if len(tensors) == 0:
        raise ValueError(f"{where}: expected a non-empty sequence of tensors, got an empty one")
    first = next((t for t in tensors if isinstance(t, Tensor)), None)
    return [as_tensor(t, like=first, where=where) for t in tensors]


def concat(tensors: Sequence[Tensor], axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Tensors joined along an existing ``axis`` (or PyTorch's ``dim``); all other axes
    must match. d/d(input i): the slice of the gradient that input i filled."""
    axis = axis_or_dim(axis, dim)
    xs = _tensor_list("concat", tensors)
    first = xs[0].data.shape
    if len(first) == 0:
        raise ValueError("concat: 0-d tensors cannot be concatenated (use stack)")
    ax = one_axis("concat", axis, len(first))
    for i, t in enumerate(xs[1:], start=1):
        shape = t.data.shape
        if len(shape) != len(first) or shape[:ax] + shape[ax + 1 :] != first[:ax] + first[ax + 1 :]:
            raise ValueError(f"concat: along axis {axis}, tensor {i} has shape {shape} but tensor 0 has shape "
                             f"{first}; all axes but {axis} must match")
    return Concat.apply(*xs, axis=ax)


cat = concat


def stack(tensors: Sequence[Tensor], axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Tensors of one shape joined along a new ``axis`` (or PyTorch's ``dim``) of the
    result. d/d(input i): the gradient at position i of that axis."""
    axis = axis_or_dim(axis, dim)
    xs = _tensor_list("stack", tensors)
    first = xs[0].data.shape
    nd = len(first) + 1
    ax = new_axis("stack", axis, nd, f"a result of rank {nd}")
    for i, t in enumerate(xs[1:], start=1):
        if t.data.shape != first:
            raise ValueError(f"stack: along axis {axis}, tensor {i} has shape {t.shape} but tensor 0 has shape "
                             f"{first}; all must have the same shape")
    return Stack.apply(*xs, axis=ax)


def pad(x: Tensor, pad_width: Any, value: float = 0.0) -> Tensor:
    """``x`` padded with the constant ``value``, as ``numpy.pad(mode="constant")``:
    ``pad_width`` is an int (every side), a (before, after) pair (every axis) or one
    pair per axis. d/dx: the un-padded middle of the gradient."""
    nd = x.data.ndim
    widths = np.asarray(pad_width)
    if widths.size == 0:
        widths = np.zeros((0, 2), dtype=np.intp)  # no pairs (for a 0-d tensor); () parses as float64
    if widths.dtype.kind not in "iu" or widths.ndim > 2:
        raise TypeError(f"pad: pad_width must be an int, a (before, after) pair or one pair per axis, "
                        f"got {pad_width!r}")
    try:
        pairs = np.broadcast_to(widths, (nd, 2))
    except ValueError:
        raise ValueError(f"pad: pad_width {pad_width!r} does not fit a tensor of shape {x.shape} "
                         f"(give an int, a (before, after) pair or {nd} pairs)") from None
    if (pairs < 0).any():
        raise ValueError(f"pad: pad widths must be non-negative, got {pad_width!r}")
    if not is_real(value):
        raise TypeError(f"pad: value must be a real number, got {type(value).__name__} {value!r:.60} "
                        "(a padding value carries no gradient)")
    try:
        return Pad.apply(x, widths=tuple((int(b), int(a)) for b, a in pairs), value=value)
    except (ValueError, MemoryError) as exc:  # widths too big to allocate
        padded = tuple(n + int(b) + int(a) for n, (b, a) in zip(x.shape, pairs))
        raise type(exc)(f"pad: padding a tensor of shape {x.shape} by {pad_width!r} gives shape {padded}: "
                        f"{exc}") from None
