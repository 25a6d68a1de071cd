"""Issue 14's rearranging and selecting functions against PyTorch (values and gradients)."""

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


def _prod(grids: Any) -> Any:
    return grids[0] * grids[1]


def _weighted(grids: Any) -> Any:
    return grids[0] + 2 * grids[1]


def _cases(t: Any, lib: Any) -> dict[str, Any]:
    idx = lib.tensor([[0, 2, 0], [1, 1, 3], [2, 0, 0]])
    return {
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
         r"^scatter: index must be an integer tensor \(int64\), got dtype float64"),
        (lambda: x.scatter(1, Tensor(np.array([[-1]])), value=1.0), IndexError,
         r"^scatter: index values must lie in \[0, 3\)"),
        (lambda: x.masked_fill(Tensor(np.ones((3, 3), dtype=bool)), 0.0), ValueError,
         r"^masked_fill: mask of shape \(3, 3\) does not broadcast to the tensor's shape \(2, 3\)"),
        (lambda: x.masked_fill(Tensor(np.ones(3)), 0.0), TypeError, r"^masked_fill: mask must be boolean, got dtype"),
        (lambda: x.masked_fill(Tensor(np.ones(3, dtype=bool)), Tensor([1.0, 2.0, 3.0])), ValueError,
         r"^masked_fill: value must be a number or a 0-d tensor, got shape \(3,\)"),
    ]
    for call, error, pattern in cases:
        with pytest.raises(error, match=pattern):
            call()
    value = Tensor(2.0, requires_grad=True)
    x.masked_fill(Tensor(np.array([True, False, True])), value).sum().backward()
    assert value.grad.item() == 4.0 and x.grad.tolist() == [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]
