"""The elementwise functions of issue 14 against PyTorch (values and gradients), and the
``autograd.<function>`` namespace. Forward-vs-closed-form, gradcheck and gradgradcheck
run for every op through the registry (tests/test_op_registry.py)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd
from autograd import Tensor

# name -> (domain low, high)
UNARY = {
    "sin": (-3, 3), "cos": (-3, 3), "tan": (-1.2, 1.2), "asin": (-0.9, 0.9), "acos": (-0.9, 0.9),
    "atan": (-3, 3), "sinh": (-3, 3), "cosh": (-3, 3), "asinh": (-3, 3), "acosh": (1.1, 4),
    "atanh": (-0.9, 0.9), "log1p": (-0.9, 3), "expm1": (-3, 3), "log2": (0.1, 4), "log10": (0.1, 4),
    "exp2": (-3, 3), "rsqrt": (0.1, 4), "square": (-3, 3), "reciprocal": (0.2, 4), "floor": (-3, 3),
    "ceil": (-3, 3), "round": (-3, 3), "trunc": (-3, 3), "erf": (-3, 3), "erfc": (-3, 3),
    "erfinv": (-0.95, 0.95), "logit": (0.05, 0.95), "isnan": (-3, 3), "isfinite": (-3, 3),
    "silu": (-3, 3), "mish": (-3, 3), "gelu": (-3, 3), "sign": (-3, 3), "exp": (-3, 3), "log": (0.1, 3),
    "sqrt": (0.1, 3),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_values_and_gradients_equal_torch(name: str) -> None:
    torch = pytest.importorskip("torch")
    low, high = UNARY[name]
    rng = np.random.default_rng(len(name))
    x = rng.uniform(low, high, size=(3, 4))
    upstream = rng.normal(size=(3, 4))
    ours = Tensor(x, requires_grad=True)
    out = getattr(autograd, name, None) or getattr(Tensor, name)  # (silu, mish: Tensor methods, F.* in torch)
    out = out(ours)
    theirs = torch.tensor(x, requires_grad=True)
    fn = getattr(torch, name, None) or getattr(torch.nn.functional, name)
    expected = fn(theirs)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert out.dtype == (np.bool_ if name.startswith("is") else np.float64)
    if expected.requires_grad:
        out.backward(Tensor(upstream))
        expected.backward(torch.tensor(upstream))
        got = ours.grad.data if ours.grad is not None else np.zeros_like(x)
        np.testing.assert_allclose(got, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)
    # the method and the function agree, and float32 stays float32
    np.testing.assert_array_equal(getattr(Tensor(x), name)().data, out.data)
    if not name.startswith("is"):
        assert getattr(Tensor(x.astype(np.float32)), name)().dtype == np.float32


def test_binary_functions_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    a, b, w = rng.normal(size=(2, 3)), rng.normal(size=(3,)), rng.uniform(size=(2, 3))
    ta, tb, tw = (torch.tensor(v, requires_grad=True) for v in (a, b, w))
    oa, ob, ow = (Tensor(v, requires_grad=True) for v in (a, b, w))
    cases: list[tuple[Any, Any]] = [
        (autograd.atan2(oa, ob), torch.atan2(ta, tb)),
        (oa.lerp(ob, ow), torch.lerp(ta, tb.expand(2, 3), tw)),
        (oa.add(ob, alpha=2.5), ta.add(tb, alpha=2.5)),
        (oa.sub(ob, alpha=0.5), ta.sub(tb, alpha=0.5)),
        (autograd.mul(oa, ob), torch.mul(ta, tb)),
        (autograd.div(oa, ob), torch.div(ta, tb)),
        (oa.hardtanh(-0.5, 0.5), torch.nn.functional.hardtanh(ta, -0.5, 0.5)),
        (autograd.max(oa, ob), torch.max(ta, tb.expand(2, 3))),
    ]
    for ours, theirs in cases:
        np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12)
        (ours * Tensor(np.arange(6.0).reshape(2, 3))).sum().backward()
        (theirs * torch.arange(6.0, dtype=torch.float64).reshape(2, 3)).sum().backward()
    for o, t in ((oa, ta), (ob, tb), (ow, tw)):
        np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-10)
    for mode in ("trunc", "floor"):
        np.testing.assert_array_equal(Tensor(a).div(Tensor(b), rounding_mode=mode).data,
                                      torch.div(torch.tensor(a), torch.tensor(b), rounding_mode=mode).numpy())


def test_nan_to_num_and_checks_match_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.array([np.nan, np.inf, -np.inf, 1.5])
    ours = Tensor(x, requires_grad=True)
    out = ours.nan_to_num(nan=0.5, posinf=9.0)
    theirs = torch.tensor(x, requires_grad=True)
    expected = torch.nan_to_num(theirs, nan=0.5, posinf=9.0)
    np.testing.assert_array_equal(out.data, expected.detach().numpy())
    out.sum().backward()
    expected.sum().backward()
    np.testing.assert_array_equal(ours.grad.data, theirs.grad.numpy())
    for name in ("isnan", "isinf", "isfinite"):
        np.testing.assert_array_equal(getattr(autograd, name)(ours).data, getattr(torch, name)(theirs).numpy())


def test_integers_become_floating_and_round_to_themselves() -> None:
    x = Tensor(np.array([1, 2, 3]))
    assert autograd.sin(x).dtype == np.float32
    assert autograd.floor(x).dtype == np.int64 and list(autograd.floor(x).data) == [1, 2, 3]


def test_logit_with_eps_has_zero_gradient_where_clamped() -> None:
    torch = pytest.importorskip("torch")
    x = np.array([0.0, 0.05, 0.5, 0.97, 1.0])
    ours = Tensor(x, requires_grad=True)
    ours.logit(0.1).sum().backward()
    theirs = torch.tensor(x, requires_grad=True)
    torch.logit(theirs, 0.1).sum().backward()
    np.testing.assert_allclose(ours.grad.data, theirs.grad.numpy(), rtol=1e-12)


def test_bad_arguments_name_the_function() -> None:
    x = Tensor([0.5, 0.25])
    with pytest.raises(ValueError, match=r"^atan2: .*\(2,\).*\(3,\)"):
        autograd.atan2(x, Tensor([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="^logit: eps must be a number in"):
        x.logit(0.7)
    with pytest.raises(ValueError, match="^div: rounding_mode must be"):
        x.div(2, rounding_mode="up")


def test_every_elementwise_and_reduction_method_has_a_function_form() -> None:
    x = Tensor(np.linspace(0.1, 0.9, 6).reshape(2, 3), requires_grad=True)
    for name in ("exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "sin", "cos", "tan", "sum", "mean",
                 "var", "std", "argmax", "square", "erf", "floor", "flatten", "clone"):
        np.testing.assert_array_equal(getattr(autograd, name)(x).data, getattr(x, name)().data)
    np.testing.assert_array_equal(autograd.mean(x, dim=0).data, x.mean(dim=0).data)
    np.testing.assert_array_equal(autograd.clamp(x, 0.2, 0.5).data, np.clip(x.data, 0.2, 0.5))
    np.testing.assert_array_equal(autograd.reshape(x, (3, 2)).data, x.data.reshape(3, 2))
    np.testing.assert_array_equal(autograd.transpose(x, 0, 1).data, x.data.T)
    np.testing.assert_array_equal(x.neg().data, -x.data)
    np.testing.assert_array_equal(autograd.negative(x).data, -x.data)
    assert float(autograd.max(x)) == float(x.max()) and float(autograd.min(x)) == float(x.min())
    np.testing.assert_array_equal(autograd.max(x, dim=1).values.data, x.data.max(axis=1))
    np.testing.assert_array_equal(autograd.sin([0.0, 1.0]).data, np.sin(np.array([0.0, 1.0], np.float32)))


@pytest.mark.parametrize("which", ["both", "min", "max", "crossed", "tied"])
def test_clamp_with_bounds_that_require_grad_matches_torch(which: str) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(len(which))
    x = rng.normal(size=(3, 4))
    lo, hi = rng.normal(size=(4,)) - 0.5, rng.normal(size=(3, 1)) + 0.5
    if which == "crossed":  # min > max: the result is max, whose gradient is everywhere
        lo, hi = hi.reshape(3)[:1] + 2.0, lo
    if which == "tied":  # x exactly at a bound: x keeps the gradient (x >= min)
        x[0, :] = lo
    lo_, hi_ = (None if which == "max" else lo), (None if which == "min" else hi)
    ours = [Tensor(a, requires_grad=True) if a is not None else None for a in (x, lo_, hi_)]
    theirs = [torch.tensor(a, requires_grad=True) if a is not None else None for a in (x, lo_, hi_)]
    out, expected = ours[0].clamp(ours[1], ours[2]), torch.clamp(*theirs)
    up = rng.normal(size=out.shape)
    out.backward(Tensor(up))
    expected.backward(torch.tensor(up))
    np.testing.assert_array_equal(out.data, expected.detach().numpy())
    for o, t in zip(ours, theirs):
        if o is not None:
            np.testing.assert_array_equal(o.grad.data, t.grad.numpy())
    with autograd.no_grad():  # (without grad mode the bounds are constants, as before)
        np.testing.assert_array_equal(ours[0].clip(ours[1], ours[2]).data, out.data)


def test_hardtanh_relu6_and_mish_equal_torch_at_the_bounds() -> None:
    torch = pytest.importorskip("torch")
    import nn
    from nn import functional as F

    # (no NaN: torch's hardtanh gradient at NaN is 1 or 0 depending on its vectorized path)
    x = np.array([-2.5, -1.0, -0.3, 0.0, 1.0, 0.5, 3.0, 6.0, 7.0])
    cases = [(lambda t: F.hardtanh(t), lambda t: torch.nn.functional.hardtanh(t)),
             (lambda t: F.hardtanh(t, -0.3, 3.0), lambda t: torch.nn.functional.hardtanh(t, -0.3, 3.0)),
             (lambda t: nn.Hardtanh(0.0, 1.0)(t), lambda t: torch.nn.Hardtanh(0.0, 1.0)(t)),
             (F.relu6, torch.nn.functional.relu6), (lambda t: nn.ReLU6()(t), lambda t: torch.nn.ReLU6()(t)),
             (F.mish, torch.nn.functional.mish), (lambda t: nn.Mish()(t), lambda t: torch.nn.Mish()(t)),
             (lambda t: nn.SiLU()(t), lambda t: torch.nn.SiLU()(t))]
    for ours_fn, torch_fn in cases:
        o, t = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, expected = ours_fn(o), torch_fn(t)
        out.backward(Tensor(np.linspace(0.5, 2.0, x.size)))
        expected.backward(torch.tensor(np.linspace(0.5, 2.0, x.size)))
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12)
        np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-12)
    with pytest.raises(ValueError, match=r"^hardtanh: min_val \(2.0\) cannot be greater than max_val \(1.0\)"):
        F.hardtanh(Tensor(x), 2.0, 1.0)
    with pytest.raises(TypeError, match="^mish: input must be a Tensor, got list"):
        F.mish([1.0])


def test_round_with_decimals_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).normal(size=200) * 100
    for decimals in (-2, -1, 0, 1, 3):
        for dtype in (np.float32, np.float64):
            o = Tensor(x.astype(dtype), requires_grad=True)
            out = o.round(decimals=decimals)
            expected = torch.round(torch.tensor(x.astype(dtype)), decimals=decimals).numpy()
            np.testing.assert_array_equal(out.data, expected)
            assert out.dtype == dtype
            out.sum().backward()
            assert not o.grad.data.any()  # (piecewise constant: zero gradient)
    np.testing.assert_array_equal(autograd.round(Tensor([1234.5]), decimals=-2).data, [1200.0])
    with pytest.raises(TypeError, match="^round: decimals needs a floating tensor, got dtype int64"):
        Tensor(np.array([15, 25])).round(decimals=-1)
    with pytest.raises(TypeError, match="^round: decimals must be an integer"):
        Tensor([1.5]).round(decimals=0.5)


def test_lerp_names_itself_and_alpha_scales_a_list() -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError, match=r"^lerp: input of shape \(2,\), end of shape \(3,\) and weight of shape "
                                         r"\(\) do not broadcast"):
        Tensor([1.0, 2.0]).lerp(Tensor([1.0, 2.0, 3.0]), 0.5)
    with pytest.raises(ValueError, match=r"^lerp: .* weight of shape \(4,\) do not broadcast"):
        autograd.lerp(Tensor([1.0, 2.0]), Tensor([1.0, 2.0]), Tensor(np.ones(4)))
    x = Tensor([1.0, 2.0], dtype=np.float32)
    np.testing.assert_array_equal(x.add([1, 2], alpha=2).data, torch.tensor([1.0, 2.0]).add(torch.tensor([1, 2]),
                                                                                          alpha=2).numpy())
    np.testing.assert_array_equal(x.sub([1, 2], alpha=2).data, [-1.0, -2.0])  # (not the list repeated)
    assert x.add(3, alpha=2).dtype == np.float32


@pytest.mark.parametrize("name", ["fmod", "remainder", "hypot", "logaddexp", "xlogy", "atan2"])
def test_two_input_functions_equal_torch_with_broadcasting(name: str) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(len(name))
    a, b = rng.uniform(-3, 3, size=(3, 4)), rng.uniform(0.3, 2, size=(4,)) * rng.choice([-1, 1], size=4)
    if name == "xlogy":
        a[0, :2] = 0.0  # (x = 0: the value and x's gradient are 0)
        b = np.abs(b)
    oa, ob = Tensor(a, requires_grad=True), Tensor(b, requires_grad=True)
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    for out, expected in ((getattr(oa, name)(ob), getattr(torch, name)(ta, tb)),
                          (getattr(autograd, name)(oa, ob), getattr(ta, name)(tb))):
        up = rng.normal(size=(3, 4))
        out.backward(Tensor(up))
        expected.backward(torch.tensor(up))
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(oa.grad.data, ta.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ob.grad.data, tb.grad.numpy(), rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match=rf"^{name}: shapes \(3, 4\) and \(3,\) cannot be broadcast"):
        getattr(oa, name)(Tensor(np.ones(3)))


def test_addcmul_addcdiv_mv_frac_and_floor_divide_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    x, t1, t2, m, v = (rng.uniform(0.5, 2, size=s) for s in ((3, 4), (4,), (3, 1), (3, 4), (4,)))
    o = [Tensor(a, requires_grad=True) for a in (x, t1, t2, m, v)]
    t = [torch.tensor(a, requires_grad=True) for a in (x, t1, t2, m, v)]
    w34, w3, w4 = (rng.normal(size=s) for s in ((3, 4), (3,), (4,)))  # (random upstream gradients)
    ours = ((o[0].addcmul(o[1], o[2], value=0.5) + autograd.addcdiv(o[0], o[1], o[2], value=-2)) * w34).sum() \
        + (autograd.mv(o[3], o[4]) * w3).sum() + (o[4].addmv(o[3].mT, o[2].reshape(3), beta=0.5, alpha=2) * w4).sum() \
        + ((o[0] * 3.7).frac() * w34).sum()
    tw34, tw3, tw4 = (torch.tensor(a) for a in (w34, w3, w4))
    theirs = ((t[0].addcmul(t[1], t[2], value=0.5) + torch.addcdiv(t[0], t[1], t[2], value=-2)) * tw34).sum() \
        + (torch.mv(t[3], t[4]) * tw3).sum() + (t[4].addmv(t[3].mT, t[2].reshape(3), beta=0.5, alpha=2) * tw4).sum() \
        + ((t[0] * 3.7).frac() * tw34).sum()
    ours.backward()
    theirs.backward()
    np.testing.assert_allclose(ours.item(), theirs.item(), rtol=1e-12)
    for a, b in zip(o, t):
        np.testing.assert_allclose(a.grad.data, b.grad.numpy(), rtol=1e-12)
    q = rng.uniform(-5, 5, size=6)
    np.testing.assert_array_equal(Tensor(q).floor_divide(1.5).data, torch.tensor(q).floor_divide(1.5).numpy())
    with pytest.raises(ValueError, match=r"^addcmul: shapes \(3, 4\) and \(2,\) and \(3, 1\) cannot be broadcast"):
        o[0].addcmul(Tensor(np.ones(2)), o[2])
    with pytest.raises(ValueError, match=r"^mv: the matrix of shape \(3, 4\) and the vector of shape \(3,\)"):
        autograd.mv(o[3], Tensor(np.ones(3)))


def test_comparisons_casts_and_predicates_under_torch_names() -> None:
    torch = pytest.importorskip("torch")
    a, b = np.array([1.0, 2.0, np.nan, 4.0]), np.array([1.0, 3.0, np.nan, 4.0 + 1e-9])
    oa, ob, ta, tb = Tensor(a), Tensor(b), torch.tensor(a), torch.tensor(b)
    for name in ("eq", "ne", "lt", "le", "gt", "ge", "greater", "less_equal", "not_equal"):
        np.testing.assert_array_equal(getattr(oa, name)(ob).data, getattr(ta, name)(tb).numpy())
        np.testing.assert_array_equal(getattr(autograd, name)(oa, 2.0).data, getattr(torch, name)(ta, 2.0).numpy())
    for equal_nan in (False, True):
        np.testing.assert_array_equal(oa.isclose(ob, equal_nan=equal_nan).data,
                                      ta.isclose(tb, equal_nan=equal_nan).numpy())
        assert autograd.allclose(oa, ob, equal_nan=equal_nan) == torch.allclose(ta, tb, equal_nan=equal_nan)
    assert autograd.equal(Tensor([1.0, 2.0]), Tensor([1.0, 2.0])) and not Tensor([1.0]).equal(Tensor([1.0, 1.0]))
    pred, target = Tensor(np.array([0, 2, 1])), Tensor(np.array([0, 1, 1]))
    assert pred.eq(target.view_as(pred)).sum().item() == 2  # (PyTorch's MNIST example)
    x = Tensor([1.7, -0.2, 0.0])
    for name, dtype in (("long", np.int64), ("int", np.int32), ("bool", np.bool_), ("half", np.float16)):
        cast = getattr(x, name)()
        assert cast.dtype == dtype
        np.testing.assert_array_equal(cast.data, getattr(torch.tensor([1.7, -0.2, 0.0]), name)().numpy())
    assert autograd.float32 is np.float32 and autograd.long is np.int64 and autograd.double is np.float64
    assert autograd.zeros(2, dtype=autograd.int64).dtype == np.int64
    np.testing.assert_array_equal(x.where(x > 0, Tensor(9.0)).data, np.array([1.7, 9.0, 9.0], np.float32))
    assert x.abs().bernoulli(p=1.0).tolist() == [1.0, 1.0, 1.0]
    assert Tensor([0.0, 1.0]).multinomial(3, replacement=True).tolist() == [1, 1, 1]
    y = Tensor([1.0, 2.0])
    assert autograd.fill_(y, 3.0) is y and y.tolist() == [3.0, 3.0]
    assert autograd.clamp_(y, max=1.0).tolist() == [1.0, 1.0] and autograd.zero_(y).tolist() == [0.0, 0.0]


def test_softplus_method_takes_beta_and_threshold_as_torch_functional() -> None:
    torch = pytest.importorskip("torch")
    x = np.linspace(-30, 30, 13)
    for beta, threshold in ((1.0, 20.0), (2.0, 5.0), (0.5, 3.0)):
        o, t = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, expected = o.softplus(beta=beta, threshold=threshold), torch.nn.functional.softplus(t, beta, threshold)
        up = np.random.default_rng(int(beta * 10)).normal(size=x.shape)  # (a random upstream gradient)
        out.backward(Tensor(up))
        expected.backward(torch.tensor(up))
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12)
        np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-12, atol=1e-15)
    big = Tensor([40.0]).softplus()  # (no threshold by default: log(1 + e^x) itself)
    assert big.item() == np.logaddexp(0.0, 40.0)
    with pytest.raises(TypeError, match="^softplus: beta must be a real number"):
        Tensor([1.0]).softplus(beta="2")


def test_logical_nan_reductions_diff_and_small_names_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 4))
    x[0, 1] = x[2, 3] = np.nan
    x[1, :] = np.nan  # (a row of NaN: nanmean is NaN there)
    o, t = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    for dim in (None, 1, (0, 1)):
        a, b = o.nansum(dim=dim) if dim is not None else o.nansum(), \
            t.nansum(dim=dim) if dim is not None else t.nansum()
        np.testing.assert_allclose(a.data, b.detach().numpy(), rtol=1e-12)
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(o.nanmean(dim=1).data, t.nanmean(dim=1).detach().numpy(), rtol=1e-12)
    w, w0 = rng.normal(size=(3, 4)), rng.normal(size=4)  # (random upstream gradients)
    loss_o = (o * w).nansum() + (autograd.nanmean(o, dim=0) * w0).nansum()
    loss_t = (t * torch.tensor(w)).nansum() + (torch.nanmean(t, dim=0) * torch.tensor(w0)).nansum()
    loss_o.backward()
    loss_t.backward()
    np.testing.assert_allclose(o.grad.data, t.grad.numpy(), rtol=1e-12)
    y = rng.normal(size=(3, 5))
    oy, ty = Tensor(y, requires_grad=True), torch.tensor(y, requires_grad=True)
    for kw in ({}, {"n": 2, "dim": 0}, {"prepend": np.zeros((3, 1)), "append": np.ones((3, 2))}):
        tkw = {k: torch.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
        a, b = oy.diff(**kw), ty.diff(**tkw)
        up = rng.normal(size=a.shape)
        a.backward(Tensor(up))
        b.backward(torch.tensor(up))
        np.testing.assert_allclose(a.data, b.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(oy.grad.data, ty.grad.numpy(), rtol=1e-12)
    p, q = Tensor(np.array([0.0, 1.0, 2.0, 0.0])), Tensor(np.array([1.0, 0.0, 3.0, 0.0]))
    tp, tq = torch.tensor(p.data), torch.tensor(q.data)
    for name in ("logical_and", "logical_or", "logical_xor"):
        np.testing.assert_array_equal(getattr(p, name)(q).data, getattr(tp, name)(tq).numpy())
    np.testing.assert_array_equal(autograd.logical_not(p).data, torch.logical_not(tp).numpy())
    assert autograd.count_nonzero(Tensor(y > 0), dim=1).tolist() == torch.count_nonzero(torch.tensor(y > 0), 1).tolist()
    np.testing.assert_allclose(autograd.deg2rad(Tensor([180.0])).data, [np.pi])
    np.testing.assert_allclose(Tensor([np.pi]).rad2deg().data, [180.0])
    assert Tensor([-2.0, 3.0]).clamp_min(0.0).tolist() == [0.0, 3.0]
    assert autograd.clamp_max(Tensor([5.0]), 1.0).item() == 1.0
    assert autograd.sgn(Tensor([-2.0, 0.0])).tolist() == [-1.0, 0.0]


def test_integer_division_with_rounding_stays_integer_as_torch() -> None:
    torch = pytest.importorskip("torch")
    a = np.array([7, -7, 6, -6, 0, 13])
    for b in (2, -3, np.array([2, 2, -4, 4, 5, -5])):
        for mode in ("floor", "trunc"):
            ours = Tensor(a).div(Tensor(b) if isinstance(b, np.ndarray) else b, rounding_mode=mode)
            theirs = torch.tensor(a).div(torch.tensor(b) if isinstance(b, np.ndarray) else b, rounding_mode=mode)
            assert ours.dtype == np.int64
            np.testing.assert_array_equal(ours.data, theirs.numpy())
    np.testing.assert_array_equal(Tensor(a).floor_divide(2).data, torch.tensor(a).floor_divide(2).numpy())
    np.testing.assert_array_equal(Tensor(a).div(2.5, rounding_mode="floor").data,
                                  torch.tensor(a).div(2.5, rounding_mode="floor").numpy())
    with pytest.raises(ZeroDivisionError, match="^div: integer division by zero"):
        Tensor(a).div(0, rounding_mode="trunc")
