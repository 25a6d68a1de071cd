"""The functional pieces PyTorch code uses beside the layers (pad, normalize,
cosine_similarity, pairwise_distance, scaled_dot_product_attention, smooth_l1_loss,
kl_div, elu, selu, logsigmoid, softsign, softmin) and their modules, against PyTorch
(values and gradients with a random upstream gradient), and their bad input."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn import functional as F

RNG = np.random.default_rng(11)
A = RNG.normal(size=(3, 4))
B = RNG.normal(size=(3, 4))
P = np.log(RNG.dirichlet(np.ones(4), size=3))  # log-probabilities
Q = RNG.dirichlet(np.ones(4), size=3)
Q[0, 1] = 0.0  # (a zero target: 0 log 0 = 0)
MASK = np.tril(np.ones((4, 5), dtype=bool))
QKV = [RNG.normal(size=s) for s in ((2, 4, 3), (2, 5, 3), (2, 5, 2))]

# name -> (ours, theirs(torch, F), inputs)
CASES: dict[str, tuple[Any, Any, list[np.ndarray]]] = {
    "pad": (lambda a: F.pad(a, (1, 2, 0, 1), value=0.5), lambda t, TF, a: TF.pad(a, (1, 2, 0, 1), value=0.5), [A]),
    "normalize": (lambda a: F.normalize(a, dim=1), lambda t, TF, a: TF.normalize(a, dim=1), [A]),
    "normalize_p1": (lambda a: F.normalize(a, p=1.0, dim=0), lambda t, TF, a: TF.normalize(a, p=1.0, dim=0), [A]),
    "cosine_similarity": (lambda a, b: F.cosine_similarity(a, b), lambda t, TF, a, b: TF.cosine_similarity(a, b),
                          [A, B]),
    "cosine_broadcast": (lambda a, b: F.cosine_similarity(a, b[:1], dim=-1),
                         lambda t, TF, a, b: TF.cosine_similarity(a, b[:1], dim=-1), [A, B]),
    "pairwise_distance": (lambda a, b: F.pairwise_distance(a, b), lambda t, TF, a, b: TF.pairwise_distance(a, b),
                          [A, B]),
    "cosine_module": (lambda a, b: nn.CosineSimilarity(dim=0)(a, b), lambda t, TF, a, b: t.nn.CosineSimilarity(0)(a, b),
                      [A, B]),
    "pairwise_module": (lambda a, b: nn.PairwiseDistance(p=1.0, keepdim=True)(a, b),
                        lambda t, TF, a, b: t.nn.PairwiseDistance(p=1.0, keepdim=True)(a, b), [A, B]),
    "smooth_l1_loss": (lambda a, b: F.smooth_l1_loss(a, b, beta=0.5),
                       lambda t, TF, a, b: TF.smooth_l1_loss(a, b, beta=0.5), [A, B]),
    "smooth_l1_module": (lambda a, b: nn.SmoothL1Loss(reduction="sum")(a, b),
                         lambda t, TF, a, b: t.nn.SmoothL1Loss(reduction="sum")(a, b), [A, B]),
    "kl_div": (lambda p: F.kl_div(p, Tensor(Q), reduction="batchmean"),
               lambda t, TF, p: TF.kl_div(p, t.tensor(Q), reduction="batchmean"), [P]),
    "kl_div_log_target": (lambda p, q: nn.KLDivLoss(reduction="sum", log_target=True)(p, q),
                          lambda t, TF, p, q: t.nn.KLDivLoss(reduction="sum", log_target=True)(p, q),
                          [P, P[::-1].copy()]),
    "elu": (lambda a: F.elu(a, 0.7), lambda t, TF, a: TF.elu(a, 0.7), [A]),
    "selu": (lambda a: nn.SELU()(a), lambda t, TF, a: t.nn.SELU()(a), [A]),
    "logsigmoid": (lambda a: nn.LogSigmoid()(a * 30), lambda t, TF, a: TF.logsigmoid(a * 30), [A]),
    "softsign": (lambda a: nn.Softsign()(a), lambda t, TF, a: TF.softsign(a), [A]),
    "softmin": (lambda a: nn.Softmin(dim=1)(a), lambda t, TF, a: TF.softmin(a, dim=1), [A]),
    "sdpa": (lambda q, k, v: F.scaled_dot_product_attention(q, k, v),
             lambda t, TF, q, k, v: TF.scaled_dot_product_attention(q, k, v), QKV),
    "sdpa_causal_scale": (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.3),
                          lambda t, TF, q, k, v: TF.scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.3),
                          QKV),
    "sdpa_float_mask": (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=Tensor(MASK * -2.0)),
                        lambda t, TF, q, k, v: TF.scaled_dot_product_attention(
                            q, k, v, attn_mask=t.tensor(MASK * -2.0)), QKV),
    "sdpa_bool_mask": (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=MASK),
                       lambda t, TF, q, k, v: TF.scaled_dot_product_attention(q, k, v, attn_mask=t.tensor(MASK)),
                       QKV),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_equal_torch(name: str) -> None:
    torch = pytest.importorskip("torch")
    ours_fn, theirs_fn, arrays = CASES[name]
    ours = [Tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, expected = ours_fn(*ours), theirs_fn(torch, torch.nn.functional, *theirs)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    up = np.random.default_rng(len(name)).normal(size=out.shape)
    out.backward(Tensor(up))
    expected.backward(torch.tensor(up))
    for o, t in zip(ours, theirs):
        np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", ["normalize", "cosine_similarity", "sdpa_causal_scale", "elu", "kl_div", "pad"])
def test_second_order(name: str) -> None:
    fn, _, arrays = CASES[name]
    inputs = [Tensor(a, requires_grad=True) for a in arrays]
    assert gradcheck(fn, inputs) and gradgradcheck(fn, inputs)


def test_bad_input_names_the_function() -> None:
    x = Tensor(A)
    cases = [
        (lambda: F.pad(x, (1,)), ValueError, r"^pad: pad must be a tuple of \(before, after\) int pairs"),
        (lambda: F.pad(x, (1, 1), mode="reflect"), ValueError, r"^pad: only mode='constant' is supported"),
        (lambda: F.pad(x, (-1, 1)), ValueError, r"^pad: negative widths"),
        (lambda: F.cosine_similarity(x, Tensor(np.ones((2, 4)))), ValueError,
         r"^cosine_similarity: x1 of shape \(3, 4\) and x2 of shape \(2, 4\) do not broadcast"),
        (lambda: F.scaled_dot_product_attention(*(Tensor(a) for a in (QKV[0], QKV[0], QKV[2]))), ValueError,
         r"^scaled_dot_product_attention: query \(2, 4, 3\), key \(2, 4, 3\) and value \(2, 5, 2\) do not fit"),
        (lambda: F.kl_div(x, x, reduction="avg"), ValueError, r"^kl_div: reduction must be one of"),
        (lambda: F.smooth_l1_loss(x, x, beta=-1.0), ValueError, r"^smooth_l1_loss: beta must be a non-negative"),
        (lambda: nn.Softmin()(x), ValueError, r"^Softmin: give dim="),
        (lambda: F.normalize([1.0]), TypeError, r"^normalize: input must be a Tensor, got list"),
    ]
    for call, error, pattern in cases:
        with pytest.raises(error, match=pattern):
            call()


@pytest.mark.parametrize(("shape", "kw"), [((2, 3, 4, 5), {"scale_factor": 2}), ((2, 3, 4, 5), {"size": (7, 3)}),
                                          ((1, 2, 5), {"scale_factor": 1.5}), ((1, 2, 3, 4), {"size": 6}),
                                          ((1, 1, 2, 3, 2), {"scale_factor": (2, 1, 3)})])
def test_interpolate_and_upsample_nearest_equal_torch(shape: tuple[int, ...], kw: dict[str, Any]) -> None:
    torch = pytest.importorskip("torch")
    x = RNG.normal(size=shape)
    o, t = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = F.interpolate(o, **kw), torch.nn.functional.interpolate(t, **kw, mode="nearest")
    np.testing.assert_array_equal(out.data, expected.detach().numpy())
    up = RNG.normal(size=out.shape)
    out.backward(Tensor(up))
    expected.backward(torch.tensor(up))
    np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-12)
    np.testing.assert_array_equal(nn.Upsample(**kw)(Tensor(x)).data, out.data)
    with pytest.raises(ValueError, match=r"^interpolate: only mode='nearest' is supported"):
        F.interpolate(o, **kw, mode="bilinear")


def test_channel_dropout_zeroes_whole_channels() -> None:
    x = Tensor(np.ones((4, 8, 3, 3)), requires_grad=True)
    out = F.dropout2d(x, 0.5, generator=np.random.default_rng(0))
    per_channel = out.data.reshape(4, 8, 9)
    assert set(np.unique(per_channel)) <= {0.0, 2.0}
    assert (per_channel.min(axis=2) == per_channel.max(axis=2)).all()  # (one draw per channel)
    assert 0 < (per_channel[:, :, 0] == 0).sum() < 32
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.data, out.data)  # (d/dx = the mask)
    layer = nn.Dropout1d(0.3)
    layer.eval()
    assert layer(Tensor(np.ones((2, 3, 5)))).data.tolist() == np.ones((2, 3, 5)).tolist()
    assert nn.Dropout2d(1.0)(Tensor(np.ones((2, 2, 2)))).data.sum() == 0.0
    with pytest.raises(ValueError, match=r"^dropout2d: expected a 3-d or 4-d input \(channels first\), got shape"):
        F.dropout2d(Tensor(np.ones((2, 3))))
    with pytest.raises(ValueError, match=r"^Dropout2d: p must be a probability"):
        nn.Dropout2d(1.5)


@pytest.mark.parametrize(("shape", "groups"), [((2, 6, 3, 4), 3), ((3, 4, 5), 2), ((2, 4), 4), ((1, 6, 2, 2, 2), 1)])
def test_group_norm_equals_torch(shape: tuple[int, ...], groups: int) -> None:
    torch = pytest.importorskip("torch")
    c = shape[1]
    x, w, b = RNG.normal(size=shape), RNG.normal(size=c), RNG.normal(size=c)
    ours = [Tensor(a, requires_grad=True) for a in (x, w, b)]
    theirs = [torch.tensor(a, requires_grad=True) for a in (x, w, b)]
    out = F.group_norm(ours[0], groups, ours[1], ours[2], eps=1e-4)
    expected = torch.nn.functional.group_norm(theirs[0], groups, theirs[1], theirs[2], eps=1e-4)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    up = RNG.normal(size=shape)
    out.backward(Tensor(up))
    expected.backward(torch.tensor(up))
    for o, t in zip(ours, theirs):
        np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-9, atol=1e-11)
    layer = nn.GroupNorm(groups, c)
    assert [n for n, _ in layer.named_parameters()] == ["weight", "bias"]
    np.testing.assert_allclose(layer(Tensor(x)).data, torch.nn.GroupNorm(groups, c).double()(
        torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-6)


def test_group_norm_bad_input() -> None:
    with pytest.raises(ValueError, match=r"^group_norm: num_groups must be a positive int dividing the 6 channels"):
        F.group_norm(Tensor(np.ones((2, 6, 3))), 4)
    with pytest.raises(ValueError, match=r"^GroupNorm: num_channels \(6\) must be divisible by num_groups \(4\)"):
        nn.GroupNorm(4, 6)
    with pytest.raises(ValueError, match=r"^GroupNorm: expected an input \(N, 6, \.\.\.\), got shape \(2, 5\)"):
        nn.GroupNorm(3, 6)(Tensor(np.ones((2, 5))))


@pytest.mark.parametrize("kw", [{"kernel_size": 2}, {"kernel_size": 3, "stride": 2, "padding": 1},
                                {"kernel_size": 2, "stride": 1, "ceil_mode": True}])
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_1d_pooling_equals_torch(kind: str, kw: dict[str, Any]) -> None:
    torch = pytest.importorskip("torch")
    x = RNG.permutation(np.linspace(-1, 1, 2 * 3 * 7)).reshape(2, 3, 7)  # (no ties)
    for arr in (x, x[0]):  # (batched and unbatched)
        o, t = Tensor(arr, requires_grad=True), torch.tensor(arr, requires_grad=True)
        out = getattr(F, f"{kind}_pool1d")(o, **kw)
        expected = getattr(torch.nn.functional, f"{kind}_pool1d")(t, **kw)
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12)
        up = RNG.normal(size=out.shape)
        out.backward(Tensor(up))
        expected.backward(torch.tensor(up))
        np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-12)
        layer = nn.MaxPool1d(**kw) if kind == "max" else nn.AvgPool1d(**kw)
        np.testing.assert_allclose(layer(Tensor(arr)).data, out.data)
    values, idx = F.max_pool1d(Tensor(x), 2, return_indices=True)
    tv, ti = torch.nn.functional.max_pool1d(torch.tensor(x), 2, return_indices=True)
    np.testing.assert_array_equal(idx.data, ti.numpy())
    with pytest.raises(ValueError, match=r"^max_pool1d: kernel_size must be an int or a tuple of 1 ints"):
        F.max_pool1d(Tensor(x), (2, 2))
    with pytest.raises(ValueError, match=r"^avg_pool1d: expected a 2-d \(unbatched\) or 3-d \(batched\) input"):
        F.avg_pool1d(Tensor(np.ones((1, 2, 3, 4))), 2)
