"""Gradient clipping and weight penalties (``nn.utils``): PyTorch's numbers, by hand,
on Tensors and Values."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import nn
from autograd import Tensor, Value, gradcheck
from nn.utils import clip_grad_norm_, clip_grad_value_, l1_penalty, l2_penalty


def _params(seed: int = 0, scale: float = 1.0) -> list[Tensor]:
    rng = np.random.default_rng(seed)
    ps = [Tensor(rng.normal(size=s), requires_grad=True) for s in [(3, 4), (5,), ()]]
    for p in ps:
        p.grad = Tensor(np.asarray(scale * rng.normal(size=p.shape)))
    return ps


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, math.inf, 0.5])
@pytest.mark.parametrize("max_norm", [0.5, 1e3])
def test_clip_grad_norm_equals_pytorchs(norm_type: float, max_norm: float) -> None:
    torch = pytest.importorskip("torch")
    ours = _params()
    theirs = [torch.tensor(p.data.copy(), requires_grad=True) for p in ours]
    for p, q in zip(ours, theirs):
        q.grad = torch.from_numpy(np.asarray(p.grad.data).copy())  # type: ignore[union-attr]
    total = clip_grad_norm_(ours, max_norm, norm_type)
    ttotal = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type, foreach=False)
    assert isinstance(total, Tensor) and total.shape == ()
    np.testing.assert_allclose(total.data, ttotal.numpy(), rtol=1e-13)
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.grad.data, q.grad.numpy(), rtol=1e-13, atol=1e-16)  # type: ignore[union-attr]


def test_clip_grad_norm_by_hand_with_values_and_missing_grads() -> None:
    t = Tensor(np.zeros(2), requires_grad=True)
    t.grad = Tensor(np.array([3.0, 0.0]))
    v = Value(0.0)
    v.grad = -4.0
    idle = Tensor(np.zeros(3), requires_grad=True)  # grad None: left out
    total = clip_grad_norm_([t, v, idle], max_norm=1.0)
    assert float(total.data) == 5.0
    coef = 1.0 / (5.0 + 1e-6)
    np.testing.assert_allclose(t.grad.data, [3.0 * coef, 0.0], rtol=1e-15)  # type: ignore[union-attr]
    assert v.grad == pytest.approx(-4.0 * coef, rel=1e-15) and idle.grad is None
    # under the limit: unchanged (the coefficient is capped at 1)
    t.grad = Tensor(np.array([0.3, 0.4]))
    assert float(clip_grad_norm_(t, 1.0).data) == pytest.approx(0.5)
    np.testing.assert_array_equal(t.grad.data, [0.3, 0.4])
    assert float(clip_grad_norm_([idle], 1.0).data) == 0.0
    assert float(clip_grad_norm_([t], 1.0, norm_type="inf").data) == 0.4  # type: ignore[arg-type]


def test_clip_grad_norm_nonfinite() -> None:
    ps = _params()
    ps[0].grad.data[0, 0] = np.nan  # type: ignore[union-attr]
    with pytest.raises(RuntimeError, match=r"^clip_grad_norm_: the total norm of order 2.0 of the gradients is nan"):
        clip_grad_norm_(ps, 1.0, error_if_nonfinite=True)
    assert math.isnan(float(clip_grad_norm_(ps, 1.0).data))


def test_clip_grad_value_equals_pytorchs_and_clamps_values() -> None:
    torch = pytest.importorskip("torch")
    ours = _params(1, scale=3.0)
    theirs = [torch.tensor(p.data.copy()) for p in ours]
    for p, q in zip(ours, theirs):
        q.grad = torch.from_numpy(np.asarray(p.grad.data).copy())  # type: ignore[union-attr]
    clip_grad_value_(ours, 1.5)
    torch.nn.utils.clip_grad_value_(theirs, 1.5, foreach=False)
    for p, q in zip(ours, theirs):
        np.testing.assert_array_equal(p.grad.data, q.grad.numpy())  # type: ignore[union-attr]
    v = Value(1.0)
    v.grad = -7.0
    clip_grad_value_([v], 2.0)
    assert v.grad == -2.0


def test_clip_grad_rejects_non_parameters() -> None:
    with pytest.raises(TypeError, match=r"^clip_grad_norm_: parameter 1 must be a Value or a Tensor, got int"):
        clip_grad_norm_([Value(1.0), 3], 1.0)


# --------------------------------------------------------------- penalties
def test_penalties_on_tensors_by_hand_and_their_gradients() -> None:
    ps = _params(2)
    l1, l2 = l1_penalty(ps), l2_penalty(ps)
    assert isinstance(l1, Tensor) and isinstance(l2, Tensor)
    np.testing.assert_allclose(float(l1.data), sum(np.abs(p.data).sum() for p in ps), rtol=1e-14)
    np.testing.assert_allclose(float(l2.data), sum((p.data**2).sum() for p in ps), rtol=1e-14)
    for p in ps:
        p.grad = None
    (0.5 * l1 + 0.25 * l2).backward()
    for p in ps:
        np.testing.assert_allclose(p.grad.data, 0.5 * np.sign(p.data) + 0.5 * p.data, rtol=1e-14)  # type: ignore[union-attr]
    assert gradcheck(lambda a, b: l2_penalty([a, b]) + l1_penalty([a, b]),  # type: ignore[operator]
                     (Tensor(np.array([0.5, -1.5]), requires_grad=True), Tensor(np.array(2.0), requires_grad=True)))


def test_penalties_on_values() -> None:
    vs = [Value(0.5), Value(-2.0)]
    l1, l2 = l1_penalty(vs), l2_penalty(vs)
    assert isinstance(l1, Value) and isinstance(l2, Value)
    assert (l1.data, l2.data) == (2.5, 4.25)
    (l1 + l2).backward()
    assert [v.grad for v in vs] == [1.0 + 1.0, -1.0 - 4.0]


def test_l2_penalty_times_lam_is_sgd_weight_decay_two_lam() -> None:
    lam, lr = 0.05, 0.1
    a, b = _params(3)[:2], _params(3)[:2]
    data_grads = [p.grad.data.copy() for p in a]  # type: ignore[union-attr]
    for p in a:
        p.grad = None
    (lam * l2_penalty(a)).backward()
    for p, g in zip(a, data_grads):
        p.grad = Tensor(p.grad.data + g)  # type: ignore[union-attr]
    nn.SGD(a, lr=lr).step()
    nn.SGD(b, lr=lr, weight_decay=2 * lam).step()
    for p, q in zip(a, b):
        np.testing.assert_allclose(p.data, q.data, rtol=1e-14)


def test_penalty_errors() -> None:
    with pytest.raises(ValueError, match=r"^l1_penalty: got no parameters"):
        l1_penalty([])
    mixed: list[Any] = [Value(1.0), Tensor(np.ones(2), requires_grad=True)]
    with pytest.raises(TypeError, match=r"^l2_penalty: the parameters mix Values and Tensors"):
        l2_penalty(mixed)


def test_parameters_to_vector_and_back_match_torch() -> None:
    torch = pytest.importorskip("torch")
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    ref = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1)).double()
    with torch.no_grad():
        for p, q in zip(model.parameters(), ref.parameters()):
            q.copy_(torch.from_numpy(p.data.astype(np.float64)))
    vec = nn.utils.parameters_to_vector(model.parameters())
    np.testing.assert_allclose(vec.data, torch.nn.utils.parameters_to_vector(ref.parameters()).detach().numpy(),
                               rtol=1e-6)
    (vec * vec).sum().backward()
    assert all(np.allclose(p.grad.data, 2 * p.data) for p in model.parameters())
    nn.utils.vector_to_parameters(Tensor(np.arange(vec.shape[0], dtype=np.float32)), model.parameters())
    assert model[0].weight.data.ravel().tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    with pytest.raises(ValueError, match=r"^vector_to_parameters: vec has 3 elements, the parameters 11"):
        nn.utils.vector_to_parameters(Tensor([1.0, 2.0, 3.0]), model.parameters())
