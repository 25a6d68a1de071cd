"""``Value`` op by op: gradients against float64 central differences, IEEE edge cases
against numpy, subgradients at kinks, shared nodes, repeated backward and grad modes.

Every gradient is seeded with a random upstream gradient ``r`` (``backward(gradient=r)``
or a random weighting of several outputs), and inputs are drawn away from kinks and
singularities on purpose.
"""

from __future__ import annotations

import math
import operator
import threading
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Tensor, Value, enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from autograd.value import dot, log_softmax, logsumexp, mean, softmax, total

STEP = 1e-4  # 5-point stencil below: error O(STEP^4) + rounding O(eps / STEP)


def derivative(f: Callable[[float], float], x: float) -> float:
    """df/dx at x by the fourth-order central difference."""
    h = STEP
    return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)


def partial(f: Callable[[list[float]], float], xs: Sequence[float], i: int) -> float:
    """d f / d xs[i] at xs."""

    def along(t: float) -> float:
        moved = list(xs)
        moved[i] = t
        return f(moved)

    return derivative(along, xs[i])


def close(analytic: float, numeric: float) -> bool:
    return math.isclose(analytic, numeric, rel_tol=1e-6, abs_tol=1e-6)


def magnitudes(lo: float, hi: float) -> st.SearchStrategy[float]:
    """x with lo <= |x| <= hi, either sign: keeps x off a kink at 0 by construction."""
    return st.builds(math.copysign, st.floats(lo, hi), st.sampled_from([-1.0, 1.0]))


upstream = magnitudes(0.25, 2.0)  # a random, non-trivial upstream gradient


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# ---------------------------------------------------------------- unary ops
UNARY: dict[str, tuple[Callable[[Value], Value], Callable[[float], float], st.SearchStrategy[float]]] = {
    "neg": (operator.neg, operator.neg, st.floats(-10, 10)),
    "exp": (Value.exp, math.exp, st.floats(-20, 20)),
    "log": (Value.log, math.log, st.floats(0.05, 100)),
    "sqrt": (Value.sqrt, math.sqrt, st.floats(0.05, 100)),
    "abs": (Value.abs, abs, magnitudes(0.01, 10)),
    "builtin abs": (abs, abs, magnitudes(0.01, 10)),
    "tanh": (Value.tanh, math.tanh, st.floats(-5, 5)),
    "sigmoid": (Value.sigmoid, _sigmoid, st.floats(-20, 20)),
    "relu": (Value.relu, lambda x: max(x, 0.0), magnitudes(0.01, 10)),
    "softplus": (Value.softplus, lambda x: math.log1p(math.exp(x)), st.floats(-20, 20)),
    "step": (Value.step, lambda x: 1.0 if x >= 0 else 0.0, magnitudes(0.01, 10)),
}


@pytest.mark.parametrize("name", UNARY)
@given(data=st.data())
def test_unary_gradient_matches_central_difference(name: str, data: st.DataObject) -> None:
    op, reference, inputs = UNARY[name]
    x, r = data.draw(inputs, label="x"), data.draw(upstream, label="r")
    v = Value(x)
    out = op(v)
    assert out.data == pytest.approx(reference(x), rel=1e-12, abs=1e-300)
    out.backward(gradient=r)
    assert close(v.grad, r * derivative(reference, x))


@given(x=magnitudes(0.01, 10), slope=st.floats(0.0, 1.0), r=upstream)
def test_leaky_relu_gradient(x: float, slope: float, r: float) -> None:
    def reference(t: float) -> float:
        return t if t > 0 else slope * t

    v = Value(x)
    out = v.leaky_relu(slope)
    assert out.data == reference(x)
    out.backward(gradient=r)
    assert close(v.grad, r * derivative(reference, x))


# --------------------------------------------------------------- binary ops
def _any(bound: float = 10.0) -> st.SearchStrategy[float]:
    return st.floats(-bound, bound)


BINARY: dict[str, tuple[Callable[[Any, Any], Any], st.SearchStrategy[tuple[float, float]]]] = {
    "add": (operator.add, st.tuples(_any(), _any())),
    "sub": (operator.sub, st.tuples(_any(), _any())),
    "mul": (operator.mul, st.tuples(_any(), _any())),
    "truediv": (operator.truediv, st.tuples(_any(), magnitudes(0.2, 10))),
    "pow": (operator.pow, st.tuples(st.floats(0.1, 5), _any(3))),  # a > 0: a ** b is smooth in both
}


@pytest.mark.parametrize("name", BINARY)
@given(data=st.data())
def test_binary_gradients_value_and_value(name: str, data: st.DataObject) -> None:
    op, pairs = BINARY[name]
    (a, b), r = data.draw(pairs, label="a, b"), data.draw(upstream, label="r")
    x, y = Value(a), Value(b)
    out = op(x, y)
    assert out.data == pytest.approx(op(a, b), rel=1e-13, abs=1e-300)
    out.backward(gradient=r)
    assert close(x.grad, r * partial(lambda t: op(t[0], t[1]), [a, b], 0))
    assert close(y.grad, r * partial(lambda t: op(t[0], t[1]), [a, b], 1))


@pytest.mark.parametrize("name", BINARY)
@given(data=st.data())
def test_binary_gradients_with_a_plain_number(name: str, data: st.DataObject) -> None:
    """Value (op) number, then number (op) Value: __op__ and __rop__."""
    op, pairs = BINARY[name]
    (a, b), r = data.draw(pairs, label="a, b"), data.draw(upstream, label="r")
    x = Value(a)
    left = op(x, b)
    assert left.data == pytest.approx(op(a, b), rel=1e-13, abs=1e-300)
    left.backward(gradient=r)
    assert close(x.grad, r * derivative(lambda t: op(t, b), a))
    y = Value(b)
    right = op(a, y)
    assert right.data == pytest.approx(op(a, b), rel=1e-13, abs=1e-300)
    right.backward(gradient=r)
    assert close(y.grad, r * derivative(lambda t: op(a, t), b))


@pytest.mark.parametrize("name", BINARY)
@given(data=st.data())
def test_binary_op_of_a_value_with_itself(name: str, data: st.DataObject) -> None:
    """x (op) x: both partials land on the same node."""
    op, pairs = BINARY[name]
    a = data.draw(pairs, label="a, b")[1 if name == "truediv" else 0]
    r = data.draw(upstream, label="r")
    x = Value(a)
    op(x, x).backward(gradient=r)
    assert close(x.grad, r * derivative(lambda t: op(t, t), a))


@given(a=magnitudes(0.1, 5), n=st.integers(-3, 4), r=upstream)
def test_pow_negative_base_integer_exponent(a: float, n: int, r: float) -> None:
    """Value ** int is defined for a negative base: d/da a^n = n a^(n-1)."""
    x = Value(a)
    out = x**n
    assert out.data == pytest.approx(a**n, rel=1e-13)
    out.backward(gradient=r)
    assert close(x.grad, r * derivative(lambda t: t**n, a))


# ------------------------------------------------------- many-input helpers
def _lse(xs: Sequence[float]) -> float:
    return math.log(math.fsum(math.exp(x) for x in xs))


ManySpec = tuple[Callable[[int], int], Callable[[list[Value]], list[Value]], Callable[[list[float]], list[float]]]
MANY: dict[str, ManySpec] = {
    # name: (number of inputs for k, Value version, float reference); outputs are lists.
    "dot": (
        lambda k: 2 * k,
        lambda v: [dot(v[: len(v) // 2], v[len(v) // 2 :])],
        lambda x: [math.fsum(w * u for w, u in zip(x[: len(x) // 2], x[len(x) // 2 :]))],
    ),
    "dot with bias": (
        lambda k: 2 * k + 1,
        lambda v: [dot(v[:-1][: len(v) // 2], v[:-1][len(v) // 2 :], bias=v[-1])],
        lambda x: [math.fsum(w * u for w, u in zip(x[:-1][: len(x) // 2], x[:-1][len(x) // 2 :])) + x[-1]],
    ),
    "total": (lambda k: k, lambda v: [total(v)], lambda x: [math.fsum(x)]),
    "mean": (lambda k: k, lambda v: [mean(v)], lambda x: [math.fsum(x) / len(x)]),
    "logsumexp": (lambda k: k, lambda v: [logsumexp(v)], lambda x: [_lse(x)]),
    "softmax": (lambda k: k, softmax, lambda x: [math.exp(u - _lse(x)) for u in x]),
    "log_softmax": (lambda k: k, log_softmax, lambda x: [u - _lse(x) for u in x]),
}


@pytest.mark.parametrize("name", MANY)
@given(data=st.data())
def test_many_input_helpers_every_output_every_input(name: str, data: st.DataObject) -> None:
    """L = sum_i r_i out_i with random r: checks d out_i / d x_j for every i, j."""
    size, on_values, reference = MANY[name]
    n = size(data.draw(st.integers(1, 5), label="k"))
    xs = data.draw(st.lists(_any(5), min_size=n, max_size=n), label="xs")
    vs = [Value(x) for x in xs]
    outs = on_values(vs)
    want = reference(xs)
    assert [o.data for o in outs] == pytest.approx(want, rel=1e-12, abs=1e-12)
    rs = data.draw(st.lists(upstream, min_size=len(outs), max_size=len(outs)), label="r")
    total([r * o for r, o in zip(rs, outs)]).backward()

    def loss(t: list[float]) -> float:
        return math.fsum(r * o for r, o in zip(rs, reference(t)))

    for j, v in enumerate(vs):
        assert close(v.grad, partial(loss, xs, j)), j


@given(ws=st.lists(_any(5), min_size=1, max_size=5), data=st.data())
def test_dot_with_plain_number_inputs(ws: list[float], data: st.DataObject) -> None:
    xs = data.draw(st.lists(_any(5), min_size=len(ws), max_size=len(ws)), label="xs")
    r = data.draw(upstream, label="r")
    wv = [Value(w) for w in ws]
    out = dot(wv, xs, bias=Value(0.5))
    assert out.data == pytest.approx(math.fsum(w * x for w, x in zip(ws, xs)) + 0.5, rel=1e-12, abs=1e-12)
    out.backward(gradient=r)
    assert [w.grad for w in wv] == [r * x for x in xs]


def test_many_input_helpers_reject_bad_sizes() -> None:
    for fn in (mean, logsumexp, softmax, log_softmax):
        with pytest.raises(ValueError, match=fn.__name__):
            fn([])
    with pytest.raises(ValueError, match=r"dot: got 2 weights but 1 inputs"):
        dot([Value(1.0), Value(2.0)], [3.0])
    assert type(total([]).data) is float and total([]).data == 0.0
    assert type(dot([], []).data) is float and dot([], []).data == 0.0


# ------------------------------------------------------ IEEE edge cases
INF, NAN = math.inf, math.nan
f64 = np.float64


def same(got: float, want: float) -> bool:
    """Equal as IEEE doubles (nan equals nan), up to a few ulps (libm vs numpy)."""
    return bool(np.isclose(got, want, rtol=1e-14, atol=1e-300, equal_nan=True))


EDGES: dict[str, tuple[Callable[[], Value], Callable[[], Any]]] = {
    "exp(1000)": (lambda: Value(1000.0).exp(), lambda: np.exp(f64(1000))),
    "exp(-1000)": (lambda: Value(-1000.0).exp(), lambda: np.exp(f64(-1000))),
    "sigmoid(-1000)": (lambda: Value(-1000.0).sigmoid(), lambda: 1 / (1 + np.exp(f64(1000)))),
    "sigmoid(1000)": (lambda: Value(1000.0).sigmoid(), lambda: 1 / (1 + np.exp(f64(-1000)))),
    "tanh(1000)": (lambda: Value(1000.0).tanh(), lambda: np.tanh(f64(1000))),
    "tanh(-1000)": (lambda: Value(-1000.0).tanh(), lambda: np.tanh(f64(-1000))),
    "softplus(1000)": (lambda: Value(1000.0).softplus(), lambda: np.logaddexp(f64(0), f64(1000))),
    "softplus(-1000)": (lambda: Value(-1000.0).softplus(), lambda: np.logaddexp(f64(0), f64(-1000))),
    "log(0)": (lambda: Value(0.0).log(), lambda: np.log(f64(0))),
    "log(-1)": (lambda: Value(-1.0).log(), lambda: np.log(f64(-1))),
    "sqrt(-1)": (lambda: Value(-1.0).sqrt(), lambda: np.sqrt(f64(-1))),
    "1 / 0": (lambda: Value(1.0) / Value(0.0), lambda: f64(1) / f64(0)),
    "-1 / 0": (lambda: Value(-1.0) / 0.0, lambda: f64(-1) / f64(0)),
    "1 / -0.0": (lambda: 1.0 / Value(-0.0), lambda: f64(1) / f64(-0.0)),
    "0 / 0": (lambda: Value(0.0) / Value(0.0), lambda: f64(0) / f64(0)),
    "0 ** -1": (lambda: Value(0.0) ** -1, lambda: f64(0) ** f64(-1)),
    "-0.0 ** -1": (lambda: Value(-0.0) ** -1, lambda: f64(-0.0) ** f64(-1)),
    "0 ** -2": (lambda: Value(0.0) ** Value(-2.0), lambda: f64(0) ** f64(-2)),
    "(-8) ** (1/3)": (lambda: Value(-8.0) ** (1 / 3), lambda: f64(-8) ** f64(1 / 3)),
    "(-8) ** Value(1/3)": (lambda: (-8.0) ** Value(1 / 3), lambda: f64(-8) ** f64(1 / 3)),
    "10 ** 400": (lambda: Value(10.0) ** 400, lambda: f64(10) ** f64(400)),
    "(-10) ** 401": (lambda: Value(-10.0) ** 401, lambda: f64(-10) ** f64(401)),
    "1e308 * 10": (lambda: Value(1e308) * 10, lambda: f64(1e308) * f64(10)),
    "inf - inf": (lambda: Value(INF) - Value(INF), lambda: f64(INF) - f64(INF)),
    "logsumexp(-inf, -inf)": (lambda: logsumexp([Value(-INF), Value(-INF)]), lambda: np.logaddexp(-INF, -INF)),
    "logsumexp(inf, 1)": (lambda: logsumexp([Value(INF), Value(1.0)]), lambda: np.logaddexp(INF, 1.0)),
    "logsumexp(1000, 1000)": (lambda: logsumexp([Value(1e3), Value(1e3)]), lambda: np.logaddexp(1e3, 1e3)),
    "relu(nan)": (lambda: Value(NAN).relu(), lambda: np.maximum(f64(NAN), 0.0)),
    "step(nan)": (lambda: Value(NAN).step(), lambda: 0.0),  # torch.heaviside(nan) = 0 (numpy's: nan)
}


@pytest.mark.parametrize("name", EDGES)
def test_ieee_edge_cases_follow_numpy(name: str) -> None:
    make, reference = EDGES[name]
    with np.errstate(all="ignore"):
        want = float(reference())
    out = make()
    assert same(out.data, want), (out.data, want)
    out.backward()  # never a Python exception on the way back either
    assert out.grad == 1.0


def test_ieee_edge_case_gradients() -> None:
    cases = [  # (input, op, gradient at that input)
        (-1000.0, Value.sigmoid, 0.0),
        (1000.0, Value.sigmoid, 0.0),
        (1000.0, Value.tanh, 0.0),
        (1000.0, Value.exp, INF),
        (0.0, Value.log, INF),
        (0.0, Value.sqrt, INF),
        (-1000.0, Value.softplus, 0.0),
        (1000.0, Value.softplus, 1.0),
    ]
    for x, op, grad in cases:
        v = Value(x)
        op(v).backward()
        assert v.grad == grad, (op.__name__, x, v.grad)
    a, b = Value(1.0), Value(0.0)
    (a / b).backward()
    assert (a.grad, b.grad) == (INF, -INF)  # d/da = 1/b, d/db = -a/b^2


special = st.one_of(
    st.floats(),  # nan, +-inf, subnormals and huge values included
    st.sampled_from([0.0, -0.0, INF, -INF, NAN, 1000.0, -1000.0, 710.0, -745.0, 1e-320, 1e308]),
)


def _stable_sigmoid(x: Any) -> Any:
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


NUMPY_UNARY: dict[str, tuple[Callable[[Value], Value], Callable[[Any], Any]]] = {
    "exp": (Value.exp, np.exp),
    "log": (Value.log, np.log),
    "sqrt": (Value.sqrt, np.sqrt),
    "abs": (Value.abs, np.abs),
    "neg": (operator.neg, np.negative),
    "tanh": (Value.tanh, np.tanh),
    "sigmoid": (Value.sigmoid, _stable_sigmoid),
    "relu": (Value.relu, lambda x: np.maximum(x, 0.0)),
    "leaky_relu": (lambda v: v.leaky_relu(0.1), lambda x: np.where(x > 0, x, 0.1 * x)),
    "softplus": (Value.softplus, lambda x: np.logaddexp(0.0, x)),
    "step": (Value.step, lambda x: np.where(x >= 0, 1.0, 0.0)),  # PyTorch's heaviside: 0 at nan
}


@pytest.mark.parametrize("name", NUMPY_UNARY)
@given(x=special)
def test_unary_forward_on_any_double_matches_numpy(name: str, x: float) -> None:
    op, reference = NUMPY_UNARY[name]
    with np.errstate(all="ignore"):
        want = float(reference(f64(x)))
    out = op(Value(x))
    assert same(out.data, want), (x, out.data, want)
    out.backward()


@pytest.mark.parametrize("name", ["add", "sub", "mul", "truediv", "pow"])
@given(a=special, b=special)
def test_binary_forward_on_any_doubles_matches_numpy(name: str, a: float, b: float) -> None:
    """Value op Value, Value op float and float op Value all give numpy's result."""
    op = getattr(operator, name)
    with np.errstate(all="ignore"):
        want = float(op(f64(a), f64(b)))
    for out in (op(Value(a), Value(b)), op(Value(a), b), op(a, Value(b))):
        assert same(out.data, want), (a, b, out.data, want)
        out.backward()


# ------------------------------------------------------------ bad input
@pytest.mark.parametrize("bad, shown", [("abc", "str: 'abc'"), (None, "NoneType: None"), ([1, 2], "list: [1, 2]")])
def test_constructor_rejects_non_numbers_saying_what_was_given(bad: Any, shown: str) -> None:
    with pytest.raises(TypeError, match=r"Value\(\) expects a real number") as info:
        Value(bad)
    assert shown in str(info.value)


def test_constructor_accepts_real_numbers_as_floats() -> None:
    for x, want in [(3, 3.0), (np.float64(2.5), 2.5), (np.int64(-4), -4.0), (Fraction(1, 4), 0.25)]:
        v = Value(x)
        assert type(v.data) is float and v.data == want
    assert (Value(2.0) ** Fraction(1, 2)).data == pytest.approx(math.sqrt(2.0))


@pytest.mark.parametrize(
    "expression",
    [
        lambda: Value(1.0) + "a",
        lambda: "a" + Value(1.0),
        lambda: Value(1.0) - "a",
        lambda: Value(1.0) * None,
        lambda: Value(1.0) / [1.0],
        lambda: Value(1.0) ** "a",
        lambda: "a" ** Value(1.0),
    ],
)
def test_arithmetic_with_a_non_number_raises_type_error(expression: Callable[[], Any]) -> None:
    with pytest.raises(TypeError):
        expression()


def test_a_non_number_slope_or_seed_gradient_is_named() -> None:
    # (a positive x never reads the slope: it must be checked all the same)
    for x in (-1.0, 1.0):
        with pytest.raises(TypeError, match=r"^leaky_relu: negative_slope must be a real number, got str 'a'"):
            Value(x).leaky_relu("a")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^backward\(\): gradient must be a real number .* got list"):
        Value(1.0).backward([1.0])  # type: ignore[arg-type]
    v = Value(2.0)
    (v * 3).backward(np.float32(0.5))
    assert v.grad == 1.5


# ------------------------------------------------------------ subgradients
def test_subgradients_at_kinks_follow_pytorch() -> None:
    for op, want in [(Value.relu, 0.0), (Value.abs, 0.0), (Value.step, 0.0), (lambda v: v.leaky_relu(0.3), 0.3)]:
        for zero in (0.0, -0.0):
            x = Value(zero)
            op(x).backward()
            assert x.grad == want
    doc = autograd.value.__doc__ or ""
    for rule in ("relu'(0) = 0", "abs'(0) = 0", "step' = 0", "leaky_relu'(0) = negative_slope"):
        assert rule in doc


@given(x=st.floats(-10, 10), r=upstream)
def test_step_has_zero_gradient_everywhere(x: float, r: float) -> None:
    v = Value(x)
    v.step().backward(gradient=r)
    assert v.grad == 0.0


def test_power_zero_has_zero_gradient_even_at_zero() -> None:
    """d/da a^0 = 0 everywhere (PyTorch too), not 0 * 0^-1 = nan."""
    for exponent in (0, 0.0, Value(0.0)):
        x = Value(0.0)
        (x**exponent).backward()
        assert x.grad == 0.0


@pytest.mark.parametrize("a,b,db", [(0.0, 0.0, 0.0), (0.0, 2.0, 0.0), (0.0, -1.0, -math.inf),
                                    (2.0, 0.0, math.log(2.0))])
def test_exponent_gradient_at_a_zero_base_follows_pytorch(a: float, b: float, db: float) -> None:
    """d/db a^b = a^b log(a), taken as 0 at a = 0 for b >= 0 (the limit), as PyTorch and
    Tensor do; for b < 0 the formula stands (inf * -inf)."""
    base, exponent = Value(a), Value(b)
    (base**exponent).backward()
    assert exponent.grad == db
    e = Value(b)
    (a**e).backward()  # a plain number as the base
    assert e.grad == db
    tb = Tensor(np.float64(b), requires_grad=True)  # and Tensor gives the same number
    with np.errstate(divide="ignore"):
        (Tensor(np.float64(a)) ** tb).backward()
    assert tb.grad is not None and float(tb.grad.data) == db


# ------------------------------------------------------------ shared nodes
def test_shared_subexpression() -> None:
    a = Value(3.0)
    b = a + a
    c = b + b
    c.backward()
    assert (a.grad, b.grad, c.grad) == (4.0, 2.0, 1.0)


@given(x=st.floats(-3, 3), r=upstream)
def test_diamond_graphs(x: float, r: float) -> None:
    """x feeds u and v, which meet again in w: gradients from both paths add up."""
    a = Value(x)
    s = a.tanh()  # s feeds two branches that meet again
    u = s * s
    v = s.exp()
    w = u * v + a
    w.backward(gradient=r)
    t = math.tanh(x)
    assert close(v.grad, r * t * t)
    assert close(u.grad, r * math.exp(t))
    assert close(s.grad, r * (2 * t * math.exp(t) + t * t * math.exp(t)))
    assert close(a.grad, r * (1 + (1 - t * t) * (2 * t + t * t) * math.exp(t)))
    assert close(a.grad, r * derivative(lambda z: math.tanh(z) ** 2 * math.exp(math.tanh(z)) + z, x))


# ----------------------------------------------------------- backward twice
@given(x=st.floats(-2, 2), y=magnitudes(0.5, 2), r=upstream)
def test_backward_twice_adds_exactly_the_same_again(x: float, y: float, r: float) -> None:
    """value.py's docstring: backward() adds to every node's .grad (root included); a
    second pass adds exactly the same amounts (micrograd's would add more to
    intermediates, since it reads their stale .grad)."""
    a, b = Value(x), Value(y)
    h = (a * b).tanh()  # shared intermediate
    k = h * h + h / b
    root = k.exp() + k
    nodes = [a, b, h, k, root]
    root.backward(gradient=r)
    first = [n.grad for n in nodes]
    assert first[-1] == r
    root.backward(gradient=r)
    assert [n.grad for n in nodes] == [2 * g for g in first]
    root.zero_grad()
    assert [n.grad for n in nodes] == [0.0] * 5
    root.backward(gradient=r)
    assert [n.grad for n in nodes] == first
    doc = autograd.value.__doc__ or ""
    assert "twice" in doc and "zero_grad()" in doc


# ------------------------------------------------------------- graph shape
def test_parents_are_tuples_in_operand_order() -> None:
    a, b = Value(1.0), Value(2.0)
    for out, parents in [(a * b, (a, b)), (b - a, (b, a)), (b**a, (b, a)), (a.tanh(), (a,)), (a + 1, (a,))]:
        assert type(out._parents) is tuple and out._parents == parents
        assert out._prev == parents
    s = softmax([a, b, a])
    assert all(type(o._parents) is tuple and o._parents == (a, b, a) for o in s)


# ---------------------------------------------------------------- grad mode
def _every_op(a: Value, b: Value) -> list[Value]:
    return [
        a + b, a - b, a * b, a / b, a**2, 2**a, a**b, -a, a + 1, 1 - a, 2 / a,
        a.exp(), a.log(), a.sqrt(), a.abs(), a.tanh(), a.sigmoid(), a.relu(), a.leaky_relu(0.1),
        a.softplus(), a.step(), dot([a], [b]), dot([a], [b], bias=b), total([a, b]), mean([a, b]),
        logsumexp([a, b]), *softmax([a, b]), *log_softmax([a, b]),
    ]


def test_no_grad_records_no_parents() -> None:
    a, b = Value(1.5), Value(0.5)
    recorded = _every_op(a, b)
    assert all(out._parents for out in recorded)
    with no_grad():
        assert not is_grad_enabled()
        constants = _every_op(a, b)
        with enable_grad():
            assert all(out._parents for out in _every_op(a, b))
        assert not is_grad_enabled()
    assert is_grad_enabled()
    for out, ref in zip(constants, recorded):
        assert out._parents == () and out.is_leaf and out.data == ref.data
        out.backward()
    assert (a.grad, b.grad) == (0.0, 0.0)


def test_grad_mode_decorators_and_set_grad_enabled() -> None:
    a = Value(2.0)

    @no_grad()
    def frozen(v: Value) -> Value:
        return v * v

    @enable_grad()
    def recording(v: Value) -> Value:
        return v * v

    assert frozen(a)._parents == ()
    assert is_grad_enabled()
    with no_grad():
        assert recording(a)._parents == (a, a)
    with set_grad_enabled(False):
        assert (a * a)._parents == ()
    with set_grad_enabled(True):
        assert (a * a)._parents == (a, a)


def test_grad_mode_is_restored_after_an_exception() -> None:
    with pytest.raises(RuntimeError), no_grad():
        raise RuntimeError("boom")
    assert is_grad_enabled()


def test_grad_mode_is_per_thread() -> None:
    a = Value(2.0)
    inside, ready = threading.Event(), threading.Event()
    seen: dict[str, Any] = {}

    def worker() -> None:
        inside.wait(5)  # the main thread is inside no_grad now
        seen["enabled"] = is_grad_enabled()
        seen["parents"] = (a * a)._parents
        with no_grad():
            ready.set()
            seen["main"] = main_state.wait(5)
            seen["worker_in_no_grad"] = (a * a)._parents

    main_state = threading.Event()
    thread = threading.Thread(target=worker)
    thread.start()
    with no_grad():
        inside.set()
        ready.wait(5)
    # The worker is inside its own no_grad now; this thread records again.
    assert is_grad_enabled() and (a * a)._parents == (a, a)
    main_state.set()
    thread.join(5)
    assert seen == {"enabled": True, "parents": (a, a), "main": True, "worker_in_no_grad": ()}
