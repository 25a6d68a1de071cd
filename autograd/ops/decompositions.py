"""Linear algebra on (batches of) square matrices, each op's forward beside its
gradient as PyTorch documents it: ``inv``, ``det``, ``slogdet``, ``solve``,
``cholesky``, ``eigh``. A singular matrix is a :class:`LinAlgError` naming the op and
the shape for ``inv``, ``solve`` and ``cholesky`` (as PyTorch raises); ``det`` of a
singular matrix is 0, with the gradient PyTorch's formula gives where it is defined.
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
    """det A;  dA = g det(A) A^-T."""

    name = "det"
    cases = (Case(shapes=[(3, 3)], call=lambda a: Det.apply(_spd(a)),
                  reference=lambda a: np.linalg.det(_well_conditioned(a))),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return np.linalg.det(a), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        a = ctx.inputs[0]
        inv_t = _mT(np.linalg.inv(a) if isinstance(a, np.ndarray) else Inv.apply(a))
        scale = g * ctx.out
        return (formulas.expand_dims(scale, (-1, -2)) * inv_t,)


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
        inv_t = _mT(np.linalg.inv(a) if isinstance(a, np.ndarray) else Inv.apply(a))
        return (formulas.expand_dims(g, (-1, -2)) * inv_t,)


class Cholesky(Op):
    """L with A = L L^T (lower);  dA = Phi-based formula:
    S = L^-T Phi(L^T g) L^-1, dA = (S + S^T) / 2, Phi = lower triangle with half diagonal.
    Second order is not supported."""

    name = "cholesky"
    cases = (Case(shapes=[(3, 3)], call=lambda a: Cholesky.apply(_spd(a)), second_order=False,
                  reference=lambda a: np.linalg.cholesky(_well_conditioned(a))),)

    @staticmethod
    def forward(a: Any) -> tuple[Any, Any]:
        return np.linalg.cholesky(a), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        if not isinstance(g, np.ndarray):
            raise RuntimeError("cholesky.backward: second derivatives are not supported (create_graph=True)")
        low = ctx.out
        phi = np.tril(_mT(low) @ g)
        phi = phi - 0.5 * np.tril(np.triu(phi))  # half the diagonal
        inv = np.linalg.inv(low)
        s = _mT(inv) @ phi @ inv
        return (0.5 * (s + _mT(s)),)


def _symmetric(a: Any) -> Any:
    return a + np.swapaxes(a, -1, -2) + 0.5 * np.arange(a.shape[-1]) * np.eye(a.shape[-1])  # (distinct eigenvalues)


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


def slogdet(a: Tensor) -> tuple[Tensor, Tensor]:
    """(sign, log |det|) (batched); the sign has no gradient."""
    a = _square("slogdet", a)
    sign = np.linalg.slogdet(a._data)[0]
    return new_tensor(np.asarray(sign)), LogAbsDet.apply(a)


def solve(a: Tensor, b: Tensor) -> Tensor:
    """X with A X = B (B a vector or a matrix, batched): inv(A) @ B, differentiable."""
    a = _square("solve", a)
    if not isinstance(b, Tensor) or b._data.ndim not in (a._data.ndim - 1, a._data.ndim) \
            or b._data.shape[a._data.ndim - 2 if b._data.ndim == a._data.ndim else -1] != a._data.shape[-1]:
        raise ValueError(f"solve: B of shape {getattr(b, 'shape', type(b).__name__)} does not fit A of shape "
                         f"{a.shape} (expected (..., {a.shape[-1]}) or (..., {a.shape[-1]}, k))")
    try:
        np.linalg.cond(a._data)  # (raises nothing; inv below raises for an exactly singular A)
        vector_check = inv(a)
    except LinAlgError:
        raise LinAlgError(f"solve: the matrix of shape {a.shape} is singular") from None
    vector = b._data.ndim == a._data.ndim - 1
    x = vector_check @ (b.unsqueeze(-1) if vector else b)
    return x.squeeze(-1) if vector else x


def cholesky(a: Tensor, upper: bool = False) -> Tensor:
    """L (lower, A = L L^T), or L^T with ``upper=True``; A must be symmetric positive definite."""
    a = _square("cholesky", a)
    try:
        low = Cholesky.apply(a)
    except np.linalg.LinAlgError:
        raise LinAlgError(f"cholesky: the matrix of shape {a.shape} is not positive definite") from None
    return low.mT if upper else low
