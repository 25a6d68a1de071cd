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


# ------------------------------------------------ PyTorch's overloads and dtype rules
def test_randint_takes_pytorchs_overloads() -> None:
    for call in (lambda: autograd.randint(10, (500,)), lambda: autograd.randint(10, size=(500,)),
                 lambda: autograd.randint(high=10, size=(500,)), lambda: autograd.randint(0, 10, (500,)),
                 lambda: autograd.randint(low=0, high=10, size=500)):
        autograd.manual_seed(5)
        a = call()
        autograd.manual_seed(5)
        assert a.dtype == np.int64 and a.shape == (500,) and np.array_equal(a.data, call().data)
        assert a.data.min() >= 0 and a.data.max() <= 9
    b = autograd.randint(-3, 2, (2, 400), generator=np.random.default_rng(0), dtype=np.float64)
    assert b.dtype == np.float64 and b.shape == (2, 400) and set(np.unique(b.data)) == {-3.0, -2.0, -1.0, 0.0, 1.0}
    with pytest.raises(TypeError, match="^randint: missing size"):
        autograd.randint(10)


def test_factory_dtypes_follow_torch() -> None:
    torch = pytest.importorskip("torch")
    calls = [
        lambda lib: lib.arange(5), lambda lib: lib.arange(0, 1, 0.25), lambda lib: lib.arange(0.0, 3),
        lambda lib: lib.full((2,), 3), lambda lib: lib.full((2,), 3.0), lambda lib: lib.full((2,), True),
        lambda lib: lib.eye(2, 3), lambda lib: lib.zeros(2), lambda lib: lib.ones(2, 3), lambda lib: lib.empty(2),
        lambda lib: lib.linspace(0, 1, 3), lambda lib: lib.logspace(0, 1, 3), lambda lib: lib.randint(3, (2,)),
        lambda lib: lib.randperm(4), lambda lib: lib.normal(0.0, 1.0, (2,)), lambda lib: lib.rand(2),
    ]
    for call in calls:
        assert str(call(autograd).dtype) == str(call(torch).dtype).removeprefix("torch.")


def test_linspace_and_logspace_edge_cases_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    cases = [((-3, 10, 6), {"dtype": "int64"}), ((-10, 3, 6), {"dtype": "int64"}), ((5.0, 5.0, 1), {}),
             ((1.0, -1.0, 5), {"dtype": "float64"})]
    for args, kw in cases:
        ours = autograd.linspace(*args, **kw)
        ref = torch.linspace(*args, **{k: getattr(torch, v) for k, v in kw.items()})
        assert ours.dtype == np.dtype(kw.get("dtype", "float32"))
        np.testing.assert_allclose(ours.data, ref.numpy(), rtol=1e-6, atol=1e-6)
    for args, kw in [((2, 5, 1), {}), ((0, 3, 4), {"base": 2.0}), ((1, -1, 3), {"base": 3.0}),
                     ((0, 3, 4), {"base": -2.0})]:
        np.testing.assert_allclose(autograd.logspace(*args, **kw).data, torch.logspace(*args, **kw).numpy(), rtol=1e-6)
    np.testing.assert_array_equal(autograd.logspace(0, 3, 4, dtype=np.int64).data, [1, 10, 100, 1000])
    zero_d = autograd.linspace(Tensor(0.0), Tensor(2.0), 3)  # 0-d tensors, as torch takes
    np.testing.assert_array_equal(zero_d.data, [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="^linspace: start must be a number or a 0-d tensor"):
        autograd.linspace(Tensor([0.0, 1.0]), 1.0, 3)


def test_normal_takes_pytorchs_overloads() -> None:
    torch = pytest.importorskip("torch")
    mean64 = np.zeros((3, 1))
    for call in (lambda lib, t: lib.normal(t(mean64), t(np.ones((1, 4)))), lambda lib, t: lib.normal(t(mean64), 2.0),
                 lambda lib, t: lib.normal(1.0, t(np.ones(4, dtype=np.float32))),
                 lambda lib, t: lib.normal(1.0, 2.0, (2, 2))):
        ours, ref = call(autograd, Tensor), call(torch, torch.from_numpy)
        assert ours.shape == tuple(ref.shape) and str(ours.dtype) == str(ref.dtype).removeprefix("torch.")
    autograd.manual_seed(0)
    n = autograd.normal(Tensor(np.array([-5.0, 5.0])), Tensor(np.array([0.5, 2.0])))
    autograd.manual_seed(0)
    again = autograd.normal(Tensor(np.array([-5.0, 5.0])), Tensor(np.array([0.5, 2.0])))
    np.testing.assert_array_equal(n.data, again.data)
    big = autograd.normal(Tensor(np.full((20000, 2), [-5.0, 5.0])), Tensor(np.full((20000, 2), [0.5, 2.0])))
    np.testing.assert_allclose(big.data.mean(axis=0), [-5.0, 5.0], atol=0.05)
    np.testing.assert_allclose(big.data.std(axis=0), [0.5, 2.0], rtol=0.03)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: autograd.normal(0.0, 1.0), TypeError, "^normal: with a number mean and std, give size"),
    (lambda: autograd.normal(0.0, -1.0, (2,)), ValueError, "^normal: std must be non-negative"),
    (lambda: autograd.normal(Tensor(np.zeros(2)), 1.0, (2,)), TypeError, "^normal: size is only for a number mean"),
    (lambda: autograd.normal(Tensor(np.zeros(2)), Tensor(np.ones(3))), ValueError, r"^normal: mean of shape \(2,\)"),
    (lambda: autograd.normal(Tensor(np.zeros(2, dtype=np.int64)), 1.0), TypeError, "^normal: mean must be a float"),
    (lambda: autograd.bernoulli(Tensor(np.zeros(2, dtype=np.int64))), TypeError, "^bernoulli: input must be a float"),
    (lambda: autograd.bernoulli(Tensor([0.5]), p=-0.1), ValueError, r"^bernoulli: probabilities must lie in \[0, 1\]"),
    (lambda: autograd.bernoulli(Tensor([float("nan")])), ValueError, "^bernoulli: probabilities must lie"),
    (lambda: autograd.multinomial(Tensor([1.0, 1.0]), 0), ValueError, "^multinomial: num_samples must be positive"),
    (lambda: autograd.multinomial(Tensor([0.0, 0.0]), 1), ValueError, "^multinomial: each row needs a positive"),
    (lambda: autograd.multinomial(Tensor([1.0, float("inf")]), 1), ValueError, "^multinomial: weights must be finite"),
    (lambda: autograd.multinomial(Tensor(np.ones((2, 2, 2))), 1), ValueError, "^multinomial: input must be 1-d or 2-d"),
    (lambda: autograd.multinomial(Tensor(np.ones(3, dtype=np.int64)), 1), TypeError, "^multinomial: input must be a"),
    (lambda: autograd.multinomial(Tensor([1.0, 0.0, 1.0]), 3), ValueError, "^multinomial: cannot draw 3 samples"),
    (lambda: autograd.randint(3, 1, (2,)), ValueError, "^randint: high must be above low, got low=3, high=1"),
    (lambda: autograd.randperm(-1), ValueError, "^randperm: n must be non-negative"),
    (lambda: autograd.randint(2, (2,), requires_grad=True), TypeError, "^randint: only floating-point tensors"),
])
def test_bad_random_arguments_name_the_function(call, error: type, match: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()


def test_bernoulli_and_multinomial_statistics() -> None:
    autograd.manual_seed(11)
    b = autograd.bernoulli(Tensor(np.zeros((40000,), dtype=np.float32)), p=0.7)
    assert b.dtype == np.float32 and b.shape == (40000,) and abs(float(b.data.mean()) - 0.7) < 0.01
    edge = autograd.bernoulli(Tensor([0.0, 1.0] * 100))
    np.testing.assert_array_equal(edge.data, [0.0, 1.0] * 100)  # p = 0 and p = 1 are certain
    w = Tensor([1.0, 2.0, 7.0])
    draws = autograd.multinomial(w, 30000, replacement=True, generator=np.random.default_rng(2))
    assert draws.dtype == np.int64 and draws.shape == (30000,)
    np.testing.assert_allclose(np.bincount(draws.data, minlength=3) / 30000, [0.1, 0.2, 0.7], atol=0.01)
    rows = autograd.multinomial(Tensor(np.random.default_rng(3).random((50, 8))), 8)
    assert all(sorted(r) == list(range(8)) for r in rows.data.tolist())  # without replacement: each index once
    only = autograd.multinomial(Tensor([0.0, 3.0, 0.0]), 4, replacement=True)
    assert only.data.tolist() == [1, 1, 1, 1]


# ------------------------------------------------------------------ in-place methods
def test_the_brief_example_y_add_backward_equals_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    xv, wv, up = rng.standard_normal(4), rng.standard_normal(4), rng.standard_normal(4)

    def run(lib, t):  # type: ignore[no-untyped-def]
        x, w = t(xv, True), t(wv, True)
        y = x * 2
        y.add_(1)
        y.mul_(w)
        y.sub_(w, alpha=0.5)
        acc = t(np.zeros(4), False)  # a constant made part of the graph by what is added into it
        acc.add_(y, alpha=3.0)
        acc.div_(w)
        acc.clamp_(-2.0, 2.0)
        (acc * t(up, False)).sum().backward()
        return acc, x.grad, w.grad

    ours = run(autograd, lambda v, rg: Tensor(v.copy(), requires_grad=rg))
    ref = run(torch, lambda v, rg: torch.tensor(v, requires_grad=rg))
    for a, b in zip(ours, ref, strict=True):
        np.testing.assert_allclose(a.data, b.detach().numpy(), rtol=1e-12, atol=1e-12)


def test_a_tensor_saved_for_backward_changed_in_place_raises_as_in_torch() -> None:
    torch = pytest.importorskip("torch")
    for t in (lambda v: torch.tensor(v, requires_grad=True), lambda v: Tensor(v, requires_grad=True)):
        for change in (lambda a: a.add_(1), lambda a: a.mul_(2.0), lambda a: a.fill_(0.0), lambda a: a.clamp_(0, 1),
                       lambda a: a.copy_(a * 0 + 1)):
            w, b = t([1.0, 2.0]), t([3.0, 4.0])
            a = w * 2
            z = a * b  # saves a
            change(a)
            with pytest.raises(RuntimeError, match="modified (by an inplace operation|in place)"):
                z.sum().backward()


def test_in_place_methods_values_and_dtypes_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    base = rng.standard_normal((3, 4)).astype(np.float32)
    row = rng.standard_normal(4).astype(np.float32)
    calls = [lambda x, r: x.add_(r, alpha=-2.5), lambda x, r: x.sub_(2.0), lambda x, r: x.mul_(r),
             lambda x, r: x.div_(r), lambda x, r: x.clamp_(min=-0.5), lambda x, r: x.clip_(max=0.25),
             lambda x, r: x.copy_(r), lambda x, r: x.fill_(1.5), lambda x, r: x.zero_()]
    for call in calls:
        x = Tensor(base.copy())
        out = call(x, Tensor(row))
        tx = torch.from_numpy(base.copy())
        call(tx, torch.from_numpy(row))
        assert out is x and x.dtype == np.float32
        np.testing.assert_allclose(x.data, tx.numpy(), rtol=1e-6)
    ints = Tensor(np.arange(4))
    ints.add_([1, 2, 3, 4], alpha=2)  # a list with alpha: scaled, not repeated
    np.testing.assert_array_equal(ints.data, [2, 5, 8, 11])
    ints.copy_(Tensor([1.7, -1.7, 2.5, 0.2]))  # copy_ casts, truncating as torch does
    ref = torch.zeros(4, dtype=torch.int64).copy_(torch.tensor([1.7, -1.7, 2.5, 0.2]))
    np.testing.assert_array_equal(ints.data, ref.numpy())


def test_random_in_place_methods_are_seeded_and_in_range() -> None:
    x = Tensor(np.zeros((20000,), dtype=np.float32))
    autograd.manual_seed(7)
    first = x.uniform_(-2.0, 3.0).data.copy()
    autograd.manual_seed(7)
    np.testing.assert_array_equal(x.uniform_(-2.0, 3.0).data, first)
    assert x.dtype == np.float32 and first.min() >= -2.0 and first.max() < 3.0 and abs(first.mean() - 0.5) < 0.05
    y = Tensor(np.zeros(20000)).normal_(3.0, 0.5, generator=np.random.default_rng(1))
    assert abs(float(y.data.mean()) - 3.0) < 0.02 and abs(float(y.data.std()) - 0.5) < 0.02


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: Tensor(np.zeros(2)).uniform_(1.0, 0.0), ValueError, r"^uniform_: expects a range \[a, b\)"),
    (lambda: Tensor(np.zeros(2, dtype=np.int64)).uniform_(), TypeError, "^uniform_: needs a floating tensor"),
    (lambda: Tensor(np.zeros(2)).normal_(0.0, -1.0), ValueError, "^normal_: std must be non-negative"),
    (lambda: Tensor(np.zeros(2, dtype=np.int64)).normal_(), TypeError, "^normal_: needs a floating tensor"),
    (lambda: Tensor(np.ones(2, dtype=np.int64)).div_(2), TypeError, "^div_: the result .* in x of dtype int64"),
    (lambda: Tensor(np.ones(2)).mul_(Tensor(np.ones((2, 2)))), ValueError, r"^mul_: y of shape \(2, 2\) cannot update"),
    (lambda: Tensor(np.zeros(2)).copy_(Tensor(np.ones(3))), ValueError, r"^copy_: a value of shape \(3,\) cannot be"),
    (lambda: Tensor(np.zeros(2)).fill_(Tensor(np.ones(2))), ValueError, "^fill_: value must be a number or a 0-d"),
    (lambda: Tensor(np.zeros(2)).add_(1.0, alpha="2"), TypeError, "^add_: alpha must be a real number"),
    (lambda: Tensor([1.0], requires_grad=True).sub_(1.0), RuntimeError, "^sub_: in-place change of a leaf tensor"),
    (lambda: Tensor([1.0], requires_grad=True).copy_(Tensor([2.0])), RuntimeError, "^copy_: in-place change of a leaf"),
    (lambda: Tensor([1.0], requires_grad=True).uniform_(), RuntimeError, "^uniform_: in-place change of a leaf"),
    (lambda: Tensor([1.0]).expand(3).fill_(0.0), ValueError, "^fill_: x .* is read-only"),
])
def test_bad_in_place_calls_name_the_method(call, error: type, match: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()


def test_new_methods_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    for dtype in ("float32", "float64", "int64"):
        x, tx = Tensor(np.ones(2, dtype=dtype)), torch.ones(2, dtype=getattr(torch, dtype))
        assert x.new_empty(4).dtype == np.dtype(dtype) and x.new_empty((2, 3)).shape == (2, 3)  # values unset
        for call in (lambda t: t.new_zeros(2, 3), lambda t: t.new_ones((1, 2)), lambda t: t.new_full((2,), 3),
                     lambda t: t.new_full((2,), 2.5), lambda t: t.new_tensor([1, 2]), lambda t: t.new_tensor([[1.5]]),
                     lambda t: t.new_zeros(2, dtype=torch.int64 if isinstance(t, torch.Tensor) else "int64")):
            ours, ref = call(x), call(tx)
            assert str(ours.dtype) == str(ref.dtype).removeprefix("torch.") and ours.shape == tuple(ref.shape)
            np.testing.assert_array_equal(ours.data, ref.numpy())
    w = Tensor([1.0, 2.0], requires_grad=True)
    copy = Tensor(np.zeros(1)).new_tensor(w)
    assert copy.is_leaf and not copy.requires_grad and copy.data is not w.data
    assert x.new_ones(2, requires_grad=False).is_leaf
    grad_leaf = Tensor(np.zeros(1)).new_zeros(3, requires_grad=True)
    assert grad_leaf.requires_grad and grad_leaf.dtype == np.float64
    assert Tensor(np.ones(2, dtype=np.float32)).type_as(Tensor(np.ones(1, dtype=np.int64))).dtype == np.int64
