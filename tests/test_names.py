"""One name per operation and per idea: Value and Tensor agree on op names, and
the library's aliases and module layout hold (issue 12)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nn
from autograd import Tensor, Value
from autograd.value import dot

# (Value expression, Tensor expression): the same operation on each type
PAIRS = [
    (lambda a, b: a + b, lambda a, b: a + b),
    (lambda a, b: a - b, lambda a, b: a - b),
    (lambda a, b: a * b, lambda a, b: a * b),
    (lambda a, b: a / b, lambda a, b: a / b),
    (lambda a, b: a**b, lambda a, b: a**b),
    (lambda a, b: a**2, lambda a, b: a**2),
    (lambda a, b: 2.0**a, lambda a, b: 2.0**a),
    (lambda a, b: -a, lambda a, b: -a),
    (lambda a, b: a.exp(), lambda a, b: a.exp()),
    (lambda a, b: a.log(), lambda a, b: a.log()),
    (lambda a, b: a.sqrt(), lambda a, b: a.sqrt()),
    (lambda a, b: a.abs(), lambda a, b: a.abs()),
    (lambda a, b: a.tanh(), lambda a, b: a.tanh()),
    (lambda a, b: a.sigmoid(), lambda a, b: a.sigmoid()),
    (lambda a, b: a.relu(), lambda a, b: a.relu()),
    (lambda a, b: a.leaky_relu(0.1), lambda a, b: a.leaky_relu(0.1)),
    (lambda a, b: a.softplus(), lambda a, b: a.softplus()),
    (lambda a, b: a.step(), lambda a, b: a.step()),
]


@pytest.mark.parametrize("pair", range(len(PAIRS)))
def test_value_and_tensor_name_the_same_op_alike(pair: int) -> None:
    on_value, on_tensor = PAIRS[pair]
    v = on_value(Value(1.5), Value(0.5))
    t = on_tensor(Tensor(np.array([1.5]), requires_grad=True), Tensor(np.array([0.5]), requires_grad=True))
    assert v.grad_fn is not None
    assert v.grad_fn == t.grad_fn


def test_value_keeps_micrographs_op_symbols() -> None:
    # micrograd code (and the lecture's draw_dot) reads _op: its symbols stay
    a, b = Value(2.0), Value(3.0)
    assert [(a + b)._op, (a * b)._op, (a**2)._op, a.relu()._op] == ["+", "*", "**2", "ReLU"]
    assert a.grad_fn is None and Value(1.0, _op="x").grad_fn is None  # leaves have none, as in Tensor
    assert dot([a], [b]).grad_fn == "dot"


def test_viz_labels_value_and_tensor_ops_with_one_name() -> None:
    pytest.importorskip("graphviz")
    from viz.graph import draw_dot, op_name

    v = Value(2.0) * Value(3.0)
    t = Tensor([2.0], requires_grad=True) * Tensor([3.0], requires_grad=True)
    assert op_name(v) == op_name(t) == "mul"
    assert "label=<mul>" in draw_dot(v).source  # a Value's op node
    assert "<b>mul</b>" in draw_dot(t).source  # a Tensor node's first line


def test_leaky_relu_negative_slope_with_slope_as_alias() -> None:
    for x in (-2.0, 3.0):
        by_position, by_name, by_alias = (Value(x) for _ in range(3))
        outs = [by_position.leaky_relu(0.2), by_name.leaky_relu(negative_slope=0.2), by_alias.leaky_relu(slope=0.2)]
        for out in outs:
            out.backward()
        assert {out.data for out in outs} == {x if x > 0 else 0.2 * x}
        assert {v.grad for v in (by_position, by_name, by_alias)} == {1.0 if x > 0 else 0.2}
    assert math.isclose(Value(-1.0).leaky_relu().data, -0.01)
    with pytest.raises(TypeError, match="^leaky_relu: negative_slope must be a real number"):
        Value(1.0).leaky_relu(slope="a")  # type: ignore[arg-type]


def test_value_slots_say_what_they_hold() -> None:
    a, b = Value(2.0), Value(3.0)
    y = a * b
    assert y._inputs == (a, b) and y._partials == (3.0, 2.0)
    z = a * 4.0
    assert z._inputs is a and z._partials == 4.0


def test_nn_imports_functional() -> None:
    assert nn.functional.relu(Tensor([-1.0, 2.0])).tolist() == [0.0, 2.0]
