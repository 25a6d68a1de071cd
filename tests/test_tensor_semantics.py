"""PyTorch semantics a PyTorch user relies on without thinking: in-place updates,
dtype promotion, grad modes as plain calls, copies that do not alias."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd
from autograd import Tensor, Value, grad, no_grad


# ------------------------------------------------------------------ in place
def test_in_place_update_under_no_grad_changes_the_parameter_itself() -> None:
    w = Tensor(np.array([1.0, 2.0], np.float32), requires_grad=True)
    params = [w]
    (w * w).sum().backward()
    with no_grad():
        w -= 0.5 * w.grad  # the textbook update step
    assert params[0] is w and w.requires_grad
    np.testing.assert_allclose(params[0].data, [0.0, 0.0])
    with no_grad():
        w += 1.0
        w *= Tensor(np.array([2.0, 3.0], np.float32))
        w /= 2.0
    np.testing.assert_allclose(w.data, [1.0, 1.5])
    assert w.dtype == np.float32


def test_in_place_update_with_a_graph_raises_a_clear_error() -> None:
    w = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"in-place.*requires grad.*no_grad"):
        w += 1.0
    plain = Tensor(np.ones(3))  # needs no gradient: in place is fine
    plain += 1.0
    np.testing.assert_allclose(plain.data, 2.0)
    with pytest.raises(ValueError, match=r"shape \(2,\) cannot update x of shape \(3,\)"):
        plain += np.ones(2)


# --------------------------------------------------------------- conversions
def test_np_array_copy_does_not_alias_the_tensor() -> None:
    t = Tensor(np.zeros(3))
    copied = np.array(t, copy=True)
    copied[0] = 5.0
    assert t.data[0] == 0.0
    shared = np.asarray(t)  # asarray shares, as with torch's .numpy()
    shared[1] = 7.0
    assert t.data[1] == 7.0


def test_integer_and_float_operands_take_the_float_dtype() -> None:
    ints = Tensor(np.arange(3))
    assert (ints * 0.5).dtype == np.float32  # the default dtype, as torch
    assert (ints + Tensor(np.ones(3, np.float32))).dtype == np.float32
    assert (Tensor(np.ones(3, np.float64)) - ints).dtype == np.float64
    w = Tensor(np.ones(3, np.float32), requires_grad=True)
    (w * ints).sum().backward()
    assert w.grad.dtype == np.float32
    np.testing.assert_allclose(w.grad.data, [0.0, 1.0, 2.0])


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.bool_])
def test_true_division_of_integers_gives_the_default_float_dtype(dtype: type) -> None:
    a = Tensor(np.array([1, 3], dtype=dtype))
    b = Tensor(np.array([2, 2], dtype=dtype)) if dtype is not np.bool_ else Tensor(np.array([True, True]))
    for out in (a / b, a / 2, 3 / Tensor(np.array([2, 4], np.int32))):
        assert out.dtype == np.float32  # torch: the default dtype; numpy alone would give float64
    np.testing.assert_allclose((a / 2).data, a.data.astype(np.float64) / 2)
    autograd.set_default_dtype(np.float64)
    try:
        assert (a / b).dtype == np.float64
    finally:
        autograd.set_default_dtype(np.float32)


def test_a_python_int_keeps_an_integer_tensors_dtype_where_it_fits() -> None:
    small = Tensor(np.array([1, 2], np.int32))
    assert (small + 2).dtype == np.int32 and (3 * small).dtype == np.int32  # weak scalars, as torch and numpy
    assert (small + np.int64(2)).dtype == np.int32  # a numpy scalar too, as in PyTorch
    # one that does not fit widens rather than wrapping around (a silent wrong answer)
    big = small + 2**40
    assert big.dtype == np.int64 and big.tolist() == [2**40 + 1, 2**40 + 2]
    assert (Tensor(np.array([1], np.uint8)) - (-1)).tolist() == [2]  # -1 does not fit uint8


def test_create_graph_gradients_keep_the_input_dtype() -> None:
    x = Tensor(np.array([1.5, -2.0], np.float32), requires_grad=True)
    (x.double() ** 2).sum().backward(create_graph=True)
    assert x.grad.dtype == np.float32
    np.testing.assert_allclose(x.grad.data, 2 * x.data)


def test_gradient_of_x_to_the_zero_is_zero_even_at_zero() -> None:
    x = Tensor(np.array([0.0, 2.0]), requires_grad=True)
    (x**0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 0.0])
    a = Value(0.0)
    (a**0).backward()
    assert a.grad == 0.0


# ----------------------------------------------------------------- grad modes
def test_set_grad_enabled_works_as_a_plain_call() -> None:
    try:
        autograd.set_grad_enabled(False)
        assert not autograd.is_grad_enabled()
        assert not (Tensor(np.ones(2), requires_grad=True) * 2).requires_grad
    finally:
        autograd.set_grad_enabled(True)
    assert autograd.is_grad_enabled()
    with autograd.set_grad_enabled(False):
        assert not autograd.is_grad_enabled()
    assert autograd.is_grad_enabled()


def test_grad_mode_decorators_with_and_without_parentheses() -> None:
    @no_grad
    def bare() -> bool:
        return autograd.is_grad_enabled()

    @autograd.set_grad_enabled(False)
    def switched() -> bool:
        return autograd.is_grad_enabled()

    assert autograd.is_grad_enabled()  # decorating switched nothing
    assert bare() is False and switched() is False
    assert autograd.is_grad_enabled()


# ----------------------------------------------------------------- aliasing
def test_grad_results_never_share_memory() -> None:
    x = Tensor(np.ones(3), requires_grad=True)
    y = x.clone()  # y's gradient is exactly what it hands to x
    gy, gx = grad(y.sum(), [y, x])
    assert not np.shares_memory(gy.data, gx.data)
    gy.data[0] = 99.0
    assert gx.data[0] == 1.0


def test_micrograd_internal_children_argument_is_refused() -> None:
    with pytest.raises(TypeError, match="_children"):
        Value(1.0, _children=(Value(2.0),))


def test_a_float64_target_keeps_a_float32_loss_float32() -> None:
    import nn.functional as F

    pred = Tensor(np.array([0.5, 1.5], np.float32), requires_grad=True)
    loss = F.mse_loss(pred, np.array([1.0, 1.0]))  # numpy's default float64
    assert loss.dtype == np.float32
    loss.backward()
    np.testing.assert_allclose(pred.grad.data, [-0.5, 0.5])


# ------------------------------------------------------ backward(inputs=, gradient=)
def test_backward_inputs_may_be_a_single_tensor() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    w = Tensor(np.array([3.0, 4.0]), requires_grad=True)
    (x * w).sum().backward(inputs=x)
    assert x.grad is not None and w.grad is None
    np.testing.assert_array_equal(x.grad.data, [3.0, 4.0])
    s = Tensor(np.float64(2.0), requires_grad=True)
    (s * s).backward(inputs=s)  # a 0-d tensor is not iterated over
    assert s.grad is not None and float(s.grad.data) == 4.0


@pytest.mark.parametrize("inputs,error,match", [
    ([], ValueError, "cannot be empty"),
    ([Tensor(np.ones(2))], RuntimeError, "does not require grad"),
    ("x", TypeError, "got str"),
    ([1.0], TypeError, r"inputs\[0\] must be a Tensor"),
])
def test_backward_inputs_are_checked(inputs: object, error: type, match: str) -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    with pytest.raises(error, match=match):
        (x * x).sum().backward(inputs=inputs)  # type: ignore[arg-type]


def test_a_tensor_gradient_keeps_its_graph_under_create_graph() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    v = Tensor(np.array([1.0, 3.0]), requires_grad=True)
    (x * x).backward(gradient=v, create_graph=True)  # x.grad = 2 x v
    assert x.grad is not None
    (dv,) = autograd.grad(x.grad.sum(), v)
    np.testing.assert_array_equal(dv.data, [2.0, 4.0])  # d/dv sum(2 x v) = 2 x


def test_create_graph_leaf_grads_never_share_memory() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    w = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (x + w).sum().backward(create_graph=True)  # add hands both the same gradient
    assert x.grad is not None and w.grad is not None
    x.grad.zero_()
    np.testing.assert_array_equal(w.grad.data, [1.0, 1.0])
    h = x * 1.0
    h.retain_grad()
    x.grad = None
    (h + x).sum().backward(create_graph=True)
    assert h.grad is not None and x.grad is not None
    h.grad.zero_()
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0])


def test_autograd_grad_takes_any_iterable_of_inputs() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (g,) = autograd.grad((x * x).sum(), (t for t in [x]))
    np.testing.assert_array_equal(g.data, [2.0, 4.0])


def test_no_grad_on_a_generator_holds_while_it_runs() -> None:
    @autograd.no_grad()
    def steps() -> Any:
        received = yield autograd.is_grad_enabled()
        yield received, autograd.is_grad_enabled()
        return "done"

    gen = steps()
    assert next(gen) is False
    assert autograd.is_grad_enabled()  # the caller's mode between yields
    assert gen.send("hi") == ("hi", False)
    with pytest.raises(StopIteration) as stop:
        next(gen)
    assert stop.value.value == "done"

    @autograd.no_grad
    def catches() -> Any:
        try:
            yield 1
        except KeyError:
            yield autograd.is_grad_enabled()

    gen = catches()
    next(gen)
    assert gen.throw(KeyError("k")) is False  # thrown in, handled in the generator's mode
    gen.close()


# ------------------------------------------------------ & | ^ ~ (PyTorch's bitwise rule)
BOOLS = np.array([True, False, True, False])
INTS = np.array([3, 5, -2, 0])


@pytest.mark.parametrize(("expr", "expected"), [
    (lambda b, i: b & np.array([True, True, False, False]), BOOLS & np.array([True, True, False, False])),
    (lambda b, i: b | False, BOOLS),
    (lambda b, i: True ^ b, ~BOOLS),
    (lambda b, i: ~b, ~BOOLS),
    (lambda b, i: i & 6, INTS & 6),
    (lambda b, i: 1 | i, INTS | 1),
    (lambda b, i: i ^ i, np.zeros(4, dtype=np.int64)),
    (lambda b, i: ~i, np.array([-4, -6, 1, -1])),
    (lambda b, i: b & i, BOOLS & INTS),
])
def test_bitwise_operators_are_bitwise_on_integers_and_logical_on_booleans(expr: Any, expected: np.ndarray) -> None:
    out = expr(Tensor(BOOLS), Tensor(INTS))
    assert isinstance(out, Tensor) and not out.requires_grad
    assert out.dtype == expected.dtype
    np.testing.assert_array_equal(out.data, expected)


@pytest.mark.parametrize("expr", [lambda x: x & x, lambda x: x | True, lambda x: 1 ^ x, lambda x: ~x,
                                  lambda x: Tensor(BOOLS) & x])
def test_bitwise_operators_refuse_floating_tensors(expr: Any) -> None:
    # PyTorch raises too; numpy's logical_and would silently treat every nonzero as True
    with pytest.raises(TypeError, match=r"only integer and boolean tensors, got dtypes? .*float"):
        expr(Tensor(np.array([0.5, 0.0, -1.0, 2.0])))


def test_bitwise_operators_match_torch() -> None:
    torch = pytest.importorskip("torch")
    ops = [lambda x, y: x & y, lambda x, y: x | y, lambda x, y: x ^ y, lambda x, y: ~x]
    for a, b in ((BOOLS, BOOLS[::-1].copy()), (INTS, INTS[::-1].copy())):
        for op in ops:
            np.testing.assert_array_equal(op(Tensor(a), Tensor(b)).data, op(torch.tensor(a), torch.tensor(b)).numpy())
