"""Issue 14's reductions, sorted reductions and gathering against PyTorch (values,
indices and gradients); gradcheck and gradgradcheck run through the registry."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd
from autograd import Tensor


def _pair(x: np.ndarray) -> tuple[Tensor, Any]:
    torch = pytest.importorskip("torch")
    return Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)


def _check(ours: Tensor, theirs: Any, o: Tensor, t: Any, rng: np.random.Generator) -> None:
    torch = pytest.importorskip("torch")
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12, atol=1e-12)
    up = rng.normal(size=ours.shape)
    ours.backward(Tensor(up))
    theirs.backward(torch.tensor(up))
    np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("case", ["prod", "prod_dim", "prod_one_zero", "prod_two_zeros", "cumsum", "amax", "amin",
                                  "amax_ties", "median", "var_mean", "std_mean"])
def test_reductions_equal_torch(case: str) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(len(case))
    x = rng.normal(size=(3, 4))
    if case == "prod_one_zero":
        x[1, 2] = 0.0
    if case == "prod_two_zeros":
        x[1, 0] = x[1, 3] = 0.0
    if case == "amax_ties":
        x = np.round(x)
    o, t = _pair(x)
    ours, theirs = {
        "prod": (lambda: (o.prod(), t.prod())),
        "prod_dim": (lambda: (o.prod(1), t.prod(1))),
        "prod_one_zero": (lambda: (o.prod(1, keepdim=True), t.prod(1, keepdim=True))),
        "prod_two_zeros": (lambda: (o.prod(1), t.prod(1))),
        "cumsum": (lambda: (o.cumsum(1), t.cumsum(1))),
        "amax": (lambda: (o.amax(dim=(0, 1)), t.amax(dim=(0, 1)))),
        "amin": (lambda: (o.amin(0, keepdim=True), t.amin(0, keepdim=True))),
        "amax_ties": (lambda: (o.amax(1), t.amax(1))),
        "median": (lambda: (o.median(), t.median())),
        "var_mean": (lambda: (o.var_mean(1)[0] + o.var_mean(1)[1], sum(torch.var_mean(t, 1)))),
        "std_mean": (lambda: (o.std_mean(0)[0] * o.std_mean(0)[1], torch.std_mean(t, 0)[0] * torch.std_mean(t, 0)[1])),
    }[case]()
    _check(ours, theirs, o, t, rng)


@pytest.mark.parametrize("case", ["sort", "sort_desc", "topk", "topk_small", "kthvalue", "median_dim", "gather",
                                  "take_along_dim", "scatter_add", "index_select", "masked_fill"])
def test_values_and_indices_equal_torch(case: str) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(len(case))
    x = rng.permutation(12).reshape(3, 4).astype(np.float64) + rng.uniform(0, 0.5, size=(3, 4))  # distinct
    o, t = _pair(x)
    idx = np.array([[0, 3, 3], [1, 0, 2], [2, 2, 1]])
    src = rng.normal(size=(3, 3))
    ours_src, torch_src = _pair(src)
    pairs = {
        "sort": lambda: (o.sort(1), t.sort(1)),
        "sort_desc": lambda: (o.sort(0, descending=True), t.sort(0, descending=True)),
        "topk": lambda: (o.topk(2), t.topk(2)),
        "topk_small": lambda: (o.topk(3, dim=0, largest=False), t.topk(3, dim=0, largest=False)),
        "kthvalue": lambda: (o.kthvalue(2, 1, keepdim=True), t.kthvalue(2, 1, keepdim=True)),
        "median_dim": lambda: (o.median(1), t.median(1)),
        "gather": lambda: ((o.gather(1, idx), None), (t.gather(1, torch.tensor(idx)), None)),
        "take_along_dim": lambda: ((autograd.take_along_dim(o, idx[:, :1], 1), None),
                                   (torch.take_along_dim(t, torch.tensor(idx[:, :1]), 1), None)),
        "scatter_add": lambda: ((o.scatter_add(1, idx, ours_src), None),
                                (t.scatter_add(1, torch.tensor(idx), torch_src), None)),
        "index_select": lambda: ((o.index_select(1, np.array([3, 0, 3])), None),
                                 (t.index_select(1, torch.tensor([3, 0, 3])), None)),
        "masked_fill": lambda: ((o.masked_fill(x > 5, -1.0), None), (t.masked_fill(torch.tensor(x > 5), -1.0), None)),
    }
    (ov, oi), (tv, ti) = pairs[case]()
    if oi is not None:
        np.testing.assert_array_equal(oi.data, ti.numpy())
        assert oi.dtype == np.int64
    _check(ov, tv, o, t, rng)
    if case == "scatter_add":
        np.testing.assert_allclose(ours_src.grad.data, torch_src.grad.numpy())


def test_all_any_argsort_and_the_function_forms() -> None:
    torch = pytest.importorskip("torch")
    x = np.array([[0.0, 1.0, 2.0], [3.0, 0.0, -1.0]])
    for name, kw in (("all", {}), ("any", {"dim": 1}), ("argsort", {"dim": 1})):
        np.testing.assert_array_equal(getattr(autograd, name)(Tensor(x), **kw).data,
                                      getattr(torch, name)(torch.tensor(x), **kw).numpy())
    values, indices = autograd.sort(Tensor(x), 1)
    assert values.shape == (2, 3) and indices.dtype == np.int64


def test_bad_indices_and_ks_name_the_op() -> None:
    x = Tensor(np.arange(6.0).reshape(2, 3))
    with pytest.raises(IndexError, match=r"^gather: index values must lie in \[0, 3\)"):
        x.gather(1, np.array([[0, 3], [1, 1]]))
    with pytest.raises(IndexError, match=r"^gather: index values must lie"):
        x.gather(1, np.array([[-1, 0], [1, 1]]))
    with pytest.raises(TypeError, match="^gather: index must be an integer tensor"):
        x.gather(1, np.array([[0.0, 1.0], [1.0, 1.0]]))
    with pytest.raises(ValueError, match="^gather: index of shape .* must have the input's rank"):
        x.gather(1, np.array([0, 1]))
    with pytest.raises(ValueError, match=r"^topk: k = 4 is out of range for dim 1 of size 3"):
        x.topk(4)
    with pytest.raises(ValueError, match="^kthvalue: k = 0 is out of range"):
        x.kthvalue(0)
    with pytest.raises(IndexError, match="^index_select: index values must lie in"):
        x.index_select(0, np.array([2]))
    with pytest.raises(Exception, match="sort: dim 2 is out of range"):
        x.sort(2)


@pytest.mark.parametrize("zeros", [(), ((0, 2),), ((1, 0), (1, 3)), ((2, 4),)])
def test_cumprod_with_zeros_equals_torch(zeros: tuple[tuple[int, int], ...]) -> None:
    rng = np.random.default_rng(len(zeros))
    x = rng.normal(size=(3, 5))
    for r, c in zeros:
        x[r, c] = 0.0
    for dim in (0, 1):
        o, t = _pair(x)
        _check(o.cumprod(dim), t.cumprod(dim), o, t, rng)


@pytest.mark.parametrize("scale", [1.0, 300.0])
def test_logcumsumexp_equals_torch_without_overflow(scale: float) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 5)) * scale
    o, t = _pair(x)
    _check(autograd.logcumsumexp(o, 1), torch.logcumsumexp(t, 1), o, t, rng)


def _reduce(op: str, a: Any, dim: Any) -> Any:
    """``a.op(dim)`` on our Tensor or torch's (prod_all: the product of everything)."""
    return a.prod() if op == "prod_all" else getattr(a, op)(dim)


@pytest.mark.parametrize("op", ["prod", "prod_all", "cumprod", "logcumsumexp"])
@pytest.mark.parametrize("zeros", [(), ((0, 2),), ((1, 0), (1, 3)), ((2, 4), (0, 0))])
def test_second_derivatives_equal_torch_also_at_zeros(op: str, zeros: tuple[tuple[int, int], ...]) -> None:
    """d/dx <v, d/dx <u, f(x)>> against torch.autograd.grad twice (float64), with exact
    zeros in x, where a divide-by-x formula would be wrong or nan."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(len(zeros) + len(op))
    x = rng.normal(size=(3, 5)) * (40.0 if op == "logcumsumexp" else 1.0)
    for r, c in zeros:
        x[r, c] = 0.0
    dims: tuple[Any, ...] = (None,) if op == "prod_all" else (0, 1)
    for dim in dims:
        o, t = _pair(x)
        ours, theirs = _reduce(op, o, dim), _reduce(op, t, dim)
        u, v = rng.normal(size=ours.shape), rng.normal(size=x.shape)
        (g_o,) = autograd.grad((ours * Tensor(u)).sum(), [o], create_graph=True)
        (g_t,) = torch.autograd.grad((theirs * torch.tensor(u)).sum(), [t], create_graph=True)
        np.testing.assert_allclose(g_o.data, g_t.detach().numpy(), rtol=1e-10, atol=1e-12)
        (h_o,) = autograd.grad((g_o * Tensor(v)).sum(), [o])
        (h_t,) = torch.autograd.grad((g_t * torch.tensor(v)).sum(), [t])
        np.testing.assert_allclose(h_o.data, h_t.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("op", ["prod", "cumprod"])
def test_gradgradcheck_through_exact_zeros(op: str) -> None:
    """The registry draws no zeros; here x holds one zero in a row and two in another
    (prod and cumprod are polynomials, so finite differences across 0 are exact)."""
    x = np.random.default_rng(3).uniform(0.5, 1.5, size=(3, 4))
    x[0, 1] = x[1, 0] = x[1, 2] = 0.0
    for dim in (0, 1):
        assert autograd.gradcheck(_reduce, (op, Tensor(x, requires_grad=True), dim))
        assert autograd.gradgradcheck(_reduce, (op, Tensor(x, requires_grad=True), dim))


@pytest.mark.parametrize("case", ["ties", "ties_float32", "nan", "nan_dim", "distinct_even"])
def test_median_ties_and_nan_equal_torch(case: str) -> None:
    """median() shares its gradient among the elements equal to it (NaN ones when the
    result is NaN); median(dim) of a slice with NaN is NaN at its first NaN's index."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    x = {"ties": np.array([2.0, 1.0, 2.0, 2.0, 5.0]), "ties_float32": np.array([[2.0, 1.0, 2.0], [2.0, 5.0, 0.0]]),
         "nan": np.array([[1.0, np.nan, 3.0, np.nan], [2.0, 1.0, -1.0, 4.0]]),
         "nan_dim": np.array([[1.0, np.nan, 3.0, np.nan], [2.0, 1.0, -1.0, 4.0]]),
         "distinct_even": rng.normal(size=(2, 4))}[case]
    if case == "ties_float32":
        x = x.astype(np.float32)
    o, t = _pair(x)
    if case == "nan_dim":
        (ov, oi), (tv, ti) = o.median(1), t.median(1)
        np.testing.assert_array_equal(oi.data, ti.numpy())
    else:
        ov, tv = o.median(), t.median()
    up = rng.normal(size=ov.shape)
    np.testing.assert_array_equal(ov.data, tv.detach().numpy())
    ov.backward(Tensor(up.astype(x.dtype)))
    tv.backward(torch.tensor(up.astype(x.dtype)))
    np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-6)


def test_zero_dim_inputs_give_zero_dim_results_as_torch() -> None:
    torch = pytest.importorskip("torch")
    o, t = _pair(np.array(3.0))
    for ours, theirs in ((o.topk(1), t.topk(1)), (o.kthvalue(1), t.kthvalue(1)), (o.median(0), t.median(0)),
                         (o.sort(0), t.sort(0)), (autograd.topk(o, 1, dim=-1), torch.topk(t, 1, dim=-1))):
        assert ours.values.shape == tuple(theirs.values.shape) == ()
        assert ours.indices.shape == () and int(ours.indices.data) == int(theirs.indices) == 0


def test_dtype_keywords_and_integer_results_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(2).normal(size=(3, 4))
    o, t = _pair(x)
    for name, kw in (("sum", {}), ("sum", {"dim": 1}), ("mean", {"dim": 0, "keepdim": True}), ("prod", {"dim": 1}),
                     ("cumsum", {"dim": 0}), ("cumprod", {"dim": 1})):
        ours = getattr(o, name)(**kw, dtype=np.float32)
        theirs = getattr(t, name)(**kw, dtype=torch.float32)
        assert ours.dtype == np.float32
        np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-6)
        ours.sum().backward()
        theirs.sum().backward()
        assert o.grad.dtype == np.float64
        np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-5)
        o.grad = None
        t.grad = None
    b = np.array([[True, False, True], [True, True, False]])
    for name in ("cumsum", "cumprod"):
        ours, theirs = getattr(Tensor(b), name)(1), getattr(torch.tensor(b), name)(1)
        assert ours.dtype == np.int64 and theirs.dtype == torch.int64
        np.testing.assert_array_equal(ours.data, theirs.numpy())
    assert Tensor(b).prod().dtype == np.int64 and int(Tensor(b).prod().data) == int(torch.tensor(b).prod()) == 0
    ints = np.arange(6).reshape(2, 3)
    np.testing.assert_allclose(Tensor(ints).mean(dtype=np.float64).data, torch.tensor(ints).mean(dtype=torch.float64))
    with pytest.raises(TypeError, match="^sum: dtype"):
        o.sum(dtype="U3")


def test_function_forms_take_dim_and_unbiased_as_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(4).normal(size=(3, 4))
    o, t = Tensor(x), torch.tensor(x)
    for name, kw in (("logsumexp", {"dim": 1, "keepdim": True}), ("softmax", {"dim": 0}), ("log_softmax", {"dim": 1}),
                     ("sum", {"dim": 0}), ("prod", {"dim": 1}), ("cumsum", {"dim": 1}), ("amax", {"dim": (0, 1)}),
                     ("var", {"dim": 1, "unbiased": False}), ("std", {"dim": 0, "correction": 0})):
        np.testing.assert_allclose(getattr(autograd, name)(o, **kw).data, getattr(torch, name)(t, **kw).numpy(),
                                   rtol=1e-12, err_msg=name)
    for name in ("var_mean", "std_mean"):
        for a, b in zip(getattr(autograd, name)(o, 1, unbiased=False), getattr(torch, name)(t, 1, unbiased=False)):
            np.testing.assert_allclose(a.data, b.numpy(), rtol=1e-12)
    with pytest.raises(TypeError, match="^var: unbiased must be True or False"):
        o.var(unbiased="no")


def test_bad_dims_and_ks_name_the_op_and_argument() -> None:
    x = Tensor(np.arange(6.0).reshape(2, 3))
    for call, pattern in ((lambda: x.cumsum(2), r"^cumsum: dim 2 is out of range for a tensor of rank 2 "
                                                r"\(shape \(2, 3\)\)"),
                          (lambda: x.cumprod(-3), "^cumprod: dim -3 is out of range"),
                          (lambda: x.logcumsumexp(5), "^logcumsumexp: dim 5"),
                          (lambda: x.prod(2), "^prod: dim 2"),
                          (lambda: x.median(3), "^median: dim 3"),
                          (lambda: x.topk(2, dim=3), "^topk: dim 3"),
                          (lambda: x.kthvalue(1, 2), "^kthvalue: dim 2"),
                          (lambda: x.topk(2.5), "^topk: k must be an integer, got float 2.5"),
                          (lambda: x.kthvalue(True), "^kthvalue: k must be an integer, got bool"),
                          (lambda: x.kthvalue(4), r"^kthvalue: k = 4 is out of range for dim 1 of size 3 "
                                                  r"\(shape \(2, 3\)\)"),
                          (lambda: x.topk(-1, 0), r"^topk: k = -1 is out of range for dim 0 of size 2 "
                                                  r"\(shape \(2, 3\)\)")):
        with pytest.raises((ValueError, TypeError, IndexError), match=pattern):
            call()


@pytest.mark.parametrize("op", ["prod", "prod_all", "cumprod", "logcumsumexp"])
def test_second_derivatives_from_a_plain_sum(op: str) -> None:
    """``f(x).sum()`` seeds a constant gradient (an array, not a Tensor) under create_graph."""
    torch = pytest.importorskip("torch")
    x = np.array([[2.0, 0.0, 3.0], [1.0, 4.0, 0.5], [0.0, 2.0, 0.0]])
    o, t = _pair(x)
    (g_o,) = autograd.grad(_reduce(op, o, 1).sum(), [o], create_graph=True)
    (g_t,) = torch.autograd.grad(_reduce(op, t, 1).sum(), [t], create_graph=True)
    (h_o,) = autograd.grad(g_o.sum(), [o])
    (h_t,) = torch.autograd.grad(g_t.sum(), [t])
    np.testing.assert_allclose(g_o.data, g_t.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(h_o.data, h_t.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["max", "min"])
@pytest.mark.parametrize(("shape", "dim", "keepdim"), [((3, 4), 1, False), ((3, 4), 0, True), ((2, 3, 4), -2, False),
                                                        ((), 0, False), ((5,), 0, True)])
def test_max_and_min_along_a_dim_return_values_and_indices_as_torch(name: str, shape: tuple[int, ...], dim: int,
                                                                    keepdim: bool) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(len(shape) + dim)
    x = np.round(rng.normal(size=shape))  # (rounded: ties, which pick the first index)
    if len(shape) == 2:
        x[1, 2] = np.nan  # (a NaN wins both, with its index)
    o, t = _pair(x)
    ours, theirs = getattr(o, name)(dim, keepdim), getattr(t, name)(dim, keepdim)
    assert ours.indices.dtype == np.int64 and not ours.indices.requires_grad
    np.testing.assert_array_equal(ours.indices.data, theirs.indices.numpy())
    up = rng.normal(size=ours.values.shape)
    ours.values.backward(Tensor(up))
    theirs.values.backward(torch.tensor(up))
    np.testing.assert_array_equal(ours.values.data, theirs.values.detach().numpy())
    np.testing.assert_array_equal(o.grad.data, t.grad.numpy())  # (all to the index: ties do not share)
    fn, keyword = getattr(autograd, name)(o, dim, keepdim), getattr(o, name)(dim=dim, keepdim=keepdim)
    for other in (fn, keyword, getattr(o, name)(axis=dim, keepdims=keepdim)):
        np.testing.assert_array_equal(other.indices.data, ours.indices.data)


def test_max_forms_follow_torch_and_refuse_several_dims() -> None:
    x = Tensor([[1.0, 4.0], [3.0, 2.0]])
    _, predicted = autograd.max(x, 1)  # (PyTorch's tutorials: _, predicted = torch.max(outputs, 1))
    assert predicted.tolist() == [1, 0]
    assert x.max().item() == 4.0 and x.min().item() == 1.0
    assert x.max(Tensor(2.5)).tolist() == [[2.5, 4.0], [3.0, 2.5]]
    assert autograd.min(x, Tensor(2.5)).tolist() == [[1.0, 2.5], [2.5, 2.0]]
    with pytest.raises(TypeError, match=r"^max: dim must be an int .* got tuple \(0, 1\); for several dims use amax"):
        x.max(dim=(0, 1))
    with pytest.raises(TypeError, match=r"^min: dim must be an int .* use amin"):
        x.min(axis=[0])
    with pytest.raises(TypeError, match=r"^max: max\(other\) takes no dim or keepdim"):
        x.max(Tensor(1.0), True)
    with pytest.raises(np.exceptions.AxisError, match=r"^max: dim 2 is out of range for a tensor of rank 2"):
        x.max(2)
    with pytest.raises(ValueError, match=r"^amax: cannot reduce an empty tensor of shape \(0,\)"):
        Tensor(np.zeros(0)).amax()


def test_composed_reductions_name_themselves_for_a_bad_dim() -> None:
    x = Tensor(np.ones((2, 3)))
    for call, name in ((lambda: x.argsort(2), "argsort"), (lambda: x.var_mean(dim=5), "var_mean"),
                       (lambda: x.std_mean(dim=(0, -3)), "std_mean"), (lambda: x.amin(4), "amin")):
        with pytest.raises(np.exceptions.AxisError, match=rf"^{name}: dim -?\d is out of range for a tensor of rank 2"):
            call()
    assert not Tensor([2.0, 1.0], requires_grad=True).argsort().requires_grad


def test_descending_sort_of_unsigned_and_boolean_tensors_equals_torch() -> None:
    torch = pytest.importorskip("torch")
    for arr in (np.array([3, 1, 2, 3, 0], dtype=np.uint8), np.array([True, False, True]), np.array([2, -1, 2, 5])):
        ours, theirs = Tensor(arr).sort(descending=True), torch.from_numpy(arr).sort(descending=True, stable=True)
        assert ours.values.tolist() == theirs.values.tolist() and ours.indices.tolist() == theirs.indices.tolist()
        assert Tensor(arr).argsort(descending=True).tolist() == theirs.indices.tolist()
