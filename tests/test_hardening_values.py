"""Issue 13, "silent wrong answers", second pass: what a wider audit against PyTorch 2.13
still found after items 1-8 (tests/test_hardening.py): var/std gradients that overflow,
max/min gradients at NaN, the second derivative of x ** 0, Value's x ** 0.5 at -0.0
and -inf, and in-place updates with operands that cannot be stored."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd
from autograd import Tensor, Value


def _same(a: float, b: float) -> bool:
    """Equal as IEEE values: nan equals nan, and -0.0 differs from 0.0."""
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


# ------------------------------------------------------------ 5. var / std overflow
@pytest.mark.parametrize("keepdim", [False, True])
def test_std_gradient_divides_before_it_multiplies(keepdim: bool) -> None:
    torch = pytest.importorskip("torch")
    x = np.array([[1e20, -1e20], [1.0, 2.0]], dtype=np.float32)
    g = np.full((2, 1) if keepdim else (2,), 1e20, dtype=np.float32)  # g * (x - mean) alone is 1e40: inf
    ours = Tensor(x, requires_grad=True)
    ours.std(dim=1, keepdim=keepdim).backward(Tensor(g))
    theirs = torch.tensor(x, requires_grad=True)
    theirs.std(dim=1, keepdim=keepdim).backward(torch.tensor(g))
    np.testing.assert_allclose(ours.grad.data, theirs.grad.numpy(), rtol=1e-6)
    assert np.isfinite(ours.grad.data).all()


@pytest.mark.parametrize("name", ["var", "std"])
def test_var_and_std_gradients_where_a_float32_sum_overflows(name: str) -> None:
    # mean([3e38, 3e38, 1]) = 2e38 fits float32, the sum does not (PyTorch gives inf and nan);
    # reference: the same formulas in float64
    x = np.array([3e38, 3e38, 1.0], dtype=np.float32)
    ours = Tensor(x, requires_grad=True)
    with np.errstate(over="ignore"):  # (var itself, 1.2e76, is inf in float32, as in PyTorch)
        out = getattr(ours, name)()
    out.backward()
    wide = x.astype(np.float64)
    centered = wide - wide.mean()
    expected = 2 * centered / 2 if name == "var" else centered / (2 * wide.std(ddof=1))
    if name == "std":
        np.testing.assert_allclose(out.item(), wide.std(ddof=1), rtol=1e-6)
    np.testing.assert_allclose(ours.grad.data, expected.astype(np.float32), rtol=1e-6)


def test_var_and_std_still_differentiate_twice() -> None:
    x = Tensor(np.random.default_rng(0).normal(size=(3, 4)), requires_grad=True)
    for f in (lambda t: t.std(dim=1), lambda t: t.var(dim=0, keepdim=True), lambda t: t.std(dim=1, keepdim=True)):
        assert autograd.gradcheck(f, [x]) and autograd.gradgradcheck(f, [x])


# ----------------------------------------------------------- 8. max / min at NaN
@pytest.mark.parametrize("values", [[math.nan, 1.0, 2.0], [3.0, math.nan, math.nan, 1.0], [2.0, 2.0, 1.0],
                                    [math.nan, math.nan]])
@pytest.mark.parametrize("name", ["max", "min"])
def test_full_max_and_min_send_the_gradient_to_the_nan_elements_as_torch(values: list[float], name: str) -> None:
    torch = pytest.importorskip("torch")
    ours = Tensor(values, dtype=np.float64, requires_grad=True)
    out = getattr(ours, name)()
    out.backward()
    theirs = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    tout = getattr(theirs, name)()
    tout.backward()
    assert _same(out.item(), tout.item())
    np.testing.assert_array_equal(ours.grad.data, theirs.grad.numpy())


def test_max_over_a_dim_with_one_nan_per_row_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.array([[math.nan, 1.0, 2.0], [4.0, 5.0, 3.0], [0.0, 7.0, math.nan]])
    g = np.array([0.5, -2.0, 3.0])
    for name in ("max", "min"):
        ours = Tensor(x, requires_grad=True)
        getattr(ours, name)(dim=1).values.backward(Tensor(g))
        theirs = torch.tensor(x, requires_grad=True)
        getattr(theirs, name)(dim=1).values.backward(torch.tensor(g))
        np.testing.assert_array_equal(ours.grad.data, theirs.grad.numpy())


# ------------------------------------------------------------- 8. x ** 0, x ** 0.5
SPECIAL = [math.nan, -0.0, 0.0, math.inf, -math.inf, 1.5, -2.0]


@pytest.mark.parametrize("exponent", [0, 0.0])
def test_second_derivative_of_x_to_the_zero_is_zero_everywhere_as_torch(exponent: float) -> None:
    torch = pytest.importorskip("torch")
    for v in SPECIAL:
        x = Tensor([v], dtype=np.float64, requires_grad=True)
        (g1,) = autograd.grad((x**exponent).sum(), [x], create_graph=True)
        (g2,) = autograd.grad(g1.sum(), [x], allow_unused=True)
        t = torch.tensor([v], dtype=torch.float64, requires_grad=True)
        (tg1,) = torch.autograd.grad((t**exponent).sum(), t, create_graph=True)
        tg2 = torch.autograd.grad(tg1.sum(), t, allow_unused=True)[0] if tg1.requires_grad else None
        assert _same(g1.item(), tg1.item()), v
        assert _same(0.0 if g2 is None else g2.item() + 0.0, 0.0 if tg2 is None else tg2.item() + 0.0), v


def test_value_square_root_by_pow_agrees_with_tensor_and_torch() -> None:
    torch = pytest.importorskip("torch")
    with np.errstate(invalid="ignore"):
        for v in SPECIAL:
            expected = (torch.tensor([v], dtype=torch.float64) ** 0.5).item()
            assert _same((Value(v) ** 0.5).data, expected), v  # Python's (-0.0) ** 0.5 is 0.0, (-inf) ** 0.5 inf
            assert _same((Tensor([v], dtype=np.float64) ** 0.5).item(), expected), v
            assert _same((Value(v) ** Value(0.5)).data, expected), v


# -------------------------------------------- 3. operands an in-place update can't store
@pytest.mark.parametrize("bad", [np.array([1j, 2j]), 1j, np.array([1, 2], dtype="timedelta64[D]"),
                                 np.array([1.0, 2.0], dtype=object)],
                         ids=["complex", "py-complex", "timedelta", "object"])
@pytest.mark.parametrize("symbol", ["+", "-", "*", "/"])
def test_in_place_updates_refuse_non_real_operands_naming_the_op(bad: object, symbol: str) -> None:
    x = Tensor([1.0, 2.0])
    with pytest.raises(TypeError, match=rf"^x \{symbol}= y: .* cannot be stored in x of dtype float32"):
        {"+": x.__iadd__, "-": x.__isub__, "*": x.__imul__, "/": x.__itruediv__}[symbol](bad)
    assert list(x.data) == [1.0, 2.0]


def test_in_place_update_of_an_integer_tensor_by_a_float_names_the_op() -> None:
    # (PyTorch: "result type Float can't be cast to the desired output type Long")
    x = Tensor(np.array([1, 2]))
    with pytest.raises(TypeError, match=r"^x \+= y: .*float64 cannot be stored in x of dtype int64"):
        x += 0.5
    x += 3
    assert x.dtype == np.int64 and list(x.data) == [4, 5]
