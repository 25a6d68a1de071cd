"""autograd.ops.formulas: each non-trivial formula gives the same numbers on a float
(Value's path), a numpy array (a tensor op's backward) and a Tensor (create_graph)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd import Tensor
from autograd.ops import formulas

POINTS = [-1000.0, -30.0, -1.5, 0.0, 0.7, 40.0, 1000.0]


@pytest.mark.parametrize("name", ["sigmoid", "softplus", "exp", "log"])
def test_one_formula_on_floats_arrays_and_tensors(name: str) -> None:
    f = getattr(formulas, name)
    xs = [x for x in POINTS if name != "log" or x >= 0.0]
    with np.errstate(over="ignore", divide="ignore"):
        on_floats = np.array([f(x) for x in xs])
        on_array = f(np.array(xs))
        on_tensor = f(Tensor(np.array(xs))).data
    assert all(type(f(x)) is float for x in xs)
    np.testing.assert_allclose(on_floats, on_array, rtol=1e-15)
    np.testing.assert_allclose(on_floats, on_tensor, rtol=1e-15)


def test_sigmoid_and_softplus_do_not_overflow() -> None:
    assert formulas.sigmoid(-1000.0) == 0.0 and formulas.sigmoid(1000.0) == 1.0
    assert formulas.softplus(1000.0) == 1000.0 and formulas.softplus(-1000.0) == 0.0
    assert math.isnan(formulas.softplus(math.nan))
    assert formulas.exp(1000.0) == math.inf and formulas.log(0.0) == -math.inf and math.isnan(formulas.log(-1.0))


@pytest.mark.parametrize("a,b", [(0.0, 0.0), (0.0, 2.0), (0.0, -1.0), (2.0, 0.0), (1.5, 2.5), (0.0, 0.5)])
def test_pow_partials_agree_on_floats_and_arrays(a: float, b: float) -> None:
    out = formulas.power(a, b)
    da, db = formulas.pow_base_partial(a, b), formulas.pow_exponent_partial(a, b, out)
    arr_a, arr_b = np.array([a]), np.array([b])
    with np.errstate(divide="ignore"):
        arr_out = arr_a**arr_b
        np.testing.assert_array_equal(formulas.pow_base_partial(arr_a, arr_b), [da])
        np.testing.assert_array_equal(formulas.pow_exponent_partial(arr_a, arr_b, arr_out), [db])
    if b == 0.0:
        assert da == 0.0  # d/da a^0 := 0, also at a = 0
    if a == 0.0 and b >= 0.0:
        assert db == 0.0  # d/db a^b := 0 at a = 0, the limit for b > 0
    if a == 0.0 and b < 0.0:
        assert db == -math.inf


def test_max_shift_is_zero_where_the_max_is_not_finite() -> None:
    assert [formulas.max_shift(m) for m in (3.0, math.inf, -math.inf)] == [3.0, 0.0, 0.0]
    np.testing.assert_array_equal(formulas.max_shift(np.array([3.0, np.inf, -np.inf])), [3.0, 0.0, 0.0])
