"""Edge cases of the elementwise and reduction ops an audit against PyTorch found:
precision of log_softmax at large logits, dtypes of float-valued ops on integer,
boolean and float16 tensors, the std gradient where std = 0, integer powers,
max/min beside empty axes, and the dtypes of where and clip.

PyTorch, where installed, is an extra oracle (``pytest.importorskip``); every test
also checks against numpy in float64 or against exact expected values.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
from autograd import Tensor, Value, grad, where
from autograd.gradcheck import gradgradcheck
from autograd.ops import elementwise as ew
from autograd.testing import shapes, tensors

SMALL = shapes(min_dims=1, max_dims=3, max_side=4)


@pytest.fixture
def float64_default() -> Iterator[None]:
    before = autograd.get_default_dtype()
    autograd.set_default_dtype(np.float64)
    try:
        yield
    finally:
        autograd.set_default_dtype(before)


def _log_softmax64(x: np.ndarray, axis: int) -> np.ndarray:
    x = x.astype(np.float64)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))  # type: ignore[no-any-return]


# ------------------------------------------------------ log_softmax precision
def test_log_softmax_keeps_the_log_of_the_sum_beside_huge_logits() -> None:
    out = Tensor(np.array([1e30, 1e30, -1e30], np.float32)).log_softmax(-1)
    np.testing.assert_allclose(out.numpy(), [-np.log(2), -np.log(2), -2e30], rtol=1e-6)
    out = Tensor(np.array([1e5, 1e5 + 1, 1e5 - 2], np.float32)).log_softmax(-1)
    np.testing.assert_allclose(out.numpy(), [-1.3490121, -0.34901217, -3.3490121], rtol=1e-6)  # torch's values


@given(
    offset=st.sampled_from([0.0, 1e4, 1e5, 1e6, -1e6]),
    shape=SMALL,
    data=st.data(),
)
def test_log_softmax_is_exact_to_float32_rounding_at_any_offset(offset: float, shape: tuple[int, ...],
                                                                data: st.DataObject) -> None:
    # offset + small whole numbers is exact in float32; only the log-sum-exp is rounded
    ints = data.draw(hnp.arrays(np.int64, shape, elements=st.integers(-6, 6)))
    x = (ints + offset).astype(np.float32)
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    out = Tensor(x).log_softmax(axis)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), _log_softmax64(x, axis), rtol=1e-6, atol=2e-6)


@given(offset=st.sampled_from([1e6, 1e10, -1e12]), seed=st.integers(0, 2**16))
def test_log_softmax_gradients_at_large_logits_match_the_formula(offset: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = Tensor(offset + rng.standard_normal((3, 4)), requires_grad=True)
    g = rng.standard_normal((3, 4))
    probs = np.exp(_log_softmax64(x.numpy(), -1))
    want = g - probs * g.sum(-1, keepdims=True)
    (gx,) = grad(x.log_softmax(-1), [x], grad_outputs=Tensor(g), create_graph=True)
    np.testing.assert_allclose(gx.numpy(), want, rtol=1e-9, atol=1e-12)
    # ... and the create_graph gradient differentiates again (a Hessian-vector product)
    v = rng.standard_normal((3, 4))
    (hv,) = grad((gx * Tensor(v)).sum(), [x])
    s = (v * probs).sum(-1, keepdims=True)  # d/dx of -p * sum(g), contracted with v
    want_hv = -probs * (v - s) * g.sum(-1, keepdims=True)
    np.testing.assert_allclose(hv.numpy(), want_hv, rtol=1e-8, atol=1e-12)


def test_log_softmax_at_large_logits_matches_torch_double_backward() -> None:
    torch = pytest.importorskip("torch")
    x0 = np.array([[1e5, 1e5 + 1, 1e5 - 2], [3.0, -1e6, 2.0]])
    ours = Tensor(x0.astype(np.float32), requires_grad=True)
    theirs = torch.tensor(x0.astype(np.float32), requires_grad=True)
    w = np.array([[0.3, -1.0, 2.0], [1.0, 0.5, -0.5]], np.float32)
    out, ref = ours.log_softmax(-1), theirs.log_softmax(-1)
    np.testing.assert_allclose(out.numpy(), ref.detach().numpy(), rtol=1e-6, atol=1e-6)
    (g_ours,) = grad((out * Tensor(w)).sum(), [ours], create_graph=True)
    (g_theirs,) = torch.autograd.grad((ref * torch.tensor(w)).sum(), [theirs], create_graph=True)
    np.testing.assert_allclose(g_ours.numpy(), g_theirs.detach().numpy(), rtol=1e-5, atol=1e-6)
    (gg_ours,) = grad((g_ours * g_ours).sum(), [ours])
    (gg_theirs,) = torch.autograd.grad((g_theirs * g_theirs).sum(), [theirs])
    np.testing.assert_allclose(gg_ours.numpy(), gg_theirs.numpy(), rtol=1e-4, atol=1e-5)


# ------------------------------------------- float-valued ops of integers
INT_DTYPES = [np.int8, np.uint8, np.int32, np.int64, np.bool_]
UNARY_FLOAT: dict[str, tuple[Callable[[Tensor], Tensor], Callable[[np.ndarray], np.ndarray]]] = {
    "exp": (Tensor.exp, np.exp),
    "log": (Tensor.log, np.log),
    "sqrt": (Tensor.sqrt, np.sqrt),
    "tanh": (Tensor.tanh, np.tanh),
    "sigmoid": (Tensor.sigmoid, lambda x: 1 / (1 + np.exp(-x))),
    "softplus": (Tensor.softplus, lambda x: np.logaddexp(0, x)),
    "leaky_relu": (lambda t: t.leaky_relu(0.1), lambda x: np.where(x > 0, x, 0.1 * x)),
}


def _int_arrays(dtype: Any, shape: Any = SMALL) -> st.SearchStrategy[np.ndarray]:
    if dtype is np.bool_:
        return hnp.arrays(np.bool_, shape)
    info = np.iinfo(dtype)
    return hnp.arrays(dtype, shape, elements=st.integers(max(int(info.min), -300), min(int(info.max), 300)))


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("name", list(UNARY_FLOAT))
@given(data=st.data())
def test_float_valued_unary_ops_of_integers_give_the_default_float_dtype(name: str, dtype: Any,
                                                                         data: st.DataObject) -> None:
    fn, ref = UNARY_FLOAT[name]
    x = data.draw(_int_arrays(dtype))
    with np.errstate(all="ignore"):
        out = fn(Tensor(x))
        want = ref(x.astype(np.float64)).astype(np.float32)
    assert out.dtype == np.float32 and out.shape == x.shape
    np.testing.assert_allclose(out.numpy(), want, rtol=2e-6, atol=1e-30)


def test_sigmoid_and_softplus_of_uint8_and_bool_do_not_wrap_or_fail() -> None:
    u8 = Tensor(np.array([1, 2, 200], np.uint8))
    np.testing.assert_allclose(u8.sigmoid().numpy(), [0.7310586, 0.8807971, 1.0], rtol=1e-6)
    np.testing.assert_allclose(u8.softplus().numpy(), [1.3132616, 2.1269280, 200.0], rtol=1e-6)
    flags = Tensor(np.array([True, False]))
    np.testing.assert_allclose(flags.sigmoid().numpy(), [0.7310586, 0.5], rtol=1e-6)


def test_float_valued_ops_of_integers_follow_the_default_dtype(float64_default: None) -> None:
    x = Tensor(np.array([1, 2, 3], np.int8))
    for out in (x.exp(), x.sigmoid(), x.mean(), x.var(), x.logsumexp(), x.softmax(), x.log_softmax()):
        assert out.dtype == np.float64


def test_float_valued_unary_ops_of_integers_match_torch() -> None:
    torch = pytest.importorskip("torch")
    for dtype in (np.int8, np.uint8, np.int32, np.int64, np.bool_):
        x = np.array([0, 1, 2, 100], dtype=dtype) if dtype is not np.bool_ else np.array([True, False])
        for name in ("exp", "log", "sqrt", "tanh", "sigmoid"):
            with np.errstate(over="ignore", divide="ignore"):  # exp(100) is inf, log(0) -inf in float32
                ours = getattr(Tensor(x), name)()
            ref = getattr(torch, name)(torch.from_numpy(x))
            assert str(ours.dtype) == str(ref.dtype).removeprefix("torch."), (name, dtype)
            np.testing.assert_allclose(ours.numpy(), ref.numpy(), rtol=1e-6)


# ------------------------------------------------ float16 and integer means
def test_mean_of_a_large_float16_tensor_and_its_gradient() -> None:
    x = Tensor(np.ones(70_000, np.float16), requires_grad=True)
    out = x.mean()
    assert out.dtype == np.float16 and out.item() == 1.0  # np.mean agrees
    out.backward()
    assert x.grad is not None and x.grad.dtype == np.float16
    np.testing.assert_array_equal(x.grad.numpy(), np.float16(1 / 70_000))
    cols = Tensor(np.full((70_000, 2), 0.5, np.float16), requires_grad=True)
    np.testing.assert_array_equal(cols.mean(0).numpy(), [0.5, 0.5])
    (g,) = grad(cols.mean(0).sum(), [cols], create_graph=True)  # the recorded backward too
    np.testing.assert_array_equal(g.numpy(), np.float16(1 / 70_000))


def test_var_and_std_of_a_large_float16_tensor() -> None:
    x = Tensor(np.tile(np.array([1.0, 2.0], np.float16), 40_000), requires_grad=True)  # a sum of 120,000
    for name, want in (("var", 0.25), ("std", 0.5)):
        x.grad = None
        out = getattr(x, name)(correction=0)
        assert out.dtype == np.float16 and out.item() == want
        out.backward()
        assert x.grad is not None and x.grad.dtype == np.float16 and np.isfinite(x.grad.numpy()).all()
        per = 2 * 0.5 / 80_000 if name == "var" else 0.5 / (80_000 * 0.5)  # |d/dx_i|: |x_i - mean| = 0.5
        np.testing.assert_allclose(np.abs(x.grad.numpy().astype(np.float64)), per, rtol=1e-2)


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=lambda d: np.dtype(d).name)
@given(data=st.data())
def test_mean_var_std_of_integers_give_the_default_float_dtype(dtype: Any, data: st.DataObject) -> None:
    x = data.draw(_int_arrays(dtype, shapes(min_dims=1, max_dims=3, min_side=2, max_side=4)))
    t = Tensor(x)
    for name in ("mean", "var", "std"):
        out = getattr(t, name)(-1)
        assert out.dtype == np.float32, name
        np.testing.assert_allclose(out.numpy(), getattr(np, name)(x.astype(np.float64), axis=-1,
                                                                  **({} if name == "mean" else {"ddof": 1})),
                                   rtol=1e-6, atol=1e-6)


# ------------------------------------------------------- std where std = 0
@pytest.mark.filterwarnings("ignore:Degrees of freedom:RuntimeWarning")  # n = 1 with correction 1
@given(
    x=tensors(shape=shapes(min_dims=2, max_dims=2, min_side=1, max_side=4), min_value=-3, max_value=3),
    const_rows=st.lists(st.booleans(), min_size=4, max_size=4),
    keepdims=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_std_gradient_is_zero_where_std_is_zero(x: Tensor, const_rows: list[bool], keepdims: bool,
                                                seed: int) -> None:
    data = x.numpy().copy()
    for i, const in enumerate(const_rows[: data.shape[0]]):
        if const:
            data[i] = data[i, 0]
    for correction in (0, 1):
        t = Tensor(data, requires_grad=True)
        with np.errstate(divide="ignore", invalid="ignore"):  # one element with correction 1: 0 / 0
            out = t.std(-1, keepdims, correction=correction)
            g = np.random.default_rng(seed).standard_normal(out.shape)
            out.backward(g)
            n = data.shape[1]
            std = data.std(-1, keepdims=True, ddof=correction)
            want = np.reshape(g, std.shape) * (data - data.mean(-1, keepdims=True)) / ((n - correction) * std)
        spread = (std != 0).ravel()
        assert t.grad is not None
        np.testing.assert_array_equal(t.grad.numpy()[~spread], 0.0)  # PyTorch masks 0 / 0 to 0
        if n > correction:
            np.testing.assert_allclose(t.grad.numpy()[spread], want[spread], rtol=1e-10, atol=1e-12)


def test_std_of_a_0d_tensor_with_correction_0_has_a_zero_gradient() -> None:
    x = Tensor(np.array(2.5), requires_grad=True)
    out = x.std(correction=0)
    out.backward()
    assert out.item() == 0.0 and x.grad is not None and x.grad.item() == 0.0


def test_std_gradient_at_zero_spread_under_create_graph() -> None:
    x = Tensor(np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 4.0]]), requires_grad=True)
    (g,) = grad(x.std(-1).sum(), [x], create_graph=True)
    assert np.isfinite(g.numpy()).all()
    np.testing.assert_array_equal(g.numpy()[0], 0.0)
    (gg,) = grad((g * g).sum(), [x])  # and differentiates again
    assert np.isfinite(gg.numpy()).all()
    np.testing.assert_array_equal(gg.numpy()[0], 0.0)
    # away from zero spread the second derivative is still right
    y = Tensor(np.array([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]]), requires_grad=True)
    assert gradgradcheck(lambda t: t.std(-1), [y], atol=1e-7, rtol=1e-6)


def test_std_gradient_at_zero_spread_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    x0 = np.array([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0], [-1.0, -1.0, -1.0]])
    for correction in (0, 1):
        ours = Tensor(x0, requires_grad=True)
        theirs = torch.tensor(x0, requires_grad=True)
        ours.std(1, correction=correction).sum().backward()
        torch.std(theirs, 1, correction=correction).sum().backward()
        np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-12)  # type: ignore[union-attr]


# ------------------------------------------- logsumexp, softmax of integers
@pytest.mark.parametrize("dtype", INT_DTYPES, ids=lambda d: np.dtype(d).name)
@given(data=st.data())
def test_softmax_family_of_integers_gives_the_default_float_dtype(dtype: Any, data: st.DataObject) -> None:
    x = data.draw(_int_arrays(dtype))
    t = Tensor(x)
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    log_probs = _log_softmax64(x, axis)
    shifted = x.astype(np.float64) - x.max(axis=axis, keepdims=True)
    lse = x.max(axis=axis) + np.log(np.exp(shifted).sum(axis=axis))
    for out, want in ((t.logsumexp(axis), lse), (t.softmax(axis), np.exp(log_probs)),
                      (t.log_softmax(axis), log_probs)):
        assert out.dtype == np.float32
        np.testing.assert_allclose(out.numpy(), want, rtol=1e-6, atol=1e-6)


def test_logsumexp_of_integers_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.array([[1, 2, 3], [-4, 0, 7]], np.int64)
    ours, ref = Tensor(x).logsumexp(1), torch.logsumexp(torch.from_numpy(x), 1)
    assert ref.dtype == torch.float32 and ours.dtype == np.float32
    np.testing.assert_allclose(ours.numpy(), ref.numpy(), rtol=1e-6)


# ---------------------------------------------------------------------- pow
@pytest.mark.parametrize(("base", "exponent"), [
    (Tensor(np.array([1, 2, 3])), Tensor(np.array([-1, 1, 2]))),
    (Tensor(np.array([1, 2, 3], np.int32)), -1),
    (2, Tensor(np.array([0, -2]))),
    (Tensor(np.array([True, False])), Tensor(np.array([-1, 1], np.int8))),
    (Tensor(np.array([4], np.uint8)), np.array([-2])),
])  # fmt: skip
def test_integer_to_a_negative_integer_power_names_pow_and_the_dtypes(base: Any, exponent: Any) -> None:
    with pytest.raises(ValueError, match=r"^pow: integers to negative integer powers .*dtype .*dtype .*float"):
        operator.pow(base, exponent)


def test_integer_powers_that_are_integers_or_floats_still_work() -> None:
    ints = Tensor(np.array([1, 2, 3]))
    out = ints ** Tensor(np.array([0, 1, 2]))
    assert out.dtype == np.int64 and out.tolist() == [1, 2, 9]
    assert (ints**2).tolist() == [1, 4, 9]
    recip = ints**-1.0  # a floating exponent
    assert recip.dtype == np.float32
    np.testing.assert_allclose(recip.numpy(), [1.0, 0.5, 1 / 3], rtol=1e-6)
    np.testing.assert_allclose((ints.float() ** -2).numpy(), [1.0, 0.25, 1 / 9], rtol=1e-6)


# ---------------------------------------------------- max/min beside empty axes
@pytest.mark.parametrize(("shape", "axis", "want"), [
    ((0, 3), 1, (0,)),
    ((0, 3), -1, (0,)),
    ((2, 0, 3), 2, (2, 0)),
    ((2, 0, 3), (0, 2), (0,)),
    ((4, 0), 0, (0,)),
])  # fmt: skip
@pytest.mark.parametrize("name", ["max", "min"])
def test_max_and_min_over_a_non_empty_axis_beside_an_empty_one(name: str, shape: tuple[int, ...], axis: Any,
                                                                want: tuple[int, ...]) -> None:
    x = Tensor(np.zeros(shape), requires_grad=True)
    out = getattr(x, "a" + name)(axis)
    assert out.shape == want == np.max(np.zeros(shape), axis=axis).shape
    kept = getattr(x, "a" + name)(axis, keepdim=True)
    assert kept.shape == np.max(np.zeros(shape), axis=axis, keepdims=True).shape
    out.backward(np.zeros(want))
    assert x.grad is not None and x.grad.shape == shape


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_and_min_over_an_empty_axis_name_the_op_axis_and_shape(name: str) -> None:
    x = Tensor(np.zeros((0, 3)))
    message = rf"^a{name}: cannot reduce over the empty axis 0 of a tensor of shape \(0, 3\)$"
    with pytest.raises(ValueError, match=message):
        getattr(x, "a" + name)(0)
    with pytest.raises(ValueError, match=rf"^{name}: dim 0 of the tensor of shape \(0, 3\) is empty"):
        getattr(x, name)(0)
    with pytest.raises(ValueError, match=rf"^a{name}: cannot reduce over the empty axis 1 .*\(2, 0\)"):
        getattr(Tensor(np.zeros((2, 0))), "a" + name)((0, 1))
    with pytest.raises(ValueError, match=rf"^{name}: cannot reduce an empty tensor of shape \(0, 3\)"):
        getattr(x, name)()


def test_max_beside_an_empty_axis_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.zeros((0, 3))
    assert Tensor(x).amax(1).shape == tuple(torch.amax(torch.from_numpy(x), 1).shape)
    values, indices = Tensor(x).max(1)
    assert values.shape == indices.shape == tuple(torch.max(torch.from_numpy(x), 1).values.shape)
    assert Tensor(x).argmax(1).shape == tuple(torch.argmax(torch.from_numpy(x), 1).shape)
    assert Tensor(x).argmin(1, keepdims=True).shape == (0, 1)


# ------------------------------------------------------- where and clip dtypes
_C = np.array([True, False, True])
_F32 = Tensor(np.array([1.5, -2.0, 0.25], np.float32))
_I64 = Tensor(np.array([1, 2, 3]))


@pytest.mark.parametrize(("call", "dtype"), [
    (lambda: where(_C, _F32, np.array([1, 2, 3])), np.float32),
    (lambda: where(_C, np.array([1, 2, 3]), _F32), np.float32),
    (lambda: where(_C, _I64, 1.5), np.float32),
    (lambda: where(_C, 2.5, _I64), np.float32),
    (lambda: where(_C, _I64, Tensor(np.ones(3))), np.float64),
    (lambda: where(_C, _I64, 7), np.int64),
    (lambda: _I64.clip(0.5, 2.5), np.float32),
    (lambda: _I64.clip(max=2.5), np.float32),
    (lambda: _I64.clip([0.5, 0.5, 0.5]), np.float32),
    (lambda: _I64.clip(np.array(0.5)), np.float64),  # as _I64 + np.array(0.5)
    (lambda: _I64.clip(0, 2), np.int64),
    (lambda: _F32.clip(np.array(0.0)), np.float32),
    (lambda: _F32.clip(np.float64(0.0), 1), np.float32),
    (lambda: _F32.clip(np.array([0, 0, 0])), np.float32),
    (lambda: _F32.clip([0.0, 0.0, 0.0]), np.float32),
    (lambda: _F32.clip(np.zeros(3)), np.float64),  # an n-d float64 bound, as _F32 + np.zeros(3)
    (lambda: ew.maximum(_I64, 1.5), np.float32),
    (lambda: ew.minimum(np.array([1, 2, 3]), _F32), np.float32),
], ids=[
    "where-f32-intarray", "where-intarray-f32", "where-int-pyfloat", "where-pyfloat-int", "where-int-f64",
    "where-int-pyint", "clip-int-pyfloats", "clip-int-max-pyfloat", "clip-int-floatlist", "clip-int-0d-f64",
    "clip-int-pyints", "clip-f32-0d-f64", "clip-f32-np-float64", "clip-f32-intarray", "clip-f32-floatlist",
    "clip-f32-nd-f64", "maximum-int-pyfloat", "minimum-intarray-f32",
])  # fmt: skip
def test_where_clip_maximum_minimum_promote_as_arithmetic(call: Callable[[], Tensor], dtype: Any) -> None:
    assert call().dtype == dtype


@given(
    x=hnp.arrays(np.int64, SMALL, elements=st.integers(-5, 5)),
    lo=st.floats(-4, 0, width=32),
    hi=st.floats(0.5, 4, width=32),
)
def test_clip_of_integers_by_float_bounds(x: np.ndarray, lo: float, hi: float) -> None:
    out = Tensor(x).clip(lo, hi)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.numpy(), np.clip(x.astype(np.float32), np.float32(lo), np.float32(hi)))


@given(data=st.data())
def test_where_with_integer_and_float_operands(data: st.DataObject) -> None:
    shape = data.draw(SMALL)
    cond = data.draw(hnp.arrays(np.bool_, shape))
    ints = data.draw(hnp.arrays(np.int64, shape, elements=st.integers(-5, 5)))
    x = data.draw(tensors(shape=shape, dtype=np.float32, min_value=-3, max_value=3))
    out = where(cond, x, ints)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.numpy(), np.where(cond, x.numpy(), ints.astype(np.float32)))
    g = np.ones(shape, np.float32)
    out.backward(g)
    assert x.grad is not None and x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.numpy(), cond.astype(np.float32))


def test_clip_by_a_0d_float64_bound_keeps_float32_and_its_gradient() -> None:
    x = Tensor(np.array([-1.0, 0.5, 3.0], np.float32), requires_grad=True)
    out = x.clip(np.array(0.0), np.array(2.0))
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.numpy(), [0.0, 0.5, 2.0])
    out.backward(np.ones(3, np.float32))
    assert x.grad is not None and x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0, 0.0])


def test_where_and_clip_dtypes_match_torch() -> None:
    torch = pytest.importorskip("torch")
    c = torch.from_numpy(_C)
    f32, i64 = torch.from_numpy(_F32.numpy()), torch.from_numpy(_I64.numpy())
    pairs = [
        (where(_C, _F32, _I64), torch.where(c, f32, i64)),
        (where(_C, _I64, 1.5), torch.where(c, i64, 1.5)),
        (_I64.clip(0.5, 2.5), i64.clip(0.5, 2.5)),
        (_F32.clip(np.array(0.0)), f32.clip(torch.tensor(0.0, dtype=torch.float64))),
    ]
    for ours, ref in pairs:
        assert str(ours.dtype) == str(ref.dtype).removeprefix("torch.")
        np.testing.assert_allclose(ours.numpy(), ref.numpy())


def test_division_gradient_does_not_underflow_in_b_squared() -> None:
    # d(a/b)/db = -a/b^2: with b^2 = 1e-50 (0 in float32) it must still be -1e20, as in PyTorch
    a = Tensor(np.array([1e-30], dtype=np.float32), requires_grad=True)
    b = Tensor(np.array([1e-25], dtype=np.float32), requires_grad=True)
    (a / b).sum().backward()
    assert np.isclose(b.grad.data[0], -1e20, rtol=1e-5)
    assert np.isclose(a.grad.data[0], 1e25, rtol=1e-5)
    x, y = Value(1e-200), Value(1e-160)  # the same on Value: b * b = 1e-320 is subnormal
    (x / y).backward()
    assert math.isclose(y.grad, -1e120, rel_tol=1e-12)
