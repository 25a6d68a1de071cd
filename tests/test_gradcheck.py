"""gradcheck and gradgradcheck: they pass right derivatives and catch wrong ones."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from faulty_ops import WrongSin
from hypothesis import given
from hypothesis import strategies as st

from autograd import Tensor
from autograd.gradcheck import GradcheckError, gradcheck, gradgradcheck
from autograd.ops import formulas
from autograd.ops.base import BackwardContext, Op
from autograd.testing import broadcastable_tensors, shapes, tensors

SMALL = shapes(max_dims=2, max_side=3)


class FlatSin(Op):
    """sin(x) whose first derivative is right but recorded as a constant: under
    create_graph its own derivative comes out 0 instead of -sin x."""

    name = "flat_sin"

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.sin(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * np.cos(formulas.constant(ctx.inputs[0])),)


class Sin(Op):
    """sin(x);  d/dx sin x = cos x, written so create_graph can differentiate it again."""

    name = "sin"

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.sin(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x = ctx.inputs[0]
        # cos x = sin(x + pi/2), through Sin itself when x is a Tensor
        shifted = x + np.pi / 2
        return (g * (Sin.apply(shifted) if isinstance(shifted, Tensor) else np.sin(shifted)),)


# ----------------------------------------------------------------- passing


@given(broadcastable_tensors(n=2, max_dims=3, max_side=3, min_value=-2, max_value=2))
def test_gradcheck_passes_for_right_derivatives_with_broadcasting(ab: tuple[Tensor, ...]) -> None:
    a, b = ab
    assert gradcheck(lambda x, y: (x * y).tanh() + x.exp() - Sin.apply(y), [a, b]) is True


@given(tensors(shape=SMALL, min_value=-2, max_value=2))
def test_gradgradcheck_passes_for_right_second_derivatives(x: Tensor) -> None:
    assert gradgradcheck(lambda t: Sin.apply(t) * t.tanh(), [x]) is True


def test_gradcheck_leaves_grad_untouched_and_accepts_a_single_tensor() -> None:
    x = Tensor(np.linspace(-1, 1, 5), requires_grad=True)
    assert gradcheck(lambda t: t.sigmoid(), x)
    assert x.grad is None


@given(tensors(shape=SMALL, dtype=np.float32, min_value=-2, max_value=2))
def test_inputs_are_checked_as_float64_copies(x: Tensor) -> None:
    seen: list[Any] = []

    def fn(t: Tensor) -> Tensor:
        seen.append(t.dtype)
        return t.tanh() * 3

    assert gradcheck(fn, [x])
    assert set(seen) == {np.dtype(np.float64)}
    assert x.dtype == np.float32


@given(broadcastable_tensors(n=2, max_dims=2, max_side=3, min_value=-2, max_value=2))
def test_only_inputs_requiring_grad_are_perturbed_and_others_pass_through(xc: tuple[Tensor, ...]) -> None:
    x, c = xc
    const = c.detach()  # a wrong derivative with respect to a constant is never used
    arr = np.ones(np.broadcast_shapes(x.shape, c.shape))
    assert gradcheck(lambda t, k, s, a: t * WrongSin.apply(k) * s + a, [x, const, 2.5, arr])
    assert x.grad is None


def test_several_outputs_are_all_checked() -> None:
    x = Tensor(np.linspace(-1, 1, 4), requires_grad=True)
    assert gradcheck(lambda t: (t.exp(), Sin.apply(t).sum()), [x])
    with pytest.raises(GradcheckError, match=r"\b1 \(\)"):  # output 1 (0-d) is wrong
        gradcheck(lambda t: (t.exp(), WrongSin.apply(t).sum()), [x])


# ----------------------------------------------------------------- catching


@given(tensors(shape=shapes(min_dims=1, max_dims=2, max_side=3), min_value=-3, max_value=3))
def test_gradcheck_catches_a_wrong_backward_and_reports_the_worst_entry(x: Tensor) -> None:
    wrong, right = np.sin(x.data), np.cos(x.data)
    if np.max(np.abs(wrong - right)) <= 1e-5 + 1e-3 * np.max(np.abs(right)):
        return  # sin x = cos x at every element: there is nothing to catch
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda t: WrongSin.apply(t), [x])
    message = str(info.value)
    assert "analytical" in message and "numerical" in message
    worst = np.unravel_index(np.argmax(np.abs(wrong - right)), x.shape)
    first_row = message.splitlines()[2].split()
    assert first_row[0] == "0"  # input index
    assert str(tuple(int(i) for i in worst)).replace(" ", "") in "".join(first_row)
    assert float(first_row[-3]) == pytest.approx(wrong[worst], rel=1e-6, abs=1e-9)
    assert float(first_row[-2]) == pytest.approx(right[worst], rel=1e-4, abs=1e-6)


def test_raise_exception_false_returns_false() -> None:
    x = Tensor(np.array([0.3, 1.2]), requires_grad=True)
    assert gradcheck(lambda t: WrongSin.apply(t), [x], raise_exception=False) is False
    assert gradcheck(lambda t: Sin.apply(t), [x], raise_exception=False) is True


@given(seed=st.integers(0, 2**16))
def test_random_projections_for_large_inputs_and_outputs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    big = Tensor(rng.uniform(-1, 1, (12, 10)), requires_grad=True)
    small = Tensor(rng.uniform(-1, 1, 3), requires_grad=True)
    # 120 input elements and 120 output elements, both over max_elements=50
    assert gradcheck(lambda t: t.softmax(-1) * Sin.apply(t), [big], max_elements=50)
    with pytest.raises(GradcheckError, match="proj .* dir|dir .* proj"):
        gradcheck(lambda t: WrongSin.apply(t), [big], max_elements=50)
    # small input, large output (an outer product): random output weightings only
    outer = lambda t, u: Sin.apply(t).reshape(-1, 1) * u.reshape(1, -1)  # noqa: E731
    assert gradcheck(outer, [small, big.reshape(-1).detach().requires_grad_()], max_elements=50)
    wrong_outer = lambda t: WrongSin.apply(t).reshape(-1, 1) * big.detach().reshape(1, -1)  # noqa: E731
    with pytest.raises(GradcheckError, match="proj"):
        gradcheck(wrong_outer, [small], max_elements=50)


@given(tensors(shape=shapes(min_dims=1, max_dims=2, max_side=3), min_value=0.2, max_value=1.3))
def test_gradgradcheck_catches_a_backward_that_records_a_constant(x: Tensor) -> None:
    # first derivatives are right, so gradcheck passes ...
    assert gradcheck(lambda t: FlatSin.apply(t), [x])
    # ... but d/dx of (v cos x) is -v sin x, not 0 (sin x != 0 on [0.2, 1.3])
    with pytest.raises(GradcheckError):
        gradgradcheck(lambda t: FlatSin.apply(t), [x])


def test_gradgradcheck_failures_are_headed_gradgradcheck_and_explain_the_columns() -> None:
    x = Tensor(np.array([0.5, 1.0]), requires_grad=True)
    c = Tensor(np.array([2.0, 3.0]))  # a constant: not perturbed, but it counts in the input numbering
    with pytest.raises(GradcheckError) as info:
        gradgradcheck(lambda k, t: (FlatSin.apply(t) * k, t.sum()), [c, x], grad_outputs=[np.ones(2), 1.0])
    lines = str(info.value).splitlines()
    assert lines[0].startswith("gradgradcheck: 2 of ")
    legend = " ".join(lines[1:4])
    assert "v^T J(x)" in legend and "x<i> is fn's input i" in legend and "v<k>" in legend and "dx<i>" in legend
    assert lines[4].split() == ["input", "element", "output", "analytical", "numerical", "abs", "diff"]
    # d/dx1 of (v0 k cos x1) is wrong (0): input x1 (fn's second input), output dx1, the same element
    rows = [line.split() for line in lines[5:]]
    assert {(r[0], r[1], r[2], r[3]) for r in rows} == {("x1", "(0,)", "dx1", "(0,)"), ("x1", "(1,)", "dx1", "(1,)")}
    numerical = {r[1]: float(r[5]) for r in rows}
    assert numerical["(0,)"] == pytest.approx(-2 * np.sin(0.5), rel=1e-5)
    assert numerical["(1,)"] == pytest.approx(-3 * np.sin(1.0), rel=1e-5)
    # gradcheck itself keeps its header and plain input numbers
    with pytest.raises(GradcheckError, match=r"^gradcheck: .*\n  input .*\n +0  "):
        gradcheck(lambda t: WrongSin.apply(t), [x])


def test_gradgradcheck_labels_the_upstream_inputs() -> None:
    class FlatDouble(Op):
        """2 x whose backward records the upstream g as a constant: under create_graph
        d(2 g)/dg comes out 0 instead of 2."""

        @staticmethod
        def forward(x: Any) -> tuple[Any, Any]:
            return x * 2, None

        @staticmethod
        def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
            return (formulas.constant(g) * 2,)

    x = Tensor(np.array([0.5, 1.0]), requires_grad=True)
    with pytest.raises(GradcheckError) as info:
        gradgradcheck(lambda t: FlatDouble.apply(t), [x])
    rows = [line.split() for line in str(info.value).splitlines()[5:]]
    assert [(r[0], r[2]) for r in rows] == [("v0", "dx0"), ("v0", "dx0")]  # wrong as a function of v
    assert all(float(r[-3]) == 0 and float(r[-2]) == pytest.approx(2) for r in rows)


def test_gradgradcheck_with_given_grad_outputs() -> None:
    x = Tensor(np.array([[0.5, -1.0], [2.0, 0.1]]), requires_grad=True)
    assert gradgradcheck(lambda t: t.tanh() * t, [x], grad_outputs=[np.array([[1.0, -2.0], [0.5, 3.0]])])
    with pytest.raises(ValueError, match="grad_outputs"):
        gradgradcheck(lambda t: t.tanh(), [x], grad_outputs=[np.ones(3)])


def test_bad_arguments_are_errors() -> None:
    with pytest.raises(ValueError, match="requires grad"):
        gradcheck(lambda t: t * 2, [Tensor([1.0, 2.0])])
    with pytest.raises(TypeError, match="Tensor"):
        gradcheck(lambda t: 3.0, [Tensor([1.0], requires_grad=True)])
    assert issubclass(GradcheckError, AssertionError)


# ------------------------------------------------------ PyTorch-style Function


def test_gradcheck_catches_a_wrong_custom_function() -> None:
    function = pytest.importorskip("autograd.function")

    class Cube(function.Function):  # type: ignore[name-defined,misc]
        @staticmethod
        def forward(ctx: Any, x: Tensor) -> Tensor:
            ctx.save_for_backward(x)
            return x * x * x

        @staticmethod
        def backward(ctx: Any, g: Tensor) -> Tensor:
            (x,) = ctx.saved_tensors
            return g * 3 * x * x

    class WrongCube(Cube):
        @staticmethod
        def backward(ctx: Any, g: Tensor) -> Tensor:
            (x,) = ctx.saved_tensors
            return g * 2 * x * x  # should be 3 x^2

    x = Tensor(np.array([[0.5, -1.5, 2.0]]), requires_grad=True)
    assert gradcheck(Cube.apply, [x])
    assert gradgradcheck(Cube.apply, [x])
    with pytest.raises(GradcheckError):
        gradcheck(WrongCube.apply, [x])


# ------------------------------------------- one central-difference core


def test_central_differences_is_the_derivative_along_each_direction() -> None:
    from autograd.gradcheck import central_differences

    x = np.array([0.3, -1.2])
    directions = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
    got = central_differences(lambda a: np.array([np.sin(a[0]) * a[1], a[1] ** 2]), x, directions, 1e-6, 2)
    jacobian = np.array([[np.cos(0.3) * -1.2, np.sin(0.3)], [0.0, 2 * -1.2]])
    np.testing.assert_allclose(got, jacobian @ directions.T, atol=1e-8)
    assert central_differences(lambda a: a, np.zeros(0), np.zeros((0, 0)), 1e-6, 0).shape == (0, 0)


def test_gradcheck_and_assert_gradients_match_report_under_their_own_names() -> None:
    # both run on the same core; each failure still names its own check, input and element
    from autograd.testing import assert_gradients_match

    x = Tensor(np.array([0.4, 1.1]), requires_grad=True)
    with pytest.raises(GradcheckError, match=r"^gradcheck: 2 of 4 entries differ.*\n(.*\n)* +0  \(1,\)"):
        gradcheck(lambda t: WrongSin.apply(t), [x])
    header = r"^assert_gradients_match: 2 of 2 entries differ.*\n(.*\n)* +0  \(1,\) +upstream"
    with pytest.raises(GradcheckError, match=header):
        assert_gradients_match(lambda t: WrongSin.apply(t), x)
    with pytest.raises(GradcheckError, match="^assert_gradients_match: fn's output shapes changed"):
        assert_gradients_match(lambda t: t[: 1 + int(t.data[0] > 0.4)], x)
