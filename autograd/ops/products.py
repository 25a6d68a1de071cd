"""Products of tensors beyond ``@``: ``einsum`` (one op, whose gradient with respect to
each operand is another einsum), and what is composed from it and from ``matmul``:
``mm``, ``bmm``, ``dot``, ``vdot``, ``inner``, ``outer``, ``tensordot``, ``addmm``,
``baddbmm``, ``kron``, and the matrix helpers ``diagonal``, ``trace``, ``diag``,
``diag_embed``, ``tril``, ``triu``. Composed functions are differentiable (to any order)
through the ops they are made of.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from autograd.ops import args, formulas
from autograd.ops.base import BackwardContext, Case, Op, floating
from autograd.tensor import Tensor, as_tensor


class Einsum(Op):
    """einsum(equation, *operands);  d/d operand_k = einsum of g with the other
    operands, written back to operand_k's subscripts (an index summed away in the
    forward is broadcast back in the gradient)."""

    name = "einsum"
    cases = (
        Case(shapes=[(2, 3), (3, 4)], params={"equation": "ij,jk->ik"}, reference=lambda a, b, equation: a @ b),
        Case(shapes=[(2, 3, 4), (2, 4)], params={"equation": "bij,bj->bi"},
             reference=lambda a, b, equation: (a @ b[..., None])[..., 0]),
        Case(shapes=[(3, 4)], params={"equation": "ij->j"}, reference=lambda a, equation: a.sum(0)),
    )

    @staticmethod
    def forward(*operands: Any, equation: str) -> tuple[Any, Any]:
        return np.einsum(equation, *operands, optimize=len(operands) > 2), equation

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        equation = ctx.saved
        ins, out = equation.split("->")
        subs = ins.split(",")
        grads: list[Any] = []
        for k, sub in enumerate(subs):
            if not ctx.needs_input_grad[k]:
                grads.append(None)
                continue
            others = [x for j, x in enumerate(ctx.inputs) if j != k]
            other_subs = [s for j, s in enumerate(subs) if j != k]
            available = set(out).union(*other_subs)
            missing = [c for c in sub if c not in available]  # summed over this operand alone
            eq = ",".join([out, *other_subs]) + "->" + "".join(c for c in sub if c not in missing)
            if isinstance(g, np.ndarray):
                grad = np.einsum(eq, g, *others)
            else:
                grad = einsum(eq, g, *others)
            if missing:  # broadcast back over the indices only this operand had
                shape = ctx.inputs[k].shape
                grad = grad.reshape(tuple(1 if c in missing else shape[i] for i, c in enumerate(sub)))
                grad = grad * np.ones(shape, dtype=formulas.constant(ctx.inputs[k]).dtype)
            grads.append(grad)
        return tuple(grads)


_TERM = re.compile(r"^[a-zA-Z]*$")


def _expand_equation(equation: str, shapes: list[tuple[int, ...]]) -> str:
    """``equation`` with spaces dropped, ``...`` spelled out and the implicit output
    (sorted indices that appear once) written, or a ValueError naming einsum."""
    eq = equation.replace(" ", "")
    ins, arrow, out = eq.partition("->")
    subs = ins.split(",")
    if len(subs) != len(shapes):
        raise ValueError(f"einsum: the equation {equation!r} has {len(subs)} operands, got {len(shapes)} tensors")
    free = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in eq]
    ell_dims = 0
    for s, shape in zip(subs, shapes):
        if "..." in s:
            ell_dims = max(ell_dims, len(shape) - (len(s) - 3))
    ell = "".join(free[:ell_dims])
    new_subs = []
    for s, shape in zip(subs, shapes):
        if "..." in s:
            n = len(shape) - (len(s) - 3)
            s = s.replace("...", ell[ell_dims - n:] if n else "")
        if not _TERM.match(s) or len(s) != len(shape):
            raise ValueError(f"einsum: subscripts {s!r} in {equation!r} do not match an operand of shape {shape}")
        new_subs.append(s)
    if arrow:
        out = out.replace("...", ell)
        if not _TERM.match(out) or len(set(out)) != len(out) or any(c not in "".join(new_subs) for c in out):
            raise ValueError(f"einsum: bad output subscripts {out!r} in {equation!r}")
    else:
        joined = "".join(new_subs)
        out = ell + "".join(sorted(c for c in set(joined) if joined.count(c) == 1 and c not in ell))
    sizes: dict[str, int] = {}
    for s, shape in zip(new_subs, shapes):
        for c, n in zip(s, shape):
            if sizes.setdefault(c, n) != n and n != 1 and sizes[c] != 1:
                raise ValueError(f"einsum: index {c!r} of {equation!r} has sizes {sizes[c]} and {n} "
                                 f"(operand shapes {shapes})")
    return ",".join(new_subs) + "->" + out


def einsum(equation: str, *operands: Any) -> Tensor:
    """Einstein summation, PyTorch's string form: ``einsum("bij,bjk->bik", a, b)``
    (``...`` and an implicit output allowed; operands may also come as one list)."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not isinstance(equation, str):
        raise TypeError(f"einsum: the equation must be a string, got {type(equation).__name__}")
    ts = [floating(x if isinstance(x, Tensor) else as_tensor(x, where="einsum")) for x in operands]
    eq = _expand_equation(equation, [t._data.shape for t in ts])
    ins, out = eq.split("->")
    subs = ins.split(",")
    if any(len(set(sub)) != len(sub) for sub in subs):  # "ii->i", "bii": diagonals first
        pairs = [_take_diagonals(t, sub, equation) for t, sub in zip(ts, subs)]
        ts, subs = [t for t, _ in pairs], [sub for _, sub in pairs]
        eq = ",".join(subs) + "->" + out
    dtype = np.result_type(*[t._data.dtype for t in ts])
    ts = [t if t._data.dtype == dtype else t.astype(dtype) for t in ts]
    return Einsum.apply(*ts, equation=eq)


def _take_diagonals(t: Tensor, sub: str, equation: str) -> tuple[Tensor, str]:
    """An operand whose subscripts repeat an index (``ii``) replaced by its diagonal over
    those dims (a differentiable ``diagonal``), with the index once, last."""
    while len(set(sub)) != len(sub):
        c = next(c for c in sub if sub.count(c) > 1)
        i = sub.index(c)
        j = sub.index(c, i + 1)
        if t._data.shape[i] != t._data.shape[j]:
            raise ValueError(f"einsum: index {c!r} of {equation!r} has sizes {t._data.shape[i]} and "
                             f"{t._data.shape[j]} within one operand of shape {t.shape}")
        t = diagonal(t, 0, i, j)
        sub = sub[:i] + sub[i + 1:j] + sub[j + 1:] + c
    return t, sub


# ------------------------------------------------------------------ composed ones
def _matrix(where: str, x: Tensor, ndim: int) -> Tensor:
    if x._data.ndim != ndim:
        raise ValueError(f"{where}: expected a {ndim}-d tensor, got shape {x.shape}")
    return x


def mm(a: Tensor, b: Tensor) -> Tensor:
    """The product of two matrices (2-d only, as ``torch.mm``)."""
    return _matrix("mm", a, 2) @ _matrix("mm", b, 2)


def mv(a: Tensor, v: Tensor) -> Tensor:
    """The product of a matrix and a vector (2-d and 1-d only, as ``torch.mv``)."""
    a, v = _matrix("mv", a, 2), _matrix("mv", v, 1)
    if a._data.shape[1] != v._data.shape[0]:
        raise ValueError(f"mv: the matrix of shape {a.shape} and the vector of shape {v.shape} do not fit")
    return a @ v


def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta: float = 1, alpha: float = 1) -> Tensor:  # noqa: A002
    """beta input + alpha (mat @ vec); beta = 0 ignores ``input``."""
    return _scaled_sum("addmv", input, mv(mat, vec), beta, alpha)


def bmm(a: Tensor, b: Tensor) -> Tensor:
    """Batched matrix products of (B, n, m) and (B, m, p) (3-d only, as ``torch.bmm``)."""
    a, b = _matrix("bmm", a, 3), _matrix("bmm", b, 3)
    if a._data.shape[0] != b._data.shape[0]:
        raise ValueError(f"bmm: batch sizes differ: {a.shape} and {b.shape}")
    return a @ b


def dot(a: Tensor, b: Tensor) -> Tensor:
    """The dot product of two 1-d tensors of the same length."""
    a, b = _matrix("dot", a, 1), _matrix("dot", b, 1)
    if a._data.shape != b._data.shape:
        raise ValueError(f"dot: lengths differ: {a.shape} and {b.shape}")
    return a @ b


vdot = dot  # (real tensors: no conjugate)


def inner(a: Tensor, b: Tensor) -> Tensor:
    """Sum over the last dims: inner(a, b)[i..., j...] = sum_k a[i..., k] b[j..., k]."""
    if a._data.ndim == 0 or b._data.ndim == 0:
        return a * b
    return tensordot(a, b, ([a._data.ndim - 1], [b._data.ndim - 1]))


def outer(a: Tensor, b: Tensor) -> Tensor:
    """outer(a, b)[i, j] = a[i] b[j] for 1-d a and b."""
    return _matrix("outer", a, 1).reshape(-1, 1) * _matrix("outer", b, 1).reshape(1, -1)


def tensordot(a: Tensor, b: Tensor, dims: Any = 2) -> Tensor:
    """Sum over ``dims`` (a count of trailing/leading dims, or two lists of dims)."""
    na, nb = a._data.ndim, b._data.ndim
    if isinstance(dims, int):
        da, db = list(range(na - dims, na)), list(range(dims))
    else:
        da, db = [list(d) if isinstance(d, (list, tuple)) else [d] for d in dims]
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    sa = [next(letters) for _ in range(na)]
    sb = [next(letters) for _ in range(nb)]
    for i, j in zip(da, db):
        sb[args.one_axis("tensordot", j, nb)] = sa[args.one_axis("tensordot", i, na)]
    out = [c for i, c in enumerate(sa) if i not in [d % na for d in da]] + \
          [c for j, c in enumerate(sb) if j not in [d % nb for d in db]]
    return einsum(f"{''.join(sa)},{''.join(sb)}->{''.join(out)}", a, b)


def addmm(input: Tensor, m1: Tensor, m2: Tensor, *, beta: float = 1, alpha: float = 1) -> Tensor:  # noqa: A002
    """beta input + alpha (m1 @ m2); with beta = 0 ``input`` is ignored (its NaN and inf
    too), as in PyTorch."""
    return _scaled_sum("addmm", input, mm(m1, m2), beta, alpha)


def baddbmm(input: Tensor, b1: Tensor, b2: Tensor, *, beta: float = 1, alpha: float = 1) -> Tensor:  # noqa: A002
    """beta input + alpha (b1 @ b2), batched; beta = 0 ignores ``input``."""
    return _scaled_sum("baddbmm", input, bmm(b1, b2), beta, alpha)


def _scaled_sum(where: str, input: Any, product: Tensor, beta: float, alpha: float) -> Tensor:  # noqa: A002
    shape = np.shape(input._data if isinstance(input, Tensor) else input)
    try:
        if np.broadcast_shapes(shape, product.shape) != product.shape:
            raise ValueError
    except ValueError:
        raise ValueError(f"{where}: input of shape {shape} does not broadcast to the product's shape "
                         f"{product.shape}") from None
    scaled = product if alpha == 1 else alpha * product
    if beta != 0:
        return beta * input + scaled
    if isinstance(input, Tensor) and input._requires_grad:  # (a zero gradient, as PyTorch's, not None)
        return scaled + formulas.where(np.zeros(shape, dtype=bool), input, 0.0)
    return scaled


def kron(a: Tensor, b: Tensor) -> Tensor:
    """The Kronecker product (same rank, or the smaller padded with leading 1s)."""
    n = max(a._data.ndim, b._data.ndim)
    a = a.reshape((1,) * (n - a._data.ndim) + a.shape)
    b = b.reshape((1,) * (n - b._data.ndim) + b.shape)
    ea = a.reshape(tuple(v for s in a.shape for v in (s, 1)))
    eb = b.reshape(tuple(v for s in b.shape for v in (1, s)))
    return (ea * eb).reshape(tuple(p * q for p, q in zip(a.shape, b.shape)))


def diagonal(x: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal of the (dim1, dim2) planes, as a last dim (``torch.diagonal``)."""
    nd = x._data.ndim
    d1, d2 = args.one_axis("diagonal", dim1, x._data.shape), args.one_axis("diagonal", dim2, x._data.shape)
    if d1 == d2:
        raise ValueError(f"diagonal: dim1 and dim2 must differ, got {dim1} and {dim2}")
    moved = x.permute(*[d for d in range(nd) if d not in (d1, d2)], d1, d2)
    n1, n2 = moved.shape[-2:]
    rows = np.arange(max(0, -offset), min(n1, n2 - offset)) if n2 - offset > 0 else np.arange(0)
    return moved[..., rows, rows + offset]


_diagonal_of = diagonal  # (diag's argument is named diagonal, as in PyTorch)


def trace(x: Tensor) -> Tensor:
    """The sum of a matrix's diagonal."""
    return diagonal(_matrix("trace", x, 2)).sum()


def diag(x: Tensor, diagonal: int = 0) -> Tensor:
    """A 1-d tensor as the given diagonal of a square matrix, or a matrix's diagonal."""
    if x._data.ndim == 2:
        return _diagonal_of(x, diagonal)
    v = _matrix("diag", x, 1)
    n = v._data.shape[0] + abs(diagonal)
    place = np.zeros((v._data.shape[0], n, n), dtype=v._data.dtype)
    i = np.arange(v._data.shape[0])
    place[i, i + max(0, -diagonal), i + max(0, diagonal)] = 1
    return einsum("k,kij->ij", v, place)


def diag_embed(x: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """Each last-dim vector of x as the ``offset`` diagonal of a matrix whose two dims are
    ``dim1`` (rows) and ``dim2`` (columns) of the result (``torch.diag_embed``)."""
    nd = x._data.ndim + 1
    d1, d2 = args.one_axis("diag_embed", dim1, nd), args.one_axis("diag_embed", dim2, nd)
    if d1 == d2:
        raise ValueError(f"diag_embed: dim1 and dim2 must differ, got {dim1} and {dim2}")
    k = x._data.shape[-1]
    n = k + abs(offset)
    place = np.zeros((k, n, n), dtype=floating(x)._data.dtype)
    i = np.arange(k)
    place[i, i + max(0, -offset), i + max(0, offset)] = 1
    out = einsum("...k,kij->...ij", x, place)
    return out if (d1, d2) == (nd - 2, nd - 1) else out.movedim((nd - 2, nd - 1), (d1, d2))


def _triangle(where: str, x: Tensor, diagonal: int, lower: bool) -> Tensor:
    if x._data.ndim < 2:
        raise ValueError(f"{where}: expected a tensor of at least 2 dims, got shape {x.shape}")
    n, m = x._data.shape[-2:]
    mask = np.tri(n, m, diagonal, dtype=bool) if lower else ~np.tri(n, m, diagonal - 1, dtype=bool)
    return x * mask.astype(x._data.dtype) if x._data.dtype.kind == "f" else x * mask


def tril(x: Tensor, diagonal: int = 0) -> Tensor:
    """x with the elements above the ``diagonal``-th diagonal zeroed."""
    return _triangle("tril", x, diagonal, True)


def triu(x: Tensor, diagonal: int = 0) -> Tensor:
    """x with the elements below the ``diagonal``-th diagonal zeroed."""
    return _triangle("triu", x, diagonal, False)
