"""Property tests of the elementwise, reduction and matrix-product Tensor ops.

Every op is checked forward against numpy and backward against float64 central
differences with a random upstream gradient, on drawn shapes (0-d, size-1 axes and
broadcast pairs included), with inputs kept away from kinks and singularities.
The ops that ``Value`` also has must give the same numbers on both.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Tensor, Value
from autograd import value as value_ops
from autograd.gradcheck import gradgradcheck
from autograd.ops import elementwise as ew
from autograd.testing import (
    assert_gradients_match,
    broadcastable_shapes,
    shapes,
    tensors,
    values,
)

# float64 central differences are good to ~1e-9 here; the library defaults (the
# gradcheck signature PyTorch users know) are looser than these tests need.
TIGHT = {"atol": 1e-7, "rtol": 1e-6}

SMALL = shapes(max_dims=3, max_side=3)


def _close(actual: Any, expected: Any, rtol: float = 1e-12, atol: float = 1e-12) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64),
                               rtol=rtol, atol=atol)


def _grid(low: int, high: int, offset: float = 0.0) -> st.SearchStrategy[float]:
    """Whole numbers (plus ``offset``): two grids with different offsets never tie."""
    return st.integers(low, high).map(lambda k: float(k) + offset)


@st.composite
def _pair(draw: Any, left: dict[str, Any], right: dict[str, Any]) -> tuple[Tensor, Tensor]:
    """Two tensors of mutually broadcastable shapes, each from its own domain."""
    sa, sb = draw(broadcastable_shapes(n=2, max_dims=3, max_side=4))
    return draw(tensors(shape=sa, **left)), draw(tensors(shape=sb, **right))


# ---------------------------------------------------------------- binary ops
# name -> (tensor function, numpy reference, domain of a, domain of b); with these
# domains both op(a, b) and op(b, a) are smooth.
NONZERO = {"avoid": [0.0], "margin": 0.1}
POSITIVE = {"min_value": 0.25, "max_value": 3.0}
BINARY: dict[str, tuple[Callable[..., Any], Callable[..., Any], dict[str, Any], dict[str, Any]]] = {
    "add": (operator.add, np.add, {}, {}),
    "sub": (operator.sub, np.subtract, {}, {}),
    "mul": (operator.mul, np.multiply, {}, {}),
    "div": (operator.truediv, np.divide, NONZERO, NONZERO),
    "pow": (operator.pow, np.power, POSITIVE, POSITIVE),
    "maximum": (ew.maximum, np.maximum, {"elements": _grid(-5, 5)}, {"elements": _grid(-5, 5, 0.5)}),
    "minimum": (ew.minimum, np.minimum, {"elements": _grid(-5, 5)}, {"elements": _grid(-5, 5, 0.5)}),
}


@pytest.mark.parametrize("name", list(BINARY))
@given(data=st.data())
def test_binary_forward_and_gradient_both_orders(name: str, data: st.DataObject) -> None:
    fn, ref, left, right = BINARY[name]
    a, b = data.draw(_pair(left, right))
    for x, y in ((a, b), (b, a)):
        out = fn(x, y)
        assert isinstance(out, Tensor) and out.dtype == np.float64
        _close(out.data, ref(x.data, y.data))
        assert_gradients_match(fn, x, y, **TIGHT)


@given(_pair(POSITIVE, {"min_value": -3.0, "max_value": 3.0}))
def test_pow_with_negative_and_fractional_exponents(ab: tuple[Tensor, Tensor]) -> None:
    a, b = ab
    _close((a**b).data, np.power(a.data, b.data))
    assert_gradients_match(operator.pow, a, b, **TIGHT)


@given(tensors(shape=SMALL, avoid=[0.0], margin=0.1), st.sampled_from([2, 3, -1, -2, 0.5]))
def test_pow_with_a_constant_exponent(x: Tensor, k: float) -> None:
    # integer exponents take a base of either sign; x ** 0.5 needs x > 0
    base = abs(x.detach()).requires_grad_() if k == 0.5 else x
    _close((base**k).data, np.power(base.data, k))
    assert_gradients_match(lambda t: t**k, base, **TIGHT)


# Python scalars and ndarrays on either side. An ndarray on the left must not take
# over (numpy would otherwise broadcast the Tensor as an object): the result is a Tensor.
MIXED: dict[str, tuple[Callable[..., Any], Callable[..., Any], dict[str, Any]]] = {
    "add": (operator.add, np.add, {}),
    "sub": (operator.sub, np.subtract, {}),
    "mul": (operator.mul, np.multiply, {}),
    "div": (operator.truediv, np.divide, NONZERO),
    "pow": (operator.pow, np.power, POSITIVE),
}


@pytest.mark.parametrize("name", list(MIXED))
@given(data=st.data())
def test_python_scalars_and_ndarrays_on_either_side(name: str, data: st.DataObject) -> None:
    fn, ref, domain = MIXED[name]
    sx, sc = data.draw(broadcastable_shapes(n=2, max_dims=3, max_side=4))
    x = data.draw(tensors(shape=sx, **domain))
    arr = data.draw(tensors(shape=sc, **domain)).data
    scalar = float(data.draw(tensors(shape=(), **domain)).item())
    for const in (scalar, arr):
        right = fn(x, const)
        left = fn(const, x)
        assert type(right) is Tensor and type(left) is Tensor
        _close(right.data, ref(x.data, const))
        _close(left.data, ref(const, x.data))
        assert_gradients_match(lambda t, c=const: fn(t, c), x, **TIGHT)
        assert_gradients_match(lambda t, c=const: fn(c, t), x, **TIGHT)


@given(data=st.data())
def test_comparisons_with_an_ndarray_on_either_side_give_boolean_tensors(data: st.DataObject) -> None:
    sa, sx = data.draw(broadcastable_shapes(n=2, max_dims=3, max_side=4))
    arr = data.draw(hnp.arrays(np.float64, sa, elements=_grid(-2, 2)))
    x = data.draw(tensors(shape=sx, elements=_grid(-2, 2)))
    for fn in (operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne):
        for left, right in ((arr, x), (x, arr)):
            out = fn(left, right)
            assert type(out) is Tensor and out.dtype == np.bool_ and not out.requires_grad
            plain = (v.data if isinstance(v, Tensor) else v for v in (left, right))
            np.testing.assert_array_equal(out.data, fn(*plain))


# ----------------------------------------------------------------- unary ops
SLOPES = (0.01, 0.2)
UNARY: dict[str, tuple[Callable[[Tensor], Tensor], Callable[[np.ndarray], Any], dict[str, Any]]] = {
    "neg": (operator.neg, np.negative, {}),
    "exp": (Tensor.exp, np.exp, {}),
    "log": (Tensor.log, np.log, {"positive": True, "margin": 0.01}),
    "sqrt": (Tensor.sqrt, np.sqrt, {"positive": True, "margin": 0.01}),
    "abs": (Tensor.abs, np.abs, {"avoid": [0.0]}),
    "tanh": (Tensor.tanh, np.tanh, {}),
    "sigmoid": (Tensor.sigmoid, lambda x: 1 / (1 + np.exp(-x)), {}),
    "relu": (Tensor.relu, lambda x: np.maximum(x, 0), {"avoid": [0.0]}),
    "leaky_relu": (Tensor.leaky_relu, lambda x: np.where(x > 0, x, 0.01 * x), {"avoid": [0.0]}),
    "leaky_relu_0.2": (lambda t: t.leaky_relu(0.2), lambda x: np.where(x > 0, x, 0.2 * x), {"avoid": [0.0]}),
    "softplus": (Tensor.softplus, lambda x: np.log1p(np.exp(x)), {}),
    "step": (Tensor.step, lambda x: (x >= 0).astype(x.dtype), {"avoid": [0.0]}),
    "sign": (Tensor.sign, np.sign, {"avoid": [0.0]}),
    "clip": (lambda t: t.clip(-1.0, 2.0), lambda x: np.clip(x, -1, 2), {"avoid": [-1.0, 2.0]}),
    "clip_min": (lambda t: t.clip(min=0.5), lambda x: np.maximum(x, 0.5), {"avoid": [0.5]}),
    "clone": (Tensor.clone, np.copy, {}),
}


@pytest.mark.parametrize("name", list(UNARY))
@given(data=st.data())
def test_unary_forward_and_gradient(name: str, data: st.DataObject) -> None:
    fn, ref, domain = UNARY[name]
    x = data.draw(tensors(shape=SMALL, **domain))
    out = fn(x)
    assert out.shape == x.shape
    _close(out.data, ref(x.data), rtol=1e-10)
    assert_gradients_match(fn, x, **TIGHT)


@given(_pair({"elements": _grid(-2, 2)}, {"elements": _grid(-2, 2)}), st.integers(0, 2**16))
def test_maximum_and_minimum_share_the_gradient_equally_on_ties(ab: tuple[Tensor, Tensor], seed: int) -> None:
    # Documented behaviour: where a == b each side gets half the gradient.
    a, b = ab
    g = np.random.default_rng(seed).standard_normal(np.broadcast_shapes(a.shape, b.shape))
    for fn, wins in ((ew.maximum, np.greater), (ew.minimum, np.less)):
        a.grad = b.grad = None
        fn(a, b).backward(g)
        wa = wins(a.data, b.data) + 0.5 * (a.data == b.data)
        _close(a.grad.data, _sum_to(g * wa, a.shape))  # type: ignore[union-attr]
        _close(b.grad.data, _sum_to(g * (1 - wa), b.shape))  # type: ignore[union-attr]


def _sum_to(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Reference un-broadcasting, written independently of autograd.ops.base.sum_to."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for i, n in enumerate(shape):
        if n == 1 and g.shape[i] != 1:
            g = g.sum(axis=i, keepdims=True)
    return g


@given(data=st.data())
def test_where_routes_each_gradient_by_the_mask(data: st.DataObject) -> None:
    sc, sa, sb = data.draw(broadcastable_shapes(n=3, max_dims=3, max_side=4))
    cond = data.draw(hnp.arrays(np.bool_, sc))
    a = data.draw(tensors(shape=sa))
    b = data.draw(tensors(shape=sb))
    _close(ew.where(cond, a, b).data, np.where(cond, a.data, b.data))
    assert_gradients_match(lambda x, y: ew.where(cond, x, y), a, b, **TIGHT)


# ---------------------------------------------------- the same numbers as Value
# name -> (function applied to a Value or a 0-d Tensor alike, domain)
VALUE_UNARY: dict[str, tuple[Callable[[Any], Any], dict[str, Any]]] = {
    "neg": (operator.neg, {}),
    "exp": (lambda v: v.exp(), {}),
    "log": (lambda v: v.log(), {"positive": True}),
    "sqrt": (lambda v: v.sqrt(), {"positive": True}),
    "abs": (lambda v: v.abs(), {"avoid": [0.0]}),
    "tanh": (lambda v: v.tanh(), {}),
    "sigmoid": (lambda v: v.sigmoid(), {}),
    "relu": (lambda v: v.relu(), {"avoid": [0.0]}),
    "leaky_relu": (lambda v: v.leaky_relu(0.1), {"avoid": [0.0]}),
    "softplus": (lambda v: v.softplus(), {}),
    "step": (lambda v: v.step(), {"avoid": [0.0]}),
}
VALUE_BINARY: dict[str, tuple[Callable[[Any, Any], Any], dict[str, Any], dict[str, Any]]] = {
    "add": (operator.add, {}, {}),
    "sub": (operator.sub, {}, {}),
    "mul": (operator.mul, {}, {}),
    "div": (operator.truediv, {}, NONZERO),
    "pow": (operator.pow, POSITIVE, {"min_value": -3, "max_value": 3}),
}


def _value_and_tensor_results(fn: Callable[..., Any], xs: list[float], upstream: float) -> tuple[Any, ...]:
    vs = [Value(x) for x in xs]
    ts = [Tensor(np.float64(x), requires_grad=True) for x in xs]
    v_out, t_out = fn(*vs), fn(*ts)
    v_out.backward(upstream)
    t_out.backward(np.float64(upstream))
    return v_out.data, t_out.item(), [v.grad for v in vs], [t.grad.item() for t in ts]  # type: ignore[union-attr]


@pytest.mark.parametrize("name", list(VALUE_UNARY))
@given(data=st.data(), upstream=st.floats(-2, 2).filter(lambda u: abs(u) > 0.1))  # never a zero seed
def test_value_and_tensor_agree_on_unary_ops(name: str, data: st.DataObject, upstream: float) -> None:
    fn, domain = VALUE_UNARY[name]
    x = data.draw(values(**domain)).data
    v_fwd, t_fwd, v_grad, t_grad = _value_and_tensor_results(fn, [x], upstream)
    _close(v_fwd, t_fwd)
    _close(v_grad, t_grad)


@pytest.mark.parametrize("name", list(VALUE_BINARY))
@given(data=st.data(), upstream=st.floats(-2, 2).filter(lambda u: abs(u) > 0.1))  # never a zero seed
def test_value_and_tensor_agree_on_binary_ops_and_scalars(name: str, data: st.DataObject, upstream: float) -> None:
    fn, left, right = VALUE_BINARY[name]
    a, b = data.draw(values(**left)).data, data.draw(values(**right)).data
    results = [
        _value_and_tensor_results(fn, [a, b], upstream),
        _value_and_tensor_results(lambda x: fn(x, b), [a], upstream),  # Python number on the right
        _value_and_tensor_results(lambda y: fn(a, y), [b], upstream),  # ... and on the left
    ]
    for v_fwd, t_fwd, v_grad, t_grad in results:
        _close(v_fwd, t_fwd)
        _close(v_grad, t_grad)


LIST_OPS: dict[str, tuple[Callable[[list[Value]], Any], Callable[[Tensor], Tensor]]] = {
    "softmax": (value_ops.softmax, Tensor.softmax),
    "log_softmax": (value_ops.log_softmax, Tensor.log_softmax),
    "logsumexp": (value_ops.logsumexp, Tensor.logsumexp),
}


@pytest.mark.parametrize("name", list(LIST_OPS))
@given(xs=st.lists(st.floats(-10, 10), min_size=1, max_size=6), seed=st.integers(0, 2**16))
def test_value_list_functions_agree_with_tensor_ops(name: str, xs: list[float], seed: int) -> None:
    value_fn, tensor_fn = LIST_OPS[name]
    vs = [Value(x) for x in xs]
    t = Tensor(np.array(xs, dtype=np.float64), requires_grad=True)
    v_out = value_fn(vs)
    t_out = tensor_fn(t)
    outs = v_out if isinstance(v_out, list) else [v_out]
    u = np.random.default_rng(seed).standard_normal(len(outs))
    _close([o.data for o in outs], np.atleast_1d(t_out.data))
    value_ops.total([o * float(w) for o, w in zip(outs, u)]).backward()
    t_out.backward(u.reshape(t_out.shape))
    _close([v.grad for v in vs], t.grad.data)  # type: ignore[union-attr]


# ---------------------------------------------------------------- reductions


@st.composite
def _reduction_case(draw: Any, **domain: Any) -> tuple[Tensor, Any, bool]:
    """A tensor, an axis argument valid for it (None, int, negative, tuple), keepdims."""
    x = draw(tensors(shape=SMALL, **domain))
    nd = x.ndim
    axis = draw(st.one_of(
        st.none(),
        st.integers(-max(nd, 1), max(nd, 1) - 1),  # a 0-d tensor accepts 0 and -1, as in PyTorch
        hnp.valid_tuple_axes(nd, min_size=1) if nd else st.just((0,)),
    ))
    return x, axis, draw(st.booleans())


def _numpy_axis(axis: Any, ndim: int) -> Any:
    return () if ndim == 0 and axis is not None else axis


def _count(x: Tensor, axis: Any) -> int:
    if axis is None or x.ndim == 0:
        return x.size
    axes = (axis,) if isinstance(axis, int) else axis
    return int(np.prod([x.shape[a] for a in axes]))


def _lse(x: np.ndarray, axis: Any, keepdims: bool) -> np.ndarray:
    return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))  # |x| <= 10: no overflow


REDUCTIONS: dict[str, tuple[Callable[..., Tensor], Callable[..., Any], dict[str, Any]]] = {
    "sum": (Tensor.sum, np.sum, {}),
    "mean": (Tensor.mean, np.mean, {}),
    "max": (Tensor.amax, np.max, {"distinct": True}),
    "min": (Tensor.amin, np.min, {"distinct": True}),
    "logsumexp": (Tensor.logsumexp, _lse, {}),
}


@pytest.mark.parametrize("name", list(REDUCTIONS))
@given(data=st.data())
def test_reduction_forward_and_gradient(name: str, data: st.DataObject) -> None:
    fn, ref, domain = REDUCTIONS[name]
    x, axis, keepdims = data.draw(_reduction_case(**domain))
    out = fn(x, axis, keepdims)
    expected = ref(x.data, axis=_numpy_axis(axis, x.ndim), keepdims=keepdims)
    assert out.shape == np.shape(expected)
    _close(out.data, expected, rtol=1e-10)
    # the PyTorch spelling gives the same
    _close(fn(x, dim=axis, keepdim=keepdims).data, out.data, rtol=0, atol=0)
    assert_gradients_match(lambda t: fn(t, axis, keepdims), x, **TIGHT)


@pytest.mark.parametrize("name", ["var", "std"])
@given(data=st.data(), correction=st.sampled_from([0, 1, 2]))
def test_var_and_std_with_correction(name: str, data: st.DataObject, correction: int) -> None:
    x, axis, keepdims = data.draw(_reduction_case(distinct=True))
    assume(_count(x, axis) > max(correction, 1))  # n - correction > 0 and a non-zero spread
    fn = getattr(Tensor, name)
    out = fn(x, axis, keepdims, correction=correction)
    ref = getattr(np, name)(x.data, axis=_numpy_axis(axis, x.ndim), keepdims=keepdims, ddof=correction)
    _close(out.data, ref, rtol=1e-10)
    assert_gradients_match(lambda t: fn(t, axis, keepdims, correction=correction), x, **TIGHT)


@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("correction", [2, 3])
def test_var_and_std_without_degrees_of_freedom_are_non_finite_not_an_error(name: str, correction: int) -> None:
    # n - correction <= 0: the divisor is clamped at 0 (numpy's ddof, PyTorch's
    # correction), so the value and the gradient are inf or nan rather than an exception
    x = Tensor(np.array([1.0, 3.0]), requires_grad=True)
    with np.errstate(divide="ignore", invalid="ignore"), pytest.warns(RuntimeWarning):
        out = getattr(x, name)(correction=correction)
        out.backward()
    assert np.isinf(out.item())
    assert x.grad is not None
    if name == "var":  # 2 (x - mean) / 0
        assert np.array_equal(x.grad.data, [-np.inf, np.inf])
    else:  # (x - mean) / (0 * inf)
        assert np.isnan(x.grad.data).all()


def test_var_of_one_element_is_nan_with_a_nan_gradient() -> None:
    x = Tensor(np.array([2.0]), requires_grad=True)
    with np.errstate(divide="ignore", invalid="ignore"), pytest.warns(RuntimeWarning):
        out = x.var()
        out.backward()
    assert np.isnan(out.item())
    assert x.grad is not None and np.isnan(x.grad.data).all()  # (x - mean) = 0 times 1 / 0, as in PyTorch


@given(tensors(shape=SMALL, distinct=True))
def test_var_and_std_default_to_the_unbiased_estimate(x: Tensor) -> None:
    assume(x.size > 1)
    _close(x.var().data, np.var(x.data, ddof=1), rtol=1e-10)
    _close(x.std().data, np.std(x.data, ddof=1), rtol=1e-10)


@pytest.mark.parametrize("name", ["max", "min"])
@given(case=_reduction_case(elements=_grid(-2, 2)), seed=st.integers(0, 2**16))
def test_max_and_min_share_the_gradient_equally_between_ties(name: str, case: Any, seed: int) -> None:
    # Documented behaviour: each of the k elements that reach the extreme gets g / k.
    x, axis, keepdims = case
    out = getattr(x, "a" + name)(axis, keepdims)  # (amax/amin; max(dim) picks one index, as PyTorch's)
    g = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(g)
    np_axis = _numpy_axis(axis, x.ndim)
    extreme = getattr(np, name)(x.data, axis=np_axis, keepdims=True)
    hit = x.data == extreme
    share = hit / hit.sum(axis=np_axis, keepdims=True)
    g_full = g if keepdims else g.reshape(extreme.shape)
    _close(x.grad.data, share * g_full)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@given(data=st.data())
def test_softmax_and_log_softmax_along_any_axis(name: str, data: st.DataObject) -> None:
    x = data.draw(tensors(shape=SMALL))
    nd = x.ndim
    axis = data.draw(st.integers(-max(nd, 1), max(nd, 1) - 1))
    ax = axis if nd else None
    e = np.exp(x.data - np.max(x.data, axis=ax, keepdims=True))
    probs = e / np.sum(e, axis=ax, keepdims=True)
    out = getattr(x, name)(axis)
    _close(out.data, probs if name == "softmax" else np.log(probs), rtol=1e-10, atol=1e-10)
    if name == "softmax":
        _close(np.sum(out.data, axis=ax), 1.0)
    assert_gradients_match(lambda t: getattr(t, name)(axis), x, **TIGHT)


def test_softmax_family_over_an_empty_axis() -> None:
    # as PyTorch: logsumexp over nothing is log 0 = -inf; softmax of nothing is empty
    x = Tensor(np.zeros((3, 0)), requires_grad=True)
    with np.errstate(divide="ignore"):
        lse = x.logsumexp(1)
        others = (x.softmax(1), x.log_softmax(1))
    assert lse.shape == (3,) and np.array_equal(lse.data, [-np.inf] * 3)
    for out in others:
        assert out.shape == (3, 0)
    lse.backward(np.ones(3))
    assert x.grad is not None and x.grad.shape == (3, 0)


# ------------------------------------------------------------------- matmul


@st.composite
def _matmul_operands(draw: Any) -> tuple[Tensor, Tensor]:
    """2-d, batched with broadcast batch axes, and the 1-d cases."""
    n, k, m = (draw(st.integers(1, 4)) for _ in range(3))
    batch_a, batch_b = draw(broadcastable_shapes(n=2, max_dims=2, max_side=3))
    kind = draw(st.sampled_from(["2d", "batched", "vec@vec", "vec@mat", "mat@vec"]))
    sa, sb = {
        "2d": ((n, k), (k, m)),
        "batched": (batch_a + (n, k), batch_b + (k, m)),
        "vec@vec": ((k,), (k,)),
        "vec@mat": ((k,), batch_b + (k, m)),
        "mat@vec": (batch_a + (n, k), (k,)),
    }[kind]
    return draw(tensors(shape=sa, min_value=-3, max_value=3)), draw(tensors(shape=sb, min_value=-3, max_value=3))


@given(_matmul_operands())
def test_matmul_forward_and_gradient(ab: tuple[Tensor, Tensor]) -> None:
    a, b = ab
    out = a @ b
    _close(out.data, np.matmul(a.data, b.data))
    assert_gradients_match(operator.matmul, a, b, **TIGHT)
    # with an ndarray on either side the result is still a Tensor with the same numbers
    for mixed in (a.data @ b, a @ b.data):
        assert type(mixed) is Tensor
        _close(mixed.data, out.data)


# -------------------------------------------------------- second derivatives
# Every op's second derivatives are checked from its declared cases in
# tests/test_op_registry.py; here only what those cases do not reach.


@given(data=st.data())
def test_second_derivatives_of_where(data: st.DataObject) -> None:
    sc, sa, sb = data.draw(broadcastable_shapes(n=3, max_dims=2, max_side=3))
    cond = data.draw(hnp.arrays(np.bool_, sc))
    a, b = data.draw(tensors(shape=sa)), data.draw(tensors(shape=sb))
    assert gradgradcheck(lambda x, y: ew.where(cond, x * x, y.tanh()), [a, b], **TIGHT)


@pytest.mark.parametrize("cond", [np.array(True), np.array(False), True, np.False_, np.array([True, False])])
def test_where_differentiates_twice_with_any_condition(cond: Any) -> None:
    # With a 0-d result the condition stays 0-d, and its negation is a numpy bool
    # scalar, which must work as an operand of the recorded backward.
    a = Tensor(np.array([0.5, -1.5]) if np.ndim(cond) else np.array(0.5), requires_grad=True)
    b = Tensor(np.array(0.7), requires_grad=True)
    assert gradgradcheck(lambda x, y: ew.where(cond, x * x, y.tanh()), [a, b], **TIGHT)


@pytest.mark.parametrize("scalar", [np.True_, np.False_, True])
def test_a_boolean_scalar_is_a_number_beside_a_tensor(scalar: Any) -> None:
    t = Tensor([1.5, -2.0])
    expected = t.data * float(scalar)
    for out in (t * scalar, scalar * t):
        assert out.dtype == np.float32
        _close(out.data, expected)


# ------------------------------------------------------------------- dtypes
F32_OPS: dict[str, Callable[[Tensor], Tensor]] = {
    **{name: fn for name, (fn, _, _) in UNARY.items()},
    "add_scalar": lambda t: t + 2.5,
    "rsub_int": lambda t: 3 - t,
    "mul_self": lambda t: t * t,
    "div_scalar": lambda t: 1.5 / (t.abs() + 1),
    "pow_int": lambda t: t**2,
    "rpow": lambda t: 2.0**t,
    "maximum_scalar": lambda t: ew.maximum(t, 0.25),
    "sum": lambda t: t.sum(),
    "mean_axis": lambda t: t.mean(-1) if t.ndim else t.mean(),
    "max": lambda t: t.max(),
    "var": lambda t: t.var(correction=0),
    # std needs a spread (one element has none): x is in [0.5, 3], so adding 0, 10, 20, ...
    # separates every element
    "std": lambda t: (t.reshape(-1) + np.arange(0, 10 * t.size, 10, dtype=np.float32)).std(correction=0)
    if t.size > 1 else t.sum(),
    "logsumexp": lambda t: t.logsumexp(),
    "softmax": lambda t: t.softmax(),
    "log_softmax": lambda t: t.log_softmax(),
    "matmul": lambda t: t.reshape(1, -1) @ t.reshape(-1, 1),
}


@given(x=tensors(shape=SMALL, dtype=np.float32, min_value=0.5, max_value=3))
def test_float32_is_preserved_through_ops_and_gradients(x: Tensor) -> None:
    for name, fn in F32_OPS.items():
        x.grad = None
        out = fn(x)
        assert out.dtype == np.float32, f"{name}: {out.dtype}"
        if out.requires_grad:
            out.backward(np.full(out.shape, 0.5, dtype=np.float32))
            assert x.grad is not None and x.grad.dtype == np.float32, name
            assert np.all(np.isfinite(x.grad.data)), name


@given(tensors(shape=SMALL, dtype=np.float32, min_value=-3, max_value=3))
def test_astype_casts_forward_and_casts_the_gradient_back(x: Tensor) -> None:
    y = x.double()
    assert y.dtype == np.float64
    g = np.random.default_rng(0).standard_normal(x.shape)
    (y * y).backward(g)
    assert x.grad is not None and x.grad.dtype == np.float32
    _close(x.grad.data, (2 * x.data.astype(np.float64) * g).astype(np.float32), rtol=1e-6)


# ------------------------------------------------------------------- errors


@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv, operator.pow,
                                ew.maximum, ew.minimum])
@pytest.mark.parametrize(("sa", "sb"), [((2, 3), (4,)), ((3, 1, 2), (4, 3))])
def test_broadcast_mismatch_names_the_op_and_both_shapes(op: Callable[..., Any], sa: tuple[int, ...],
                                                         sb: tuple[int, ...]) -> None:
    a, b = Tensor(np.ones(sa)), Tensor(np.ones(sb))
    name = {operator.add: "add", operator.sub: "sub", operator.mul: "mul", operator.truediv: "div",
            operator.pow: "pow"}.get(op, getattr(op, "__name__", ""))
    with pytest.raises(ValueError) as info:
        op(a, b)
    message = str(info.value)
    assert name in message and str(sa) in message and str(sb) in message


@pytest.mark.parametrize(("sa", "sb"), [((2, 3), (4, 5)), ((3,), (4,)), ((2, 3, 4), (5, 4, 2)), ((2, 3), ())])
def test_matmul_mismatch_names_the_op_and_both_shapes(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    with pytest.raises(ValueError) as info:
        Tensor(np.ones(sa)) @ Tensor(np.ones(sb))
    message = str(info.value)
    assert "matmul" in message and str(sa) in message and str(sb) in message


@pytest.mark.parametrize("call", [
    lambda t: t.sum(axis=3),
    lambda t: t.mean(axis=-4),
    lambda t: t.amax(dim=(0, 5)),
    lambda t: t.var(axis=3),
    lambda t: t.logsumexp(axis=7),
    lambda t: t.softmax(axis=3),
    lambda t: t.log_softmax(axis=-5),
    lambda t: t.argmax(axis=3),
    lambda t: t.argmin(dim=-4),
])
def test_invalid_axis_names_the_axis_and_the_rank(call: Callable[[Tensor], Tensor]) -> None:
    x = Tensor(np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match=r"^[a-z_]+: dim -?\d+ .*rank 3 \(shape \(2, 3, 4\)\)"):
        call(x)


@pytest.mark.parametrize(("call", "op"), [
    (lambda t: t.max(1.5), "max"),
    (lambda t: t.sum(axis=object()), "sum"),
    (lambda t: t.mean(axis="ab"), "mean"),
    (lambda t: t.argmax(1.5), "argmax"),
    (lambda t: t.argmin(axis=(0, 1)), "argmin"),
])
def test_an_axis_of_the_wrong_type_names_the_op(call: Callable[[Tensor], Tensor], op: str) -> None:
    with pytest.raises(TypeError, match=rf"^{op}: dim must be an int"):
        call(Tensor(np.ones((2, 3))))


@given(
    x=hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4),
                 elements=st.integers(-3, 3).map(float)),  # small integers: plenty of ties
    data=st.data(),
)
def test_argmax_and_argmin_follow_numpy_with_pytorch_names(x: np.ndarray, data: st.DataObject) -> None:
    t = Tensor(x)
    keep = data.draw(st.booleans(), label="keepdim")
    for name in ("argmax", "argmin"):
        want_flat = getattr(np, name)(x)
        got = getattr(t, name)()
        assert got.dtype == np.int64 and got.shape == () and got.item() == want_flat  # first among ties
        if x.ndim == 0:
            for axis in (0, -1):
                assert getattr(t, name)(axis, keepdims=keep).shape == ()  # a 0-d tensor's one "axis"
            continue
        axis = data.draw(st.integers(-x.ndim, x.ndim - 1), label="axis")
        want = getattr(np, name)(x, axis=axis, keepdims=keep)
        for got in (getattr(t, name)(axis, keepdims=keep), getattr(t, name)(dim=axis, keepdim=keep)):
            assert got.dtype == np.int64 and not got.requires_grad
            np.testing.assert_array_equal(got.numpy(), want)


def test_argmax_of_an_empty_axis_names_the_op_and_the_shape() -> None:
    x = Tensor(np.zeros((0, 3)))
    with pytest.raises(ValueError, match=r"argmax: axis 0 of the tensor of shape \(0, 3\) is empty"):
        x.argmax(0)
    with pytest.raises(ValueError, match=r"argmin: the tensor of shape \(0, 3\) is empty"):
        x.argmin()
    assert x.argmax(1).shape == (0,)


_X23 = Tensor(np.array([[-1.0, 0.5, 2.0], [3.0, -4.0, 0.1]]), requires_grad=True)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda t: t.clip(object()), TypeError, r"clip: min must be a number or an array of numbers, got object"),
    (lambda t: t.clip(0, "a"), TypeError, r"clip: max must be a number or an array of numbers, got str 'a'"),
    (lambda t: t.clip((0, 5)), ValueError, r"clip: min of shape \(2,\) does not broadcast to .* \(2, 3\)"),
    (lambda t: t.clip(Tensor([0.0, 0], requires_grad=True)), ValueError, r"clip: min of shape \(2,\) does not"),
    (lambda t: t.leaky_relu("a"), TypeError, r"leaky_relu: negative_slope must be a real number, got str"),
    (lambda t: t.var(correction=1.5), TypeError, r"var: correction must be an integer, got float 1.5"),
    (lambda t: t.std(correction=True), TypeError, r"std: correction must be an integer, got bool"),
    (lambda t: t.squeeze(1.5), TypeError, r"squeeze: dim must be an int or a tuple of ints, got float 1.5"),
    (lambda t: t.broadcast_to(None), TypeError, r"broadcast_to: a shape must be a sequence of ints, got NoneType"),
    (lambda t: t.astype(1.5), TypeError, r"astype: 1.5 is not a dtype"),
    (lambda t: t.to("cuda"), RuntimeError, r"to: device 'cuda' is not available"),
    (lambda t: (t * 1).backward("a"), TypeError, r"backward\(\): gradient must be a Tensor, an array or a number"),
])  # fmt: skip
def test_a_bad_argument_names_the_op(call: Callable[[Tensor], Any], error: type, message: str) -> None:
    with pytest.raises(error, match="^" + message):
        call(_X23)


def test_clip_bounds_may_be_arrays_or_constant_tensors() -> None:
    x = _X23.data
    lo, hi = np.array([0.0, 1.0, 0.0]), np.array([[1.0], [0.05]])
    want = np.clip(x, lo, hi)
    for bounds in ((lo, hi), (Tensor(lo), Tensor(hi)), (lo.tolist(), hi.tolist())):
        t = Tensor(x, requires_grad=True)
        out = t.clip(*bounds)
        np.testing.assert_array_equal(out.numpy(), want)
        g = np.random.default_rng(0).standard_normal(x.shape)  # a random upstream gradient
        out.backward(g)
        np.testing.assert_array_equal(t.grad.numpy(), g * ((x >= lo) & (x <= hi)))
    assert Tensor([1.0, 5.0]).clip(Tensor(2.0)).tolist() == [2.0, 5.0]  # a 0-d tensor bound


def test_to_takes_a_dtype_or_the_cpu_device() -> None:
    t = Tensor([1.0, 2.0])
    assert t.to("cpu") is t  # PyTorch code that moves tensors to the CPU runs unchanged
    assert t.to(np.float64).dtype == np.float64 and t.to("float16").dtype == np.float16


def test_repeated_axis_is_an_error() -> None:
    with pytest.raises(ValueError, match="repeated axis"):
        Tensor(np.ones((2, 3))).sum(axis=(1, -1))


# ------------------------------------------------------------ torch oracle


@given(m=st.integers(1, 6), hidden=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_torch_oracle_mlp_with_cross_entropy(m: int, hidden: int, seed: int) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    x, w1, b1, w2 = (rng.standard_normal(s) for s in ((m, 3), (3, hidden), (hidden,), (hidden, 3)))
    onehot = np.eye(3)[rng.integers(0, 3, m)]

    def loss(lib_x: Any, lib_w1: Any, lib_b1: Any, lib_w2: Any, lib_y: Any) -> Any:
        h = (lib_x @ lib_w1 + lib_b1).tanh()
        return -((h @ lib_w2).log_softmax(-1) * lib_y).sum() / m

    ours = [Tensor(a, requires_grad=True) for a in (x, w1, b1, w2)]
    theirs = [torch.tensor(a, requires_grad=True) for a in (x, w1, b1, w2)]
    out = loss(*ours, Tensor(onehot))
    ref = loss(*theirs, torch.tensor(onehot))
    out.backward()
    ref.backward()
    _close(out.item(), ref.item())
    for o, t in zip(ours, theirs):
        _close(o.grad.data, t.grad.numpy())  # type: ignore[union-attr]


@given(
    x=tensors(shape=(4, 3), distinct=True, min_value=-3, max_value=3, avoid=[0.0]),
    y=hnp.arrays(np.float64, (4, 1), elements=st.sampled_from([0.0, 1.0])),
)
def test_torch_oracle_standardize_sigmoid_bce_and_friends(x: Tensor, y: np.ndarray) -> None:
    torch = pytest.importorskip("torch")

    def loss(t: Any, lib_y: Any, maximum: Any) -> Any:
        z = (t - t.mean(0, keepdim=True)) / t.std(0, keepdim=True)     # standardize (std: correction 1)
        a = maximum(z, 0.1 * z).sum(1, keepdim=True).sigmoid()        # leaky max, then a sigmoid unit
        bce = -(lib_y * a.log() + (1 - lib_y) * (1 - a).log()).mean()  # binary cross-entropy
        return bce + t.var(1).sqrt().sum() * 0.1 + t.logsumexp(0).mean() + (t.abs() ** 1.5).sum() + t.max()

    ours = Tensor(x.data, requires_grad=True)
    theirs = torch.tensor(x.data, requires_grad=True)
    out = loss(ours, Tensor(y), ew.maximum)
    ref = loss(theirs, torch.tensor(y), torch.maximum)
    out.backward()
    ref.backward()
    _close(out.item(), ref.item(), rtol=1e-10)
    _close(ours.grad.data, theirs.grad.numpy(), rtol=1e-9, atol=1e-10)  # type: ignore[union-attr]
