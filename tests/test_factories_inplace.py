"""Issue 14's factories, new_* methods and in-place methods, against PyTorch where the
values are deterministic, and by their statistics and seeding otherwise."""

from __future__ import annotations

import numpy as np
import pytest

import autograd
from autograd import Tensor


def test_linspace_and_logspace_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    for args in ((-np.pi, np.pi, 2000), (0.0, 1.0, 1), (2.0, 3.0, 0), (1, 10, 10)):
        np.testing.assert_allclose(autograd.linspace(*args).data, torch.linspace(*args).numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(autograd.logspace(0, 3, 4).data, torch.logspace(0, 3, 4).numpy(), rtol=1e-6)
    np.testing.assert_allclose(autograd.logspace(0, 3, 4, base=2.0, dtype=np.float64).data, [1, 2, 4, 8])
    assert autograd.linspace(0, 1, 3).dtype == np.float32 and autograd.empty(2, 3).shape == (2, 3)
    assert autograd.empty_like(Tensor(np.ones((2, 2)))).dtype == np.float64


def test_random_factories_are_seeded_and_in_range() -> None:
    autograd.manual_seed(3)
    a = autograd.randint(0, 10, (1000,))
    autograd.manual_seed(3)
    assert np.array_equal(a.data, autograd.randint(10, (1000,)).data)
    assert a.dtype == np.int64 and a.data.min() >= 0 and a.data.max() <= 9 and len(set(a.data)) == 10
    p = autograd.randperm(50, generator=np.random.default_rng(1))
    assert sorted(p.data) == list(range(50)) and p.dtype == np.int64
    n = autograd.normal(2.0, 3.0, (20000,))
    assert abs(float(n.mean()) - 2.0) < 0.1 and abs(float(n.std()) - 3.0) < 0.1
    b = autograd.bernoulli(Tensor(np.full(10000, 0.25)))
    assert abs(float(b.mean()) - 0.25) < 0.02 and set(np.unique(b.data)) <= {0.0, 1.0}
    m = autograd.multinomial(Tensor([[0.0, 1.0, 1.0, 1.0]] * 3), 3)
    assert m.shape == (3, 3) and all(sorted(row) == [1, 2, 3] for row in m.data.tolist())


@pytest.mark.parametrize(("call", "match"), [
    (lambda: autograd.randint(5, 5, (2,)), "^randint: high must be above low"),
    (lambda: autograd.multinomial(Tensor([1.0, 1.0]), 3), "^multinomial: cannot draw 3 samples without replacement"),
    (lambda: autograd.multinomial(Tensor([-1.0, 1.0]), 1), "^multinomial: weights must be finite and non-negative"),
    (lambda: autograd.bernoulli(Tensor([1.5])), r"^bernoulli: probabilities must lie in \[0, 1\]"),
    (lambda: autograd.linspace(0, 1, -1), "^linspace: steps must be non-negative"),
])
def test_bad_arguments_name_the_factory(call, match: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=match):
        call()


def test_new_methods_keep_the_dtype() -> None:
    x = Tensor(np.ones(2, dtype=np.float64))
    assert x.new_zeros(2, 3).dtype == np.float64 and x.new_ones((2,)).shape == (2,)
    assert x.new_full((2,), 7.0).data.tolist() == [7.0, 7.0] and x.new_empty(3).dtype == np.float64
    assert x.new_tensor([1, 2]).dtype == np.float64 and Tensor([1.0]).type_as(x).dtype == np.float64


def test_in_place_methods_equal_torch_with_gradients() -> None:
    torch = pytest.importorskip("torch")

    def run(lib, t):  # type: ignore[no-untyped-def]
        x = t([1.0, -2.0, 3.0])
        y = x * 2
        y.add_(1, alpha=2)
        y.sub_(x)
        y.mul_(x)
        y.div_(2.0)
        y.clamp_(-4.0, 4.0)
        z = y * 1
        z.copy_(x * 3)
        ((y * t([0.3, -1.2, 2.1])).sum() + (z * t([1.7, 0.4, -0.8])).sum()).backward()  # (not all-ones)
        return y, x.grad

    y, g = run(autograd, lambda v: Tensor(v, dtype=np.float64, requires_grad=True))
    ty, tg = run(torch, lambda v: torch.tensor(v, dtype=torch.float64, requires_grad=True))
    np.testing.assert_allclose(y.data, ty.detach().numpy())
    np.testing.assert_allclose(g.data, tg.numpy())


def test_in_place_methods_on_leaves_that_require_grad_are_refused_outside_no_grad() -> None:
    w = Tensor([1.0, 2.0], requires_grad=True)
    for call in (lambda: w.add_(1), lambda: w.fill_(0.0), lambda: w.zero_(), lambda: w.normal_(),
                 lambda: w.clamp_(0, 1), lambda: w.copy_(Tensor([3.0, 4.0]))):
        with pytest.raises(RuntimeError, match="in-place change of a leaf tensor that requires grad"):
            call()
    with autograd.no_grad():
        w.fill_(3.0)
        w.uniform_(0.0, 1.0)
    assert w.is_leaf and ((w.data >= 0) & (w.data < 1)).all()


def test_a_constant_written_over_a_graph_tensor_stops_its_gradient() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.fill_(1.0)
    (y * x).sum().backward()  # y is constant now: d/dx = y = 1
    np.testing.assert_array_equal(x.grad.data, [1.0, 1.0])
