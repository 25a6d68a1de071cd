"""Loss modules and the functional options they use: PyTorch's numbers and gradients,
gradcheck and gradgradcheck in float64."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn import functional as F

REDUCTIONS = ["mean", "sum", "none"]
rng = np.random.default_rng(0)


def _case(name: str, dims: tuple[int, ...] = ()):
    """(module kwargs, input array, target array) for each loss; inputs away from kinks."""
    n, c = 5, 4
    x = rng.normal(size=(n, c, *dims))
    if name in ("mse", "l1", "huber"):
        t = x + rng.choice([-1, 1], size=x.shape) * rng.uniform(0.2, 2.0, size=x.shape)  # |d| away from 0, delta
        t[np.abs(np.abs(x - t) - 1.0) < 0.1] += 0.3
        return x, t
    if name == "bce":
        return rng.uniform(0.1, 0.9, size=x.shape), rng.uniform(0, 1, size=x.shape)
    if name == "bce_logits":
        return x, rng.uniform(0, 1, size=x.shape)
    return x, rng.integers(0, c, size=(n, *dims))


CASES = [
    ("mse", nn.MSELoss, {}, "MSELoss"),
    ("l1", nn.L1Loss, {}, "L1Loss"),
    ("huber", nn.HuberLoss, {}, "HuberLoss"),
    ("huber", nn.HuberLoss, {"delta": 0.5}, "HuberLoss"),
    ("bce", nn.BCELoss, {}, "BCELoss"),
    ("bce", nn.BCELoss, {"weight": np.linspace(0.5, 2, 4)}, "BCELoss"),
    ("bce_logits", nn.BCEWithLogitsLoss, {}, "BCEWithLogitsLoss"),
    ("bce_logits", nn.BCEWithLogitsLoss, {"pos_weight": np.array([0.5, 1.0, 2.0, 3.0])}, "BCEWithLogitsLoss"),
    ("ce", nn.CrossEntropyLoss, {}, "CrossEntropyLoss"),
    ("ce", nn.CrossEntropyLoss, {"weight": np.array([0.2, 1.0, 2.0, 0.7])}, "CrossEntropyLoss"),
    ("ce", nn.CrossEntropyLoss, {"label_smoothing": 0.2}, "CrossEntropyLoss"),
    ("ce", nn.CrossEntropyLoss, {"ignore_index": 1, "weight": np.array([0.2, 1.0, 2.0, 0.7]),
                                 "label_smoothing": 0.1}, "CrossEntropyLoss"),
    ("nll", nn.NLLLoss, {}, "NLLLoss"),
    ("nll", nn.NLLLoss, {"weight": np.array([0.2, 1.0, 2.0, 0.7]), "ignore_index": 2}, "NLLLoss"),
]


def _torch_kwargs(torch, kwargs):
    return {k: torch.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("kind", "cls", "kwargs", "torch_name"), CASES)
def test_loss_modules_match_pytorch(kind, cls, kwargs, torch_name, reduction):
    torch = pytest.importorskip("torch")
    x, t = _case(kind)
    if kind == "nll":
        x = x - np.log(np.exp(x).sum(axis=1, keepdims=True))
    ours = cls(reduction=reduction, **kwargs)
    ref = getattr(torch.nn, torch_name)(reduction=reduction, **_torch_kwargs(torch, kwargs))
    xt, xr = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    tt = Tensor(t) if t.dtype.kind == "f" else t
    out, expected = ours(xt, tt), ref(xr, torch.tensor(t))
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = rng.normal(size=out.shape)
    out.backward(Tensor(g))
    expected.backward(torch.tensor(g))
    np.testing.assert_allclose(xt.grad.data, xr.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", [{}, {"weight": [0.5, 1, 2, 1]}, {"ignore_index": 0},
                                     {"label_smoothing": 0.3}, {"weight": [0.5, 1, 2, 1], "label_smoothing": 0.3}])
def test_cross_entropy_spatial_and_probability_targets_match_pytorch(reduction, options):
    torch = pytest.importorskip("torch")
    x, t = _case("ce", dims=(3, 2))
    kw = {k: np.asarray(v, dtype=np.float64) if k == "weight" else v for k, v in options.items()}
    out = F.cross_entropy(Tensor(x), t, reduction=reduction, **kw)
    ref = torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(t), reduction=reduction,
                                            **_torch_kwargs(torch, kw))
    np.testing.assert_allclose(out.data, ref.numpy(), rtol=1e-10)
    if "ignore_index" in kw:
        return
    probs = rng.dirichlet(np.ones(4), size=(5, 3, 2)).transpose(0, 3, 1, 2)
    out = F.cross_entropy(Tensor(x), Tensor(probs), reduction=reduction, **kw)
    ref = torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(probs), reduction=reduction,
                                            **_torch_kwargs(torch, kw))
    np.testing.assert_allclose(out.data, ref.numpy(), rtol=1e-10)


def test_cross_entropy_unbatched_and_all_ignored_match_pytorch():
    torch = pytest.importorskip("torch")
    x = rng.normal(size=4)
    np.testing.assert_allclose(F.cross_entropy(Tensor(x), np.array(2)).data,
                               torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(2)).numpy())
    x = rng.normal(size=(3, 4))
    t = np.full(3, -100)
    assert np.isnan(F.cross_entropy(Tensor(x), t).data)
    assert np.isnan(torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(t)).numpy())
    assert F.cross_entropy(Tensor(x), t, reduction="sum").data == 0


@pytest.mark.parametrize(
    "loss",
    [
        lambda x: F.huber_loss(x, _T_REG, delta=0.7, reduction="sum"),
        lambda x: F.cross_entropy(x, _T_IDX, weight=_W, ignore_index=1, label_smoothing=0.2),
        lambda x: F.cross_entropy(x, _T_IDX, weight=_W, reduction="none"),
        lambda x: F.cross_entropy(x, Tensor(_T_PROB), weight=_W, label_smoothing=0.1),
        lambda x: F.nll_loss(x, _T_IDX, weight=_W, ignore_index=3, reduction="mean"),
    ],
    ids=["huber", "ce_weight_ignore_smooth", "ce_weight_none", "ce_probs", "nll_weight_ignore"],
)
def test_losses_gradcheck_and_gradgradcheck(loss):
    x = Tensor(rng.normal(size=(6, 4)), requires_grad=True)
    assert gradcheck(loss, [x])
    assert gradgradcheck(loss, [x])


_T_IDX = np.array([0, 1, 2, 3, 1, 2])
_W = np.array([0.3, 1.0, 2.0, 0.8])
_T_PROB = np.random.default_rng(5).dirichlet(np.ones(4), size=6)
_x0 = np.random.default_rng(6).normal(size=(6, 4))
_T_REG = _x0 + np.where(np.abs(_x0) < 0.5, 1.0, 0.0)  # |x - t| = 1 (away from delta 0.7) or |x0 - x|


def test_loss_dtypes_empty_batch_and_errors():
    for dtype in (np.float32, np.float64):
        x = Tensor(rng.normal(size=(3, 4)).astype(dtype), requires_grad=True)
        for crit, t in ((nn.CrossEntropyLoss(weight=np.ones(4), label_smoothing=0.1), np.array([0, 1, 3])),
                        (nn.HuberLoss(), np.zeros((3, 4))), (nn.NLLLoss(ignore_index=0), np.array([0, 1, 3]))):
            out = crit(x, t)
            assert out.dtype == dtype
            out.backward()
            assert x.grad.dtype == dtype
            x.grad = None
    empty = Tensor(np.zeros((0, 4)), requires_grad=True)
    assert nn.CrossEntropyLoss(reduction="sum")(empty, np.zeros(0, dtype=np.int64)).data == 0
    assert nn.CrossEntropyLoss(reduction="none")(empty, np.zeros(0, dtype=np.int64)).shape == (0,)
    assert nn.MSELoss(reduction="none")(empty, np.zeros((0, 4))).shape == (0, 4)
    with pytest.raises(ValueError, match="CrossEntropyLoss: reduction must be one of"):
        nn.CrossEntropyLoss(reduction="avg")
    x = Tensor(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"weight must have shape \(3,\).*got \(2,\)"):
        F.cross_entropy(x, np.array([0, 1]), weight=np.ones(2))
    with pytest.raises(ValueError, match="label_smoothing must be a number in"):
        F.cross_entropy(x, np.array([0, 1]), label_smoothing=1.5)
    with pytest.raises(IndexError, match="ignore_index=-100"):
        F.nll_loss(x, np.array([0, 5]), weight=np.ones(3))
    with pytest.raises(TypeError, match=r"class probabilities of the input's shape \(2, 3\)"):
        F.cross_entropy(x, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="delta must be a positive number"):
        F.huber_loss(x, np.zeros((2, 3)), delta=0)
    assert "weight" in dict(nn.CrossEntropyLoss(weight=np.ones(3)).named_buffers())
