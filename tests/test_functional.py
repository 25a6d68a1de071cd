"""autograd.functional: grad, value_and_grad, vjp, jacobian, hessian, hvp."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import functional as F
from autograd.grad_mode import no_grad
from autograd.tensor import Tensor
from autograd.testing import shapes

finite = st.floats(-2, 2, allow_nan=False, allow_infinity=False)


def arrays(shape=None, min_value=-2.0, max_value=2.0):
    return hnp.arrays(np.float64, shapes(max_dims=2, max_side=4) if shape is None else shape,
                      elements=st.floats(min_value, max_value))


def numeric_jacobian(fn, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d fn(x) / d x by central differences, shape fn(x).shape + x.shape."""
    out_shape = np.shape(fn(x))
    jac = np.zeros(out_shape + x.shape)
    for idx in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[idx] = eps
        jac[(...,) + idx] = (np.asarray(fn(x + step)) - np.asarray(fn(x - step))) / (2 * eps)
    return jac


def cube_sum(x):
    return (x**3).sum()


@given(x=arrays())
def test_grad_of_scalar_function(x):
    g = F.grad(cube_sum)(x)
    assert isinstance(g, Tensor) and g.shape == x.shape
    np.testing.assert_allclose(g.data, 3 * x**2, rtol=1e-12)
    assert not g.requires_grad


@given(x=finite)
def test_grad_composes_to_third_order(x):
    """x^3 -> 3x^2 -> 6x -> 6, each a function of a 0-d array."""
    f = lambda t: t**3  # noqa: E731
    arg = np.float64(x)
    np.testing.assert_allclose(F.grad(f)(arg).item(), 3 * x**2, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(F.grad(F.grad(f))(arg).item(), 6 * x, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(F.grad(F.grad(F.grad(f)))(arg).item(), 6.0, rtol=1e-12)


@given(x=finite)
def test_second_derivative_of_tanh_and_exp(x):
    t = np.tanh(x)
    d2_tanh = F.grad(F.grad(lambda v: v.tanh()))(np.float64(x)).item()
    d2_exp = F.grad(F.grad(lambda v: (v * 0.5).exp()))(np.float64(x)).item()
    np.testing.assert_allclose(d2_tanh, -2 * t * (1 - t**2), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(d2_exp, 0.25 * np.exp(0.5 * x), rtol=1e-12)


@given(x=finite, y=finite)
def test_argnums_tuple_and_value_and_grad(x, y):
    def f(a, b, scale):
        return a * a * b * scale

    value, (ga, gb) = F.value_and_grad(f, argnums=(0, 1))(np.float64(x), np.float64(y), 3.0)
    np.testing.assert_allclose(value.item(), 3 * x * x * y, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose([ga.item(), gb.item()], [6 * x * y, 3 * x * x], rtol=1e-12, atol=1e-12)
    gb_only = F.grad(f, argnums=1)(np.float64(x), np.float64(y), 3.0)
    np.testing.assert_allclose(gb_only.item(), 3 * x * x, rtol=1e-12, atol=1e-12)


def test_unused_argument_gets_zeros_and_integer_data_becomes_float():
    g = F.grad(lambda a, b: (a * 2.0).sum(), argnums=(0, 1))(np.array([1, 2]), np.array([5.0, 6.0, 7.0]))
    assert g[0].dtype.kind == "f"
    np.testing.assert_allclose(g[0].data, [2.0, 2.0])
    np.testing.assert_array_equal(g[1].data, np.zeros(3))
    # The derivative of a linear function's derivative is zero, not an error.
    np.testing.assert_array_equal(F.grad(F.grad(lambda v: v * 2.0))(np.float64(1.5)).data, 0.0)


@given(x=arrays(shape=shapes(max_dims=2, max_side=3)))
def test_jacobian_of_elementwise_function_is_diagonal(x):
    jac = F.jacobian(lambda v: v.tanh())(x)
    assert jac.shape == x.shape + x.shape
    expected = np.diag((1 - np.tanh(x) ** 2).ravel()).reshape(x.shape + x.shape)
    np.testing.assert_allclose(jac.data, expected, rtol=1e-12, atol=1e-15)


@given(a=arrays(shape=st.tuples(st.integers(1, 4), st.integers(1, 4))), seed=st.integers(0, 2**32 - 1))
def test_jacobian_of_matmul_is_the_matrix(a, seed):
    x = np.random.default_rng(seed).standard_normal(a.shape[1])
    jac = F.jacobian(lambda v: Tensor(a) @ v)(x)
    np.testing.assert_allclose(jac.data, a, rtol=1e-12)
    # and with respect to the matrix: d (A x)_i / d A_jk = delta_ij x_k
    jac_a = F.jacobian(lambda m, v: m @ v)(a, x)
    expected = np.einsum("ij,k->ijk", np.eye(a.shape[0]), x)
    np.testing.assert_allclose(jac_a.data, expected, rtol=1e-12)


@given(x=arrays(shape=shapes(max_dims=2, max_side=3), min_value=-1.0, max_value=1.0))
def test_jacobian_of_a_reduction_matches_central_differences(x):
    def f(v):
        return (v.exp() * v).sum(axis=-1) if v.ndim else v.exp() * v

    jac = F.jacobian(f)(x)
    numeric = numeric_jacobian(lambda arr: f(Tensor(arr)).data, x)
    np.testing.assert_allclose(jac.data, numeric, rtol=1e-6, atol=1e-8)


def test_jacobian_of_tuple_outputs_and_argnums():
    x, y = np.array([1.0, 2.0]), np.array([3.0, -1.0, 0.5])
    (jx, jy), (kx, ky) = F.jacobian(lambda a, b: ((a * 2.0).sum() * b, a * a), argnums=(0, 1))(x, y)
    np.testing.assert_allclose(jx.data, 2 * np.outer(y, np.ones(2)))
    np.testing.assert_allclose(jy.data, np.eye(3) * (2 * x.sum()))
    np.testing.assert_allclose(kx.data, np.diag(2 * x))
    np.testing.assert_array_equal(ky.data, np.zeros((2, 3)))


@given(a=arrays(shape=st.integers(1, 4).map(lambda n: (n, n))), seed=st.integers(0, 2**32 - 1))
def test_hessian_of_quadratic_form_is_a_plus_a_transpose(a, seed):
    x = np.random.default_rng(seed).standard_normal(a.shape[0])
    hess = F.hessian(lambda v: v @ Tensor(a) @ v)(x)
    np.testing.assert_allclose(hess.data, a + a.T, rtol=1e-12, atol=1e-12)


@given(x=arrays(shape=st.integers(1, 4).map(lambda n: (n,)), min_value=-1.0, max_value=1.0),
       seed=st.integers(0, 2**32 - 1))
def test_hvp_equals_hessian_times_vector(x, seed):
    v = np.random.default_rng(seed).standard_normal(x.shape)

    def f(t):
        return (t.tanh() * t.sum() + (t * t).exp()).sum()

    hess = F.hessian(f)(x).data
    np.testing.assert_allclose(F.hvp(f, x, v).data, hess @ v, rtol=1e-10, atol=1e-10)
    (hv,) = F.hvp(f, (x,), (v,))
    np.testing.assert_allclose(hv.data, hess @ v, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(hess, hess.T, rtol=1e-10, atol=1e-12)
    numeric = numeric_jacobian(lambda arr: F.grad(f)(arr).data, x)
    np.testing.assert_allclose(hess, numeric, rtol=1e-5, atol=1e-7)


def test_hessian_blocks_for_several_arguments():
    """f = x^2 y^3: H = [[2y^3, 6xy^2], [6xy^2, 6x^2 y]]."""
    (hxx, hxy), (hyx, hyy) = F.hessian(lambda a, b: a * a * b**3, argnums=(0, 1))(np.float64(1.5), np.float64(-0.5))
    x, y = 1.5, -0.5
    got = [[hxx.item(), hxy.item()], [hyx.item(), hyy.item()]]
    np.testing.assert_allclose(got, [[2 * y**3, 6 * x * y**2], [6 * x * y**2, 6 * x**2 * y]], rtol=1e-12)


@given(x=arrays(shape=st.tuples(st.integers(1, 3), st.integers(1, 3))), seed=st.integers(0, 2**32 - 1))
def test_vjp_equals_cotangent_times_jacobian(x, seed):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((x.shape[1], 2))

    def f(t):
        return (t @ Tensor(w)).tanh()

    out, vjp_fn = F.vjp(f, x)
    np.testing.assert_allclose(out.data, np.tanh(x @ w))
    jac = F.jacobian(f)(x).data
    for _ in range(2):  # vjp_fn can be called again
        u = rng.standard_normal(out.shape)
        (g,) = vjp_fn(u)
        np.testing.assert_allclose(g.data, np.tensordot(u, jac, axes=2), rtol=1e-10, atol=1e-12)


def test_transforms_work_under_no_grad_and_accept_tensors():
    x = Tensor(np.array([0.5, 1.0]))
    with no_grad():
        g = F.grad(cube_sum)(x)
        hess = F.hessian(cube_sum)(x)
    np.testing.assert_allclose(g.data, 3 * x.data**2)
    np.testing.assert_allclose(hess.data, np.diag(6 * x.data))
    assert not x.requires_grad  # the caller's tensor is not modified


def test_grad_of_a_tensor_that_requires_grad_stays_differentiable():
    """A transform called on a tensor that requires grad returns a differentiable
    result, so ordinary backward() goes through it."""
    x = Tensor(np.array([0.5, -1.0]), requires_grad=True)
    g = F.grad(cube_sum)(x)  # 3 x^2
    g.sum().backward()
    np.testing.assert_allclose(x.grad.data, 6 * x.data)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"one-element.*\(2,\)"):
        F.grad(lambda t: t * 2.0)(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="argnums"):
        F.grad(cube_sum, argnums=2)(np.array([1.0]))
    with pytest.raises(TypeError, match="must return a Tensor"):
        F.jacobian(lambda t: 3.0)(np.array([1.0]))
    with pytest.raises(ValueError, match=r"tangent 0.*\(3,\).*\(2,\)"):
        F.hvp(cube_sum, np.ones(2), np.ones(3))


def test_hessian_matches_torch():
    torch = pytest.importorskip("torch")
    x0 = np.array([0.3, -0.7, 1.1])

    def f(x):
        return (x.tanh() * x.sum() + (x * x).exp()).sum()

    theirs = torch.autograd.functional.hessian(f, torch.tensor(x0)).numpy()
    np.testing.assert_allclose(F.hessian(f)(x0).data, theirs, rtol=1e-10)


# ------------------------------------------- aliases: no perturbation confusion
def requiring_grad(value) -> Tensor:
    return Tensor(np.array(value, dtype=np.float64), requires_grad=True)


@given(x=finite)
def test_an_argument_that_requires_grad_is_differentiated_through_its_alias_only(x):
    """d(w y)/dy at y = w is w: the captured w is held constant although it is the
    very tensor passed in; the result is still differentiable in w (d w / d w = 1)."""
    w = requiring_grad(x)
    g = F.grad(lambda y: w * y)(w)
    np.testing.assert_allclose(g.item(), x, rtol=1e-12, atol=1e-12)
    g.backward()
    np.testing.assert_allclose(w.grad.item(), 1.0)


@given(x=finite)
def test_nested_grad_of_the_same_variable_is_not_confused(x):
    """d/dx [d/dy (x y^2)]|_{y=x} = d/dx 2x^2 = 4x (confusing y with x gives 6x),
    and d/dx [d/dy (x y)]|_{y=x} = d/dx x = 1 (not 2)."""
    arg = np.float64(x)
    np.testing.assert_allclose(F.grad(lambda a: F.grad(lambda y: a * y**2)(a))(arg).item(), 4 * x,
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(F.grad(lambda a: F.grad(lambda y: a * y)(a))(arg).item(), 1.0, rtol=1e-12)


def test_jacobian_of_a_gradient_at_the_same_variable_is_not_confused():
    """d/dy sum(x y) = x, so its Jacobian in x (with y = x) is I, not 2 I."""
    jac = F.jacobian(lambda x: F.grad(lambda y: (x * y).sum())(x))(np.array([1.0, 2.0]))
    np.testing.assert_allclose(jac.data, np.eye(2), rtol=1e-12)


@given(x=finite)
def test_one_tensor_passed_as_two_differentiated_arguments(x):
    """f(a, b) = a b^2 at a = b = x: (df/da, df/db) = (x^2, 2x^2), and both stay
    differentiable in x: d/dx (b^2 + 2ab) = 2x + 4x = 6x."""
    t = requiring_grad(x)
    ga, gb = F.grad(lambda a, b: a * b**2, argnums=(0, 1))(t, t)
    np.testing.assert_allclose([ga.item(), gb.item()], [x * x, 2 * x * x], rtol=1e-12, atol=1e-12)
    (ga + gb).backward()
    np.testing.assert_allclose(t.grad.item(), 6 * x, rtol=1e-12, atol=1e-12)


# ------------------------------------------- captured tensors count
@given(x=finite)
def test_grad_of_a_function_of_a_captured_outer_variable(x):
    """d/dx [x * d/dy sum(x y^2)|_{y=1}] = d/dx 2x^2 = 4x; the inner grad's result is
    differentiable in the captured x. The outer result is a plain Tensor (the inner
    transform's own variable y does not keep a graph alive)."""
    g = F.grad(lambda a: F.grad(lambda y: (a * y * y).sum())(np.float64(1.0)) * a)(np.float64(x))
    np.testing.assert_allclose(g.item(), 4 * x, rtol=1e-12, atol=1e-12)
    assert not g.requires_grad


def test_three_nested_transforms_each_capturing_the_enclosing_variables():
    """d/dc (a b c^2)|_{c=1} = 2ab; d/db (2ab * b)|_{b=1} = 4a; d/da (4a * a) = 8a."""
    r = F.grad(lambda a: F.grad(lambda b: F.grad(lambda c: a * b * c * c)(np.float64(1.0)) * b)(np.float64(1.0)) * a)
    g = r(np.float64(2.0))
    np.testing.assert_allclose(g.item(), 16.0, rtol=1e-12)
    assert not g.requires_grad


def test_vjp_jacobian_and_hvp_of_a_function_of_a_captured_outer_variable():
    """With y = 1: vjp and Jacobian of x y^2 give 2x, so sum(2x * x) has gradient 4x;
    hvp of sum(x y^3) along 1 is 6x, so sum(6x * x) has gradient 12x."""
    x0, ones = np.array([0.5, -1.5]), np.ones(2)
    via_vjp = F.grad(lambda x: (F.vjp(lambda y: x * y * y, ones)[1](ones)[0] * x).sum())(x0)
    via_jac = F.grad(lambda x: (F.jacobian(lambda y: x * y * y)(ones) @ x).sum())(x0)
    via_hvp = F.grad(lambda x: (F.hvp(lambda y: (x * y**3).sum(), ones, ones) * x).sum())(x0)
    np.testing.assert_allclose(via_vjp.data, 4 * x0, rtol=1e-12)
    np.testing.assert_allclose(via_jac.data, 4 * x0, rtol=1e-12)
    np.testing.assert_allclose(via_hvp.data, 12 * x0, rtol=1e-12)


def test_results_depending_on_a_parameter_stay_differentiable_in_it():
    """grad_x sum(w x^2) = 2 w x, so d/dw sum(2 w x) = 2x; hessian_x = diag(2w), so
    d/dw sum(diag(2w)) = 2. Under no_grad() the results are plain Tensors."""
    x0 = np.array([0.5, -1.5])
    w = requiring_grad([1.0, -2.0])

    def f(x):
        return (w * x * x).sum()

    g = F.grad(f)(x0)
    np.testing.assert_allclose(g.data, 2 * w.data * x0, rtol=1e-12)
    g.sum().backward()
    np.testing.assert_allclose(w.grad.data, 2 * x0, rtol=1e-12)
    w.grad = None
    value, _ = F.value_and_grad(f)(x0)
    value.backward()
    np.testing.assert_allclose(w.grad.data, x0**2, rtol=1e-12)
    w.grad = None
    F.hessian(f)(x0).sum().backward()
    np.testing.assert_allclose(w.grad.data, [2.0, 2.0], rtol=1e-12)
    with no_grad():
        assert not F.grad(f)(x0).requires_grad
        assert not F.hessian(f)(x0).requires_grad


def test_duplicate_argnums_are_refused():
    def f(a, b):
        return a * b

    with pytest.raises(ValueError, match=r"grad\(f\): argnums \(1, 1\) names argument\(s\) \[1\] more than once"):
        F.grad(f, argnums=(1, 1))(1.0, 2.0)
    with pytest.raises(ValueError, match=r"argnums \(0, -2\) names argument\(s\) \[0\]"):
        F.jacobian(f, argnums=(0, -2))(1.0, 2.0)
    with pytest.raises(ValueError, match="more than once"):
        F.hessian(f, argnums=[0, 1, 0])(1.0, 2.0)


def test_nested_and_aliased_transforms_match_torch_func():
    torch = pytest.importorskip("torch")
    tf = torch.func
    x0 = np.array([0.3, -0.7, 1.1])

    def t(v, requires_grad=False):
        return torch.tensor(np.asarray(v, dtype=np.float64), requires_grad=requires_grad)

    def inner(grad, x):
        return grad(lambda y: (x * y.tanh() * y).sum())(x)

    ours = F.jacobian(lambda x: inner(F.grad, x))(x0).data
    theirs = tf.jacrev(lambda x: inner(tf.grad, x))(t(x0)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)

    def captured(grad, x, one):
        return (grad(lambda y: (x * x.exp() * y * y).sum())(one) * x).sum()

    ours = F.grad(lambda x: captured(F.grad, x, np.ones(3)))(x0).data
    theirs = tf.grad(lambda x: captured(tf.grad, x, t(np.ones(3))))(t(x0)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)

    w, wt = requiring_grad(x0), t(x0, requires_grad=True)
    ga, gb = F.grad(lambda a, b: (a * b.tanh() * w).sum(), argnums=(0, 1))(w, w)
    ta, tb = tf.grad(lambda a, b: (a * b.tanh() * wt).sum(), argnums=(0, 1))(wt, wt)
    np.testing.assert_allclose(np.stack([ga.data, gb.data]), torch.stack([ta, tb]).detach().numpy(), rtol=1e-10)
    (ga * gb).sum().backward()
    (ta * tb).sum().backward()
    np.testing.assert_allclose(w.grad.data, wt.grad.numpy(), rtol=1e-10)
