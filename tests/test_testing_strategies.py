"""autograd.testing: the strategies draw what they promise, and
assert_gradients_match passes right gradients and catches wrong ones."""

from __future__ import annotations

import importlib
import math
import sys
from typing import Any

import numpy as np
import pytest
from faulty_ops import WrongSin
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Tensor, Value
from autograd import value as value_ops
from autograd.gradcheck import GradcheckError
from autograd.ops.base import BackwardContext, Op
from autograd.testing import (
    assert_gradients_match,
    away_from,
    broadcastable_shapes,
    broadcastable_tensors,
    shapes,
    tensors,
    values,
)

# ------------------------------------------------------------------ shapes


@given(data=st.data(), min_dims=st.integers(0, 3), extra_dims=st.integers(0, 2), min_side=st.integers(1, 3),
       extra_side=st.integers(0, 3))
def test_shapes_respect_their_bounds(data: st.DataObject, min_dims: int, extra_dims: int, min_side: int,
                                     extra_side: int) -> None:
    max_dims, max_side = min_dims + extra_dims, min_side + extra_side
    shape = data.draw(shapes(min_dims, max_dims, min_side, max_side))
    assert min_dims <= len(shape) <= max_dims
    assert all(min_side <= n <= max_side for n in shape)


@given(data=st.data(), n=st.integers(1, 4), max_dims=st.integers(0, 4))
def test_broadcastable_shapes_broadcast_together(data: st.DataObject, n: int, max_dims: int) -> None:
    shape_tuple = data.draw(broadcastable_shapes(n=n, max_dims=max_dims, max_side=4))
    assert len(shape_tuple) == n
    assert all(len(s) <= max_dims and all(1 <= k <= 4 for k in s) for s in shape_tuple)
    np.broadcast_shapes(*shape_tuple)  # raises if they do not


@given(broadcastable_tensors(n=3, avoid=[0.0], margin=0.5, max_dims=3, requires_grad=False))
def test_broadcastable_tensors_broadcast_and_keep_the_domain(ts: tuple[Tensor, ...]) -> None:
    assert len(ts) == 3
    np.broadcast_shapes(*(t.shape for t in ts))
    for t in ts:
        assert isinstance(t, Tensor) and t.dtype == np.float64 and not t.requires_grad
        assert np.all(np.abs(t.data) > 0.5) and np.all(np.abs(t.data) <= 10)


# ----------------------------------------------------------------- tensors


@given(tensors(shape=(2, 3), dtype=np.float32, min_value=-1.5, max_value=2.5, requires_grad=False))
def test_tensors_with_a_fixed_shape_and_dtype(x: Tensor) -> None:
    assert x.shape == (2, 3) and x.dtype == np.float32 and not x.requires_grad
    assert np.all((x.data >= -1.5) & (x.data <= 2.5))


@given(tensors(shape=shapes(min_dims=2, max_dims=2, max_side=2)))
def test_tensors_with_a_shape_strategy_require_grad_by_default(x: Tensor) -> None:
    assert x.ndim == 2 and max(x.shape) <= 2
    assert x.requires_grad and x.is_leaf and x.dtype == np.float64
    assert np.all(np.isfinite(x.data)) and np.all(np.abs(x.data) <= 10)


@given(tensors(avoid=[0.0, 1.0], margin=0.25, dtype=np.float32))
def test_tensors_keep_away_from_avoided_points(x: Tensor) -> None:
    d = x.data.astype(np.float64)
    assert np.all(np.abs(d) > 0.25) and np.all(np.abs(d - 1.0) > 0.25)


@given(tensors(positive=True, margin=1e-3, dtype=np.float32), tensors(positive=True, min_value=2, max_value=3))
def test_positive_tensors(x: Tensor, y: Tensor) -> None:
    assert np.all(x.data >= 1e-3)  # 1e-3 is rounded inwards in float32
    assert np.all((y.data >= 2) & (y.data <= 3))


@given(tensors(distinct=True, margin=0.01, shape=shapes(min_dims=1, max_dims=2, max_side=4)))
def test_distinct_tensors_have_no_ties(x: Tensor) -> None:
    flat = np.sort(x.data.ravel())
    assert flat.size < 2 or np.min(np.diff(flat)) > 0.01


# Big arrays and wide margins: drawn from the allowed pieces, never filtered, so
# hypothesis does not give up (these failed its health check when elements were filtered).
@given(tensors(shape=(32, 32), avoid=[0.0, 1.0], margin=0.5, min_value=-2, max_value=3, dtype=np.float32))
def test_a_large_tensor_keeps_away_from_avoided_points(x: Tensor) -> None:
    d = x.data.astype(np.float64)
    assert np.all(np.abs(d) > 0.5) and np.all(np.abs(d - 1.0) > 0.5)  # (0.5 is a float32: excluded exactly)
    assert np.all((d >= -2) & (d <= 3))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
@given(data=st.data())
def test_large_distinct_tensors_have_no_ties_and_keep_the_domain(dtype: type, data: st.DataObject) -> None:
    x = data.draw(tensors(shape=(12, 12), distinct=True, avoid=[0.0], margin=0.01, min_value=-3, max_value=3,
                          dtype=dtype))
    assert x.dtype == dtype and x.shape == (12, 12)
    d = np.sort(x.data.astype(np.float64).ravel())
    assert np.min(np.diff(d)) > 0.01 and np.all(np.abs(d) > 0.01) and d[0] >= -3 and d[-1] <= 3


def test_every_piece_of_a_split_domain_is_drawn() -> None:
    seen: set[int] = set()

    @settings(max_examples=100, derandomize=True, database=None)  # (deterministic under every profile)
    @given(values(min_value=-1, max_value=2, avoid=[0.0, 1.0], margin=0.25))
    def record(v: Value) -> None:
        seen.add(-1 if v.data < 0 else 0 if v.data < 1 else 1)  # [-1, -0.25), (0.25, 0.75), (1.25, 2]

    record()
    assert seen == {-1, 0, 1}


def _layout_of(a: np.ndarray) -> str:
    if a.ndim >= 2 and a.base is not None and a.T.flags.c_contiguous and not a.flags.c_contiguous:
        return "transposed"
    if a.base is not None and not (a.flags.c_contiguous or a.flags.f_contiguous):
        return "strided"
    if a.flags.f_contiguous and not a.flags.c_contiguous:
        return "F"
    return "C"


def test_any_layout_draws_all_four_with_unchanged_values() -> None:
    seen: set[str] = set()

    @settings(max_examples=100, derandomize=True, database=None)  # (deterministic under every profile)
    @given(tensors(shape=(2, 3), min_value=-5, max_value=5), tensors(shape=(2, 3), layout="C"))
    def record(x: Tensor, c: Tensor) -> None:
        seen.add(_layout_of(x.data))
        assert _layout_of(c.data) == "C"
        np.testing.assert_array_equal(np.ascontiguousarray(x.data), x.data)  # the same values, indexed alike
        assert x.requires_grad and x.shape == (2, 3) and np.all(np.abs(x.data) <= 5)

    record()
    assert seen == {"C", "F", "transposed", "strided"}


@pytest.mark.parametrize("layout", ["C", "F", "transposed", "strided"])
@given(data=st.data())
def test_a_fixed_layout_is_kept_for_every_rank(layout: str, data: st.DataObject) -> None:
    x = data.draw(tensors(shape=shapes(min_dims=2, max_dims=3, max_side=3), layout=layout))
    (y,) = data.draw(broadcastable_tensors(n=1, min_dims=2, max_dims=3, max_side=3, layout=layout))
    for t in (x, y):
        # a side of length 1 makes a layout look like several: only check the unambiguous case
        if min(t.shape) > 1:
            assert _layout_of(t.data) == layout
    # 0-d and 1-d arrays keep their shape (numpy's asfortranarray would make a 0-d one 1-d)
    assert data.draw(tensors(shape=(), layout=layout)).shape == ()
    assert data.draw(tensors(shape=(3,), layout=layout)).shape == (3,)


def test_an_unknown_layout_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"^tensors: layout must be one of .*'any', got 'K'"):
        tensors(layout="K")


def test_distinct_elements_that_cannot_fit_are_an_error() -> None:
    with pytest.raises(ValueError, match=r"100 elements pairwise more than 0.1 apart do not fit"):
        tensors(shape=(10, 10), distinct=True, min_value=-1, max_value=1, margin=0.1)


@given(tensors(shape=(3,), elements=st.sampled_from([-1.0, 0.0, 2.0]), avoid=[0.0]))
def test_a_custom_element_strategy_is_still_filtered(x: Tensor) -> None:
    assert set(x.data.tolist()) <= {-1.0, 2.0}


F32_NEAR_A_TENTH = [float(np.float32(0.1)), float(np.nextafter(np.float32(0.1), np.float32(0))), -1.0, 0.5]


@given(tensors(shape=(3,), elements=st.floats(-1, 1), positive=True),
       tensors(shape=(4,), elements=st.sampled_from([-1.0, 0.0, 5e-4, 0.5, 2.0]), positive=True),
       tensors(shape=(2, 2), dtype=np.float32, elements=st.sampled_from(F32_NEAR_A_TENTH), positive=True, margin=0.1),
       tensors(shape=(3, 3), elements=st.floats(-1, 1), positive=True, margin=0.1, avoid=[0.5]))
def test_a_custom_element_strategy_is_kept_positive(x: Tensor, y: Tensor, z: Tensor, w: Tensor) -> None:
    assert np.all(x.data >= 1e-3)
    assert set(y.data.tolist()) <= {0.5, 2.0}  # 5e-4 is under the margin
    # the margin is rounded up to float32: float32(0.1) > 0.1 is kept, the float32 below it is not
    assert z.dtype == np.float32 and set(z.data.ravel().tolist()) <= {float(np.float32(0.1)), 0.5}
    assert np.all(w.data >= 0.1) and np.all(np.abs(w.data - 0.5) > 0.1)


def test_a_custom_element_strategy_draws_no_non_positive_element() -> None:
    # (the audit's reproduction: positive used to be ignored with elements, giving [0, 0, 0])
    from hypothesis import find
    from hypothesis.errors import NoSuchExample

    with pytest.raises(NoSuchExample):
        find(tensors(shape=(3,), elements=st.floats(-1, 1), positive=True), lambda t: bool((t.data <= 0).any()),
             settings=settings(database=None, max_examples=200))


def test_bounds_with_a_custom_element_strategy_are_an_error() -> None:
    with pytest.raises(ValueError, match=r"tensors: min_value=0 bounds the default elements .*ignored"):
        tensors(elements=st.floats(-1, 1), min_value=0)
    with pytest.raises(ValueError, match=r"tensors: min_value=-1, max_value=1 bounds"):
        tensors(elements=st.floats(-5, 5), min_value=-1, max_value=1)


def test_an_empty_domain_is_an_error() -> None:
    with pytest.raises(ValueError, match="empty domain"):
        tensors(min_value=-5, max_value=0, positive=True)
    with pytest.raises(ValueError, match="empty domain"):  # every point is too close to one avoided
        values(min_value=-1, max_value=1, avoid=[-0.5, 0.5], margin=0.5)


# ------------------------------------------------------------------ values


@given(values(min_value=-2, max_value=3, avoid=[0.5], margin=0.1), values(positive=True, max_value=1))
def test_values_are_values_in_their_domain(v: Value, p: Value) -> None:
    assert isinstance(v, Value) and isinstance(p, Value)
    assert -2 <= v.data <= 3 and abs(v.data - 0.5) > 0.1
    assert 1e-3 <= p.data <= 1


@pytest.mark.parametrize(("x", "expected"), [
    (0.05, False), (-0.1, False), (0.2, True), (-3.0, True), (1.05, False),
    (np.array([0.5, 2.0]), True), (np.array([0.5, 0.01]), False),
])
def test_away_from_checks_every_point_and_element(x: Any, expected: bool) -> None:
    assert away_from([0.0, 1.0], margin=0.1)(x) is expected


# -------------------------------------------------- assert_gradients_match


class SoftmaxWithoutGradient(Op):
    """softmax whose backward returns zeros: right only for an upstream gradient that
    is constant along the axis (softmax sums to 1), e.g. all ones."""

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        e = np.exp(x - x.max())
        return e / e.sum(), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * 0,)


def _wrong_value_sin(v: Value) -> Value:
    """A Value op whose stored partial is wrong (sin x instead of cos x)."""
    return value_ops._node(math.sin(v.data), (v,), (math.sin(v.data),), "sin")


@given(broadcastable_tensors(n=2, max_dims=3, max_side=3, min_value=-2, max_value=2))
def test_right_tensor_gradients_pass(ab: tuple[Tensor, ...]) -> None:
    a, b = ab
    assert_gradients_match(lambda x, y: (x * y).tanh() + x.exp() * y, a, b)
    assert a.grad is None and b.grad is None  # checked on copies


@given(values(min_value=-2, max_value=2), values(min_value=0.5, max_value=2))
def test_right_value_gradients_pass(a: Value, b: Value) -> None:
    assert_gradients_match(lambda x, y: (x * y).tanh() + x.exp() / y + y**x, a, b)
    assert a.grad == 0.0 and b.grad == 0.0


@given(st.lists(values(), min_size=1, max_size=5))
def test_value_functions_with_several_outputs(vs: list[Value]) -> None:
    assert_gradients_match(lambda *xs: value_ops.softmax(list(xs)), *vs)


# (away from pi/4, where the wrong derivative sin x equals the right one, cos x)
@given(values(min_value=0.2, max_value=1.3, avoid=[math.pi / 4], margin=0.05))
def test_a_wrong_value_partial_is_caught(v: Value) -> None:
    with pytest.raises(GradcheckError, match="assert_gradients_match"):
        assert_gradients_match(_wrong_value_sin, v)


@given(tensors(shape=shapes(min_dims=1, max_dims=2, max_side=3), min_value=0.2, max_value=1.3, avoid=[math.pi / 4],
               margin=0.05))
def test_a_wrong_tensor_backward_is_caught(x: Tensor) -> None:
    with pytest.raises(GradcheckError):
        assert_gradients_match(lambda t: WrongSin.apply(t), x)


@given(tensors(shape=shapes(min_dims=1, max_dims=1, min_side=2, max_side=5), min_value=-2, max_value=2,
               distinct=True, margin=0.1))
def test_a_random_upstream_catches_what_an_upstream_of_ones_misses(x: Tensor) -> None:
    fn = lambda t: SoftmaxWithoutGradient.apply(t)  # noqa: E731
    assert_gradients_match(fn, x, upstream=None)  # sum(softmax) = 1: the zero gradient looks right
    with pytest.raises(GradcheckError):
        assert_gradients_match(fn, x, upstream="random")


def test_given_upstream_arrays_and_shape_errors() -> None:
    x = Tensor(np.array([[0.1, 0.7], [-0.4, 2.0]]), requires_grad=True)
    assert_gradients_match(lambda t: t.tanh(), x, upstream=np.array([[1.0, -2.0], [0.5, 0.0]]))
    assert_gradients_match(lambda t: (t.exp(), t.sum()), x, upstream=[np.ones((2, 2)), np.float64(3.0)])
    with pytest.raises(ValueError, match="upstream"):
        assert_gradients_match(lambda t: t.tanh(), x, upstream=np.ones(3))
    with pytest.raises(ValueError, match="upstream"):
        assert_gradients_match(lambda t: t.tanh(), x, upstream="ones")
    with pytest.raises(ValueError, match="no input"):
        assert_gradients_match(lambda t: t.tanh(), Tensor([1.0]))


def test_a_list_upstream_is_one_array_per_output_for_a_single_output_too() -> None:
    x = Tensor(np.array([[0.1, 0.7], [-0.4, 2.0]]), requires_grad=True)
    u = np.array([[1.0, -2.0], [0.5, 3.0]])
    assert_gradients_match(lambda a: a.exp(), x, upstream=[np.ones((2, 2))])
    assert_gradients_match(lambda a: a.exp(), x, upstream=(Tensor(u),))
    assert_gradients_match(lambda a: (a.exp(),), x, upstream=[u])
    assert_gradients_match(lambda v: v.exp(), Value(0.3), upstream=[2.0])
    assert_gradients_match(lambda a: a.sum(), x, upstream=[3.0])  # a 0-d output
    # a single output's array as a nested list still works (it has one axis more than its entries)
    assert_gradients_match(lambda a: a.exp(), x, upstream=u.tolist())
    assert_gradients_match(lambda a: a.sum(axis=0, keepdims=True), x, upstream=[[1.0, -1.0]])  # shape (1, 2)
    # the upstream must be right: a list of per-output gradients, checked against the backward
    with pytest.raises(GradcheckError):
        assert_gradients_match(lambda a: SoftmaxWithoutGradient.apply(a.reshape(-1)), x, upstream=[u.ravel()])
    with pytest.raises(ValueError, match=r"upstream shapes \[\(3,\)\] do not match the output shapes \[\(2, 2\)\]"):
        assert_gradients_match(lambda a: a.exp(), x, upstream=[np.ones(3)])
    with pytest.raises(ValueError, match=r"upstream shapes \[\(3,\), \(2,\), \(1,\)\] do not match .* \[\(2, 2\)\]"):
        assert_gradients_match(lambda a: a.exp(), x, upstream=[np.ones(3), np.ones(2), np.ones(1)])
    with pytest.raises(ValueError, match=r"upstream shapes \[\(2, 2\)\] do not match .*\[\(2, 2\), \(\)\]"):
        assert_gradients_match(lambda a: (a.exp(), a.sum()), x, upstream=[u])


def test_constant_arguments_pass_through() -> None:
    x = Tensor(np.array([0.3, -1.2]), requires_grad=True)
    c = Tensor(np.array([2.0, 5.0]))  # no requires_grad: not checked, not perturbed
    assert_gradients_match(lambda t, k, s: t * WrongSin.apply(k) * s, x, c, 3.0)


def test_missing_hypothesis_gives_a_clear_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)  # `import hypothesis` now fails
    monkeypatch.delitem(sys.modules, "autograd.testing")
    with pytest.raises(ImportError, match="pip install hypothesis"):
        importlib.import_module("autograd.testing")
