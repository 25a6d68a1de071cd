"""nn.functional: each loss's value and gradient against float64 central differences
and PyTorch, second derivatives through create_graph, reductions and error messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes

import nn.functional as F
from autograd import Tensor

REDUCTIONS = ["none", "mean", "sum"]


# ------------------------------------------------------------------ helpers
def central_diff(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f / d x by float64 central differences, one element at a time."""
    x = np.array(x, dtype=np.float64)
    out = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        up = f(x)
        x[idx] = old - eps
        down = f(x)
        x[idx] = old
        out[idx] = (up - down) / (2 * eps)
    return out


def check_loss_grads(loss_fn: Callable[..., Tensor], arrays: list[np.ndarray], wrt: list[int],
                     reduction: str, rng: np.random.Generator) -> None:
    """Value of sum(u * loss) and its gradient w.r.t. ``arrays[i]`` (i in ``wrt``), for a
    random upstream ``u``, against central differences."""
    arrays = [np.asarray(a) for a in arrays]
    tensors = [Tensor(a, dtype=np.float64, requires_grad=i in wrt) if a.dtype.kind == "f" else a
               for i, a in enumerate(arrays)]
    loss = loss_fn(*tensors, reduction=reduction)
    upstream = rng.uniform(0.5, 1.5, size=loss.shape) * rng.choice([-1.0, 1.0], size=loss.shape)
    loss.backward(upstream)
    for i in wrt:
        def scalar(v: np.ndarray, i: int = i) -> float:
            args = [Tensor(v) if j == i else (Tensor(a, dtype=np.float64) if a.dtype.kind == "f" else a)
                    for j, a in enumerate(arrays)]
            return float((loss_fn(*args, reduction=reduction).data * upstream).sum())

        expected = central_diff(scalar, arrays[i])
        grad = tensors[i].grad
        assert grad is not None and grad.shape == arrays[i].shape
        np.testing.assert_allclose(grad.data, expected, rtol=1e-5, atol=1e-7)


def check_second_order(fn: Callable[[Tensor], Tensor], x0: np.ndarray, rng: np.random.Generator) -> None:
    """Hessian-vector product through create_graph=True against central differences of
    the (first-order) gradient along a random direction."""

    def grad_at(v: np.ndarray) -> np.ndarray:
        x = Tensor(v.copy(), requires_grad=True)
        fn(x).backward()
        assert x.grad is not None
        return x.grad.data

    direction = rng.normal(size=x0.shape)
    x = Tensor(x0.copy(), requires_grad=True)
    fn(x).backward(create_graph=True)
    g1 = x.grad
    assert isinstance(g1, Tensor) and g1.requires_grad
    np.testing.assert_allclose(g1.data, grad_at(x0), rtol=1e-12, atol=1e-14)
    x.grad = None
    (g1 * Tensor(direction)).sum().backward()
    eps = 1e-5
    expected = (grad_at(x0 + eps * direction) - grad_at(x0 - eps * direction)) / (2 * eps)
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, expected, rtol=1e-5, atol=1e-8)


def softmax_np(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


seeds = st.integers(0, 2**32 - 1)
reductions = st.sampled_from(REDUCTIONS)
shapes = array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)


# --------------------------------------------------- values and gradients
@given(n=st.integers(1, 5), c=st.integers(1, 5), seed=seeds, reduction=reductions)
def test_cross_entropy_value_and_grad(n: int, c: int, seed: int, reduction: str) -> None:
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=3.0, size=(n, c))
    target = rng.integers(0, c, size=n)
    per_sample = -np.log(softmax_np(logits)[np.arange(n), target])
    expected = {"none": per_sample, "sum": per_sample.sum(), "mean": per_sample.mean()}[reduction]
    # (atol: a loss near 0 is a difference of two O(1) numbers, good to ~1e-16 absolute)
    np.testing.assert_allclose(F.cross_entropy(Tensor(logits), target, reduction=reduction).data, expected, rtol=1e-12,
                               atol=1e-14)
    check_loss_grads(F.cross_entropy, [logits, target], [0], reduction, rng)


@given(n=st.integers(1, 5), c=st.integers(1, 5), seed=seeds, reduction=reductions)
def test_nll_loss_value_and_grad(n: int, c: int, seed: int, reduction: str) -> None:
    rng = np.random.default_rng(seed)
    logp = rng.normal(size=(n, c))
    target = rng.integers(0, c, size=n)
    per_sample = -logp[np.arange(n), target]
    expected = {"none": per_sample, "sum": per_sample.sum(), "mean": per_sample.mean()}[reduction]
    np.testing.assert_allclose(F.nll_loss(Tensor(logp), target, reduction=reduction).data, expected, rtol=1e-12)
    check_loss_grads(F.nll_loss, [logp, target], [0], reduction, rng)


def test_cross_entropy_is_nll_of_log_softmax() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(6, 4))
    target = rng.integers(0, 4, size=6)
    a = Tensor(logits, requires_grad=True)
    b = Tensor(logits, requires_grad=True)
    fused = F.cross_entropy(a, target)
    composed = F.nll_loss(F.log_softmax(b, dim=1), target)
    np.testing.assert_allclose(fused.data, composed.data, rtol=1e-12)
    fused.backward()
    composed.backward()
    assert a.grad is not None and b.grad is not None
    np.testing.assert_allclose(a.grad.data, b.grad.data, rtol=1e-10, atol=1e-14)
    # The fused gradient is (softmax - onehot) / N.
    onehot = np.eye(4)[target]
    np.testing.assert_allclose(a.grad.data, (softmax_np(logits) - onehot) / 6, rtol=1e-10, atol=1e-14)


def test_cross_entropy_is_stable_for_huge_logits() -> None:
    logits = Tensor([[1000.0, 0.0, -1000.0], [0.0, 1e4, 0.0]], requires_grad=True)
    loss = F.cross_entropy(logits, np.array([1, 1]), reduction="none")
    np.testing.assert_allclose(loss.data, [1000.0, 0.0], rtol=1e-6)
    loss.sum().backward()
    assert logits.grad is not None and np.all(np.isfinite(logits.grad.data))


def test_cross_entropy_keeps_float32() -> None:
    x = Tensor(np.random.default_rng(1).normal(size=(4, 3)).astype(np.float32), requires_grad=True)
    loss = F.cross_entropy(x, np.array([0, 2, 1, 2]))
    assert loss.dtype == np.float32 and loss.shape == ()
    loss.backward()
    assert x.grad is not None and x.grad.dtype == np.float32


@given(shape=shapes, seed=seeds, reduction=reductions)
def test_mse_loss_value_and_grad(shape: tuple[int, ...], seed: int, reduction: str) -> None:
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=shape), rng.normal(size=shape)
    sq = (x - y) ** 2
    expected = {"none": sq, "sum": sq.sum(), "mean": sq.mean()}[reduction]
    np.testing.assert_allclose(F.mse_loss(Tensor(x), Tensor(y), reduction).data, expected, rtol=1e-12)
    check_loss_grads(F.mse_loss, [x, y], [0, 1], reduction, rng)


@given(shape=shapes, seed=seeds, reduction=reductions)
def test_l1_loss_value_and_grad(shape: tuple[int, ...], seed: int, reduction: str) -> None:
    rng = np.random.default_rng(seed)
    y = rng.normal(size=shape)
    # keep |x - y| >= 0.1: away from the kink at equality
    x = y + rng.uniform(0.1, 1.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    ab = np.abs(x - y)
    expected = {"none": ab, "sum": ab.sum(), "mean": ab.mean()}[reduction]
    np.testing.assert_allclose(F.l1_loss(Tensor(x), Tensor(y), reduction).data, expected, rtol=1e-12)
    check_loss_grads(F.l1_loss, [x, y], [0, 1], reduction, rng)


@given(shape=shapes, seed=seeds, reduction=reductions)
def test_binary_cross_entropy_value_and_grad(shape: tuple[int, ...], seed: int, reduction: str) -> None:
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.95, size=shape)
    t = rng.uniform(0.0, 1.0, size=shape)
    el = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    expected = {"none": el, "sum": el.sum(), "mean": el.mean()}[reduction]
    np.testing.assert_allclose(F.binary_cross_entropy(Tensor(p), Tensor(t), reduction=reduction).data,
                               expected, rtol=1e-12)
    check_loss_grads(F.binary_cross_entropy, [p, t], [0, 1], reduction, rng)


@given(shape=shapes, seed=seeds, reduction=reductions)
def test_bce_with_logits_value_and_grad(shape: tuple[int, ...], seed: int, reduction: str) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(scale=3.0, size=shape)
    t = rng.uniform(0.0, 1.0, size=shape)
    s = 1 / (1 + np.exp(-x))
    el = -(t * np.log(s) + (1 - t) * np.log(1 - s))
    expected = {"none": el, "sum": el.sum(), "mean": el.mean()}[reduction]
    got = F.binary_cross_entropy_with_logits(Tensor(x), Tensor(t), reduction=reduction).data
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    check_loss_grads(F.binary_cross_entropy_with_logits, [x, t], [0, 1], reduction, rng)


def test_bce_with_logits_is_stable_and_matches_bce() -> None:
    x = Tensor([-800.0, -30.0, 0.0, 30.0, 800.0], dtype=np.float64, requires_grad=True)
    t = Tensor([0.0, 1.0, 0.5, 0.0, 1.0], dtype=np.float64)
    loss = F.binary_cross_entropy_with_logits(x, t, reduction="none")
    np.testing.assert_allclose(loss.data, [0.0, 30.0, np.log(2.0), 30.0, 0.0], rtol=1e-12, atol=1e-12)
    loss.sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 0.5 * (1 + np.tanh(x.data / 2)) - t.data, atol=1e-12)
    mid = np.array([-2.0, 0.3, 1.5])
    tm = np.array([1.0, 0.0, 0.25])
    np.testing.assert_allclose(F.binary_cross_entropy_with_logits(Tensor(mid), Tensor(tm)).data,
                               F.binary_cross_entropy(F.sigmoid(Tensor(mid)), Tensor(tm)).data, rtol=1e-12)


def test_binary_cross_entropy_clamps_logs_at_minus_100() -> None:
    p = Tensor([0.0, 1.0, 0.0, 1.0], requires_grad=True)
    loss = F.binary_cross_entropy(p, Tensor([0.0, 1.0, 1.0, 0.0]), reduction="none")
    np.testing.assert_array_equal(loss.data, [0.0, 0.0, 100.0, 100.0])
    loss.sum().backward()
    assert p.grad is not None and np.all(np.isfinite(p.grad.data))


def test_weights_rescale_each_element() -> None:
    rng = np.random.default_rng(2)
    p, t, w = rng.uniform(0.1, 0.9, 4), rng.uniform(size=4), rng.uniform(size=4)
    plain = F.binary_cross_entropy(Tensor(p), Tensor(t), reduction="none").data
    np.testing.assert_allclose(F.binary_cross_entropy(Tensor(p), Tensor(t), weight=w, reduction="none").data,
                               w * plain, rtol=1e-12)
    x = rng.normal(size=4)
    plain = F.binary_cross_entropy_with_logits(Tensor(x), Tensor(t), reduction="none").data
    np.testing.assert_allclose(
        F.binary_cross_entropy_with_logits(Tensor(x), Tensor(t), weight=w, reduction="none").data, w * plain,
        rtol=1e-12)


@pytest.mark.parametrize("as_tensor", [False, True], ids=["array", "Tensor"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_float64_weights_keep_a_float32_loss(as_tensor: bool, reduction: str) -> None:
    # constant weights take the input's dtype, as constant targets do (and as in PyTorch)
    rng = np.random.default_rng(6)
    p = rng.uniform(0.1, 0.9, (3, 2)).astype(np.float32)
    x = rng.normal(size=(3, 2)).astype(np.float32)
    t, w, pw = rng.uniform(size=(3, 2)), rng.uniform(0.5, 2, (3, 2)), rng.uniform(0.5, 3, 2)
    wrap = Tensor if as_tensor else np.asarray
    cases = [
        (F.binary_cross_entropy, p, {"weight": wrap(w)}),
        (F.binary_cross_entropy_with_logits, x, {"weight": wrap(w)}),
        (F.binary_cross_entropy_with_logits, x, {"pos_weight": wrap(pw)}),
        (F.binary_cross_entropy_with_logits, x, {"weight": wrap(w), "pos_weight": wrap(pw)}),
        (F.binary_cross_entropy, p, {"weight": 2.0}),
    ]
    for fn, inp, kwargs in cases:
        a = Tensor(inp, requires_grad=True)
        loss = fn(a, t, reduction=reduction, **kwargs)
        assert loss.dtype == np.float32, (fn.__name__, kwargs)
        loss.backward(np.ones(loss.shape, dtype=np.float32))
        assert a.grad is not None and a.grad.dtype == np.float32
        # the same values as in float64, to float32 precision
        ref = fn(Tensor(inp.astype(np.float64)), t, reduction=reduction, **kwargs)
        np.testing.assert_allclose(loss.data, ref.data, rtol=1e-5)


def test_a_weight_that_requires_grad_keeps_its_dtype_and_gets_a_gradient() -> None:
    p = Tensor(np.array([0.2, 0.7], dtype=np.float32))
    w = Tensor(np.array([1.0, 2.0]), requires_grad=True)  # float64, learned
    loss = F.binary_cross_entropy(p, np.array([0.0, 1.0]), weight=w, reduction="sum")
    assert loss.dtype == np.float64
    loss.backward()
    assert w.grad is not None
    np.testing.assert_allclose(w.grad.data, [-np.log(0.8), -np.log(0.7)], rtol=1e-6)


def test_weights_must_broadcast_to_the_input() -> None:
    p = Tensor(np.full((2, 3), 0.5))
    with pytest.raises(ValueError, match=r"binary_cross_entropy: weight of shape \(2,\) does not broadcast to the "
                                         r"input's shape \(2, 3\)"):
        F.binary_cross_entropy(p, np.zeros((2, 3)), weight=np.ones(2))
    with pytest.raises(ValueError, match=r"weight of shape \(4, 2, 3\) does not broadcast .*\(2, 3\)"):
        F.binary_cross_entropy_with_logits(p, np.zeros((2, 3)), weight=np.ones((4, 2, 3)))  # would grow the loss
    with pytest.raises(ValueError, match=r"with_logits: pos_weight of shape \(2,\)"):
        F.binary_cross_entropy_with_logits(p, np.zeros((2, 3)), pos_weight=Tensor(np.ones(2)))
    with pytest.raises(TypeError, match=r"binary_cross_entropy: weight must be numeric, got dtype <U1"):
        F.binary_cross_entropy(p, np.zeros((2, 3)), weight=np.array(["a"]))
    F.binary_cross_entropy_with_logits(p, np.zeros((2, 3)), weight=np.ones((1, 3)), pos_weight=np.ones(3))


def test_bce_target_gradient_is_clamped_and_documented() -> None:
    # d l / d t = log(1 - p) - log(p) with both logs clamped at -100, as the loss is:
    # +-100 at p = 0 or 1 where PyTorch gives +-inf. The docstring says so.
    p = Tensor(np.array([0.0, 1.0, 0.0, 1.0]))
    t = Tensor(np.array([0.0, 1.0, 1.0, 0.0]), requires_grad=True)
    F.binary_cross_entropy(p, t, reduction="sum").backward()
    assert t.grad is not None
    np.testing.assert_array_equal(t.grad.data, [100.0, -100.0, 100.0, -100.0])
    doc = " ".join((F.BinaryCrossEntropy.__doc__ or "").split())
    assert "d l / d t = log(1 - p) - log(p)" in doc
    assert "+100" in doc and "-100" in doc and "+inf" in doc and "-inf" in doc


@given(seed=seeds, reduction=reductions)
def test_bce_with_logits_pos_weight(seed: int, reduction: str) -> None:
    rng = np.random.default_rng(seed)
    x, t, pw = rng.normal(size=(3, 2)), rng.uniform(size=(3, 2)), rng.uniform(0.5, 3.0, size=2)
    s = 1 / (1 + np.exp(-x))
    el = -(pw * t * np.log(s) + (1 - t) * np.log(1 - s))
    expected = {"none": el, "sum": el.sum(), "mean": el.mean()}[reduction]
    got = F.binary_cross_entropy_with_logits(Tensor(x), Tensor(t), reduction=reduction, pos_weight=Tensor(pw))
    np.testing.assert_allclose(got.data, expected, rtol=1e-10)

    def with_pw(a: Tensor, b: Tensor, reduction: str) -> Tensor:
        return F.binary_cross_entropy_with_logits(a, b, reduction=reduction, pos_weight=Tensor(pw))

    check_loss_grads(with_pw, [x, t], [0, 1], reduction, rng)


# -------------------------------------------------------------- linear
@given(lead=array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3), n_in=st.integers(1, 4),
       n_out=st.integers(1, 4), bias=st.booleans(), seed=seeds)
def test_linear_value_and_grad(lead: tuple[int, ...], n_in: int, n_out: int, bias: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=lead + (n_in,)), rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
    arrays = [x, w, b] if bias else [x, w]

    def fn(*args: Tensor, reduction: str) -> Tensor:
        return F.linear(*args)

    expected = x @ w.T + (b if bias else 0)
    np.testing.assert_allclose(F.linear(*[Tensor(a) for a in arrays]).data, expected, rtol=1e-12, atol=1e-14)
    check_loss_grads(fn, arrays, list(range(len(arrays))), "none", rng)


@pytest.mark.parametrize("n, n_in, n_out", [(4, 64, 16), (6, 70, 30), (3, 64, 40), (8, 64, 31)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_small_batch_wide_layer(n: int, n_in: int, n_out: int, bias: bool) -> None:
    # Linear.forward computes x W^T as (W x^T)^T when the batch is small beside
    # out_features (the first two shapes; the others stay on x W^T): same values,
    # a C-ordered result, the same gradients, whatever x's layout.
    rng = np.random.default_rng(n * n_out)
    x, w, b = rng.normal(size=(n, n_in)), rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
    arrays = [x, w, b] if bias else [x, w]
    expected = x @ w.T + (b if bias else 0)
    for xt in (Tensor(x), Tensor(np.asfortranarray(x)), Tensor(np.ascontiguousarray(x.T)).T):
        out = F.linear(xt, *[Tensor(a) for a in arrays[1:]])
        assert out.data.flags.c_contiguous and out.dtype == np.float64
        np.testing.assert_allclose(out.data, expected, rtol=1e-12, atol=1e-12)
    f32 = F.linear(Tensor(x, dtype=np.float32), Tensor(w, dtype=np.float32),
                   *([Tensor(b, dtype=np.float32)] if bias else []))
    assert f32.dtype == np.float32
    np.testing.assert_allclose(f32.data, expected, rtol=1e-4, atol=1e-4)
    if bias:  # a float64 bias promotes a float32 product, as x @ W.T + b does in numpy
        assert F.linear(Tensor(x, dtype=np.float32), Tensor(w, dtype=np.float32), Tensor(b)).dtype == np.float64

    def fn(*args: Tensor, reduction: str) -> Tensor:
        return F.linear(*args)

    check_loss_grads(fn, arrays, list(range(len(arrays))), "none", rng)


# ---------------------------------------------------- second derivatives
@given(n=st.integers(1, 4), c=st.integers(2, 4), seed=seeds, reduction=reductions)
def test_cross_entropy_second_derivative(n: int, c: int, seed: int, reduction: str) -> None:
    rng = np.random.default_rng(seed)
    target = rng.integers(0, c, size=n)
    weights = rng.normal(size=n)

    def fn(x: Tensor) -> Tensor:
        loss = F.cross_entropy(x, target, reduction=reduction)
        return (loss * Tensor(weights)).sum() if reduction == "none" else loss

    check_second_order(fn, rng.normal(size=(n, c)), rng)


def test_cross_entropy_hessian_is_softmax_jacobian() -> None:
    # For one sample, d^2 l / dx^2 = diag(p) - p p^T: check H v directly.
    rng = np.random.default_rng(3)
    x0, v = rng.normal(size=(1, 5)), rng.normal(size=(1, 5))
    x = Tensor(x0, requires_grad=True)
    F.cross_entropy(x, np.array([2])).backward(create_graph=True)
    g1 = x.grad
    assert g1 is not None
    x.grad = None
    (g1 * Tensor(v)).sum().backward()
    p = softmax_np(x0)[0]
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data[0], (np.diag(p) - np.outer(p, p)) @ v[0], rtol=1e-10, atol=1e-14)


@given(seed=seeds)
def test_bce_and_linear_second_derivative(seed: int) -> None:
    rng = np.random.default_rng(seed)
    t = Tensor(rng.uniform(size=(3, 2)))
    w, b = Tensor(rng.normal(size=(2, 4))), Tensor(rng.normal(size=2))

    def fn(x: Tensor) -> Tensor:
        return F.binary_cross_entropy(F.sigmoid(F.linear(x, w, b)), t)

    check_second_order(fn, rng.normal(size=(3, 4)), rng)

    def fn_w(wt: Tensor) -> Tensor:
        return (F.tanh(F.linear(Tensor(rng_x), wt, b)) ** 2).sum()

    rng_x = rng.normal(size=(3, 4))
    check_second_order(fn_w, rng.normal(size=(2, 4)), rng)


# ------------------------------------------------------------- dropout
def test_dropout_masks_and_scales() -> None:
    x = Tensor(np.ones((200, 50)), requires_grad=True)
    y = F.dropout(x, p=0.3, training=True, generator=np.random.default_rng(0))
    kept = y.data != 0
    assert abs(1 - kept.mean() - 0.3) < 0.03
    np.testing.assert_allclose(y.data[kept], 1 / 0.7)
    g = np.random.default_rng(1).normal(size=x.shape)
    y.backward(g)
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, g * y.data, rtol=1e-12)  # the mask saved in forward


def test_dropout_eval_identity_and_reproducible() -> None:
    x = Tensor(np.arange(1.0, 13.0).reshape(3, 4), requires_grad=True)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x
    np.testing.assert_array_equal(F.dropout(x, 1.0).data, np.zeros((3, 4)))
    a = F.dropout(x, 0.5, generator=np.random.default_rng(7)).data
    b = F.dropout(x, 0.5, generator=np.random.default_rng(7)).data
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="dropout"):
        F.dropout(x, 1.5)


# ------------------------------------------------------------- activations
def test_activations_match_formulas() -> None:
    x = np.array([[-2.0, -0.5, 0.25, 3.0]])
    t = Tensor(x)
    np.testing.assert_allclose(F.relu(t).data, np.maximum(x, 0))
    np.testing.assert_allclose(F.sigmoid(t).data, 1 / (1 + np.exp(-x)), rtol=1e-12)
    np.testing.assert_allclose(F.tanh(t).data, np.tanh(x), rtol=1e-12)
    np.testing.assert_allclose(F.leaky_relu(t, 0.1).data, np.where(x > 0, x, 0.1 * x))
    np.testing.assert_allclose(F.softmax(t, dim=1).data, softmax_np(x), rtol=1e-12)
    np.testing.assert_allclose(F.log_softmax(t, dim=1).data, np.log(softmax_np(x)), rtol=1e-12)


# ------------------------------------------------------------------ errors
def test_class_target_errors_name_the_shapes() -> None:
    x = Tensor(np.zeros((4, 3)), requires_grad=True)
    with pytest.raises(ValueError, match=r"cross_entropy.*\(4, 1\).*\(4, 3\)"):
        F.cross_entropy(x, np.zeros((4, 1), dtype=np.int64))
    with pytest.raises(TypeError, match=r"cross_entropy.*float64"):
        F.cross_entropy(x, np.zeros(4))
    with pytest.raises(IndexError, match=r"\[0, 3\)"):
        F.cross_entropy(x, np.array([0, 1, 2, 3]))
    with pytest.raises(ValueError, match=r"target has shape \(1,\) but input has shape \(3,\); expected .* \(\)"):
        F.cross_entropy(Tensor(np.zeros(3)), np.array([0]))  # unbatched (C,) scores take a 0-d target
    with pytest.raises(ValueError, match="nll_loss"):
        F.nll_loss(x, np.array([0, 1]))
    with pytest.raises(ValueError, match="reduction"):
        F.cross_entropy(x, np.array([0, 1, 2, 0]), reduction="avg")
    with pytest.raises(ValueError, match=r"^cross_entropy: reduction must be one of .* got array"):
        F.cross_entropy(x, np.array([0, 1, 2, 0]), reduction=np.ones(2))  # type: ignore[arg-type]


def test_dropout_p_must_be_a_probability() -> None:
    x = Tensor(np.ones((2, 3)))
    with pytest.raises(TypeError, match=r"^dropout: p must be a real number in \[0, 1\], got str 'a'"):
        F.dropout(x, "a")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^dropout: p must be in \[0, 1\], got 1.5"):
        F.dropout(x, 1.5)


def test_elementwise_loss_errors_name_the_shapes() -> None:
    a = Tensor(np.zeros((2, 3)), requires_grad=True)
    for fn in (F.mse_loss, F.l1_loss, F.binary_cross_entropy_with_logits):
        with pytest.raises(ValueError, match=r"\(3,\).*\(2, 3\)"):
            fn(a, Tensor(np.zeros(3)))
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        F.binary_cross_entropy(Tensor([0.5, 1.5]), Tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"linear.*\(2, 3\).*\(4, 5\)"):
        F.linear(a, Tensor(np.zeros((4, 5))))
    with pytest.raises(ValueError, match=r"bias.*\(4,\)"):
        F.linear(a, Tensor(np.zeros((4, 3))), Tensor(np.zeros(3)))
    with pytest.raises(TypeError, match="str"):
        F.relu("x")  # type: ignore[arg-type]


# ------------------------------------------------------------- vs PyTorch
LOSS_CASES: list[tuple[str, Any]] = [
    ("cross_entropy", lambda rng: (rng.normal(size=(5, 4)), rng.integers(0, 4, size=5))),
    ("nll_loss", lambda rng: (rng.normal(size=(5, 4)), rng.integers(0, 4, size=5))),
    ("mse_loss", lambda rng: (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)))),
    ("l1_loss", lambda rng: (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)))),
    ("binary_cross_entropy", lambda rng: (rng.uniform(0.05, 0.95, size=(3, 4)), rng.uniform(size=(3, 4)))),
    ("binary_cross_entropy_with_logits", lambda rng: (rng.normal(size=(3, 4)), rng.uniform(size=(3, 4)))),
]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name,make", LOSS_CASES, ids=[c[0] for c in LOSS_CASES])
def test_losses_match_torch(name: str, make: Any, reduction: str) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(sum(map(ord, name)))
    x, t = make(rng)
    ours_x = Tensor(x, requires_grad=True)
    ours = getattr(F, name)(ours_x, t if t.dtype.kind == "i" else Tensor(t), reduction=reduction)
    tx = torch.tensor(x, requires_grad=True)
    theirs = getattr(torch.nn.functional, name)(tx, torch.tensor(t), reduction=reduction)
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)
    upstream = rng.normal(size=ours.shape)
    ours.backward(upstream)
    theirs.backward(torch.tensor(upstream))
    assert ours_x.grad is not None
    np.testing.assert_allclose(ours_x.grad.data, tx.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_cross_entropy_double_backward_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    x0, v, target = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.integers(0, 3, size=4)
    x = Tensor(x0, requires_grad=True)
    F.cross_entropy(x, target).backward(create_graph=True)
    g1 = x.grad
    assert g1 is not None
    x.grad = None
    (g1 * Tensor(v)).sum().backward()
    tx = torch.tensor(x0, requires_grad=True)
    (tg,) = torch.autograd.grad(torch.nn.functional.cross_entropy(tx, torch.tensor(target)), tx, create_graph=True)
    (th,) = torch.autograd.grad((tg * torch.tensor(v)).sum(), tx)
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, th.numpy(), rtol=1e-10, atol=1e-14)


def test_linear_and_dropout_match_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    x, w, b = rng.normal(size=(2, 3, 4)), rng.normal(size=(5, 4)), rng.normal(size=5)
    ours = [Tensor(a, requires_grad=True) for a in (x, w, b)]
    theirs = [torch.tensor(a, requires_grad=True) for a in (x, w, b)]
    out, tout = F.linear(*ours), torch.nn.functional.linear(*theirs)
    np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=1e-12)
    g = rng.normal(size=out.shape)
    out.backward(g)
    tout.backward(torch.tensor(g))
    for a, ta in zip(ours, theirs):
        assert a.grad is not None
        np.testing.assert_allclose(a.grad.data, ta.grad.numpy(), rtol=1e-10, atol=1e-12)
    for name, args in [("relu", ()), ("sigmoid", ()), ("tanh", ()), ("leaky_relu", (0.2,)), ("softmax", (1,)),
                       ("log_softmax", (1,))]:
        a = Tensor(x[0], requires_grad=True)
        ta = torch.tensor(x[0], requires_grad=True)
        y, ty = getattr(F, name)(a, *args), getattr(torch.nn.functional, name)(ta, *args)
        np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=1e-10, atol=1e-12, err_msg=name)
        up = rng.normal(size=y.shape)
        y.backward(up)
        ty.backward(torch.tensor(up))
        assert a.grad is not None
        np.testing.assert_allclose(a.grad.data, ta.grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int32, np.int64, np.uint64])
def test_cross_entropy_takes_every_integer_target_dtype(dtype: type) -> None:
    rng = np.random.default_rng(3)
    scores = rng.normal(size=(5, 4))
    target = np.array([0, 3, 1, 3, 2])
    x = Tensor(scores, requires_grad=True)
    for reduction in ("mean", "none"):
        loss = F.cross_entropy(x, target.astype(dtype), reduction=reduction)
        lse = np.log(np.exp(scores).sum(axis=1))
        np.testing.assert_allclose(loss.data, (lse - scores[np.arange(5), target]).mean() if reduction == "mean"
                                   else lse - scores[np.arange(5), target], rtol=1e-12)
    x.grad = None
    F.cross_entropy(x, target.astype(dtype)).backward()
    softmax = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(x.grad.data, (softmax - np.eye(4)[target]) / 5, rtol=1e-12)  # type: ignore[union-attr]


@pytest.mark.parametrize("layout", ["fortran", "transposed view", "strided view"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_gradient_does_not_depend_on_the_input_layout(layout: str, reduction: str) -> None:
    rng = np.random.default_rng(5)
    scores, target = rng.normal(size=(5, 4)), np.array([0, 3, 1, 3, 2])
    upstream = Tensor(rng.normal(size=5)) if reduction == "none" else None
    ref = Tensor(scores.copy(), requires_grad=True)
    F.cross_entropy(ref, target, reduction=reduction).backward(upstream)
    if layout == "fortran":
        leaf = Tensor(np.asfortranarray(scores), requires_grad=True)
        x = leaf
    elif layout == "transposed view":
        leaf = Tensor(np.ascontiguousarray(scores.T), requires_grad=True)
        x = leaf.T
    else:
        wide = np.zeros((5, 8))
        wide[:, ::2] = scores
        leaf = Tensor(wide, requires_grad=True)
        x = leaf[:, ::2]
    loss = F.cross_entropy(x, target, reduction=reduction)
    np.testing.assert_allclose(loss.data, F.cross_entropy(ref, target, reduction=reduction).data, rtol=1e-12)
    loss.backward(upstream)
    grad = leaf.grad.data  # type: ignore[union-attr]
    got = grad if layout == "fortran" else (grad.T if layout == "transposed view" else grad[:, ::2])
    np.testing.assert_allclose(got, ref.grad.data, rtol=1e-12)  # type: ignore[union-attr]
