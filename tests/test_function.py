"""autograd.Function: custom operations with a hand-written backward."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest
from hypothesis import given

from autograd.function import Function, FunctionCtx
from autograd.grad_api import grad
from autograd.grad_mode import no_grad
from autograd.tensor import Tensor
from autograd.testing import assert_gradients_match, broadcastable_tensors, shapes, tensors


class MyExp(Function):
    """e^x, saving its output;  d/dx e^x = e^x."""

    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y


class MulAdd(Function):
    """(a * b, a + b): two outputs from one node."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b, a + b

    @staticmethod
    def backward(ctx, g_prod, g_sum):
        a, b = ctx.saved_tensors
        return g_prod * b + g_sum, g_prod * a + g_sum


class ScaledCube(Function):
    """k x^3 with k a plain number;  d/dx = 3 k x^2 (a Tensor formula, so it can be
    differentiated again)."""

    @staticmethod
    def forward(ctx, x, k):
        ctx.save_for_backward(x)
        ctx.k = k
        ctx.seen_needs = ctx.needs_input_grad
        return x**3 * k

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 3 * ctx.k * x**2, None


class WrongCube(ScaledCube):
    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 2 * ctx.k * x**2, None


@given(x=tensors(min_value=-3, max_value=3))
def test_custom_exp_matches_builtin(x):
    y = MyExp.apply(x)
    np.testing.assert_array_equal(y.data, x.exp().data)
    assert y.grad_fn == "MyExp"
    assert_gradients_match(MyExp.apply, x, atol=1e-7, rtol=1e-6)
    (g,) = grad(y.sum(), x)
    np.testing.assert_allclose(g.data, np.exp(x.data))


@given(ab=broadcastable_tensors(n=2, min_value=-3, max_value=3))
def test_two_output_function_matches_builtins(ab):
    a, b = ab
    prod, total = MulAdd.apply(a, b)
    np.testing.assert_array_equal(prod.data, (a * b).data)
    np.testing.assert_array_equal(total.data, (a + b).data)
    assert_gradients_match(MulAdd.apply, a, b, atol=1e-7, rtol=1e-6)


def test_one_output_of_several_used_gets_zeros_for_the_other():
    a = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    b = Tensor(np.array([3.0, -1.0]), requires_grad=True)
    prod, _ = MulAdd.apply(a, b)
    ga, gb = grad(prod.sum(), (a, b))
    np.testing.assert_allclose(ga.data, b.data)
    np.testing.assert_allclose(gb.data, a.data)


@given(x=tensors(shape=shapes(max_dims=2), min_value=-2, max_value=2))
def test_non_tensor_argument_and_needs_input_grad(x):
    y = ScaledCube.apply(x, 2.5)
    assert y.grad_fn == "ScaledCube"
    (g,) = grad(y.sum(), x)
    np.testing.assert_allclose(g.data, 7.5 * x.data**2)
    c = Tensor(x.data)  # does not require grad
    assert ScaledCube.apply(c, 2.0).requires_grad is False


def test_needs_input_grad_reports_each_argument():
    seen = {}

    class Probe(Function):
        @staticmethod
        def forward(ctx, a, b, k):
            seen["needs"] = ctx.needs_input_grad
            return a * b * k

        @staticmethod
        def backward(ctx, g):
            seen["backward"] = ctx.needs_input_grad
            return None, None, None

    a = Tensor(np.ones(2), requires_grad=True)
    Probe.apply(a, Tensor(np.ones(2)), 3.0).sum().backward()
    assert seen["needs"] == (True, False, False)
    assert seen["backward"] == (True, False, False)


def test_no_grad_records_nothing_and_forward_runs_without_grad():
    x = Tensor(np.array([0.5, 1.5]), requires_grad=True)
    with no_grad():
        y = MyExp.apply(x)
    assert not y.requires_grad and y.is_leaf

    recorded = []

    class Inside(Function):
        @staticmethod
        def forward(ctx, t):
            out = t * 2.0
            recorded.append(out.requires_grad)
            return out

        @staticmethod
        def backward(ctx, g):
            return g * 2.0

    y = Inside.apply(x)
    assert y.requires_grad and recorded == [False]


@given(x=tensors(min_value=-2, max_value=2))
def test_double_backward_through_custom_functions(x):
    """Backward formulas made of Tensor ops record a graph under create_graph."""
    (d1,) = grad(ScaledCube.apply(x, 2.0).sum(), x, create_graph=True)
    (d2,) = grad(d1.sum(), x, create_graph=True)
    (d3,) = grad(d2.sum(), x)
    np.testing.assert_allclose(d1.data, 6 * x.data**2, rtol=1e-12)
    np.testing.assert_allclose(d2.data, 12 * x.data, rtol=1e-12)
    np.testing.assert_allclose(d3.data, np.full(x.shape, 12.0))
    # A saved *output* is reconnected to the graph: d2/dx2 e^x = e^x, not 0.
    (e1,) = grad(MyExp.apply(x).sum(), x, create_graph=True)
    (e2,) = grad(e1.sum(), x)
    np.testing.assert_allclose(e2.data, np.exp(x.data), rtol=1e-12)


def test_double_backward_through_a_two_output_function():
    """L = sum(a b)^2 + sum(a + b) with (a b, a + b) from MulAdd: d2L/da2 = 2 b^2."""
    a = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    b = Tensor(np.array([0.5, 3.0]), requires_grad=True)
    prod, total = MulAdd.apply(a, b)
    (ga,) = grad((prod * prod).sum() + total.sum(), a, create_graph=True)
    np.testing.assert_allclose(ga.data, 2 * a.data * b.data**2 + 1)
    (gaa,) = grad(ga.sum(), a)
    np.testing.assert_allclose(gaa.data, 2 * b.data**2)


class ExpTimes(Function):
    """(e^a b, e^a + b), saving the intermediate e^a: right once, not twice."""

    @staticmethod
    def forward(ctx, a, b):
        s = a.exp()  # recorded nowhere: forward runs with grad mode off
        ctx.save_for_backward(s, b)
        return s * b, s + b

    @staticmethod
    def backward(ctx, g1, g2):
        s, b = ctx.saved_tensors
        return (g1 * b + g2) * s, g1 * s + g2


class ExpTimesRecomputed(ExpTimes):
    """The same, recomputing e^a from the saved input: right to any order."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        s = a.exp()
        return s * b, s + b

    @staticmethod
    def backward(ctx, g1, g2):
        a, b = ctx.saved_tensors
        s = a.exp()
        return (g1 * b + g2) * s, g1 * s + g2


def test_a_saved_intermediate_is_a_constant_to_double_backward_as_in_pytorch():
    gradcheck_module = pytest.importorskip("autograd.gradcheck")
    a = Tensor(np.array([0.3, -1.2, 0.8]), requires_grad=True)
    b = Tensor(np.array([1.5, 0.5, -2.0]), requires_grad=True)
    for fn in (ExpTimes, ExpTimesRecomputed):
        assert gradcheck_module.gradcheck(fn.apply, [a, b])
    assert gradcheck_module.gradgradcheck(ExpTimesRecomputed.apply, [a, b])
    with pytest.raises(gradcheck_module.GradcheckError, match="differ"):
        gradcheck_module.gradgradcheck(ExpTimes.apply, [a, b])


def test_gradcheck_accepts_a_correct_function_and_rejects_a_wrong_one():
    gradcheck_module = pytest.importorskip("autograd.gradcheck")
    x = Tensor(np.array([0.3, -1.2, 0.8]), requires_grad=True)
    assert gradcheck_module.gradcheck(lambda t: ScaledCube.apply(t, 1.5), [x])
    assert gradcheck_module.gradcheck(lambda s, t: MulAdd.apply(s, t), [x, Tensor(np.ones(3), requires_grad=True)])
    assert gradcheck_module.gradgradcheck(MyExp.apply, [x])
    with pytest.raises(gradcheck_module.GradcheckError):
        gradcheck_module.gradcheck(lambda t: WrongCube.apply(t, 1.5), [x])


def test_second_backward_through_a_freed_function_raises():
    x = Tensor(np.array([0.3, -1.2]), requires_grad=True)
    y = MyExp.apply(x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.data, 2 * np.exp(x.data))
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()


def test_integer_outputs_are_constants():
    class MaxWithIndex(Function):
        @staticmethod
        def forward(ctx, x):
            idx = x.argmax()
            ctx.idx = int(idx.item())
            ctx.shape = x.shape
            return x.max(), idx

        @staticmethod
        def backward(ctx, g_max, g_idx):
            assert np.all(g_idx.data == 0)
            out = np.zeros(ctx.shape)
            out[ctx.idx] = g_max.item()
            return Tensor(out)

    x = Tensor(np.array([0.1, 2.0, -1.0]), requires_grad=True)
    value, idx = MaxWithIndex.apply(x)
    assert not idx.requires_grad and idx.item() == 1
    value.backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 1.0, 0.0])


def test_bad_backward_results_raise_clear_errors():
    class TooFew(Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g

    class GradForNumber(TooFew):
        @staticmethod
        def backward(ctx, g):
            return g, g

    class NotATensor(Function):
        @staticmethod
        def forward(ctx, x):
            return 3.0

    x = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(RuntimeError, match="TooFew.backward returned 1 gradients.*2"):
        TooFew.apply(x, 2.0).sum().backward()
    with pytest.raises(RuntimeError, match="argument 1, which is not a Tensor"):
        GradForNumber.apply(x, 2.0).sum().backward()
    with pytest.raises(TypeError, match="NotATensor.forward must return a Tensor"):
        NotATensor.apply(x)
    with pytest.raises(TypeError, match="save_for_backward.*argument 0 must be a Tensor"):
        FunctionCtx().save_for_backward(np.ones(2))


def test_nodes_form_no_reference_cycles():
    """Dropping the result frees the graph by reference counting alone."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        x = Tensor(np.array([0.3, -1.2]), requires_grad=True)
        prod, total = MulAdd.apply(x, x)
        (g,) = grad((prod * prod).sum() + MyExp.apply(total).sum(), x, create_graph=True)
        refs = [weakref.ref(t) for t in (prod, total, prod._parents[0], g)]
        del prod, total, g
        assert all(r() is None for r in refs)
    finally:
        if was_enabled:
            gc.enable()


def test_apply_binds_keyword_arguments_to_forward() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = ScaledCube.apply(x, k=2.0)
    y.sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 6.0 * x.data**2)  # d/dx 2 x^3
    with pytest.raises(TypeError, match="ScaledCube.apply: .*unexpected keyword argument 'kk'"):
        ScaledCube.apply(x, 2.0, kk=2.0)
