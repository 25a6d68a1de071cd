"""Convolution ops (conv1d, conv2d, conv_transpose2d): PyTorch's numbers (outputs and
every gradient) when torch is installed, the argument errors, and the derivatives the
op registry does not cover (conv1d's reshapes, third order). The ops' own first and
second derivatives, over stride/padding/dilation/groups, are their registry cases
(``cases`` in autograd/ops/conv.py, run by tests/test_op_registry.py)."""

from __future__ import annotations

import numpy as np
import pytest

import nn.functional as F
from autograd import Tensor, grad, gradcheck, gradgradcheck, no_grad

CONV_CASES = [  # stride, padding, dilation, groups
    (1, 0, 1, 1),
    (2, 1, 1, 1),
    ((2, 1), (1, 2), (1, 2), 2),
    (1, "same", 2, 1),
    (1, "valid", 1, 3),
    ((1, 3), (2, 0), (2, 1), 1),
]


def _t(rng: np.random.Generator, *shape: int, grad: bool = True) -> Tensor:
    return Tensor(rng.normal(size=shape), requires_grad=grad)


def test_conv1d_gradcheck_and_gradgradcheck() -> None:
    rng = np.random.default_rng(2)
    x, w, b = _t(rng, 2, 4, 9), _t(rng, 6, 2, 3), _t(rng, 6)

    def fn(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
        return F.conv1d(x, w, b, stride=2, padding=2, dilation=2, groups=2)

    assert gradcheck(fn, [x, w, b])
    assert gradgradcheck(fn, [x, w, b])


def test_conv_third_order_is_a_convolution_too() -> None:
    # d/dx of (d/dw of conv) goes through ConvWeight's backward: checked by gradgradcheck
    # on the weight gradient itself
    rng = np.random.default_rng(3)
    x, w = _t(rng, 1, 2, 5, 5), _t(rng, 3, 2, 2, 2)
    g = Tensor(rng.normal(size=(1, 3, 4, 4)))

    def weight_grad(x: Tensor, w: Tensor) -> Tensor:
        y = F.conv2d(x, w)
        (gw,) = grad((y * g).sum(), [w], create_graph=True)
        return gw * gw

    assert gradcheck(weight_grad, [x, w])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv_dtypes_zero_batch_and_unbatched(dtype) -> None:
    rng = np.random.default_rng(4)
    w = Tensor(rng.normal(size=(4, 3, 3, 3)).astype(dtype), requires_grad=True)
    x = Tensor(rng.normal(size=(0, 3, 6, 6)).astype(dtype), requires_grad=True)
    y = F.conv2d(x, w, padding=1)
    assert y.shape == (0, 4, 6, 6) and y.dtype == dtype
    y.sum().backward()
    assert x.grad.shape == (0, 3, 6, 6) and np.all(w.grad.data == 0) and w.grad.dtype == dtype
    xu = rng.normal(size=(3, 6, 6)).astype(dtype)
    yu = F.conv2d(Tensor(xu), w, stride=2)
    yb = F.conv2d(Tensor(xu[None]), w, stride=2)
    assert yu.shape == (4, 2, 2) and yu.dtype == dtype
    np.testing.assert_array_equal(yu.data, yb.data[0])
    t = F.conv_transpose2d(Tensor(rng.normal(size=(4, 3, 3)).astype(dtype)), w, stride=2)
    assert t.shape == (3, 7, 7) and t.dtype == dtype
    x1 = rng.normal(size=(3, 10)).astype(dtype)
    w1 = Tensor(rng.normal(size=(2, 3, 4)).astype(dtype))
    y1 = F.conv1d(Tensor(x1), w1, padding=1)
    assert y1.shape == (2, 9) and y1.dtype == dtype
    np.testing.assert_array_equal(y1.data, F.conv1d(Tensor(x1[None]), w1, padding=1).data[0])


def test_no_grad_saves_nothing() -> None:
    rng = np.random.default_rng(5)
    x, w = _t(rng, 2, 3, 6, 6), _t(rng, 4, 3, 3, 3)
    with no_grad():
        y = F.max_pool2d(F.conv2d(x, w), 2)
        z = F.conv_transpose2d(x, w.transpose(0, 1))
    for t in (y, z):
        assert not t.requires_grad and t.grad_fn is None and t.is_leaf
        assert t._saved is None  # (nothing kept alive for a backward that cannot come)


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("kwargs,words", [
    ({"stride": 1.5}, ["conv2d", "stride"]),
    ({"stride": 0}, ["conv2d", "stride"]),
    ({"padding": -1}, ["conv2d", "padding", "non-negative"]),
    ({"padding": "full"}, ["conv2d", "padding"]),
    ({"padding": "same", "stride": 2}, ["conv2d", "same", "stride"]),
    ({"groups": 2}, ["conv2d", "groups", "(2, 3, 8, 8)"]),
    ({"dilation": 5}, ["conv2d", "kernel", "larger", "padded input"]),
])
def test_conv2d_argument_errors(kwargs, words) -> None:
    x, w = Tensor(np.zeros((2, 3, 8, 8))), Tensor(np.zeros((4, 3, 3, 3)))
    with pytest.raises(ValueError) as info:
        F.conv2d(x, w, **kwargs)
    for word in words:
        assert word in str(info.value)


def test_conv2d_shape_errors_name_both_shapes() -> None:
    with pytest.raises(ValueError, match=r"conv2d: expected input with 3 channels .*\(4, 3, 3, 3\).*\(8, 1, 28, 28\)"):
        F.conv2d(Tensor(np.zeros((8, 1, 28, 28))), Tensor(np.zeros((4, 3, 3, 3))))
    with pytest.raises(ValueError, match=r"conv2d: kernel size \(5, 5\).*larger than the padded input"):
        F.conv2d(Tensor(np.zeros((1, 1, 4, 4))), Tensor(np.zeros((1, 1, 5, 5))))
    with pytest.raises(ValueError, match=r"conv2d: expected a 3-d .* or 4-d"):
        F.conv2d(Tensor(np.zeros((4, 4))), Tensor(np.zeros((1, 1, 3, 3))))
    with pytest.raises(ValueError, match=r"conv2d: groups=3 must divide .*channels \(4\)"):
        F.conv2d(Tensor(np.zeros((1, 3, 4, 4))), Tensor(np.zeros((4, 1, 3, 3))), groups=3)
    with pytest.raises(ValueError, match=r"conv2d: bias must have shape \(4,\)"):
        F.conv2d(Tensor(np.zeros((1, 3, 4, 4))), Tensor(np.zeros((4, 3, 3, 3))), Tensor(np.zeros(3)))
    with pytest.raises(TypeError, match="conv2d: bias .* same dtype"):
        F.conv2d(Tensor(np.zeros((1, 3, 4, 4))), Tensor(np.zeros((4, 3, 3, 3))), Tensor(np.zeros(4, np.float32)))
    with pytest.raises(TypeError, match="conv2d: input .* same dtype"):
        F.conv2d(Tensor(np.zeros((1, 3, 4, 4), np.float32)), Tensor(np.zeros((4, 3, 3, 3))))
    with pytest.raises(ValueError, match="conv_transpose2d: output_padding"):
        F.conv_transpose2d(Tensor(np.zeros((1, 3, 4, 4))), Tensor(np.zeros((3, 2, 3, 3))), stride=2, output_padding=2)
    with pytest.raises(ValueError, match=r"conv_transpose2d: expected input with 3 channels"):
        F.conv_transpose2d(Tensor(np.zeros((1, 2, 4, 4))), Tensor(np.zeros((3, 2, 3, 3))))
    with pytest.raises(ValueError, match=r"conv1d: stride"):
        F.conv1d(Tensor(np.zeros((1, 2, 9))), Tensor(np.zeros((3, 2, 3))), stride=(1, 2))


# ------------------------------------------------------------ PyTorch oracle
def _compare(ours_out: Tensor, ref_out, ours_inputs, ref_inputs, rng, tol: float = 1e-10) -> None:
    torch = pytest.importorskip("torch")
    np.testing.assert_allclose(ours_out.data, ref_out.detach().numpy(), rtol=tol, atol=tol)
    g = rng.normal(size=ref_out.shape)
    (ours_out * Tensor(g)).sum().backward()
    ref_out.backward(torch.tensor(g))
    for a, b in zip(ours_inputs, ref_inputs):
        np.testing.assert_allclose(a.grad.data, b.grad.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize("stride,padding,dilation,groups", CONV_CASES)
def test_conv2d_matches_torch(stride, padding, dilation, groups) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    arrays = [rng.normal(size=s) for s in ((3, 6, 11, 9), (6, 6 // groups, 3, 4), (6,))]
    ours = [Tensor(a, requires_grad=True) for a in arrays]
    ref = [torch.tensor(a, requires_grad=True) for a in arrays]
    _compare(F.conv2d(*ours, stride, padding, dilation, groups),
             torch.nn.functional.conv2d(*ref, stride, padding, dilation, groups), ours, ref, rng)


@pytest.mark.parametrize("stride,padding,output_padding,dilation,groups",
                         [(1, 0, 0, 1, 1), (2, 1, 1, 1, 2), ((2, 3), (0, 1), (1, 2), (2, 1), 1), (1, 2, 0, 2, 3)])
def test_conv_transpose2d_matches_torch(stride, padding, output_padding, dilation, groups) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    arrays = [rng.normal(size=s) for s in ((2, 6, 5, 4), (6, 2, 3, 4), (2 * groups,))]
    ours = [Tensor(a, requires_grad=True) for a in arrays]
    ref = [torch.tensor(a, requires_grad=True) for a in arrays]
    _compare(F.conv_transpose2d(*ours, stride, padding, output_padding, groups, dilation),
             torch.nn.functional.conv_transpose2d(*ref, stride, padding, output_padding, groups, dilation),
             ours, ref, rng)


@pytest.mark.parametrize("padding", [0, 3, "same"])
def test_conv1d_matches_torch(padding) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(8)
    arrays = [rng.normal(size=s) for s in ((3, 4, 13), (6, 2, 4), (6,))]
    ours = [Tensor(a, requires_grad=True) for a in arrays]
    ref = [torch.tensor(a, requires_grad=True) for a in arrays]
    stride = 1 if padding == "same" else 2
    _compare(F.conv1d(*ours, stride=stride, padding=padding, dilation=2, groups=2),
             torch.nn.functional.conv1d(*ref, stride=stride, padding=padding, dilation=2, groups=2), ours, ref, rng)


def test_conv2d_float32_lenet_layers_match_torch() -> None:
    # the benchmark's shapes, in float32: (N, 1) first layer (the (K, M) im2col) then C=6
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    arrays = [rng.normal(size=s).astype(np.float32) for s in ((8, 1, 28, 28), (6, 1, 5, 5), (6,), (16, 6, 5, 5))]
    ours = [Tensor(a, requires_grad=True) for a in arrays]
    ref = [torch.tensor(a, requires_grad=True) for a in arrays]
    y = F.conv2d(F.max_pool2d(F.relu(F.conv2d(ours[0], ours[1], ours[2])), 2), ours[3])
    tf = torch.nn.functional
    ty = tf.conv2d(tf.max_pool2d(tf.relu(tf.conv2d(ref[0], ref[1], ref[2])), 2), ref[3])
    _compare(y, ty, ours, ref, rng, tol=2e-4)


def test_lenet_benchmark_steps_agree() -> None:
    """benchmarks/conv.py times equal work: ours, the numpy im2col step (and torch, if
    installed) end three SGD steps with the same weights."""
    import sys
    from pathlib import Path

    folder = str(Path(__file__).resolve().parents[1] / "benchmarks")
    sys.path.insert(0, folder)
    try:
        import conv as bench  # type: ignore[import-not-found]
    finally:
        sys.path.remove(folder)
    X, y = bench.make_data()
    bench.check_same_steps(bench.init_weights(), X[:16], y[:16])
