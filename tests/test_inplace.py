"""In-place writes: ``x += y``, ``x[i] = v``, ``zero_()`` and optimizer steps.

They are allowed outside a graph (no grad required, or under ``no_grad``), and a
backward that would read an array written after its op ran raises instead of
returning a gradient computed from the new values (PyTorch's version-counter error).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from autograd import Tensor, grad, no_grad
from nn.optim import SGD

F64 = np.float64


def leaf(values: list[float]) -> Tensor:
    return Tensor(np.array(values, dtype=F64), requires_grad=True)


# ------------------------------------------------------------ detection
def write_through_slice_base() -> Tensor:
    x = leaf([1.0, 2.0, 3.0])
    z = (x[0:2] * x[0:2]).sum()  # mul reads views of x's array
    with no_grad():
        x -= 1
    return z


def write_to_an_ops_result() -> Tensor:
    x = leaf([1.0, 2.0])
    y = x.exp()  # exp's backward reads its own result
    with no_grad():
        y += 1
    return y.sum()


def write_to_an_input() -> Tensor:
    x = leaf([1.0, 2.0])
    y = (x * x).sum()
    with no_grad():
        x *= 10
    return y


def zero_an_input() -> Tensor:
    x = leaf([1.0, 2.0])
    y = (x * x).sum()
    with no_grad():
        x.zero_()
    return y


def assign_into_an_input() -> Tensor:
    x = leaf([1.0, 2.0])
    y = (x * x).sum()
    with no_grad():
        x[0] = 3.0
    return y


def optimizer_step_before_backward() -> Tensor:
    x = leaf([1.0, 2.0])
    opt = SGD([x], lr=0.1)
    (x * x).sum().backward()  # gives x a .grad, so the step below changes x
    y = (x * x).sum()
    opt.step()
    return y


def write_to_a_constant_input() -> Tensor:
    w = leaf([1.0, 2.0])
    batch = Tensor(np.array([3.0, 4.0]))  # no grad, but w's gradient reads it
    y = (w * batch).sum()
    batch[...] = 0.0
    return y


@pytest.mark.parametrize("make", [write_through_slice_base, write_to_an_ops_result, write_to_an_input, zero_an_input,
                                  assign_into_an_input, optimizer_step_before_backward, write_to_a_constant_input])
def test_backward_refuses_arrays_written_after_their_op(make: Callable[[], Tensor]) -> None:
    loss = make()
    with pytest.raises(RuntimeError, match="modified in place after '(mul|exp)' ran"):
        loss.backward()


def test_autograd_grad_refuses_them_too() -> None:
    x = leaf([1.0, 2.0])
    y = (x * x).sum()
    with no_grad():
        x += 1
    with pytest.raises(RuntimeError, match="input 0 of 'mul'"):
        grad(y, x)


def test_the_usual_training_loop_is_not_affected() -> None:
    # forward, backward, step: every write comes after the graph that read the array.
    x = leaf([1.0, 2.0])
    opt = SGD([x], lr=0.25)
    for _ in range(3):
        opt.zero_grad()
        (x * x).sum().backward()
        opt.step()
    np.testing.assert_allclose(x.data, np.array([1.0, 2.0]) * 0.5**3)


def test_a_manual_update_under_no_grad_then_a_new_graph_is_fine() -> None:
    w = leaf([1.0, -2.0])
    for _ in range(2):
        loss = (w * w).sum()
        loss.backward()
        assert w.grad is not None
        with no_grad():
            w -= 0.25 * w.grad
        w.grad = None
    np.testing.assert_allclose(w.data, np.array([1.0, -2.0]) * 0.5**2)


def test_writes_to_an_unrelated_array_do_not_stop_backward() -> None:
    x = leaf([1.0, 2.0])
    other = Tensor(np.zeros(2))
    y = (x * x).sum()
    other += 1
    other[0] = 5.0
    y.backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, [2.0, 4.0])


# ------------------------------------------------------------- setitem
def test_setitem_writes_in_place_with_the_indexing_rules_of_getitem() -> None:
    x = Tensor(np.zeros((3, 4, 5)))
    x[1, :, [0, 4]] = np.arange(8.0).reshape(4, 2)  # ints first, as in x[1, :, [0, 4]]: shape (4, 2)
    np.testing.assert_array_equal(x.data[1][:, [0, 4]], np.arange(8.0).reshape(4, 2))
    x[x > 6] = -1.0
    assert (x.data == -1).sum() == 1
    x[0] = Tensor(np.ones(5))
    np.testing.assert_array_equal(x.data[0], np.ones((4, 5)))


def test_setitem_on_a_tensor_that_requires_grad_raises_outside_no_grad() -> None:
    w = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match="requires grad"):
        w[0] = 3.0
    with no_grad():
        w[0] = 3.0
    np.testing.assert_array_equal(w.data, [3.0, 2.0])


@pytest.mark.parametrize("index,value,error,match", [
    ((0,), "a", TypeError, "value must be a number"),
    ((10,), 1.0, IndexError, "does not fit a tensor of shape"),
    ((0,), np.ones(3), ValueError, r"value of shape \(3,\)"),
])
def test_setitem_errors_name_the_problem(index: tuple[int], value: object, error: type, match: str) -> None:
    x = Tensor(np.zeros((3, 4)))
    with pytest.raises(error, match=match):
        x[index] = value


# ------------------------------------------------------------- read-only
@pytest.mark.parametrize("write", [
    lambda t: t.__iadd__(1.0),
    lambda t: t.zero_(),
    lambda t: t.__setitem__(0, 1.0),
])
def test_writing_into_a_broadcast_view_names_the_cause(write: Callable[[Tensor], object]) -> None:
    y = Tensor(np.ones((3, 1))).expand(3, 4)
    with pytest.raises(ValueError, match=r"read-only .*expand"):
        write(y)
    z = y.clone()
    write(z)  # a copy can be changed
