"""Issue 14's indexing and shape functions: values and gradients against PyTorch, gradcheck and
gradgradcheck of each in float64, the ``autograd.*`` function forms, and bad input."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd
from autograd import Tensor

rng = np.random.default_rng(0)
X = rng.normal(size=(3, 4))
V = rng.normal(size=(3,))
W = rng.normal(size=(4,))
T3 = np.array([[1.0, 2.0, 3.0]])  # scatter_reduce amax: x's 3 ties with two src values of 3
S3 = np.array([[3.0, 3.0, 1.0]])
Z = np.array([[0.0, 2.0, 3.0]])  # scatter_reduce prod with zeros among the factors
ZS = np.array([[2.0, 0.0, 5.0, 0.0]])


def _prod(grids: Any) -> Any:
    return grids[0] * grids[1]


def _weighted(grids: Any) -> Any:
    return grids[0] + 2 * grids[1]


def _cases(t: Any, lib: Any) -> dict[str, Any]:
    idx = lib.tensor([[0, 2, 0], [1, 1, 3], [2, 0, 0]])
    small = lib.tensor([[2, 0], [2, 2]])  # (smaller than X outside the dim)
    mask = lib.tensor(X > 0.2)
    return {
        "gather": lambda: lib.gather(t(X), 1, idx),
        "gather_dim0_small_index": lambda: t(X).gather(0, small),
        "gather_negative_dim": lambda: t(X).gather(-1, idx),
        "take_along_dim_broadcast": lambda: lib.take_along_dim(t(X), lib.tensor([[1, 3]]), 1),
        "take_along_dim_flat": lambda: lib.take_along_dim(t(X), lib.tensor([1, 7, 7])),
        "scatter_add_repeats": lambda: lib.scatter_add(t(X), 1, idx, t(X)[:, 1:] * 2),
        "scatter_add_dim0_small_index": lambda: t(X).scatter_add(0, small, t(X)[:2, 2:] * 3),
        "index_select_repeats": lambda: lib.index_select(t(X), 1, lib.tensor([3, 0, 3, 3])),
        "index_add_dim1": lambda: lib.index_add(t(X), 1, lib.tensor([1, 1, 0]), t(X)[:, 1:] * 2),
        "masked_fill": lambda: lib.masked_fill(t(X), mask, -1.5),
        "masked_fill_broadcast_mask": lambda: t(X).masked_fill(mask[0], 2.0),
        "masked_fill_tensor_value": lambda: t(X).masked_fill(mask, t(V)[1] * 3),
        "masked_fill_minus_inf_softmax": lambda: t(X).masked_fill(mask, float("-inf")).softmax(1),
        "scatter_value_positional": lambda: t(X).scatter(1, lib.tensor([[3], [1], [0]]), 2.5),
        "scatter_reduce_sum_exclude": lambda: t(X).scatter_reduce(1, idx, t(X)[:, 1:] * 2, "sum", include_self=False),
        "scatter_reduce_mean_exclude": lambda: t(X).scatter_reduce(1, idx, t(X)[:, 1:] * 2, "mean",
                                                                   include_self=False),
        "scatter_reduce_amin": lambda: lib.scatter_reduce(t(X), 1, idx, t(X)[:, 1:] * 2, "amin"),
        "scatter_reduce_amin_exclude": lambda: t(X).scatter_reduce(1, idx, t(X)[:, 1:] * 2, "amin",
                                                                   include_self=False),
        "scatter_reduce_amax_ties": lambda: t(T3).scatter_reduce(1, lib.tensor([[2, 2, 0]]), t(T3) * 0 + t(S3), "amax"),
        "scatter_reduce_prod_include": lambda: t(X).scatter_reduce(1, idx, t(X)[:, 1:] + 3, "prod"),
        "scatter_reduce_prod_zeros": lambda: t(Z).scatter_reduce(1, lib.tensor([[0, 0, 1, 2]]), t(ZS), "prod"),
        "tile_varargs": lambda: t(X).tile(2, 1, 2),
        "repeat_interleave_broadcast": lambda: t(X).repeat_interleave(lib.tensor([2]), dim=1, output_size=8),
        "view": lambda: t(X).view(2, -1),
        "t": lambda: lib.t(t(X)),
        "flatten": lambda: lib.flatten(t(X).reshape(3, 2, 2), 1),
        "unflatten_minus_one": lambda: lib.unflatten(t(X), -1, (-1, 2)),
        "moveaxis_pairs": lambda: lib.moveaxis(t(X).reshape(3, 2, 2), (0, 1), (2, 0)),
        "clone": lambda: lib.clone(t(X)) * 2,
        "contiguous": lambda: t(X).contiguous() * 2,
        "select": lambda: lib.select(t(X), 1, -2),
        "take": lambda: lib.take(t(X), lib.tensor([[0, -1], [5, 5]])),
        "index_fill": lambda: t(X).index_fill(1, lib.tensor([0, -1, 0]), 1.5),
        "index_fill_tensor_value": lambda: lib.index_fill(t(X), 0, lib.tensor([1]), t(V)[0] * 2),
        "index_copy": lambda: lib.index_copy(t(X), 1, lib.tensor([3, 0]), t(X)[:, :2] * 3),
        "masked_scatter": lambda: lib.masked_scatter(t(X), mask, t(X).reshape(-1) * 2),
        "argwhere_rows": lambda: t(X)[lib.argwhere(mask)[:, 0]],
        "ravel": lambda: lib.ravel(t(X).t()),
        "fliplr": lambda: lib.fliplr(t(X)),
        "flipud": lambda: t(X).flipud(),
        "hstack": lambda: lib.hstack([t(X), t(X)[:, :1]]),
        "hstack_vectors": lambda: lib.hstack([t(V), t(W)]),
        "vstack": lambda: lib.vstack([t(W), t(X)]),
        "tile": lambda: lib.tile(t(X), (2, 1, 2)),
        "repeat": lambda: t(X).repeat(2, 1, 3),
        "repeat_interleave": lambda: lib.repeat_interleave(t(X), lib.tensor([1, 0, 3]), dim=0),
        "repeat_interleave_flat": lambda: t(V).repeat_interleave(2),
        "roll": lambda: lib.roll(t(X), (1, -2), (0, 1)),
        "roll_flat": lambda: lib.roll(t(X), 5),
        "narrow": lambda: lib.narrow(t(X), 1, 1, 2),
        "unbind": lambda: lib.unbind(t(X), 1)[2],
        "movedim": lambda: lib.movedim(t(X).reshape(3, 2, 2), 0, 2),
        "unflatten": lambda: t(X).unflatten(1, (2, 2)),
        "meshgrid_ij": lambda: _prod(lib.meshgrid(t(V), t(W), indexing="ij")),
        "meshgrid_xy": lambda: _weighted(lib.meshgrid(t(V), t(W), indexing="xy")),
        "cartesian_prod": lambda: lib.cartesian_prod(t(V), t(W)),
        "masked_select": lambda: lib.masked_select(t(X), lib.tensor(X > 0)),
        "index_add": lambda: t(X).index_add(0, lib.tensor([2, 0, 2]), t(X) * 2, alpha=0.5),
        "scatter_src": lambda: t(X).scatter(1, lib.tensor([[3], [1], [0]]), t(X)[:, :1] * 3),
        "scatter_value": lambda: t(X).scatter(1, lib.tensor([[3, 1], [1, 2], [0, 3]]), value=2.0),
        "scatter_reduce_sum": lambda: t(X).scatter_reduce(1, idx, t(X)[:, :3] * 2, "sum"),
        "scatter_reduce_mean": lambda: t(X).scatter_reduce(1, idx, t(X)[:, :3] * 2, "mean"),
        "scatter_reduce_amax": lambda: t(X).scatter_reduce(1, idx, t(X)[:, 1:] * 2, "amax"),
        "scatter_reduce_prod": lambda: t(X).scatter_reduce(1, idx, t(X)[:, 1:] + 3, "prod", include_self=False),
    }


class _Names:
    def __getattr__(self, item: str) -> Any:
        return lambda *a, **k: None


@pytest.mark.parametrize("name", sorted(_cases(lambda x: x, _Names())))
def test_values_and_gradients_equal_torch(name: str) -> None:
    torch = pytest.importorskip("torch")
    ours_in: dict[int, Tensor] = {}
    theirs_in: dict[int, Any] = {}

    class OurLib:
        def __getattr__(self, item: str) -> Any:
            if item == "tensor":
                return lambda v: Tensor(np.asarray(v)) if np.asarray(v).dtype != bool else np.asarray(v)
            return getattr(autograd, item)

    o = _cases(lambda x: ours_in.setdefault(id(x), Tensor(x, requires_grad=True)), OurLib())[name]()
    t = _cases(lambda x: theirs_in.setdefault(id(x), torch.tensor(x, requires_grad=True)), torch)[name]()
    np.testing.assert_allclose(o.data, t.detach().numpy(), rtol=1e-12, atol=1e-12)
    up = rng.normal(size=o.shape)
    o.backward(Tensor(up))
    t.backward(torch.tensor(up))
    for key, x in ours_in.items():
        np.testing.assert_allclose(x.grad.data, theirs_in[key].grad.numpy(), rtol=1e-10, atol=1e-12)


def test_nonzero_and_unique_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.array([[0.0, 1.0, 1.0], [2.0, 0.0, 1.0]])
    np.testing.assert_array_equal(autograd.nonzero(Tensor(x)).data, torch.nonzero(torch.tensor(x)).numpy())
    for ours, theirs in zip(autograd.nonzero(Tensor(x), as_tuple=True), torch.nonzero(torch.tensor(x), as_tuple=True)):
        np.testing.assert_array_equal(ours.data, theirs.numpy())
    values, inverse, counts = Tensor(x).unique(return_inverse=True, return_counts=True)
    tv, ti, tc = torch.tensor(x).unique(return_inverse=True, return_counts=True)
    for a, b in ((values, tv), (inverse, ti), (counts, tc)):
        np.testing.assert_array_equal(a.data, b.numpy())


def test_bad_arguments_name_the_function() -> None:
    x = Tensor(X)
    with pytest.raises(IndexError, match="^narrow: start 3 and length 2 do not fit dim 1 of size 4"):
        x.narrow(1, 3, 2)
    with pytest.raises(ValueError, match="^repeat: got 1 sizes for a tensor of rank 2"):
        x.repeat(2)
    with pytest.raises(IndexError, match=r"^index_add: index values must lie in \[0, 3\)"):
        x.index_add(0, np.array([3]), Tensor(np.ones((1, 4))))
    with pytest.raises(ValueError, match="^meshgrid: indexing must be 'ij' or 'xy'"):
        autograd.meshgrid(Tensor(V), Tensor(W), indexing="yx")
    with pytest.raises(ValueError, match="^scatter_reduce: reduce must be"):
        x.scatter_reduce(1, np.zeros((3, 1), np.int64), x, "max")
    with pytest.raises(TypeError, match="^masked_select: mask must be boolean"):
        x.masked_select(np.ones((3, 4)))


def test_gathering_functions_name_themselves_for_bad_indices_and_masks() -> None:
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    cases = [
        (lambda: x.take_along_dim(Tensor(np.array([[7]])), 1), IndexError,
         r"^take_along_dim: index values must lie in \[0, 3\) along dim 1 of a tensor of shape \(2, 3\)"),
        (lambda: x.take_along_dim(Tensor(np.array([0])), 1), ValueError,
         r"^take_along_dim: indices of shape \(1,\) must have the input's rank 2"),
        (lambda: x.scatter(1, Tensor(np.array([[0.0]])), value=1.0), TypeError,
         r"^scatter: index must be an integer tensor \(int64 or int32\), got dtype float64"),
        (lambda: x.scatter(1, Tensor(np.array([[-1]])), value=1.0), IndexError,
         r"^scatter: index values must lie in \[0, 3\)"),
        (lambda: x.masked_fill(Tensor(np.ones((3, 3), dtype=bool)), 0.0), ValueError,
         r"^masked_fill: mask of shape \(3, 3\) does not broadcast to the tensor's shape \(2, 3\)"),
        (lambda: x.masked_fill(Tensor(np.ones(3)), 0.0), TypeError,
         r"^masked_fill: mask must be a boolean tensor, got dtype"),
        (lambda: x.masked_fill(Tensor(np.ones(3, dtype=bool)), Tensor([1.0, 2.0, 3.0])), ValueError,
         r"^masked_fill: value must be a number or a 0-d tensor, got shape \(3,\)"),
    ]
    for call, error, pattern in cases:
        with pytest.raises(error, match=pattern):
            call()
    value = Tensor(2.0, requires_grad=True)
    x.masked_fill(Tensor(np.array([True, False, True])), value).sum().backward()
    assert value.grad.item() == 4.0 and x.grad.tolist() == [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]


# ---------------------------------------------------------------- first and second order
I3 = np.array([[0, 2, 0], [1, 1, 3], [2, 0, 0]])
_GRAD_CASES: dict[str, tuple[Any, list[tuple[int, ...]]]] = {
    "gather": (lambda x: x.gather(1, I3), [(3, 4)]),
    "take_along_dim": (lambda x: autograd.take_along_dim(x, np.array([[1, 3]]), 1), [(3, 4)]),
    "scatter_add": (lambda x, s: x.scatter_add(1, I3, s), [(3, 4), (3, 3)]),
    "scatter_src_repeats": (lambda x, s: x.scatter(1, I3, s), [(3, 4), (3, 3)]),
    "scatter_value": (lambda x: x.scatter(1, I3, value=2.0), [(3, 4)]),
    "scatter_reduce_sum": (lambda x, s: x.scatter_reduce(1, I3, s, "sum", include_self=False), [(3, 4), (3, 3)]),
    "scatter_reduce_mean": (lambda x, s: x.scatter_reduce(1, I3, s, "mean"), [(3, 4), (3, 3)]),
    "scatter_reduce_amax": (lambda x, s: x.scatter_reduce(1, I3, s, "amax"), [(3, 4), (3, 3)]),
    "scatter_reduce_amin": (lambda x, s: x.scatter_reduce(1, I3, s, "amin", include_self=False), [(3, 4), (3, 3)]),
    "scatter_reduce_prod": (lambda x, s: x.scatter_reduce(1, I3, s, "prod"), [(3, 4), (3, 3)]),
    "scatter_multiply": (lambda x, s: x.scatter(1, I3, s, reduce="multiply"), [(3, 4), (3, 3)]),
    "index_select": (lambda x: x.index_select(0, np.array([2, 2, 0])), [(3, 4)]),
    "index_add": (lambda x, s: x.index_add(1, np.array([3, 0, 3]), s, alpha=-2.0), [(3, 4), (3, 3)]),
    "masked_fill": (lambda x, v: x.masked_fill(X > 0, v.sum()), [(3, 4), (2,)]),
    "masked_select": (lambda x: x.masked_select(X > 0), [(3, 4)]),
    "tile": (lambda x: x.tile(2, 1, 2), [(3, 4)]),
    "repeat": (lambda x: x.repeat(2, 1, 2), [(3, 4)]),
    "repeat_interleave": (lambda x: x.repeat_interleave(np.array([2, 0, 1]), dim=0), [(3, 4)]),
    "roll": (lambda x: x.roll((1, -3), (0, 1)), [(3, 4)]),
    "narrow": (lambda x: x.narrow(1, -3, 2), [(3, 4)]),
    "unbind": (lambda x: x.unbind(1)[1] * x.unbind(1)[3], [(3, 4)]),
    "movedim": (lambda x: x.movedim((0, 1), (2, 0)), [(2, 3, 4)]),
    "unflatten": (lambda x: x.unflatten(1, (2, -1)), [(3, 4)]),
    "t": (lambda x: x.t() @ x, [(3, 4)]),
    "meshgrid": (lambda a, b: autograd.meshgrid(a, b, indexing="xy")[0] * autograd.meshgrid(a, b, indexing="xy")[1],
                 [(3,), (4,)]),
    "cartesian_prod": (lambda a, b, c: autograd.cartesian_prod(a, b, c) ** 2, [(2,), (3,), (2,)]),
    "clone": (lambda x: x.clone() * x, [(3, 4)]),
    "select": (lambda x: x.select(0, -1) * x.select(1, 2).sum(), [(3, 4)]),
    "take": (lambda x: autograd.take(x, np.array([[0, -1], [5, 5]])), [(3, 4)]),
    "index_fill": (lambda x, v: x.index_fill(1, np.array([0, 2]), v.sum()), [(3, 4), (2,)]),
    "index_copy": (lambda x, s: x.index_copy(0, np.array([2, 0]), s), [(3, 4), (2, 4)]),
    "masked_scatter": (lambda x, s: x.masked_scatter(X > 0, s), [(3, 4), (12,)]),
    "hstack_vstack": (lambda a, b: autograd.vstack([autograd.hstack([a, b]), autograd.hstack([b, a])]), [(2,), (3,)]),
    "fliplr_flipud": (lambda x: x.fliplr().flipud() * x, [(3, 4)]),
}


@pytest.mark.parametrize("name", sorted(_GRAD_CASES))
def test_gradcheck_and_gradgradcheck(name: str) -> None:
    fn, shapes = _GRAD_CASES[name]
    r = np.random.default_rng(7)
    # (values drawn apart, so amax/amin have no ties; away from 0 for prod)
    inputs = [Tensor(np.sign(v) * (0.5 + np.abs(v)) + r.normal(size=v.shape) * 1e-3, requires_grad=True)
              for v in (r.permutation(np.linspace(-2, 2, int(np.prod(s)))).reshape(s) for s in shapes)]
    assert autograd.gradcheck(fn, inputs)
    assert autograd.gradgradcheck(fn, inputs)


# ------------------------------------------------------------------- forms and values
def test_scatter_repeated_index_last_write_wins_as_torch() -> None:
    torch = pytest.importorskip("torch")
    s = np.array([[1.0, 2.0, 3.0, 4.0, 5.0]])
    idx = np.array([[2, 2, 2, 0, 2]])
    ours = Tensor(np.zeros((1, 4))).scatter(1, idx, Tensor(s, requires_grad=True))
    theirs = torch.zeros(1, 4, dtype=torch.float64).scatter(1, torch.tensor(idx), torch.tensor(s))
    np.testing.assert_array_equal(ours.data, theirs.numpy())  # [[4, 0, 5, 0]]


@pytest.mark.filterwarnings("ignore:The reduce argument of torch.scatter")
@pytest.mark.parametrize("reduce", ["add", "multiply"])
@pytest.mark.parametrize("value", [True, False])
def test_scatter_reduce_argument_equals_torch(reduce: str, value: bool) -> None:
    torch = pytest.importorskip("torch")
    s = rng.normal(size=(3, 3))
    ours = Tensor(X).scatter(1, I3, 2.5 if value else Tensor(s), reduce=reduce)
    theirs = torch.tensor(X).scatter(1, torch.tensor(I3), 2.5 if value else torch.tensor(s), reduce=reduce)
    np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-12)


def test_scatter_keeps_inf_and_nan_out_of_written_positions() -> None:
    x = Tensor(np.array([np.inf, 1.0, np.nan]))
    out = x.scatter(0, np.array([0, 2]), Tensor(np.array([5.0, 6.0])))
    np.testing.assert_array_equal(out.data, [5.0, 1.0, 6.0])


def test_zero_dim_inputs_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    for v in (0.0, 2.0):
        np.testing.assert_array_equal(autograd.nonzero(Tensor(v)).data, torch.nonzero(torch.tensor(v)).numpy())
        np.testing.assert_array_equal(autograd.nonzero(Tensor(v), as_tuple=True)[0].data,
                                      torch.nonzero(torch.tensor(v), as_tuple=True)[0].numpy())
    s = Tensor(3.0, requires_grad=True)
    out = s.gather(0, np.array(0)) + s.index_select(0, np.array([0])) * 2 + s.scatter_add(0, np.array(0), s)
    out.backward()
    t = torch.tensor(3.0, requires_grad=True)
    expected = t.gather(0, torch.tensor(0)) + t.index_select(0, torch.tensor([0])) * 2 + \
        t.scatter_add(0, torch.tensor(0), t)
    expected.backward()
    assert out.shape == tuple(expected.shape)
    assert out.item() == expected.item() and s.grad.item() == t.grad.item()


def test_repeat_interleave_of_counts_alone_equals_torch() -> None:
    torch = pytest.importorskip("torch")
    counts = np.array([1, 2, 0, 3])
    ours = autograd.repeat_interleave(Tensor(counts))
    np.testing.assert_array_equal(ours.data, torch.repeat_interleave(torch.tensor(counts)).numpy())
    assert ours.dtype == np.int64


def test_cartesian_prod_keeps_infinities() -> None:
    out = autograd.cartesian_prod(Tensor(np.array([np.inf, 1.0])), Tensor(np.array([2.0, -1.0])))
    np.testing.assert_array_equal(out.data, [[np.inf, 2.0], [np.inf, -1.0], [1.0, 2.0], [1.0, -1.0]])


def test_meshgrid_warns_without_indexing_as_torch() -> None:
    with pytest.warns(UserWarning, match="meshgrid: pass indexing"):
        grids = autograd.meshgrid(Tensor(V), Tensor(W))
    assert grids[0].shape == (3, 4)  # "ij"


def test_unique_equals_torch_along_a_dim() -> None:
    torch = pytest.importorskip("torch")
    u = np.array([[3.0, 1.0, 3.0], [1.0, 2.0, 3.0], [3.0, 1.0, 3.0]])
    for dim in (0, 1):
        ours = autograd.unique(Tensor(u, requires_grad=True), return_inverse=True, return_counts=True, dim=dim)
        theirs = torch.unique(torch.tensor(u), return_inverse=True, return_counts=True, dim=dim)
        for a, b in zip(ours, theirs):
            np.testing.assert_array_equal(a.data, b.numpy())
        assert not ours[0].requires_grad


# ---------------------------------------------------------------- the function namespace
SHAPE_METHODS = ("argwhere broadcast_to chunk clone flatten flip fliplr flipud gather index_add index_copy "
                 "index_fill index_select masked_fill masked_scatter masked_select movedim moveaxis narrow nonzero "
                 "permute ravel repeat_interleave reshape roll scatter scatter_add scatter_reduce select split "
                 "squeeze swapaxes swapdims t take take_along_dim tile transpose unbind unflatten unique "
                 "unsqueeze").split()


@pytest.mark.parametrize("name", SHAPE_METHODS)
def test_shape_methods_are_functions_of_autograd(name: str) -> None:
    assert callable(getattr(autograd, name)) and hasattr(Tensor, name)
    assert name in autograd.__all__


def test_functions_equal_their_methods() -> None:
    x = Tensor(X)
    pairs = [
        (autograd.reshape(x, (2, 6)), x.reshape(2, 6)),
        (autograd.transpose(x, 0, 1), x.transpose(0, 1)),
        (autograd.permute(x, (1, 0)), x.permute(1, 0)),
        (autograd.gather(x, 1, I3), x.gather(1, I3)),
        (autograd.flip(x, (0,)), x.flip(0)),
        (autograd.split(x, 2, dim=1)[1], x.split(2, dim=1)[1]),
        (autograd.chunk(x, 2, 1)[0], x.chunk(2, 1)[0]),
        (autograd.squeeze(autograd.unsqueeze(x, 0), 0), x),
        (autograd.narrow(x, 1, 1, 2), x.narrow(1, 1, 2)),
        (autograd.tile(x, (2, 1)), x.tile(2, 1)),
    ]
    for a, b in pairs:
        np.testing.assert_array_equal(a.data, b.data)


# ------------------------------------------------------------------------- bad input
def test_index_errors_name_the_op_and_shapes() -> None:
    x = Tensor(X)
    cases: list[tuple[Any, type[Exception], str]] = [
        (lambda: x.gather(1, I3 + 2), IndexError,
         r"^gather: index values must lie in \[0, 4\) along dim 1 of a tensor of shape \(3, 4\), "
         r"got values in \[2, 5\]"),
        (lambda: x.gather(1, -I3), IndexError, r"^gather: index values must lie in \[0, 4\)"),
        (lambda: x.gather(1, I3.astype(np.float32)), TypeError, "^gather: index must be an integer tensor"),
        (lambda: x.gather(1, I3[0]), ValueError, r"^gather: index of shape \(3,\) must have the input's rank 2"),
        (lambda: x.gather(1, np.zeros((4, 1), np.int64)), ValueError,
         r"^gather: index of shape \(4, 1\) is larger than the input \(3, 4\) in dim 0"),
        (lambda: x.gather(2, I3), np.exceptions.AxisError, "^gather: dim 2 is out of range"),
        (lambda: x.take_along_dim(np.array([[5]]), 1), IndexError, r"^take_along_dim: index values must lie"),
        (lambda: x.scatter(1, np.array([[4], [1], [0]]), Tensor(X)), IndexError,
         r"^scatter: index values must lie in \[0, 4\)"),
        (lambda: x.scatter(1, I3, Tensor(X[:, :2])), ValueError,
         r"^scatter: index of shape \(3, 3\) must have src's rank and be no larger than src \(3, 2\)"),
        (lambda: x.scatter(1, I3, Tensor(X), value=1.0), TypeError, "^scatter: give exactly one of src"),
        (lambda: x.scatter(1, I3, Tensor(X), reduce="max"), ValueError, "^scatter: reduce must be 'add' or 'multiply'"),
        (lambda: x.scatter(1, I3, Tensor(X.astype(np.float32))), TypeError,
         "^scatter: src must have the input's dtype float64, got float32"),
        (lambda: x.scatter_add(0, I3 + 1, Tensor(X)), IndexError, r"^scatter_add: index values must lie in \[0, 3\)"),
        (lambda: x.scatter_add(1, I3, Tensor(X[:, :1])), ValueError, "^scatter_add: index of shape"),
        (lambda: x.scatter_reduce(1, I3, Tensor(X), "max"), ValueError, "^scatter_reduce: reduce must be"),
        (lambda: x.scatter_reduce(1, -I3, Tensor(X), "amax"), IndexError, r"^scatter_reduce: index values must lie"),
        (lambda: x.index_select(1, np.array([4])), IndexError,
         r"^index_select: index values must lie in \[0, 4\) for dim 1 of a tensor of shape \(3, 4\)"),
        (lambda: x.index_select(1, np.array([-1])), IndexError, r"^index_select: index values must lie"),
        (lambda: x.index_select(1, np.array([1.0])), TypeError, "^index_select: index must be a 1-d integer tensor"),
        (lambda: x.index_select(1, I3), TypeError, r"^index_select: index must be a 1-d integer tensor.*\(3, 3\)"),
        (lambda: x.index_add(1, np.array([1, 1]), Tensor(np.ones((3, 3)))), ValueError,
         r"^index_add: source of shape \(3, 3\) does not fit \(expected \(3, 2\)"),
        (lambda: x.index_add(0, np.array([3]), Tensor(np.ones((1, 4)))), IndexError,
         r"^index_add: index values must lie in \[0, 3\)"),
        (lambda: x.masked_fill(np.ones((3, 4), np.int64), 1.0), TypeError, "^masked_fill: mask must be a boolean"),
        (lambda: x.masked_fill(X > 0, Tensor(np.ones(1))), ValueError, "^masked_fill: value must be a number or a 0-d"),
        (lambda: x.masked_fill(X[:2] > 0, 1.0), ValueError, r"^masked_fill: mask of shape \(2, 4\) does not broadcast"),
        (lambda: x.repeat_interleave(np.array([1, 2]), dim=0), ValueError,
         "^repeat_interleave: got 2 repeats for a dim of size 3"),
        (lambda: x.repeat_interleave(-1), ValueError, "^repeat_interleave: repeats must be non-negative"),
        (lambda: x.repeat_interleave(2, dim=0, output_size=5), ValueError, "^repeat_interleave: output_size 5"),
        (lambda: x.repeat(-1, 2), ValueError, "^repeat: the repeats must be non-negative"),
        (lambda: x.roll((1, 2)), ValueError, "^roll: got 2 shifts for 1 dims"),
        (lambda: x.narrow(1, 0, -1), IndexError, "^narrow: start 0 and length -1 do not fit"),
        (lambda: Tensor(1.0).narrow(0, 0, 1), ValueError, "^narrow: cannot be applied to a 0-d tensor"),
        (lambda: x.unflatten(1, (3, 2)), ValueError, r"^unflatten: sizes \(3, 2\) do not split dim 1 of size 4"),
        (lambda: x.reshape(2, 3, 2).t(), ValueError, r"^t: expects a tensor of at most 2 dims, got shape \(2, 3, 2\)"),
        (lambda: autograd.cartesian_prod(x), ValueError, "^cartesian_prod: expected one or more 1-d tensors"),
        (lambda: autograd.meshgrid(x, x, indexing="ij"), ValueError, "^meshgrid: expected 0-d or 1-d tensors"),
        (lambda: x.select(1, 4), IndexError,
         r"^select: index 4 is out of range for dim 1 of size 4 \(shape \(3, 4\)\)"),
        (lambda: x.take(np.array([12])), IndexError, r"^take: index values must lie in \[-12, 12\)"),
        (lambda: x.take(np.array([1.0])), TypeError, "^take: index must be an integer tensor"),
        (lambda: x.index_fill(1, np.array([4]), 0.0), IndexError, r"^index_fill: index values must lie in \[-4, 4\)"),
        (lambda: x.index_fill(1, np.array([0]), Tensor(np.ones(2))), ValueError, "^index_fill: value must be a number"),
        (lambda: x.index_copy(1, np.array([0]), Tensor(np.ones((3, 2)))), ValueError,
         r"^index_copy: source of shape \(3, 2\) does not fit \(expected \(3, 1\)"),
        (lambda: x.masked_scatter(X > 0, Tensor(np.ones(2))), ValueError,
         "^masked_scatter: source has 2 elements, fewer than the mask's"),
        (lambda: x.masked_scatter(np.ones((3, 4)), Tensor(X)), TypeError, "^masked_scatter: mask must be a boolean"),
        (lambda: Tensor(V).fliplr(), ValueError, r"^fliplr: the input must be at least 2-d, got shape \(3,\)"),
        (lambda: autograd.hstack(x), TypeError, "^hstack: expected a non-empty list or tuple of tensors"),
    ]
    for call, kind, pattern in cases:
        with pytest.raises(kind, match=pattern):
            call()
