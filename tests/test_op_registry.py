"""Every registered op of the library, checked from the cases it declares.

Each op class declares ``cases`` beside its forward and backward (see
:mod:`autograd.ops.base`). For every case this module draws float64 inputs and checks
the forward against the case's ``reference``, the first derivatives with
``gradcheck`` (the whole Jacobian), and the second with ``gradgradcheck`` (a random
upstream gradient). A library op without cases fails ``test_every_op_declares_cases``.
Ops defined outside the library (tests, users' code) are registered too, but not
required to have cases.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pytest
from faulty_ops import NumpyCos, WrongSin

import autograd
import autograd.function
import nn
import nn.functional
from autograd import Tensor, gradcheck, gradgradcheck
from autograd.ops.base import Case, Op

assert autograd and nn and nn.functional  # imported for the ops they define

LIBRARY = ("autograd.", "nn.")


def library_ops() -> list[tuple[str, type[Op]]]:
    return sorted((key, op) for key, op in Op.registry.items() if op.__module__.startswith(LIBRARY))


CASES = [pytest.param(op, i, case, id=f"{key.rsplit('.', 1)[1]}-{i}")
         for key, op in library_ops() for i, case in enumerate(op.__dict__.get("cases", ()))]


def draw(op: type[Op], i: int, case: Case) -> list[Tensor]:
    """float64 inputs for a case, uniform in [low, high), moved ``gap`` away from kinks."""
    rng = np.random.default_rng(zlib.crc32(f"{op.__qualname__}/{i}".encode()))
    tensors = []
    for k, shape in enumerate(case.shapes):
        low = case.low[k] if isinstance(case.low, tuple) else case.low
        high = case.high[k] if isinstance(case.high, tuple) else case.high
        x = rng.uniform(low, high, size=shape)
        for kink in case.kinks:
            d = x - kink
            x = np.where(np.abs(d) < case.gap, kink + np.where(d >= 0, case.gap, -case.gap) + d, x)
        tensors.append(Tensor(x, dtype=np.float64, requires_grad=True))
    return tensors


def run(op: type[Op], case: Case, *xs: Tensor) -> Any:
    if case.call is not None:
        return case.call(*xs, **case.params)
    return op.apply(*xs, **case.params)


def made_by(out: Tensor, op: type[Op]) -> bool:
    """Whether a node of ``op`` is in ``out``'s graph (so the case tests this op)."""
    stack, seen = [out], set()
    while stack:
        t = stack.pop()
        if t._op is op:
            return True
        if id(t) not in seen:
            seen.add(id(t))
            stack.extend(t._parents)
    return False


def test_every_op_declares_cases() -> None:
    missing = [key for key, op in library_ops() if not op.__dict__.get("cases")]
    assert not missing, f"ops with no test cases (declare cases = (Case(...),) in the class): {missing}"


def test_ops_defined_in_tests_are_registered_but_not_required() -> None:
    assert Op.registry[f"{WrongSin.__module__}.WrongSin"] is WrongSin
    assert all(not key.startswith("tests.") for key, _ in library_ops())


@pytest.mark.parametrize(("op", "i", "case"), CASES)
def test_forward_matches_reference(op: type[Op], i: int, case: Case) -> None:
    xs = draw(op, i, case)
    out = run(op, case, *xs)
    assert made_by(out, op), f"case {i} of {op.__name__} does not run {op.__name__}"
    if case.reference is not None:
        want = case.reference(*[x.data for x in xs], **case.params)
        np.testing.assert_allclose(out.data, want, rtol=1e-10, atol=1e-12)
        assert out.shape == np.shape(want)


@pytest.mark.parametrize(("op", "i", "case"), CASES)
def test_gradcheck(op: type[Op], i: int, case: Case) -> None:
    assert gradcheck(lambda *xs: run(op, case, *xs), draw(op, i, case))


@pytest.mark.parametrize(("op", "i", "case"), [c for c in CASES if c.values[2].second_order])
def test_gradgradcheck(op: type[Op], i: int, case: Case) -> None:
    assert gradgradcheck(lambda *xs: run(op, case, *xs), draw(op, i, case))


def test_a_backward_calling_numpy_on_tensors_names_the_op_and_the_fix() -> None:
    x = Tensor([0.5, 1.0], dtype=np.float64, requires_grad=True)
    assert gradcheck(NumpyCos.apply, [x])  # right on arrays
    y = NumpyCos.apply(x).sum()
    with pytest.raises(TypeError, match=r"^numpy_cos.backward: a numpy function was called on a Tensor under "
                                        r"create_graph=True .*autograd.ops.formulas"):
        y.backward(create_graph=True)
