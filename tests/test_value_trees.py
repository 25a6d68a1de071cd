"""Random expression DAGs on ``Value``, checked against finite differences and oracles.

A *program* is a list of instructions, each naming an op and the earlier slots it
reads (the leaves are slots 0..n-1), so a slot may feed several later ones: the
graph is a DAG with shared nodes. The same program runs on floats (for central
differences), on ``Value`` and, when installed, on micrograd and PyTorch.

The strategy evaluates the program on floats while drawing it, and swaps an op that
would leave safe ground (a kink closer than ``KINK_MARGIN``, log/sqrt near 0, a
small divisor, a result over ``BOUND``) for ``tanh`` of its first operand, so every
drawn program is smooth where it is evaluated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import Phase, assume, find, given, note, settings
from hypothesis import strategies as st

from autograd import Value
from autograd.value import dot, log_softmax, logsumexp, mean, softmax, total

KINK_MARGIN = 0.05
BOUND = 100.0
STEP = 1e-4  # finite-difference step; the 5-point stencil's error is O(STEP^4)


# ------------------------------------------------------------------ the op table
def _lse(xs: Sequence[float]) -> float:
    return math.log(math.fsum(math.exp(x) for x in xs))


def _softmax_i(xs: Sequence[float], i: int) -> float:
    return math.exp(xs[i]) / math.fsum(math.exp(x) for x in xs)


def _torch_stack(xs: Sequence[Any]) -> Any:
    import torch

    return torch.stack(list(xs))


def _torch_leaky(xs: Sequence[Any], c: float) -> Any:
    import torch.nn.functional as F

    return F.leaky_relu(xs[0], c)


def _torch_softplus(xs: Sequence[Any], c: float) -> Any:
    import torch.nn.functional as F

    return F.softplus(xs[0])


def _torch_softmax(xs: Sequence[Any], c: float) -> Any:
    return _torch_stack(xs).softmax(0)[int(c) % len(xs)]


def _torch_log_softmax(xs: Sequence[Any], c: float) -> Any:
    return _torch_stack(xs).log_softmax(0)[int(c) % len(xs)]


def _torch_dot(xs: Sequence[Any], bias: bool) -> Any:
    k = len(xs) // 2
    out = (_torch_stack(xs[:k]) * _torch_stack(xs[k : 2 * k])).sum()
    return out + xs[-1] if bias else out


def _away_from_kink(xs: Sequence[float], c: float) -> bool:
    return abs(xs[0]) >= KINK_MARGIN


def _sign(xs: Sequence[float], c: float) -> tuple[bool, ...]:
    return (xs[0] > 0,)


@dataclass(frozen=True)
class Op:
    """``float_fn`` is an independent float reference; ``value_fn`` uses only the
    public Value API (operators and methods, so micrograd's Value runs it too);
    ``torch_fn`` defaults to ``value_fn``. Each takes (operands, constant)."""

    arity: int  # 0: variadic (1-3 operands, or 1-3 pairs for dot)
    float_fn: Callable[[Sequence[float], float], float]
    value_fn: Callable[[Sequence[Any], float], Any] | None = None
    torch_fn: Callable[[Sequence[Any], float], Any] | None = None
    const: st.SearchStrategy[float] | None = None
    domain: Callable[[Sequence[float], float], bool] = field(default=lambda xs, c: True)
    kinks: Callable[[Sequence[float], float], tuple[bool, ...]] | None = None

    def on_values(self, xs: Sequence[Any], c: float) -> Any:
        return (self.value_fn or self.float_fn)(xs, c)

    def on_torch(self, xs: Sequence[Any], c: float) -> Any:
        return (self.torch_fn or self.value_fn or self.float_fn)(xs, c)


_consts = st.builds(math.copysign, st.floats(0.25, 3.0), st.sampled_from([-1.0, 1.0]))
_exponents = st.sampled_from([2, 3, -1, -2, 0.5, 1.5, 2.5])

OPS: dict[str, Op] = {
    # Operators: one function serves floats, Value, micrograd and torch.
    "add": Op(2, lambda xs, c: xs[0] + xs[1]),
    "sub": Op(2, lambda xs, c: xs[0] - xs[1]),
    "mul": Op(2, lambda xs, c: xs[0] * xs[1]),
    "div": Op(2, lambda xs, c: xs[0] / xs[1], domain=lambda xs, c: abs(xs[1]) >= 0.25),
    "neg": Op(1, lambda xs, c: -xs[0]),
    "add_c": Op(1, lambda xs, c: xs[0] + c, const=_consts),
    "rsub_c": Op(1, lambda xs, c: c - xs[0], const=_consts),
    "mul_c": Op(1, lambda xs, c: c * xs[0], const=_consts),
    "rdiv_c": Op(1, lambda xs, c: c / xs[0], const=_consts, domain=lambda xs, c: abs(xs[0]) >= 0.25),
    "pow_c": Op(
        1,
        lambda xs, c: xs[0] ** c,
        const=_exponents,
        domain=lambda xs, c: xs[0] >= 0.1 or (c == int(c) and (c > 0 or abs(xs[0]) >= 0.25)),
    ),
    "rpow_c": Op(1, lambda xs, c: abs(c) ** xs[0], const=_consts),
    "pow": Op(2, lambda xs, c: xs[0] ** xs[1], domain=lambda xs, c: xs[0] >= 0.1),
    # Functions.
    "exp": Op(1, lambda xs, c: math.exp(xs[0]), lambda xs, c: xs[0].exp()),
    "log": Op(1, lambda xs, c: math.log(xs[0]), lambda xs, c: xs[0].log(), domain=lambda xs, c: xs[0] >= 0.05),
    "sqrt": Op(1, lambda xs, c: math.sqrt(xs[0]), lambda xs, c: xs[0].sqrt(), domain=lambda xs, c: xs[0] >= 0.05),
    "abs": Op(1, lambda xs, c: abs(xs[0]), lambda xs, c: xs[0].abs(), domain=_away_from_kink, kinks=_sign),
    "tanh": Op(1, lambda xs, c: math.tanh(xs[0]), lambda xs, c: xs[0].tanh()),
    "sigmoid": Op(1, lambda xs, c: 1.0 / (1.0 + math.exp(-xs[0])), lambda xs, c: xs[0].sigmoid()),
    "relu": Op(1, lambda xs, c: max(xs[0], 0.0), lambda xs, c: xs[0].relu(), domain=_away_from_kink, kinks=_sign),
    "leaky_relu": Op(
        1,
        lambda xs, c: xs[0] if xs[0] > 0 else c * xs[0],
        lambda xs, c: xs[0].leaky_relu(c),
        _torch_leaky,
        const=st.floats(0.01, 0.5),
        domain=_away_from_kink,
        kinks=_sign,
    ),
    "softplus": Op(1, lambda xs, c: math.log1p(math.exp(xs[0])), lambda xs, c: xs[0].softplus(), _torch_softplus),
    "step": Op(
        1, lambda xs, c: 1.0 if xs[0] >= 0 else 0.0, lambda xs, c: xs[0].step(), domain=_away_from_kink, kinks=_sign
    ),
    # Many-input nodes.
    "dot": Op(
        0,
        lambda xs, c: math.fsum(w * x for w, x in zip(xs[: len(xs) // 2], xs[len(xs) // 2 :])),
        lambda xs, c: dot(xs[: len(xs) // 2], xs[len(xs) // 2 :]),
        lambda xs, c: _torch_dot(xs, bias=False),
    ),
    "dot_bias": Op(
        0,
        lambda xs, c: math.fsum(w * x for w, x in zip(xs[: len(xs) // 2], xs[len(xs) // 2 : -1])) + xs[-1],
        lambda xs, c: dot(xs[: len(xs) // 2], xs[len(xs) // 2 : -1], bias=xs[-1]),
        lambda xs, c: _torch_dot(xs, bias=True),
    ),
    "total": Op(0, lambda xs, c: math.fsum(xs), lambda xs, c: total(xs), lambda xs, c: _torch_stack(xs).sum()),
    "mean": Op(0, lambda xs, c: math.fsum(xs) / len(xs), lambda xs, c: mean(xs), lambda xs, c: _torch_stack(xs).mean()),
    "logsumexp": Op(
        0, lambda xs, c: _lse(xs), lambda xs, c: logsumexp(xs), lambda xs, c: _torch_stack(xs).logsumexp(0)
    ),
    "softmax": Op(
        0,
        lambda xs, c: _softmax_i(xs, int(c) % len(xs)),
        lambda xs, c: softmax(xs)[int(c) % len(xs)],
        _torch_softmax,
        const=st.integers(0, 5).map(float),
    ),
    "log_softmax": Op(
        0,
        lambda xs, c: xs[int(c) % len(xs)] - _lse(xs),
        lambda xs, c: log_softmax(xs)[int(c) % len(xs)],
        _torch_log_softmax,
        const=st.integers(0, 5).map(float),
    ),
}

MICROGRAD_OPS = ("add", "sub", "mul", "div", "neg", "add_c", "rsub_c", "mul_c", "rdiv_c", "pow_c", "relu")
TORCH_OPS = tuple(name for name in OPS if name != "step")  # torch has no derivative for heaviside


# ----------------------------------------------------------------- programs
@dataclass(frozen=True)
class Instr:
    op: str
    args: tuple[int, ...]
    const: float = 0.0


@dataclass(frozen=True)
class Program:
    inputs: tuple[float, ...]
    body: tuple[Instr, ...]
    weights: tuple[float, ...]  # loss = sum_k weights[k] * (k-th of the last slots)


@st.composite
def programs(draw: st.DrawFn, ops: Sequence[str] = tuple(OPS), max_len: int = 10) -> Program:
    inputs = tuple(draw(st.lists(st.floats(-3, 3), min_size=1, max_size=4)))
    fallback = "tanh" if "tanh" in ops else "neg"
    values = list(inputs)
    body = []
    for _ in range(draw(st.integers(1, max_len))):
        name = draw(st.sampled_from(ops))
        op = OPS[name]
        last = len(values) - 1
        slot = st.one_of(st.just(last), st.integers(0, last))  # favour depth, allow sharing
        if op.arity:
            n_args = op.arity
        else:
            k = draw(st.integers(1, 3))
            n_args = {"dot": 2 * k, "dot_bias": 2 * k + 1}.get(name, k)
        args = tuple(draw(slot) for _ in range(n_args))
        const = draw(op.const) if op.const is not None else 0.0
        xs = [values[i] for i in args]
        out = op.float_fn(xs, const) if op.domain(xs, const) else math.inf
        if not abs(out) <= BOUND:  # unsafe ground: fall back to a smooth, bounded op
            name, args, const = fallback, args[:1], 0.0
            out = OPS[name].float_fn([values[args[0]]], 0.0)
        values.append(out)
        body.append(Instr(name, args, const))
    n_out = draw(st.integers(1, min(3, len(body))))
    sign = st.sampled_from([-1.0, 1.0])
    weights = tuple(draw(sign) * draw(st.floats(0.25, 2.0)) for _ in range(n_out))
    return Program(inputs, tuple(body), weights)


def run(program: Program, leaves: Sequence[Any], apply: Callable[[Op, Sequence[Any], float], Any]) -> list[Any]:
    """Every slot of the program (leaves first), then the weighted loss."""
    slots = list(leaves)
    for ins in program.body:
        slots.append(apply(OPS[ins.op], [slots[i] for i in ins.args], ins.const))
    loss: Any = 0.0
    for w, s in zip(program.weights, slots[-len(program.weights) :]):
        loss = loss + w * s
    return [*slots, loss]


def run_floats(program: Program, bump: int = -1, delta: float = 0.0) -> tuple[float, tuple[bool, ...]]:
    """The loss with ``delta`` added to slot ``bump`` right after it is computed, and
    the side of every kink the evaluation took."""
    slots = list(program.inputs)
    if 0 <= bump < len(slots):
        slots[bump] += delta
    branches: list[bool] = []
    for ins in program.body:
        op, xs = OPS[ins.op], [slots[i] for i in ins.args]
        if op.kinks is not None:
            branches.extend(op.kinks(xs, ins.const))
        slots.append(op.float_fn(xs, ins.const) + (delta if len(slots) == bump else 0.0))
    loss = math.fsum(w * s for w, s in zip(program.weights, slots[-len(program.weights) :]))
    return loss, tuple(branches)


def run_values(program: Program) -> list[Value]:
    return run(program, [Value(x) for x in program.inputs], Op.on_values)


def slot_derivative(program: Program, j: int) -> float:
    """d(loss)/d(slot j) by the 5-point central difference; assumes no kink is crossed."""
    points = [run_floats(program, j, k * STEP) for k in (-2, -1, 1, 2)]
    assume(all(branches == run_floats(program)[1] for _, branches in points))
    (m2, _), (m1, _), (p1, _), (p2, _) = points
    return (m2 - 8.0 * m1 + 8.0 * p1 - p2) / (12.0 * STEP)


def has_shared_node(program: Program) -> bool:
    used = [i for ins in program.body for i in set(ins.args)]
    return len(used) != len(set(used))


# -------------------------------------------------------------------- tests
def test_the_strategy_draws_dags_with_shared_nodes() -> None:
    quick = settings(phases=[Phase.generate], database=None, max_examples=100)
    program = find(programs(), lambda p: has_shared_node(p) and len(p.body) >= 3, settings=quick)
    assert has_shared_node(program)


@given(programs())
def test_forward_matches_floats_at_every_slot(program: Program) -> None:
    got = run_values(program)
    want = run(program, program.inputs, lambda op, xs, c: op.float_fn(xs, c))
    for g, w in zip(got, want):
        assert g.data == pytest.approx(w, rel=1e-9, abs=1e-12)


@given(programs())
def test_every_node_gradient_matches_central_differences(program: Program) -> None:
    """Value keeps every node's gradient, so check d(loss)/d(slot) at leaves and
    intermediate nodes alike, with the loss's random weights as upstream gradient."""
    slots = run_values(program)
    loss = slots.pop()
    loss.backward()
    for j, node in enumerate(slots):
        numeric = slot_derivative(program, j)
        note(f"slot {j}: analytic {node.grad!r}, numeric {numeric!r}")
        assert node.grad == pytest.approx(numeric, rel=1e-6, abs=1e-6)


@given(programs(), st.sampled_from([-4.0, -0.5, 0.25, 2.0, 8.0]))
def test_backward_seed_scales_every_gradient(program: Program, seed: float) -> None:
    """A power-of-two seed scales every product and sum exactly (away from the
    subnormal range), so the gradients must scale exactly too."""
    once = run_values(program)
    once[-1].backward()
    seeded = run_values(program)
    seeded[-1].backward(gradient=seed)
    for a, b in zip(once, seeded):
        assert b.grad == seed * a.grad or abs(a.grad) < 1e-290


def _assert_same_run(ours: list[Any], theirs: list[tuple[float, float]], rel: float) -> None:
    """Data and gradients agree to ``rel`` of the largest magnitude in the run (a
    different order of summing the same terms may differ by a few ulps of it)."""
    scale = max(1.0, *(abs(d) for d, _ in theirs), *(abs(g) for _, g in theirs))
    for node, (data, grad) in zip(ours, theirs):
        assert node.data == pytest.approx(data, rel=rel, abs=rel * scale)
        assert node.grad == pytest.approx(grad, rel=rel, abs=rel * scale)


@given(programs(ops=MICROGRAD_OPS))
def test_matches_micrograd(program: Program) -> None:
    micrograd_engine = pytest.importorskip("micrograd.engine")
    ours = run_values(program)
    ours[-1].backward()
    theirs = run(program, [micrograd_engine.Value(x) for x in program.inputs], Op.on_values)
    theirs[-1].backward()
    _assert_same_run(ours, [(float(t.data), float(t.grad)) for t in theirs], rel=1e-12)


@given(programs(ops=TORCH_OPS))
def test_matches_torch_float64(program: Program) -> None:
    torch = pytest.importorskip("torch")
    ours = run_values(program)
    ours[-1].backward()
    leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in program.inputs]
    theirs = run(program, leaves, Op.on_torch)
    for t in theirs:
        if t.requires_grad and not t.is_leaf:
            t.retain_grad()
    theirs[-1].backward()
    pairs = [(t.item(), 0.0 if t.grad is None else t.grad.item()) for t in theirs]
    _assert_same_run(ours, pairs, rel=1e-9)
