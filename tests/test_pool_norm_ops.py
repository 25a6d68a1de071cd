"""Pooling, normalization, embedding and GELU/SiLU/softplus: PyTorch's numbers when
torch is installed, argument errors, empty inputs, and the derivatives of what is not
an op of its own (average pooling, softplus's threshold). The ops' first and second
derivatives (max pooling, batch and layer norm, embedding, GELU, SiLU) are their
registry cases (``cases`` in autograd/ops/pooling.py and normalization.py, run by
tests/test_op_registry.py)."""

from __future__ import annotations

import numpy as np
import pytest

import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck

MAX_CASES = [  # kernel, stride, padding, dilation, ceil_mode
    (2, None, 0, 1, False),
    (3, 1, 1, 1, False),  # overlapping and padded
    ((3, 2), (2, 1), (1, 0), 1, True),
    (2, 2, 1, 2, False),
]


@pytest.mark.parametrize("kernel,stride,padding,ceil_mode,include_pad,divisor", [
    (2, None, 0, False, True, None), (3, 1, 1, False, True, None), (3, 2, 1, True, False, None),
    ((2, 3), (1, 2), (1, 1), False, False, None), (2, 1, 0, False, True, 3)])
def test_avg_pool2d_gradcheck_and_gradgradcheck(kernel, stride, padding, ceil_mode, include_pad, divisor) -> None:
    x = Tensor(np.random.default_rng(1).normal(size=(2, 3, 7, 6)), requires_grad=True)
    fn = lambda x: F.avg_pool2d(x, kernel, stride, padding, ceil_mode, include_pad, divisor)  # noqa: E731
    assert gradcheck(fn, [x])
    assert gradgradcheck(fn, [x])


def test_adaptive_avg_pool2d_gradcheck() -> None:
    x = Tensor(np.random.default_rng(2).normal(size=(2, 3, 7, 5)), requires_grad=True)
    fn = lambda x: F.adaptive_avg_pool2d(x, (3, None))  # noqa: E731
    assert gradcheck(fn, [x])
    assert gradgradcheck(fn, [x])


def test_embedding_padding_row_gets_no_gradient() -> None:
    rng = np.random.default_rng(5)
    w = Tensor(rng.normal(size=(5, 3)), requires_grad=True)
    idx = np.array([[0, 2, 2], [4, 0, 2]])
    out = F.embedding(idx, w, padding_idx=2)
    out.sum().backward()
    np.testing.assert_array_equal(w.grad.data[:, 0], [2, 0, 0, 0, 1])  # row 0 twice, row 2 padding


def test_softplus_with_beta_and_threshold_gradcheck_and_gradgradcheck() -> None:
    x = Tensor(np.random.default_rng(6).normal(size=(4, 5)) * 2, requires_grad=True)
    fn = lambda x: F.softplus(x, beta=2.0, threshold=3.0)  # noqa: E731
    assert gradcheck(fn, [x])
    assert gradgradcheck(fn, [x])


def test_pool_and_norm_dtypes_and_zero_batch() -> None:
    for dtype in (np.float32, np.float64):
        x = Tensor(np.zeros((0, 3, 6, 6), dtype=dtype), requires_grad=True)
        for y in (F.max_pool2d(x, 2), F.avg_pool2d(x, 3, 1, 1), F.adaptive_avg_pool2d(x, 2),
                  F.batch_norm(x, np.zeros(3), np.ones(3), training=True), F.layer_norm(x, 6)):
            assert y.shape[0] == 0 and y.dtype == dtype
            y.sum().backward()
        x1 = Tensor(np.random.default_rng(7).normal(size=(2, 3, 6, 6)).astype(dtype), requires_grad=True)
        for y in (F.max_pool2d(x1, 2), F.avg_pool2d(x1, 3, 1, 1), F.batch_norm(x1, None, None, training=True),
                  F.layer_norm(x1, (6, 6)), F.gelu(x1), F.silu(x1), F.softplus(x1)):
            assert y.dtype == dtype
            y.sum().backward()
            assert x1.grad.dtype == dtype


@pytest.mark.parametrize("shape", [(2, 0, 7, 6), (0, 7, 6), (0, 0, 7, 6)])
@pytest.mark.parametrize("pool,args", [("avg_pool2d", (3, 1, 1)), ("avg_pool2d", (2,)),
                                       ("avg_pool2d", (3, 2, 1, True, False)), ("max_pool2d", (3, 2, 1)),
                                       ("adaptive_avg_pool2d", ((3, 2),))])
def test_pools_of_zero_channels_are_empty(shape, pool, args) -> None:
    # (PyTorch's max and average pooling refuse zero channels; an empty result of the
    # shape one channel would give is what its adaptive pooling does, and ours all do)
    x = Tensor(np.zeros(shape, dtype=np.float32), requires_grad=True)
    one = getattr(F, pool)(Tensor(np.ones(shape[:-3] + (1,) + shape[-2:], dtype=np.float32)), *args)
    y = getattr(F, pool)(x, *args)
    assert y.shape == one.shape[:-3] + (0,) + one.shape[-2:] and y.dtype == np.float32
    y.sum().backward()
    assert x.grad.shape == shape and x.grad.dtype == np.float32


def test_pool_argument_errors() -> None:
    x = Tensor(np.zeros((1, 2, 5, 5)))
    with pytest.raises(ValueError, match="max_pool2d: padding .* at most half"):
        F.max_pool2d(x, 2, padding=2)
    with pytest.raises(ValueError, match="max_pool2d: kernel_size .* larger than the padded input"):
        F.max_pool2d(x, 7)
    with pytest.raises(ValueError, match="avg_pool2d: stride"):
        F.avg_pool2d(x, 2, stride=0.5)
    with pytest.raises(ValueError, match="max_pool2d: expected a 3-d"):
        F.max_pool2d(Tensor(np.zeros((5, 5))), 2)
    with pytest.raises(ValueError, match=r"batch_norm: running_mean must .* shape \(2,\)"):
        F.batch_norm(x, np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match="batch_norm: expected more than 1 value per channel"):
        F.batch_norm(Tensor(np.zeros((1, 2))), None, None, training=True)
    with pytest.raises(ValueError, match=r"layer_norm: normalized_shape \(4,\) must match .*\(1, 2, 5, 5\)"):
        F.layer_norm(x, 4)
    with pytest.raises(IndexError, match="embedding: indices must lie in"):
        F.embedding(np.array([0, 5]), Tensor(np.zeros((5, 2))))
    with pytest.raises(ValueError, match="gelu: approximate"):
        F.gelu(x, approximate="erf")


# ------------------------------------------------------------ PyTorch oracle
def _check(ours_fn, ref_fn, arrays, tol: float = 1e-10):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    ours = [Tensor(a, requires_grad=True) for a in arrays]
    ref = [torch.tensor(a, requires_grad=True) for a in arrays]
    y, ty = ours_fn(*ours), ref_fn(*ref)
    np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=tol, atol=tol)
    g = rng.normal(size=ty.shape)
    (y * Tensor(g)).sum().backward()
    ty.backward(torch.tensor(g))
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a.grad.data, b.grad.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize("kernel,stride,padding,dilation,ceil_mode", MAX_CASES + [(2, 2, 0, 1, True)])
def test_max_pool2d_matches_torch(kernel, stride, padding, dilation, ceil_mode) -> None:
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(12).normal(size=(2, 3, 9, 8))
    x[0, 0, :4, :4] = 1.0  # ties: the first maximum gets the gradient, as in PyTorch
    _check(lambda t: F.max_pool2d(t, kernel, stride, padding, dilation, ceil_mode),
           lambda t: torch.nn.functional.max_pool2d(t, kernel, stride, padding, dilation, ceil_mode), [x])
    y, idx = F.max_pool2d(Tensor(x), kernel, stride, padding, dilation, ceil_mode, return_indices=True)
    _, tidx = torch.nn.functional.max_pool2d(torch.tensor(x), kernel, stride, padding, dilation, ceil_mode,
                                             return_indices=True)
    np.testing.assert_array_equal(idx.data, tidx.numpy())


@pytest.mark.parametrize("kernel,stride,padding,ceil_mode,include_pad,divisor", [
    (2, None, 0, False, True, None), (3, 1, 1, False, True, None), (3, 2, 1, True, False, None),
    (3, 2, 1, True, True, None), ((2, 3), (1, 2), (1, 1), False, False, None), (2, 1, 0, False, True, 3)])
def test_avg_pool2d_matches_torch(kernel, stride, padding, ceil_mode, include_pad, divisor) -> None:
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(13).normal(size=(2, 3, 8, 7))
    _check(lambda t: F.avg_pool2d(t, kernel, stride, padding, ceil_mode, include_pad, divisor),
           lambda t: torch.nn.functional.avg_pool2d(t, kernel, stride, padding, ceil_mode, include_pad, divisor), [x])


@pytest.mark.parametrize("size", [1, (3, 2), (5, None), (4, 7)])
def test_adaptive_avg_pool2d_matches_torch(size) -> None:
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(14).normal(size=(2, 3, 10, 7))
    _check(lambda t: F.adaptive_avg_pool2d(t, size), lambda t: torch.nn.functional.adaptive_avg_pool2d(t, size), [x])


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5), (2, 3, 4, 5)])
def test_batch_norm_matches_torch_including_running_stats(shape) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(15)
    x, w, b = rng.normal(size=shape), rng.normal(size=3), rng.normal(size=3)
    rm, rv = rng.normal(size=3), rng.uniform(0.5, 2, size=3)
    ours_stats, ref_stats = (rm.copy(), rv.copy()), (torch.tensor(rm), torch.tensor(rv))
    _check(lambda x, w, b: F.batch_norm(x, *ours_stats, w, b, training=True, momentum=0.3),
           lambda x, w, b: torch.nn.functional.batch_norm(x, *ref_stats, w, b, training=True, momentum=0.3),
           [x, w, b])
    for ours_s, ref_s in zip(ours_stats, ref_stats):
        np.testing.assert_allclose(ours_s, ref_s.numpy(), rtol=1e-12)
    _check(lambda x, w, b: F.batch_norm(x, rm, rv, w, b),
           lambda x, w, b: torch.nn.functional.batch_norm(x, torch.tensor(rm), torch.tensor(rv), w, b), [x, w, b])


def test_batch_norm_updates_tensor_running_stats_in_place() -> None:
    rm, rv = Tensor(np.zeros(2)), Tensor(np.ones(2))
    x = np.arange(12.0).reshape(3, 2, 2)
    F.batch_norm(Tensor(x), rm, rv, training=True)
    per_channel = x.transpose(1, 0, 2).reshape(2, -1)
    np.testing.assert_allclose(rm.data, 0.1 * per_channel.mean(1))
    np.testing.assert_allclose(rv.data, 0.9 + 0.1 * per_channel.var(1, ddof=1))


def test_layer_norm_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(16)
    arrays = [rng.normal(size=(3, 4, 5)), rng.normal(size=(4, 5)), rng.normal(size=(4, 5))]
    _check(lambda x, w, b: F.layer_norm(x, (4, 5), w, b, eps=1e-3),
           lambda x, w, b: torch.nn.functional.layer_norm(x, (4, 5), w, b, eps=1e-3), arrays)


def test_embedding_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    idx = np.array([[1, 3, 3, 0], [3, 2, 1, 1]])
    _check(lambda w: F.embedding(idx, w, padding_idx=1),
           lambda w: torch.nn.functional.embedding(torch.tensor(idx), w, padding_idx=1),
           [np.random.default_rng(17).normal(size=(4, 3))])


@pytest.mark.parametrize("name,kwargs", [("gelu", {}), ("gelu", {"approximate": "tanh"}), ("silu", {}),
                                         ("softplus", {"beta": 2.0, "threshold": 3.0}), ("softplus", {})])
def test_activations_match_torch(name, kwargs) -> None:
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(18).normal(size=(5, 6)) * 4
    _check(lambda t: getattr(F, name)(t, **kwargs), lambda t: getattr(torch.nn.functional, name)(t, **kwargs), [x])
