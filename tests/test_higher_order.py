"""autograd.grad (torch.autograd.grad semantics): higher-order derivatives, mixed
partials, non-leaf inputs, allow_unused, retain_graph and error messages."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd.grad_api import grad
from autograd.tensor import Tensor
from autograd.testing import shapes, tensors

# Three derivatives of each function, by hand: f', f'', f'''.
ANALYTIC = {
    "cube": (lambda x: x**3, lambda x: 3 * x**2, lambda x: 6 * x, lambda x: 6 + 0 * x),
    "tanh": (
        lambda x: x.tanh(),
        lambda x: 1 - np.tanh(x) ** 2,
        lambda x: -2 * np.tanh(x) * (1 - np.tanh(x) ** 2),
        lambda x: -2 * (1 - np.tanh(x) ** 2) * (1 - 3 * np.tanh(x) ** 2),
    ),
    "exp": (lambda x: x.exp(), np.exp, np.exp, np.exp),
}


def central_difference(fn, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d fn(x) / d x elementwise, for an elementwise fn of a float64 array."""
    return (fn(x + eps) - fn(x - eps)) / (2 * eps)


@pytest.mark.parametrize("name", sorted(ANALYTIC))
@given(x=tensors(min_value=-2, max_value=2))
def test_derivatives_to_third_order_match_formulas(name, x):
    f, *derivatives = ANALYTIC[name]
    y = f(x)
    for order, expected in enumerate(derivatives, start=1):
        last = order == len(derivatives)
        # Elementwise f: the gradient of sum(y) is the elementwise derivative.
        (y,) = grad(y.sum(), x, create_graph=not last)
        assert y.shape == x.shape
        np.testing.assert_allclose(y.data, expected(x.data), rtol=1e-10, atol=1e-10)
        assert y.requires_grad == (not last)


@given(x=tensors(shape=shapes(max_dims=2), min_value=-1.5, max_value=1.5),
       seed=st.integers(0, 2**32 - 1))
def test_second_derivative_with_random_upstream_matches_central_differences(x, seed):
    """d/dx <v, d/dx sum(u * tanh(x)^2)> against differences of the first derivative."""
    rng = np.random.default_rng(seed)
    u = rng.standard_normal(x.shape)
    v = rng.standard_normal(x.shape)
    (first,) = grad((Tensor(u) * x.tanh() ** 2).sum(), x, create_graph=True)
    (second,) = grad(first, x, grad_outputs=v)

    def first_derivative(arr):
        t = np.tanh(arr)
        return u * 2 * t * (1 - t**2)

    np.testing.assert_allclose(second.data, v * central_difference(first_derivative, x.data), rtol=1e-5, atol=1e-6)


@given(x=st.floats(-2, 2), y=st.floats(-2, 2))
def test_mixed_partials_agree_in_either_order(x, y):
    """f = x^2 y^3 + exp(x y): d2f/dxdy = 6 x y^2 + exp(xy) (1 + x y), either way round."""
    a = Tensor(np.float64(x), requires_grad=True)
    b = Tensor(np.float64(y), requires_grad=True)
    f = a**2 * b**3 + (a * b).exp()
    da, db = grad(f, (a, b), create_graph=True)
    (dab,) = grad(da, b, retain_graph=True)
    (dba,) = grad(db, a)
    expected = 6 * x * y**2 + np.exp(x * y) * (1 + x * y)
    np.testing.assert_allclose([dab.item(), dba.item()], [expected, expected], rtol=1e-10, atol=1e-10)


@given(x=tensors(min_value=-3, max_value=3))
def test_non_leaf_input(x):
    z = x * 2.0
    (gz,) = grad((z * z).sum(), z)
    np.testing.assert_allclose(gz.data, 4 * x.data)


@given(x=tensors(shape=shapes(max_dims=2)), seed=st.integers(0, 2**32 - 1))
def test_grad_outputs_weight_each_output(x, seed):
    """grad(outputs=(y1, y2), grad_outputs=(v1, v2)) = v1 dy1/dx + v2 dy2/dx."""
    rng = np.random.default_rng(seed)
    v1, v2 = rng.standard_normal(x.shape), rng.standard_normal(x.shape)
    (g,) = grad((x * 3.0, x * x), x, grad_outputs=(v1, Tensor(v2)))
    np.testing.assert_allclose(g.data, 3 * v1 + 2 * x.data * v2, rtol=1e-12)


def test_returns_a_tuple_and_leaves_grad_alone():
    x = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    result = grad((x * x).sum(), x)
    assert isinstance(result, tuple) and len(result) == 1
    assert isinstance(result[0], Tensor)
    np.testing.assert_allclose(result[0].data, [2.0, -4.0])
    assert x.grad is None


def test_gradient_is_differentiable_in_grad_outputs_under_create_graph():
    """g = v * 2x for y = x^2; dg/dv = 2x (the seed's graph is kept)."""
    x = Tensor(np.array([1.0, -2.0, 0.5]), requires_grad=True)
    v = Tensor(np.array([0.3, 0.7, -1.1]), requires_grad=True)
    (g,) = grad(x * x, x, grad_outputs=v, create_graph=True)
    np.testing.assert_allclose(g.data, 2 * x.data * v.data)
    dx, dv = grad(g.sum(), (x, v))
    np.testing.assert_allclose(dv.data, 2 * x.data)
    np.testing.assert_allclose(dx.data, 2 * v.data)


def test_allow_unused_gives_none_and_otherwise_names_the_input():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    unused = Tensor(np.array([3.0]), requires_grad=True)
    gx, gu = grad((x * x).sum(), (x, unused), allow_unused=True)
    assert gu is None
    np.testing.assert_allclose(gx.data, [2.0, 4.0])
    with pytest.raises(RuntimeError, match=r"inputs\[1\].*allow_unused"):
        grad((x * x).sum(), (x, unused))


def test_non_scalar_output_needs_grad_outputs():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"\(2, 3\).*grad_outputs"):
        grad(x * 2.0, x)
    # A one-element output of any rank is fine without grad_outputs.
    (g,) = grad((x * 2.0).sum().reshape(1, 1), x)
    np.testing.assert_allclose(g.data, np.full((2, 3), 2.0))


def test_input_that_does_not_require_grad_raises():
    x = Tensor(np.ones(3), requires_grad=True)
    c = Tensor(np.ones(3))
    with pytest.raises(RuntimeError, match=r"inputs\[1\].*does not require grad"):
        grad((x * c).sum(), (x, c))


def test_output_that_does_not_require_grad_raises():
    x = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"outputs\[0\].*does not require grad"):
        grad(Tensor(np.ones(())), x)


def test_grad_outputs_shape_mismatch_raises():
    x = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        grad(x * 2.0, x, grad_outputs=np.ones(2))


def test_bad_types_raise_type_error():
    x = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(TypeError, match="inputs"):
        grad((x * x).sum(), np.ones(3))
    with pytest.raises(TypeError, match=r"outputs\[1\]"):
        grad([(x * x).sum(), 3.0], x)


def test_second_pass_through_a_freed_graph_raises_and_retain_graph_allows_it():
    x = Tensor(np.array([0.5, -1.5]), requires_grad=True)
    y = (x.exp() * x).sum()
    (first,) = grad(y, x, retain_graph=True)
    (again,) = grad(y, x)
    np.testing.assert_allclose(first.data, again.data)
    np.testing.assert_allclose(first.data, np.exp(x.data) * (1 + x.data))
    with pytest.raises(RuntimeError, match="second time.*retain_graph=True"):
        grad(y, x)


def test_create_graph_retains_the_graph_by_default():
    x = Tensor(np.array([0.5, -1.5]), requires_grad=True)
    y = (x**3).sum()
    (first,) = grad(y, x, create_graph=True)
    (again,) = grad(y, x)
    np.testing.assert_allclose(first.data, again.data)


def test_third_derivative_matches_torch():
    torch = pytest.importorskip("torch")
    x0 = np.array([0.3, -0.8, 1.2])

    def f(x):
        return (x * x.tanh() + (x * 0.5).exp() * x**2).sum()

    x = Tensor(x0, requires_grad=True)
    xt = torch.tensor(x0, requires_grad=True)
    ours, theirs = f(x), f(xt)
    for _ in range(3):
        (ours,) = grad(ours.sum(), x, create_graph=True)
        (theirs,) = torch.autograd.grad(theirs.sum(), xt, create_graph=True)
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-10)


def test_grad_with_respect_to_a_non_leaf_input_leaves_its_history_usable():
    """As in PyTorch, grad(f(z), z) frees the graph between f and z only, not z's."""
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    z = x * 2.0
    grad((z * z).sum(), z)
    (z * 3.0).sum().backward()
    np.testing.assert_allclose(x.grad.data, [6.0, 6.0])
