"""Linear algebra on (batches of) square matrices, each op's forward beside its
gradient as PyTorch documents it: ``inv``, ``det``, ``slogdet``, ``solve``,
``cholesky``, ``eigh``. A singular matrix is a :class:`LinAlgError` naming the op and
the shape for ``inv``, ``solve`` and ``cholesky`` (as PyTorch raises); ``det`` of a
singular matrix is 0, and its gradient is the cofactor matrix (from the SVD), as PyTorch
gives under ``create_graph`` and as finite differences agree (PyTorch's first-order path
returns 0 for an exactly singular matrix); ``slogdet``'s gradient there is a LinAlgError.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from autograd.ops import formulas
from autograd.ops.base import BackwardContext, Case, Op, floating, new_tensor
from autograd.tensor import Tensor


class LinAlgError(ValueError):
    """A matrix that an op cannot handle: singular, not positive definite (as
    ``torch.linalg.LinAlgError``)."""


def _well_conditioned(a: Any) -> Any:
    n = a.shape[-1]
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def _mT(x: Any) -> Any:
    return np.swapaxes(x, -1, -2) if isinstance(x, np.ndarray) else x.mT


class Inv(Op):
    """A^-1;  dA = -A^-T g A^-T."""

    name = "inv"
    cases = (Case(shapes=[(3, 3)], call=lambda a: Inv.apply(_spd(a)),
                  reference=lambda a: np.linalg.inv(_well_conditioned(a))),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return np.linalg.inv(a), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        inv_t = _mT(ctx.out)
        return (-(inv_t @ g @ inv_t),)


class Det(Op):
    """det A;  dA = g cof(A), the cofactor matrix (the adjugate's transpose): det(A) A^-T
    for an invertible A, and det(U) det(Vh) U diag(prod_{j != i} s_j) Vh from the SVD
    A = U diag(s) Vh for any A, as PyTorch does for a singular one. So a singular A of
    rank n-1 gets its adjugate, one of lower rank gets 0, never a division by zero."""

    name = "det"
    cases = (Case(shapes=[(3, 3)], call=lambda a: Det.apply(_spd(a)),
                  reference=lambda a: np.linalg.det(_well_conditioned(a))),
             Case(shapes=[(2, 3)], call=lambda a: Det.apply(_rank_deficient(a)),
                  reference=lambda a: np.linalg.det(a.T @ np.diag([1.0, 2.0]) @ a)))

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return np.linalg.det(a), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a = ctx.inputs[0]
        cof = _cofactor_array(a) if isinstance(a, np.ndarray) else _cofactor_tensor(a, ctx.out)
        return (formulas.expand_dims(g, (-1, -2)) * cof,)


_ILL = 1e-8  # s_min / s_max below which det's second-order gradient avoids A^-1


def _cofactor_array(a: np.ndarray) -> np.ndarray:
    """The cofactor matrix of (a batch of) square A, singular or not, from its SVD:
    det(U) det(Vh) U diag(prod_{j != i} s_j) Vh (no inverse, no division)."""
    u, s, vh = np.linalg.svd(a)
    ones = np.ones(s.shape[:-1] + (1,), dtype=s.dtype)
    before = np.cumprod(np.concatenate([ones, s[..., :-1]], -1), -1)  # prod_{j < i} s_j
    after = np.flip(np.cumprod(np.concatenate([ones, np.flip(s, -1)[..., :-1]], -1), -1), -1)  # j > i
    sign = np.linalg.det(u) * np.linalg.det(vh)
    return sign[..., None, None] * ((u * (before * after)[..., None, :]) @ vh)


def _cofactor_tensor(a: Tensor, det: Tensor) -> Tensor:
    """The cofactor matrix, recorded (for second derivatives): det(A) A^-T where A is
    well conditioned, the SVD form (through the SVD ops) where s_min < 1e-8 s_max. The
    other branch of ``where`` gets a harmless stand-in matrix, so neither branch's own
    gradient divides by zero."""
    data = a._data
    n = data.shape[-1]
    s = np.linalg.svd(data, compute_uv=False)
    ill = s[..., -1] <= _ILL * s[..., 0]
    if not ill.any():
        return formulas.expand_dims(det, (-1, -2)) * Inv.apply(a).mT
    mask = ill[..., None, None]
    if ill.all():
        return _cofactor_svd(a)
    eye = np.eye(n, dtype=data.dtype)
    spaced = np.diag(np.arange(1.0, n + 1)).astype(data.dtype)  # (distinct singular values)
    cof = _cofactor_svd(formulas.where(mask, a, spaced))
    inv_t = Inv.apply(formulas.where(mask, eye, a)).mT
    return formulas.where(mask, cof, formulas.expand_dims(det, (-1, -2)) * inv_t)


def _cofactor_svd(a: Tensor) -> Tensor:
    """The SVD form of the cofactor matrix on Tensors (its gradient, like PyTorch's,
    is infinite where two singular values are equal)."""
    u, s, vh = SvdU.apply(a), SvdValues.apply(a), SvdVh.apply(a)
    n = a._data.shape[-1]
    others = [_product([s[..., j] for j in range(n) if j != i]) for i in range(n)] if n > 1 else [s[..., 0] * 0 + 1]
    rest = formulas.stack(others, axis=-1)
    sign = np.linalg.det(u._data) * np.linalg.det(vh._data)  # (+1 or -1: locally constant)
    return Tensor(sign[..., None, None], dtype=a.dtype) * ((u * formulas.expand_dims(rest, -2)) @ vh)


def _product(xs: list[Any]) -> Any:
    out = xs[0]
    for x in xs[1:]:
        out = out * x
    return out


def _rank_deficient(a: Tensor) -> Tensor:
    """A 3 x 3 matrix of rank 2 made from the 2 x 3 ``a`` (for tests): a^T diag(1, 2) a."""
    return a.mT @ (Tensor(np.diag([1.0, 2.0]), dtype=a.dtype) @ a)


class LogAbsDet(Op):
    """log |det A| (slogdet's second value);  dA = g A^-T."""

    name = "logabsdet"
    cases = (Case(shapes=[(3, 3)], call=lambda a: LogAbsDet.apply(_spd(a)),
                  reference=lambda a: np.log(np.abs(np.linalg.det(_well_conditioned(a))))),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return np.linalg.slogdet(a)[1], None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a = ctx.inputs[0]
        try:
            inv_t = _mT(np.linalg.inv(a) if isinstance(a, np.ndarray) else Inv.apply(a))
        except np.linalg.LinAlgError:  # (PyTorch's gradient is infinite there)
            raise LinAlgError(f"slogdet: the matrix of shape {tuple(formulas.constant(a).shape)} is singular: "
                              "log|det| is -inf and has no finite gradient") from None
        return (formulas.expand_dims(g, (-1, -2)) * inv_t,)


class Solve(Op):
    """X = A^-1 B, A (..., n, n) and B (..., n, k) with batch dims broadcast;
    gB = A^-T g (another solve), gA = -gB X^T (PyTorch's linalg_solve backward)."""

    name = "solve"
    cases = (Case(shapes=[(3, 3), (3, 2)], call=lambda a, b: Solve.apply(_spd(a), b),
                  reference=lambda a, b: np.linalg.solve(_well_conditioned(a), b)),
             Case(shapes=[(2, 1, 3, 3), (4, 3, 2)], call=lambda a, b: Solve.apply(_spd(a), b),
                  reference=lambda a, b: np.linalg.solve(_well_conditioned(a), b)))

    @staticmethod
    def forward(a: Any, b: Any) -> tuple[Any, Any]:
        return np.linalg.solve(a, b), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a = ctx.inputs[0]
        gb = _solve(_mT(a), g)
        return (-(gb @ _mT(ctx.out)) if ctx.needs_input_grad[0] else None), gb


def _solve(a: Any, b: Any) -> Any:
    """A^-1 B on arrays, or recorded (``Solve``) when either is a Tensor."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return np.linalg.solve(a, b)
    return Solve.apply(a if isinstance(a, Tensor) else new_tensor(a), b if isinstance(b, Tensor) else new_tensor(b))


class Cholesky(Op):
    """L with A = L L^T (lower, read from A's lower triangle);  with X = L^T g,
    P = (tril(X) + tril(X, -1)^T) / 2 (X's lower triangle made symmetric, its diagonal
    halved): dA = L^-T P L^-1, symmetric, as PyTorch's cholesky_backward (Murray 2016).
    Differentiable again: the formula is products, masks and ``Inv``."""

    name = "cholesky"
    cases = (Case(shapes=[(3, 3)], call=lambda a: Cholesky.apply(_spd(a)),
                  reference=lambda a: np.linalg.cholesky(_well_conditioned(a))),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return np.linalg.cholesky(a), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        low = ctx.out
        n = formulas.constant(low).shape[-1]
        dtype = formulas.constant(low).dtype
        x = _mT(low) @ g
        p = 0.5 * (x * np.tri(n, dtype=dtype) + _mT(x * np.tri(n, k=-1, dtype=dtype)))
        inv = np.linalg.inv(low) if isinstance(low, np.ndarray) else Inv.apply(low)
        return (_mT(inv) @ p @ inv,)


def _eigh(a: np.ndarray, uplo: str) -> Any:
    return np.linalg.eigh(a, UPLO=uplo)  # type: ignore[call-overload]


class EighValues(Op):
    """The eigenvalues of a symmetric matrix (ascending, from one triangle, as
    ``torch.linalg.eigh``);  dA = V diag(g) V^T."""

    name = "eigvalsh"
    cases = (Case(shapes=[(3, 3)], call=lambda a: EighValues.apply(a + a.mT + Tensor(np.diag([0.0, 2.0, 4.0]))),
                  reference=lambda a: np.linalg.eigvalsh(a + a.T + np.diag([0.0, 2.0, 4.0]))),)

    @staticmethod
    def forward(a: Any, uplo: str = "L") -> tuple[Any, Any]:
        return _eigh(a, uplo)[0], uplo

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, uplo = ctx.inputs[0], ctx.saved
        v = _eigh(a, uplo)[1] if isinstance(a, np.ndarray) else EighVectors.apply(a, uplo=uplo)
        return ((v * formulas.expand_dims(g, -2)) @ _mT(v),)


class EighVectors(Op):
    """The eigenvectors (columns) of a symmetric matrix;  dA = V (skew(V^T g) / E) V^T
    with skew(M) = (M - M^T) / 2 and E_ij = w_j - w_i (zero on the diagonal), as
    PyTorch computes it. Eigenvectors are defined up to sign (and repeated eigenvalues
    make the gradient infinite, as in PyTorch)."""

    name = "eigh_vectors"
    cases = (Case(shapes=[(3, 3)], call=lambda a: EighVectors.apply(a + a.mT + Tensor(np.diag([0.0, 2.0, 4.0]))),
                  reference=lambda a: np.linalg.eigh(a + a.T + np.diag([0.0, 2.0, 4.0]))[1]),)

    @staticmethod
    def forward(a: Any, uplo: str = "L") -> tuple[Any, Any]:
        return _eigh(a, uplo)[1], uplo

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, v, uplo = ctx.inputs[0], ctx.out, ctx.saved
        w = _eigh(a, uplo)[0] if isinstance(a, np.ndarray) else EighValues.apply(a, uplo=uplo)
        n = formulas.constant(v).shape[-1]
        eye = np.eye(n, dtype=formulas.constant(v).dtype)
        e = formulas.expand_dims(w, -2) - formulas.expand_dims(w, -1) + eye  # (1 on the diagonal: no 0/0)
        m = _mT(v) @ g
        inner = 0.5 * (m - _mT(m)) / e * (1 - eye)
        return (v @ inner @ _mT(v),)


class EighResult(NamedTuple):
    """What ``linalg.eigh`` returns, as ``torch.return_types.linalg_eigh``."""

    eigenvalues: Tensor
    eigenvectors: Tensor


def eigh(a: Tensor, UPLO: str = "L") -> EighResult:  # noqa: N803  (PyTorch's name)
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix (batched), read
    from its lower (``UPLO="L"``) or upper triangle; the gradient is PyTorch's, which
    treats the input as symmetric (it reaches both triangles)."""
    a = _square("eigh", a)
    if UPLO not in ("L", "U"):
        raise ValueError(f"eigh: UPLO must be 'L' or 'U', got {UPLO!r}")
    return EighResult(EighValues.apply(a, uplo=UPLO), EighVectors.apply(a, uplo=UPLO))


def eigvalsh(a: Tensor, UPLO: str = "L") -> Tensor:  # noqa: N803
    """The eigenvalues of a symmetric matrix, ascending."""
    a = _square("eigvalsh", a)
    if UPLO not in ("L", "U"):
        raise ValueError(f"eigvalsh: UPLO must be 'L' or 'U', got {UPLO!r}")
    return EighValues.apply(a, uplo=UPLO)


def _svd(a: Any) -> Any:
    return np.linalg.svd(a, full_matrices=False)


def _svd_core(u: Any, s: Any, vh: Any) -> tuple[Any, Any, Any]:
    """E_jk = s_k^2 - s_j^2 (1 on the diagonal), and the identity, for svd's gradients."""
    k = formulas.constant(s).shape[-1]
    eye = np.eye(k, dtype=formulas.constant(s).dtype)
    s2 = s * s
    return formulas.expand_dims(s2, -2) - formulas.expand_dims(s2, -1) + eye, eye, k


class SvdValues(Op):
    """The singular values (descending);  dA = U diag(g) Vh."""

    name = "svdvals"
    cases = (Case(shapes=[(4, 3)], reference=lambda a: np.linalg.svd(a, compute_uv=False)),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return np.linalg.svd(a, compute_uv=False), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a = ctx.inputs[0]
        if isinstance(a, np.ndarray):
            u, _, vh = _svd(a)
        else:
            u, vh = SvdU.apply(a), SvdVh.apply(a)
        return ((u * formulas.expand_dims(g, -2)) @ vh,)


class SvdU(Op):
    """U of the reduced SVD A = U diag(S) Vh (columns up to sign);
    dA = U (skew(U^T g) S / E) Vh + (g - U U^T g) S^-1 Vh (the last term when m > k),
    skew(X) = X - X^T, E_jk = S_k^2 - S_j^2, as PyTorch computes it."""

    name = "svd_u"
    cases = (Case(shapes=[(4, 3)], call=lambda a: SvdU.apply(a) * SvdU.apply(a)[:1],
                  reference=lambda a: _svd(a)[0] * _svd(a)[0][:1]),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return _svd(a)[0], None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, u = ctx.inputs[0], ctx.out
        if isinstance(a, np.ndarray):
            _, s, vh = _svd(a)
        else:
            s, vh = SvdValues.apply(a), SvdVh.apply(a)
        e, eye, k = _svd_core(u, s, vh)
        m = _mT(u) @ g
        core = (m - _mT(m)) * formulas.expand_dims(s, -2) / e * (1 - eye)
        grad = u @ core @ vh
        if formulas.constant(u).shape[-2] > k:
            g_s = g / formulas.expand_dims(s, -2)
            grad = grad + (g_s - u @ (_mT(u) @ g_s)) @ vh
        return (grad,)


class SvdVh(Op):
    """Vh of the reduced SVD (rows up to sign);
    dA = U (S skew(V^T gV) / E) Vh + U S^-1 g (I - V Vh) (the last term when n > k)."""

    name = "svd_vh"
    cases = (Case(shapes=[(3, 4)], call=lambda a: SvdVh.apply(a) * SvdVh.apply(a)[:, :1],
                  reference=lambda a: _svd(a)[2] * _svd(a)[2][:, :1]),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return _svd(a)[2], None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, vh = ctx.inputs[0], ctx.out
        if isinstance(a, np.ndarray):
            u, s, _ = _svd(a)
        else:
            u, s = SvdU.apply(a), SvdValues.apply(a)
        e, eye, k = _svd_core(u, s, vh)
        v, gv = _mT(vh), _mT(g)
        m = _mT(v) @ gv
        core = formulas.expand_dims(s, -1) * (m - _mT(m)) / e * (1 - eye)
        inner = core @ vh
        if formulas.constant(vh).shape[-1] > k:
            s_g = g / formulas.expand_dims(s, -1)
            inner = inner + s_g - (s_g @ v) @ vh
        return (u @ inner,)


class SvdResult(NamedTuple):
    """What ``linalg.svd`` returns, as ``torch.return_types.linalg_svd``."""

    U: Tensor
    S: Tensor
    Vh: Tensor


def svd(a: Tensor, full_matrices: bool = True) -> SvdResult:
    """A = U diag(S) Vh (batched), S descending. With ``full_matrices`` (PyTorch's
    default) a non-square A's U or Vh is completed to a square orthogonal matrix; the
    completing columns carry no gradient (PyTorch refuses that backward): ask for
    ``full_matrices=False`` to differentiate through U and Vh. As PyTorch documents,
    U and Vh are defined only up to the signs of their vectors (a loss must not depend
    on those), and their gradients are infinite (NaN) where two singular values are
    equal, or one is 0 for a non-square A; S's gradient is always defined."""
    if a._data.ndim < 2:
        raise ValueError(f"svd: expected a matrix (or a batch of them), got shape {a.shape}")
    a = floating(a)
    u, s, vh = SvdU.apply(a), SvdValues.apply(a), SvdVh.apply(a)
    m, n = a._data.shape[-2:]
    if full_matrices and m != n:
        fu, _, fvh = np.linalg.svd(a._data, full_matrices=True)
        k = min(m, n)
        if m > k:
            u = _append(u, fu[..., :, k:], -1)
        if n > k:
            vh = _append(vh, fvh[..., k:, :], -2)
    return SvdResult(u, s, vh)


def _append(x: Tensor, extra: np.ndarray, axis: int) -> Tensor:
    """x with the constant ``extra`` columns (axis -1) or rows (axis -2) after it:
    x @ [I 0] + [0 extra] (or the row-wise form), so x's part stays differentiable."""
    k, more = x._data.shape[axis], extra.shape[axis]
    place = np.eye(k, k + more, dtype=x._data.dtype)
    if axis == -1:
        full = np.concatenate([np.zeros(extra.shape[:-1] + (k,), dtype=x._data.dtype), extra], axis=-1)
        return x @ place + full
    full = np.concatenate([np.zeros(extra.shape[:-2] + (k, extra.shape[-1]), dtype=x._data.dtype), extra], axis=-2)
    return place.T @ x + full


def svdvals(a: Tensor) -> Tensor:
    """The singular values, descending."""
    if a._data.ndim < 2:
        raise ValueError(f"svdvals: expected a matrix (or a batch of them), got shape {a.shape}")
    return SvdValues.apply(floating(a))


def _qr_grad(q: Any, r: Any, m: Any, gq: Any) -> Any:
    """(Q S + gQ) R^-T with S = X + X^T, X = triu(M), S's diagonal halved (PyTorch's
    QR backward for m >= n); gQ may be None."""
    n = formulas.constant(r).shape[-1]
    dtype = formulas.constant(r).dtype
    x = m * np.triu(np.ones((n, n), dtype=dtype))
    sym = (x + _mT(x)) * (1 - 0.5 * np.eye(n, dtype=dtype))
    b = q @ sym
    if gq is not None:
        b = b + gq
    r_inv = np.linalg.inv(r) if isinstance(r, np.ndarray) else Inv.apply(r)
    return b @ _mT(r_inv)


class QrQ(Op):
    """Q of the reduced QR A = Q R (m >= n);  dA = (gQ + Q sym(triu(-Q^T gQ))) R^-T,
    sym(X) = X + X^T with the diagonal halved (PyTorch's formula, split by output)."""

    name = "qr_q"
    cases = (Case(shapes=[(4, 3)], reference=lambda a: np.linalg.qr(a)[0]),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return np.linalg.qr(a)[0], None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, q = ctx.inputs[0], ctx.out
        r = np.linalg.qr(a)[1] if isinstance(a, np.ndarray) else QrR.apply(a)
        return (_qr_grad(q, r, -(_mT(q) @ g), g),)


class QrR(Op):
    """R of the reduced QR (upper triangular, m >= n);  dA = Q sym(triu(gR R^T)) R^-T."""

    name = "qr_r"
    cases = (Case(shapes=[(4, 3)], reference=lambda a: np.linalg.qr(a)[1]),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return np.linalg.qr(a)[1], None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a, r = ctx.inputs[0], ctx.out
        q = np.linalg.qr(a)[0] if isinstance(a, np.ndarray) else QrQ.apply(a)
        return (_qr_grad(q, r, g @ _mT(r), None),)


class QrResult(NamedTuple):
    """What ``linalg.qr`` returns, as ``torch.return_types.linalg_qr``."""

    Q: Tensor
    R: Tensor


def qr(a: Tensor, mode: str = "reduced") -> QrResult:
    """A = Q R with orthonormal Q and upper-triangular R (batched). ``mode="reduced"``:
    Q (m, k), R (k, n), k = min(m, n); ``"r"``: R only (Q empty); ``"complete"``: Q
    (m, m), R (m, n). A wide A (m < n) is A = Q [R1 R2]: the QR of its first m columns,
    and R2 = Q^T A[:, m:], so its gradient is PyTorch's, through those ops. With
    ``"complete"`` and m > n, Q's completing columns (and R's zero rows) carry no
    gradient (PyTorch refuses that backward)."""
    if a._data.ndim < 2:
        raise ValueError(f"qr: expected a matrix (or a batch of them), got shape {a.shape}")
    if mode not in ("reduced", "r", "complete"):
        raise ValueError(f"qr: mode must be 'reduced', 'r' or 'complete', got {mode!r}")
    a = floating(a)
    m, n = a._data.shape[-2:]
    empty = new_tensor(np.zeros((0,), a._data.dtype))
    if m < n:
        first, rest = a[..., :, :m], a[..., :, m:]
        q = QrQ.apply(first)
        r = formulas.concat([QrR.apply(first), q.mT @ rest], axis=-1)
        return QrResult(empty if mode == "r" else q, r)
    r = QrR.apply(a)
    if mode == "r":
        return QrResult(empty, r)
    q = QrQ.apply(a)
    if mode == "complete" and m > n:
        q = _append(q, np.linalg.qr(a._data, mode="complete")[0][..., :, n:], -1)
        r = _append(r, np.zeros(a._data.shape[:-2] + (m - n, n), dtype=a._data.dtype), -2)
    return QrResult(q, r)


def _spd(a: Tensor) -> Tensor:
    """A well-conditioned symmetric positive definite matrix made from ``a`` (for tests)."""
    n = a.shape[-1]
    return a @ a.mT + Tensor(n * np.eye(n), dtype=a.dtype)


def _square(where: str, a: Tensor) -> Tensor:
    if a._data.ndim < 2 or a._data.shape[-1] != a._data.shape[-2]:
        raise ValueError(f"{where}: expected a square matrix (or a batch of them), got shape {a.shape}")
    return floating(a)


def inv(a: Tensor) -> Tensor:
    """A^-1 (batched); a singular matrix is a LinAlgError."""
    a = _square("inv", a)
    try:
        return Inv.apply(a)
    except np.linalg.LinAlgError:
        raise LinAlgError(f"inv: the matrix of shape {a.shape} is singular") from None


def det(a: Tensor) -> Tensor:
    """The determinant (batched)."""
    return Det.apply(_square("det", a))


class SlogdetResult(NamedTuple):
    """What ``linalg.slogdet`` returns, as ``torch.return_types.linalg_slogdet``."""

    sign: Tensor
    logabsdet: Tensor


def slogdet(a: Tensor) -> SlogdetResult:
    """(sign, log |det|) (batched); the sign has no gradient."""
    a = _square("slogdet", a)
    sign = np.linalg.slogdet(a._data)[0]
    return SlogdetResult(new_tensor(np.asarray(sign)), LogAbsDet.apply(a))


def logdet(a: Tensor) -> Tensor:
    """log det A (batched), as ``torch.logdet``: NaN where det A < 0, -inf where it is 0;
    the gradient is log |det|'s, A^-T."""
    sign, logabsdet = slogdet(a)
    if np.any(sign._data < 0):
        return logabsdet + np.where(sign._data < 0, np.nan, 0.0).astype(logabsdet._data.dtype)
    return logabsdet


def solve(a: Tensor, b: Tensor, *, left: bool = True) -> Tensor:
    """X with A X = B (or X A = B with ``left=False``), batched with broadcasting. B is
    a vector (or a batch of them) when it is 1-d or has A's shape without the last dim,
    a matrix (..., n, k) otherwise, as ``torch.linalg.solve`` decides; a singular A is
    a LinAlgError."""
    a = _square("solve", a)
    if not isinstance(b, Tensor):
        raise TypeError(f"solve: B must be a Tensor, got {type(b).__name__}")
    b = floating(b)
    shapes = f"A of shape {a.shape} and B of shape {b.shape}"
    n = a._data.shape[-1]
    vector = left and (b._data.ndim == 1 or b._data.ndim == a._data.ndim - 1 and b.shape == a.shape[:-1])
    rhs = b.unsqueeze(-1) if vector else (b if left else b.mT) if b._data.ndim >= 2 else None
    if rhs is None or rhs._data.shape[-2] != n:
        expected = f"(..., {n}) or (..., {n}, k)" if left else f"(..., k, {n})"
        raise ValueError(f"solve: {shapes} do not fit (B expected {expected}{'' if left else ', left=False'})")
    try:
        np.broadcast_shapes(a._data.shape[:-2], rhs._data.shape[:-2])
    except ValueError:
        raise ValueError(f"solve: the batch dims of {shapes} do not broadcast") from None
    dtype = np.result_type(a._data.dtype, rhs._data.dtype)
    a = a if left else a.mT  # (X A = B is A^T X^T = B^T)
    try:
        x = Solve.apply(a.astype(dtype) if a._data.dtype != dtype else a,
                        rhs.astype(dtype) if rhs._data.dtype != dtype else rhs)
    except np.linalg.LinAlgError:
        raise LinAlgError(f"solve: the matrix A of shape {a.shape} is singular") from None
    return x.squeeze(-1) if vector else (x if left else x.mT)


def cholesky(a: Tensor, upper: bool = False) -> Tensor:
    """L (lower, A = L L^T), or L^T with ``upper=True``; A must be symmetric positive definite."""
    a = _square("cholesky", a)
    try:
        low = Cholesky.apply(a)
    except np.linalg.LinAlgError:
        raise LinAlgError(f"cholesky: the matrix of shape {a.shape} is not positive definite") from None
    return low.mT if upper else low
