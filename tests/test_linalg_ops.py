"""Issue 14's linear algebra against PyTorch: products (einsum and what is composed
from it) and autograd.linalg, values and gradients, batched too; bad input names the op."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd
from autograd import Tensor

rng = np.random.default_rng(0)
A = rng.normal(size=(3, 3)) + 3 * np.eye(3)
B = rng.normal(size=(2, 3, 3)) + 3 * np.eye(3)
V = rng.normal(size=(3,))
M = rng.normal(size=(3, 4))
C = rng.normal(size=(4, 3, 2))


def _cases(t: Any, lib: Any, linalg: Any) -> dict[str, Any]:
    return {
        "mm": lambda: lib.mm(t(A), t(M)),
        "bmm": lambda: lib.bmm(t(B), t(B)),
        "dot": lambda: lib.dot(t(V), t(V) * 2),
        "inner": lambda: lib.inner(t(M).T, t(V)),
        "outer": lambda: lib.outer(t(V), t(V)),
        "einsum_batch": lambda: lib.einsum("bij,bjk->bik", t(B), t(B)),
        "einsum_ellipsis": lambda: lib.einsum("...ij,j->...i", t(B), t(V)),
        "einsum_implicit": lambda: lib.einsum("ij,jk", t(A), t(M)),
        "einsum_sum_out": lambda: lib.einsum("ij,j->i", t(M), t(M)[0]),
        "einsum_diagonal": lambda: lib.einsum("ii->i", t(A)),
        "einsum_trace_batch": lambda: lib.einsum("bii", t(B)),
        "einsum_repeat_with_other": lambda: lib.einsum("jii,i->j", t(B), t(V)),
        "tensordot": lambda: lib.tensordot(t(B), t(M), dims=([2], [0])),
        "addmm": lambda: lib.addmm(t(M), t(A), t(M), beta=0.5, alpha=2.0),
        "baddbmm": lambda: lib.baddbmm(t(B), t(B), t(B), alpha=0.5),
        "addmm_method": lambda: t(M).addmm(t(A), t(M), beta=0.5),
        "baddbmm_method": lambda: t(B).baddbmm(t(B), t(B), alpha=2.0),
        "kron": lambda: lib.kron(t(A), t(M)),
        "trace": lambda: lib.trace(t(M)),
        "diagonal": lambda: lib.diagonal(t(B), 1, 1, 2),
        "diag_vec": lambda: lib.diag(t(V), 1),
        "diag_mat": lambda: lib.diag(t(M), -1),
        "diag_embed": lambda: lib.diag_embed(t(M)),
        "diag_embed_dims": lambda: lib.diag_embed(t(M), 1, 0, 2),
        "diag_embed_dims_swapped": lambda: lib.diag_embed(t(B), -1, -1, 1),
        "tril": lambda: lib.tril(t(M), 1),
        "triu": lambda: lib.triu(t(B), -1),
        "inv": lambda: linalg.inv(t(B)),
        "det": lambda: linalg.det(t(B)),
        "logabsdet": lambda: linalg.slogdet(t(A))[1],
        "slogdet_function": lambda: lib.slogdet(t(B)).logabsdet,
        "logdet": lambda: lib.logdet(t(B) @ t(B).mT),
        "logdet_method": lambda: (t(A) @ t(A).mT).logdet(),
        "solve_vec": lambda: linalg.solve(t(A), t(V)),
        "solve_mat": lambda: linalg.solve(t(B), t(B)),
        "solve_batched_vec": lambda: linalg.solve(t(B), t(V)),
        "solve_batch_of_vecs": lambda: linalg.solve(t(B), t(B)[..., 0]),
        "solve_broadcast": lambda: linalg.solve(t(B)[:, None], t(C)),
        "solve_left_false": lambda: linalg.solve(t(A), t(M).T, left=False),
        "cholesky": lambda: linalg.cholesky(t(A) @ t(A).mT),
        "cholesky_upper": lambda: linalg.cholesky(t(B) @ t(B).mT, upper=True),
        "vector_norm": lambda: linalg.vector_norm(t(M), 3, dim=1),
        "vector_norm_inf": lambda: linalg.vector_norm(t(M), float("inf")),
        "matrix_norm_fro": lambda: linalg.matrix_norm(t(B)),
        "matrix_norm_1": lambda: linalg.matrix_norm(t(M), 1),
        "matrix_norm_inf": lambda: linalg.matrix_norm(t(B), float("-inf")),
        "matrix_norm_2": lambda: linalg.matrix_norm(t(B), 2),
        "matrix_norm_-2": lambda: linalg.matrix_norm(t(M).T, -2),
        "matrix_norm_nuc": lambda: linalg.matrix_norm(t(M), "nuc", keepdim=True),
        "eigvalsh": lambda: linalg.eigvalsh(t(B)),
        "svdvals": lambda: linalg.svdvals(t(M)),
        "qr_q": lambda: linalg.qr(t(M).T)[0],
        "qr_r": lambda: linalg.qr(t(B))[1],
        "qr_both": lambda: linalg.qr(t(A))[0] @ linalg.qr(t(A))[1] * 2,
        "qr_wide_q": lambda: linalg.qr(t(M))[0],
        "qr_wide_r": lambda: linalg.qr(t(B)[..., :2, :])[1],
        "qr_complete_square": lambda: linalg.qr(t(B), mode="complete")[0],
        "eigvalsh_upper": lambda: linalg.eigvalsh(t(A), "U"),
        "norm": lambda: linalg.norm(t(M)),
    }


@pytest.mark.parametrize("name", sorted(_cases(None, None, None)))
def test_values_and_gradients_equal_torch(name: str) -> None:
    torch = pytest.importorskip("torch")
    ours_in: dict[int, Tensor] = {}
    theirs_in: dict[int, Any] = {}

    def ours(x: np.ndarray) -> Tensor:
        return ours_in.setdefault(id(x), Tensor(x, requires_grad=True))

    def theirs(x: np.ndarray) -> Any:
        return theirs_in.setdefault(id(x), torch.tensor(x, requires_grad=True))

    o = _cases(ours, autograd, autograd.linalg)[name]()
    t = _cases(theirs, torch, torch.linalg)[name]()
    tol = 1e-10
    np.testing.assert_allclose(o.data, t.detach().numpy(), rtol=tol, atol=1e-12)
    up = rng.normal(size=o.shape)
    o.backward(Tensor(up))
    t.backward(torch.tensor(up))
    for key, x in ours_in.items():
        np.testing.assert_allclose(x.grad.data, theirs_in[key].grad.numpy(), rtol=max(tol, 1e-8), atol=1e-10)


@pytest.mark.parametrize("name", ["einsum_batch", "inv", "det", "logabsdet", "solve_mat", "solve_broadcast",
                                  "tensordot", "kron", "qr_q", "qr_r", "qr_wide_q", "qr_wide_r", "svdvals",
                                  "cholesky", "cholesky_upper"])
def test_second_derivatives(name: str) -> None:
    def build(*xs: Tensor) -> Tensor:
        it = iter(xs)
        table: dict[int, Tensor] = {}

        def t(x: np.ndarray) -> Tensor:
            if id(x) not in table:
                table[id(x)] = next(it)
            return table[id(x)]

        return _cases(t, autograd, autograd.linalg)[name]()

    order: list[np.ndarray] = []

    def record(x: np.ndarray) -> Tensor:
        if all(x is not y for y in order):
            order.append(x)
        return Tensor(x)

    _cases(record, autograd, autograd.linalg)[name]()
    inputs = [Tensor(x, requires_grad=True) for x in order]
    assert autograd.gradgradcheck(build, inputs)


def test_bad_input_names_the_op() -> None:
    with pytest.raises(ValueError, match=r"^einsum: the equation 'ij,jk->ik' has 2 operands, got 1"):
        autograd.einsum("ij,jk->ik", Tensor(M))
    with pytest.raises(ValueError, match=r"^einsum: subscripts 'ijk' .* shape \(3, 4\)"):
        autograd.einsum("ijk->i", Tensor(M))
    with pytest.raises(ValueError, match=r"^einsum: index 'j' .* sizes 4 and 3"):
        autograd.einsum("ij,jk->ik", Tensor(M), Tensor(M))
    with pytest.raises(ValueError, match=r"^det: expected a square matrix .* \(3, 4\)"):
        autograd.linalg.det(Tensor(M))
    with pytest.raises(autograd.linalg.LinAlgError, match=r"^inv: the matrix of shape \(2, 2\) is singular"):
        autograd.linalg.inv(Tensor(np.ones((2, 2))))
    with pytest.raises(autograd.linalg.LinAlgError, match="^cholesky: .* not positive definite"):
        autograd.linalg.cholesky(Tensor(-np.eye(2)))
    with pytest.raises(ValueError, match=r"^mm: expected a 2-d tensor, got shape \(3,\)"):
        autograd.mm(Tensor(V), Tensor(M))
    with pytest.raises(ValueError, match=r"^qr: mode must be 'reduced', 'r' or 'complete', got 'full'"):
        autograd.linalg.qr(Tensor(M), mode="full")
    with pytest.raises(ValueError, match=r"^solve: A of shape \(3, 3\) and B of shape \(4,\) do not fit"):
        autograd.linalg.solve(Tensor(A), Tensor(np.ones(4)))
    with pytest.raises(ValueError, match=r"^solve: A of shape \(3, 3\) and B of shape \(3,\) .*left=False"):
        autograd.linalg.solve(Tensor(A), Tensor(V), left=False)
    batch = r"^solve: the batch dims of A of shape \(2, 3, 3\) and B of shape \(4, 3, 2\)"
    with pytest.raises(ValueError, match=batch):
        autograd.linalg.solve(Tensor(B), Tensor(C))
    with pytest.raises(autograd.linalg.LinAlgError, match=r"^solve: the matrix A of shape \(2, 2\) is singular"):
        autograd.linalg.solve(Tensor(np.ones((2, 2))), Tensor(np.ones(2)))
    assert float(autograd.linalg.det(Tensor(np.ones((2, 2))))) == 0.0  # singular: 0, as PyTorch


@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh_equals_torch_up_to_the_eigenvectors_signs(uplo: str) -> None:
    torch = pytest.importorskip("torch")
    gw, gv = rng.normal(size=(2, 3)), rng.normal(size=(2, 3, 3))
    ours, theirs = Tensor(B, requires_grad=True), torch.tensor(B, requires_grad=True)
    w, v = autograd.linalg.eigh(ours, uplo)
    tw, tv = torch.linalg.eigh(theirs, UPLO=uplo)
    sign = np.sign((v.data * tv.detach().numpy()).sum(-2, keepdims=True))  # each column's sign may differ
    np.testing.assert_allclose(w.data, tw.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(v.data * sign, tv.detach().numpy(), rtol=1e-8, atol=1e-10)
    ((w * Tensor(gw)).sum() + (v * Tensor(gv * sign)).sum()).backward()
    ((tw * torch.tensor(gw)).sum() + (tv * torch.tensor(gv)).sum()).backward()
    np.testing.assert_allclose(ours.grad.data, theirs.grad.numpy(), rtol=1e-8, atol=1e-10)


def test_eigh_differentiates_twice() -> None:
    # (the input is symmetrized inside: like PyTorch's, eigh's gradient treats its input as
    # symmetric, while finite differences of one entry would see only the triangle read)
    x = Tensor(rng.normal(size=(3, 3)), requires_grad=True)
    shift = Tensor(np.diag([0.0, 3.0, 6.0]))  # well separated eigenvalues

    def f(t: Tensor) -> Tensor:
        w, v = autograd.linalg.eigh(t + t.mT + shift)
        return v * w

    assert autograd.gradcheck(f, [x]) and autograd.gradgradcheck(f, [x])


@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (3, 3), (2, 5, 3)])
def test_svd_equals_torch_up_to_the_vectors_signs(shape: tuple[int, ...]) -> None:
    torch = pytest.importorskip("torch")
    a = rng.normal(size=shape)
    ours, theirs = Tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    u, s, vh = autograd.linalg.svd(ours, full_matrices=False)
    tu, ts, tvh = torch.linalg.svd(theirs, full_matrices=False)
    sign = np.sign((u.data * tu.detach().numpy()).sum(-2, keepdims=True))
    np.testing.assert_allclose(s.data, ts.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(u.data * sign, tu.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(vh.data * np.swapaxes(sign, -1, -2), tvh.detach().numpy(), atol=1e-10)
    gu, gs, gvh = rng.normal(size=u.shape), rng.normal(size=s.shape), rng.normal(size=vh.shape)
    ((u * Tensor(gu * sign)).sum() + (s * Tensor(gs)).sum()
     + (vh * Tensor(gvh * np.swapaxes(sign, -1, -2))).sum()).backward()
    ((tu * torch.tensor(gu)).sum() + (ts * torch.tensor(gs)).sum() + (tvh * torch.tensor(gvh)).sum()).backward()
    np.testing.assert_allclose(ours.grad.data, theirs.grad.numpy(), rtol=1e-8, atol=1e-10)


def test_full_svd_completes_the_orthogonal_factors() -> None:
    a = Tensor(rng.normal(size=(5, 3)), requires_grad=True)
    u, s, vh = autograd.linalg.svd(a)
    assert u.shape == (5, 5) and s.shape == (3,) and vh.shape == (3, 3)
    np.testing.assert_allclose(u.data.T @ u.data, np.eye(5), atol=1e-12)
    np.testing.assert_allclose(((u[:, :3] * s) @ vh).data, a.data, atol=1e-12)
    (u[:, :3].sum() + s.sum()).backward()  # the reduced part is differentiable
    assert a.grad is not None and a.grad.shape == (5, 3)


RANK1 = np.array([[1.0, 2.0], [3.0, 6.0]])
SINGULAR = [RANK1, np.ones((3, 3)), np.stack([RANK1, A[:2, :2]])]


@pytest.mark.parametrize("x", SINGULAR, ids=["rank1of2", "rank1of3", "batch"])
def test_det_of_a_singular_matrix_has_the_adjugate_as_gradient(x: np.ndarray) -> None:
    # PyTorch's create_graph path (and finite differences) give the cofactor matrix; its
    # first-order path returns 0 for an exactly singular input, which is not the derivative
    torch = pytest.importorskip("torch")
    ours = Tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    up = rng.normal(size=x.shape[:-2])
    autograd.linalg.det(ours).backward(Tensor(up))
    (expected,) = torch.autograd.grad(torch.linalg.det(theirs), theirs, torch.tensor(up), create_graph=True)
    np.testing.assert_allclose(ours.grad.data, expected.detach().numpy(), rtol=1e-8, atol=1e-10)
    assert autograd.gradcheck(autograd.linalg.det, [Tensor(x, requires_grad=True)])


def test_det_differentiates_twice_at_singular_and_mixed_batches() -> None:
    x = Tensor(rng.normal(size=(2, 2, 3)), requires_grad=True)
    shift = Tensor(np.stack([np.zeros((3, 3)), 3 * np.eye(3)]))

    def f(t: Tensor) -> Tensor:  # a rank-2 3 x 3 matrix, and an invertible one
        return autograd.linalg.det(t.mT @ (Tensor(np.diag([1.0, 2.0])) @ t) + shift)

    assert autograd.gradcheck(f, [x]) and autograd.gradgradcheck(f, [x])


def test_slogdet_of_a_singular_matrix_names_the_op_in_backward() -> None:
    x = Tensor(SINGULAR[0], requires_grad=True)
    sign, logabsdet = autograd.linalg.slogdet(x)
    assert float(sign) == 0.0 and float(logabsdet) == -np.inf
    with pytest.raises(autograd.linalg.LinAlgError, match=r"^slogdet: the matrix of shape \(2, 2\) is singular"):
        logabsdet.backward()


ZEROS = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, -2.0]])  # a zero row, and zeros in a row


@pytest.mark.parametrize("ord_", [2, 3, 0.5, 1.5, 1, float("inf")])
@pytest.mark.parametrize("dim", [1, None])
def test_vector_norm_at_zero_has_torch_s_zero_gradient(ord_: float, dim: Any) -> None:
    torch = pytest.importorskip("torch")
    ours, theirs = Tensor(ZEROS, requires_grad=True), torch.tensor(ZEROS, requires_grad=True)
    o = autograd.linalg.vector_norm(ours, ord_, dim)
    t = torch.linalg.vector_norm(theirs, ord_, dim)
    np.testing.assert_allclose(o.data, t.detach().numpy(), rtol=1e-12)
    up = rng.normal(size=o.shape)
    o.backward(Tensor(up))
    t.backward(torch.tensor(up))
    np.testing.assert_allclose(ours.grad.data, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)
    if dim is None:  # the zero-norm branch of Tensor.norm too
        zero = Tensor(np.zeros(3), requires_grad=True)
        zero.norm(ord_).backward()
        np.testing.assert_array_equal(zero.grad.data, np.zeros(3))


def test_norm_spellings_follow_torch_norm() -> None:
    torch = pytest.importorskip("torch")
    for args in [("nuc",), ("fro", (0, 1)), (3, 1, True), ("fro",), (1, (0, 1))]:
        np.testing.assert_allclose(Tensor(M).norm(*args).data, torch.tensor(M).norm(*args).numpy(), rtol=1e-12)
    np.testing.assert_allclose(autograd.norm(Tensor(B), "nuc", (1, 2)).data,
                               torch.norm(torch.tensor(B), "nuc", (1, 2)).numpy(), rtol=1e-12)
    with pytest.raises(TypeError, match="^vector_norm: ord must be a number"):
        autograd.linalg.vector_norm(Tensor(M), "fro")
    with pytest.raises(ValueError, match=r"^norm: with ord=2 and dim=None .* 1-d or 2-d, got shape \(2, 3, 3\)"):
        autograd.linalg.norm(Tensor(B), 2)


def test_addmm_with_beta_zero_ignores_input_and_names_itself_and_norm_0_has_zero_gradient() -> None:
    torch = pytest.importorskip("torch")
    nan = np.full((3, 4), np.nan)
    ours = autograd.addmm(Tensor(nan), Tensor(A), Tensor(M), beta=0, alpha=2.0)
    theirs = torch.addmm(torch.tensor(nan), torch.tensor(A), torch.tensor(M), beta=0, alpha=2.0)
    np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-12)
    x = Tensor(nan, requires_grad=True)
    autograd.addmm(x, Tensor(A), Tensor(M), beta=0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, np.zeros((3, 4)))  # zeros, as PyTorch's
    v = Tensor(ZEROS, requires_grad=True)
    count = autograd.linalg.vector_norm(v, 0, dim=1)
    np.testing.assert_array_equal(count.data, [0.0, 2.0])
    count.sum().backward()
    np.testing.assert_array_equal(v.grad.data, np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"^addmm: input of shape \(3, 3\) does not broadcast .* \(3, 4\)"):
        autograd.addmm(Tensor(A), Tensor(A), Tensor(M))
    with pytest.raises(ValueError, match=r"^einsum: index 'i' of 'ii' has sizes 3 and 4"):
        autograd.einsum("ii", Tensor(M))
    with pytest.raises(ValueError, match="^diag_embed: dim1 and dim2 must differ"):
        autograd.diag_embed(Tensor(M), 0, 1, -2)


def test_logdet_is_nan_for_a_negative_determinant_as_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.array([[0.0, 1.0], [1.0, 0.0]])  # det -1
    np.testing.assert_array_equal(autograd.logdet(Tensor(x)).data, torch.logdet(torch.tensor(x)).numpy())
    assert float(autograd.logdet(Tensor(RANK1))) == -np.inf


def test_the_method_forms_call_the_linalg_functions() -> None:
    spd = Tensor(B @ np.swapaxes(B, -1, -2))
    np.testing.assert_array_equal(spd.cholesky().data, autograd.linalg.cholesky(spd).data)
    np.testing.assert_array_equal(spd.cholesky(upper=True).data, autograd.linalg.cholesky(spd, upper=True).data)
    sign, logabsdet = Tensor(B).slogdet()
    np.testing.assert_array_equal(logabsdet.data, autograd.linalg.slogdet(Tensor(B)).logabsdet.data)
    np.testing.assert_array_equal(sign.data, np.sign(np.linalg.det(B)))


def test_complete_qr_of_a_tall_matrix_completes_q() -> None:
    torch = pytest.importorskip("torch")
    a = rng.normal(size=(2, 5, 3))
    q, r = autograd.linalg.qr(Tensor(a, requires_grad=True), mode="complete")
    tq, tr = torch.linalg.qr(torch.tensor(a), mode="complete")
    np.testing.assert_allclose(q.data, tq.numpy(), atol=1e-12)
    np.testing.assert_allclose(r.data, tr.numpy(), atol=1e-12)
    np.testing.assert_allclose((q @ r).data, a, atol=1e-12)
    # mode="r" gives the same R (differentiable here; PyTorch refuses that backward)
    np.testing.assert_allclose(autograd.linalg.qr(Tensor(M), mode="r").R.data,
                               torch.linalg.qr(torch.tensor(M), mode="r").R.numpy(), atol=1e-12)
