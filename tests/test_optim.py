"""Optimizers (``nn.optim``): 50 steps equal PyTorch's and a hand-written numpy
reference, for every option; param groups, Value parameters, state dicts, checks.

The gradients depend on the parameters (g = p^3 - p + a fixed random term per step),
so a wrong update changes every later gradient and the runs drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import nn
from autograd import Tensor, Value
from nn.optim import SGD, Adadelta, Adagrad, Adam, Adamax, AdamW, NAdam, Optimizer, RMSprop

SHAPES = [(3, 4), (5,), ()]
STEPS = 50

# (optimizer, options): every option of each optimizer, alone and in the combinations
# where they interact (momentum with nesterov/dampening/weight decay, amsgrad with
# weight decay, centered with momentum, ...).
CASES: list[tuple[str, dict[str, Any]]] = [
    ("SGD", {"lr": 0.05}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.1, "weight_decay": 0.05}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.05, "maximize": True}),
    ("SGD", {"lr": 0.05, "maximize": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.05}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5}),
    ("Adagrad", {"lr": 0.1, "eps": 1e-3}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.05, "initial_accumulator_value": 0.2,
                 "eps": 1e-6, "maximize": True}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8}),
    ("Adadelta", {"lr": 0.5, "eps": 1e-3, "weight_decay": 0.1}),
    ("Adadelta", {"lr": 0.5, "rho": 0.95, "weight_decay": 0.05, "maximize": True}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9}),
    ("RMSprop", {"lr": 0.01, "eps": 1e-4}),
    ("RMSprop", {"lr": 0.01, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5, "weight_decay": 0.05, "alpha": 0.95}),
    ("RMSprop", {"lr": 0.01, "maximize": True, "momentum": 0.3}),
    ("Adam", {}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99)}),
    ("Adam", {"lr": 0.05, "betas": (0.5, 0.9)}),  # (1 - beta1 >= 0.5: lerp's other formula)
    ("Adam", {"lr": 0.05, "eps": 1e-3}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.05, "amsgrad": True}),
    ("Adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.05, "betas": (0.7, 0.95), "maximize": True}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.2}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True, "betas": (0.85, 0.95), "eps": 1e-6}),
    ("AdamW", {"lr": 0.05, "maximize": True}),
    ("Adamax", {}),
    ("Adamax", {"lr": 0.05, "betas": (0.8, 0.99)}),
    ("Adamax", {"lr": 0.05, "betas": (0.4, 0.9), "eps": 1e-3, "weight_decay": 0.1}),
    ("Adamax", {"lr": 0.05, "weight_decay": 0.05, "maximize": True}),
    ("NAdam", {}),
    ("NAdam", {"lr": 0.05, "betas": (0.8, 0.99), "momentum_decay": 0.01}),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "eps": 1e-4}),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True, "maximize": True}),
]
OURS: dict[str, type[Optimizer]] = {"SGD": SGD, "Adagrad": Adagrad, "Adadelta": Adadelta, "RMSprop": RMSprop,
                                    "Adam": Adam, "AdamW": AdamW, "Adamax": Adamax, "NAdam": NAdam}


def _case_id(case: tuple[str, dict[str, Any]]) -> str:
    name, kw = case
    return name + "(" + ",".join(f"{k}={v}" for k, v in kw.items()) + ")"


def _start(seed: int = 0) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
    """Initial parameters and, for each step, a fixed random term of the gradient."""
    rng = np.random.default_rng(seed)
    init = [rng.normal(size=s) for s in SHAPES]
    noise = [[rng.normal(size=s) for s in SHAPES] for _ in range(STEPS)]
    return init, noise


def _grad(p: np.ndarray, noise: np.ndarray, sign: float = 1.0) -> np.ndarray:
    """The gradient of a loss with minima at p^2 ~ 1; ``sign=-1`` for maximize (the
    gradient of minus that loss, so that ascent stays bounded too)."""
    return np.asarray(sign * (p**3 - p + noise))


def _run_ours(make: Callable[[list[Tensor]], Optimizer], steps: int = STEPS, seed: int = 0,
              sign: float = 1.0) -> list[np.ndarray]:
    init, noise = _start(seed)
    params = [Tensor(a.copy(), requires_grad=True) for a in init]
    opt = make(params)
    for k in range(steps):
        for p, n in zip(params, noise[k]):
            p.grad = Tensor(_grad(p.data, n, sign))
        opt.step()
    return [p.data for p in params]


def _run_torch(make: Callable[[list[Any]], Any], steps: int = STEPS, seed: int = 0,
               sign: float = 1.0) -> list[np.ndarray]:
    torch = pytest.importorskip("torch")
    init, noise = _start(seed)
    params = [torch.tensor(a.copy(), requires_grad=True) for a in init]
    opt = make(params)
    for k in range(steps):
        for p, n in zip(params, noise[k]):
            p.grad = torch.from_numpy(_grad(p.detach().numpy(), n, sign))
        opt.step()
    return [p.detach().numpy() for p in params]


def _assert_close(ours: list[Any], theirs: list[Any], rtol: float = 1e-12) -> None:
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-14)


def _torch_kwargs(name: str, kw: dict[str, Any]) -> dict[str, Any]:
    return {**kw, "foreach": False}


# ------------------------------------------------------------------ PyTorch
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_50_steps_equal_pytorchs(case: tuple[str, dict[str, Any]]) -> None:
    torch = pytest.importorskip("torch")
    name, kw = case
    sign = -1.0 if kw.get("maximize") else 1.0
    ours = _run_ours(lambda ps: OURS[name](ps, **kw), sign=sign)
    theirs = _run_torch(lambda ps: getattr(torch.optim, name)(ps, **_torch_kwargs(name, kw)), sign=sign)
    _assert_close(ours, theirs)
    assert all(np.all(np.isfinite(a)) for a in ours)


@pytest.mark.parametrize("name", list(OURS))
def test_param_groups_with_their_own_options_equal_pytorchs(name: str) -> None:
    torch = pytest.importorskip("torch")
    first, second = {
        "SGD": ({"momentum": 0.9, "nesterov": True}, {"lr": 0.02, "momentum": 0.5, "weight_decay": 0.1}),
        "Adagrad": ({"lr_decay": 0.1}, {"lr": 0.05, "weight_decay": 0.1, "eps": 1e-4}),
        "RMSprop": ({"centered": True}, {"lr": 0.005, "momentum": 0.7, "alpha": 0.9}),
        "Adadelta": ({"rho": 0.8}, {"lr": 0.3, "weight_decay": 0.1}),
        "Adamax": ({"betas": (0.8, 0.9)}, {"lr": 0.01, "weight_decay": 0.1}),
        "NAdam": ({"momentum_decay": 0.01}, {"lr": 0.01, "weight_decay": 0.1}),
        "Adam": ({"amsgrad": True}, {"lr": 0.01, "betas": (0.8, 0.9), "weight_decay": 0.1}),
        "AdamW": ({"weight_decay": 0.3}, {"lr": 0.01, "amsgrad": True}),
    }[name]
    defaults = {"lr": 0.03}

    def groups(ps: list[Any]) -> list[dict[str, Any]]:
        return [{"params": ps[:2], **first}, {"params": ps[2:], **second}]

    ours = _run_ours(lambda ps: OURS[name](groups(ps), **defaults))
    theirs = _run_torch(lambda ps: getattr(torch.optim, name)(groups(ps), **defaults, foreach=False))
    _assert_close(ours, theirs)


@pytest.mark.parametrize("case", CASES[::3], ids=_case_id)
def test_value_parameters_follow_pytorchs_0d_tensors(case: tuple[str, dict[str, Any]]) -> None:
    torch = pytest.importorskip("torch")
    name, kw = case
    rng = np.random.default_rng(3)
    start, noise = rng.normal(size=3), rng.normal(size=(STEPS, 3))
    vals = [Value(float(x)) for x in start]
    theirs = [torch.tensor(float(x), dtype=torch.float64, requires_grad=True) for x in start]
    o1 = OURS[name](vals, **kw)
    o2 = getattr(torch.optim, name)(theirs, **_torch_kwargs(name, kw))
    for k in range(STEPS):
        for v, t, n in zip(vals, theirs, noise[k]):
            sign = -1.0 if kw.get("maximize") else 1.0
            v.grad = float(_grad(np.float64(v.data), n, sign))
            t.grad = torch.tensor(float(_grad(t.detach().numpy(), n, sign)), dtype=torch.float64)
        o1.step()
        o2.step()
    assert all(type(v.data) is float for v in vals)
    np.testing.assert_allclose([v.data for v in vals], [float(t.detach()) for t in theirs], rtol=1e-12, atol=1e-14)


# --------------------------------------------------- numpy, written by hand
def _hand(name: str, kw: dict[str, Any], seed: int = 0) -> list[np.ndarray]:
    """The textbook update rules, one parameter at a time, with no torch and none of
    the library's code."""
    init, noise = _start(seed)
    out = []
    for j, p0 in enumerate(init):
        p = p0.copy()
        m = np.zeros_like(p)
        v = np.zeros_like(p) + kw.get("initial_accumulator_value", 0.0)
        vmax = np.zeros_like(p)
        gavg = np.zeros_like(p)
        buf = None
        default_lr = {"SGD": 1e-3, "Adagrad": 1e-2, "RMSprop": 1e-2, "Adadelta": 1.0, "Adamax": 2e-3, "NAdam": 2e-3}
        mu_product = 1.0
        lr = kw.get("lr", default_lr.get(name, 1e-3))
        u = np.zeros_like(p)
        wd = kw.get("weight_decay", 1e-2 if name == "AdamW" else 0.0)
        for t in range(1, STEPS + 1):
            g = _grad(p, noise[t - 1][j], -1.0 if kw.get("maximize") else 1.0)
            if kw.get("maximize"):
                g = -g
            if name in ("AdamW",) or kw.get("decoupled_weight_decay"):
                p = p * (1 - lr * wd)
            else:
                g = g + wd * p
            if name == "SGD":
                mom, damp = kw.get("momentum", 0.0), kw.get("dampening", 0.0)
                if mom:
                    buf = g.copy() if buf is None else mom * buf + (1 - damp) * g
                    g = g + mom * buf if kw.get("nesterov") else buf
                p = p - lr * g
            elif name == "Adagrad":
                v = v + g * g
                clr = lr / (1 + (t - 1) * kw.get("lr_decay", 0.0))
                p = p - clr * g / (np.sqrt(v) + kw.get("eps", 1e-10))
            elif name == "NAdam":
                b1, b2 = kw.get("betas", (0.9, 0.999))
                psi = kw.get("momentum_decay", 4e-3)
                mu, mu_next = (b1 * (1 - 0.5 * 0.96 ** (k * psi)) for k in (t, t + 1))
                mu_product = float(np.float32(mu_product) * np.float32(mu))  # (PyTorch keeps it in float32)
                m = b1 * m + (1 - b1) * g
                v = b2 * v + (1 - b2) * g * g
                d = np.sqrt(v / (1 - b2**t)) + kw.get("eps", 1e-8)
                p = p - lr * (1 - mu) / (1 - mu_product) * g / d - lr * mu_next / (1 - mu_product * mu_next) * m / d
            elif name == "Adamax":
                b1, b2 = kw.get("betas", (0.9, 0.999))
                m = b1 * m + (1 - b1) * g
                u = np.maximum(b2 * u, np.abs(g) + kw.get("eps", 1e-8))
                p = p - lr / (1 - b1**t) * m / u
            elif name == "Adadelta":
                rho, eps = kw.get("rho", 0.9), kw.get("eps", 1e-6)
                v = rho * v + (1 - rho) * g * g
                delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g
                u = rho * u + (1 - rho) * delta * delta
                p = p - lr * delta
            elif name == "RMSprop":
                a, mom = kw.get("alpha", 0.99), kw.get("momentum", 0.0)
                v = a * v + (1 - a) * g * g
                if kw.get("centered"):
                    gavg = a * gavg + (1 - a) * g
                    avg = np.sqrt(v - gavg**2) + kw.get("eps", 1e-8)
                else:
                    avg = np.sqrt(v) + kw.get("eps", 1e-8)
                if mom > 0:
                    m = mom * m + g / avg
                    p = p - lr * m
                else:
                    p = p - lr * g / avg
            else:  # Adam, AdamW
                b1, b2 = kw.get("betas", (0.9, 0.999))
                m = b1 * m + (1 - b1) * g
                v = b2 * v + (1 - b2) * g * g
                vmax = np.maximum(vmax, v)
                vhat = (vmax if kw.get("amsgrad") else v) / (1 - b2**t)
                p = p - lr * (m / (1 - b1**t)) / (np.sqrt(vhat) + kw.get("eps", 1e-8))
        out.append(p)
    return out


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_50_steps_equal_a_hand_written_numpy_reference(case: tuple[str, dict[str, Any]]) -> None:
    name, kw = case
    ours = _run_ours(lambda ps: OURS[name](ps, **kw), sign=-1.0 if kw.get("maximize") else 1.0)
    # (the textbook forms round differently from PyTorch's, hence 1e-9)
    for a, b in zip(ours, _hand(name, kw)):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def test_adam_first_step_moves_each_coordinate_by_lr() -> None:
    # m_hat = g and v_hat = g^2 after one step, so the step is lr * g / (|g| + eps).
    p = Tensor(np.array([1.0, -2.0, 3.0]), requires_grad=True)
    p.grad = Tensor(np.array([0.5, -4.0, 1e-3]))
    Adam([p], lr=0.1, eps=0.0).step()
    np.testing.assert_allclose(p.data, [0.9, -1.9, 2.9], rtol=1e-15)


# ----------------------------------------------------------- state dicts
def _serialized(sd: dict[str, Any]) -> dict[str, Any]:
    """What a saver may give back: string keys, Tensors for arrays, lists for tuples."""
    def conv(x: Any) -> Any:
        if isinstance(x, dict):
            return {str(k): conv(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [conv(v) for v in x]
        if isinstance(x, np.ndarray):
            return Tensor(x.copy())
        return x

    return conv(sd)


@pytest.mark.parametrize("case", [c for c in CASES if c[1].get("momentum") or c[0] != "SGD"][::2], ids=_case_id)
@pytest.mark.parametrize("through", ["as is", "serialized"])
def test_an_optimizer_restored_from_its_state_dict_continues_bit_identically(
    case: tuple[str, dict[str, Any]], through: str
) -> None:
    name, kw = case
    init, noise = _start(1)
    ref = [Tensor(a.copy(), requires_grad=True) for a in init]
    groups = [{"params": ref[:1]}, {"params": ref[1:], "lr": 0.02}]
    opt = OURS[name](groups, **kw)
    restored_params: list[Tensor] = []
    restored: Optimizer | None = None
    for k in range(STEPS):
        if k == 20:
            sd = opt.state_dict()
            restored_params = [Tensor(p.data.copy(), requires_grad=True) for p in ref]
            fresh = OURS[name]([{"params": restored_params[:1]}, {"params": restored_params[1:]}], **kw)
            fresh.load_state_dict(_serialized(sd) if through == "serialized" else sd)
            assert fresh.param_groups[1]["lr"] == 0.02
            assert {k: (type(v), v) for k, v in fresh.param_groups[0].items() if k != "params"} == {
                k: (type(v), v) for k, v in opt.param_groups[0].items() if k != "params"}
            restored = fresh
        for i, p in enumerate(ref):
            sign = -1.0 if kw.get("maximize") else 1.0
            p.grad = Tensor(_grad(p.data, noise[k][i], sign))
            if restored is not None:
                restored_params[i].grad = Tensor(_grad(restored_params[i].data, noise[k][i], sign))
        opt.step()
        if restored is not None:
            restored.step()
    for a, b in zip(ref, restored_params):
        np.testing.assert_array_equal(a.data, b.data)


def test_state_dict_is_pytorchs_format() -> None:
    params = [Tensor(np.ones((2, 2)), requires_grad=True), Tensor(np.ones(3), requires_grad=True)]
    opt = Adam([{"params": [params[0]]}, {"params": [params[1]], "lr": 0.5}], amsgrad=True)
    for p in params:
        p.grad = Tensor(np.full(p.shape, 0.5))
    opt.step()
    sd = opt.state_dict()
    assert set(sd) == {"state", "param_groups"}
    assert [g["params"] for g in sd["param_groups"]] == [[0], [1]]
    assert sd["param_groups"][1]["lr"] == 0.5 and sd["param_groups"][0]["betas"] == [0.9, 0.999]
    assert set(sd["state"]) == {0, 1}
    assert set(sd["state"][1]) == {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
    assert sd["state"][1]["step"] == 1 and sd["state"][1]["exp_avg"].shape == (3,)
    sd["state"][0]["exp_avg"][...] = 7.0  # a copy: the optimizer's state is untouched
    assert not np.any(opt.state[params[0]]["exp_avg"] == 7.0)


def test_state_dict_matches_the_one_pytorch_gives() -> None:
    torch = pytest.importorskip("torch")
    init, _ = _start()
    ours = [Tensor(a.copy(), requires_grad=True) for a in init]
    theirs = [torch.tensor(a.copy(), requires_grad=True) for a in init]
    o1, o2 = RMSprop(ours, momentum=0.5, centered=True), torch.optim.RMSprop(theirs, momentum=0.5, centered=True)
    for p, q in zip(ours, theirs):
        p.grad, q.grad = Tensor(np.ones(p.shape)), torch.ones(q.shape, dtype=torch.float64)
    o1.step()
    o2.step()
    s1, s2 = o1.state_dict(), o2.state_dict()
    assert s1["state"].keys() == s2["state"].keys()
    for k in s1["state"]:
        assert s1["state"][k].keys() == s2["state"][k].keys()
        for name, val in s1["state"][k].items():
            np.testing.assert_allclose(val, np.asarray(s2["state"][k][name]), rtol=1e-15)
    for g1, g2 in zip(s1["param_groups"], s2["param_groups"]):
        assert g1["params"] == g2["params"]
        assert {k: g1[k] for k in g1 if k != "params"}.items() <= g2.items()


def test_load_state_dict_refuses_what_does_not_fit() -> None:
    a = Tensor(np.ones(2), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    opt = Adam([a])
    a.grad = Tensor(np.ones(2))
    opt.step()
    with pytest.raises(ValueError, match=r"^Adam.load_state_dict: param group 0 has 1 parameters"):
        Adam([a, b]).load_state_dict(opt.state_dict())
    with pytest.raises(ValueError, match=r"^Adam.load_state_dict: the state dict has 1 param groups, this "):
        Adam([{"params": [a]}, {"params": [b]}]).load_state_dict(opt.state_dict())
    with pytest.raises(ValueError, match=r"state 'exp_avg' has shape \(2,\), its parameter \(3,\)"):
        Adam([b]).load_state_dict(opt.state_dict())


# ------------------------------------------------- the Optimizer interface
def test_zero_grad_step_closure_and_add_param_group() -> None:
    v = Value(1.0)
    t = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    idle = Tensor(np.ones(2), requires_grad=True)
    opt = Adam([t, idle, v], lr=0.1)
    calls = []

    def closure() -> Tensor:
        calls.append(1)
        opt.zero_grad()
        loss = (t * t).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert calls == [1] and float(loss.data) == 5.0
    np.testing.assert_allclose(t.data, [0.9, 1.9])
    np.testing.assert_array_equal(idle.data, [1.0, 1.0])  # grad None: skipped, no state
    assert idle not in opt.state and set(opt.state[t]) == {"step", "exp_avg", "exp_avg_sq"}
    assert opt.state[idle] == {}  # (a defaultdict, as PyTorch's)
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(t.grad.data, [0.0, 0.0])  # type: ignore[union-attr]
    assert v.grad == 0.0
    opt.zero_grad()
    assert t.grad is None
    extra = Tensor(np.zeros(1), requires_grad=True)
    opt.add_param_group({"params": extra, "lr": 0.5, "amsgrad": True})
    assert opt.param_groups[1]["params"] == [extra] and opt.param_groups[1]["betas"] == (0.9, 0.999)
    assert opt.param_groups[1]["amsgrad"] and not opt.param_groups[0]["amsgrad"]
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [t]})
    with pytest.raises(TypeError, match=r"unknown option\(s\) \['momentum'\]"):
        opt.add_param_group({"params": [Value(0.0)], "momentum": 0.9})
    with pytest.raises(ValueError, match=r"^Adam: lr must be >= 0, got -0.5"):
        opt.add_param_group({"params": [Value(0.0)], "lr": -0.5})


def test_optimizers_train_a_small_model_with_autograd() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    for make in (lambda ps: SGD(ps, lr=0.1, momentum=0.9), lambda ps: Adagrad(ps, lr=0.5),
                 lambda ps: RMSprop(ps, lr=0.01), lambda ps: Adam(ps, lr=0.05), lambda ps: AdamW(ps, lr=0.05)):
        w = Tensor(np.zeros(3), requires_grad=True)
        b = Tensor(np.zeros(()), requires_grad=True)
        opt = make([w, b])
        losses = []
        for _ in range(200):
            opt.zero_grad()
            loss = ((Tensor(X) @ w + b - Tensor(y)) ** 2).mean()
            loss.backward()
            opt.step()
            losses.append(float(loss.data))
        assert losses[-1] < 1e-2 * losses[0], type(opt).__name__


def test_a_graph_made_before_a_step_cannot_backward_after_it() -> None:
    t = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    opt = Adam([t])
    loss = (t * t).sum()
    loss.backward(retain_graph=True)
    opt.step()
    with pytest.raises(RuntimeError):
        loss.backward()


def test_nn_exports() -> None:
    assert nn.SGD is SGD and nn.optim.Adam is Adam and nn.optim.lr_scheduler.StepLR is not None


# -------------------------------------------------------------- bad input
BAD: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    ("SGD", {"lr": -0.1}, ValueError, r"^SGD: lr must be >= 0, got -0.1"),
    ("SGD", {"momentum": -0.5}, ValueError, r"^SGD: momentum must be >= 0"),
    ("SGD", {"weight_decay": -1e-3}, ValueError, r"^SGD: weight_decay must be >= 0"),
    ("SGD", {"nesterov": True}, ValueError, r"^SGD: nesterov momentum needs momentum > 0 and dampening = 0"),
    ("SGD", {"nesterov": True, "momentum": 0.9, "dampening": 0.1}, ValueError, r"^SGD: nesterov"),
    ("SGD", {"maximize": "no"}, TypeError, r"^SGD: maximize must be True or False"),
    ("Adagrad", {"lr": -1.0}, ValueError, r"^Adagrad: lr must be >= 0"),
    ("Adagrad", {"lr_decay": -1.0}, ValueError, r"^Adagrad: lr_decay must be >= 0"),
    ("Adagrad", {"weight_decay": -1.0}, ValueError, r"^Adagrad: weight_decay must be >= 0"),
    ("Adagrad", {"initial_accumulator_value": -1.0}, ValueError, r"^Adagrad: initial_accumulator_value must be >= 0"),
    ("Adagrad", {"eps": -1.0}, ValueError, r"^Adagrad: eps must be >= 0"),
    ("RMSprop", {"lr": -1.0}, ValueError, r"^RMSprop: lr must be >= 0"),
    ("RMSprop", {"alpha": -0.1}, ValueError, r"^RMSprop: alpha must be >= 0"),
    ("RMSprop", {"eps": -1.0}, ValueError, r"^RMSprop: eps must be >= 0"),
    ("RMSprop", {"momentum": -1.0}, ValueError, r"^RMSprop: momentum must be >= 0"),
    ("RMSprop", {"weight_decay": -1.0}, ValueError, r"^RMSprop: weight_decay must be >= 0"),
    ("RMSprop", {"centered": 1}, TypeError, r"^RMSprop: centered must be True or False"),
    ("Adam", {"lr": -1.0}, ValueError, r"^Adam: lr must be >= 0"),
    ("Adam", {"eps": -1.0}, ValueError, r"^Adam: eps must be >= 0"),
    ("Adam", {"betas": (1.0, 0.999)}, ValueError, r"^Adam: betas\[0\] must be in \[0, 1\), got 1.0"),
    ("Adam", {"betas": (0.9, -0.1)}, ValueError, r"^Adam: betas\[1\] must be in \[0, 1\)"),
    ("Adam", {"betas": 0.9}, TypeError, r"^Adam: betas must be a pair of floats"),
    ("Adam", {"weight_decay": -1.0}, ValueError, r"^Adam: weight_decay must be >= 0"),
    ("Adam", {"lr": float("nan")}, ValueError, r"^Adam: lr must be >= 0, got nan"),
    ("Adam", {"lr": "0.1"}, TypeError, r"^Adam: lr must be a real number, got str '0.1'"),
    ("AdamW", {"betas": (0.9, 1.5)}, ValueError, r"^AdamW: betas\[1\] must be in \[0, 1\)"),
    ("AdamW", {"weight_decay": -0.01}, ValueError, r"^AdamW: weight_decay must be >= 0"),
    ("Adamax", {"betas": (0.9, 1.0)}, ValueError, r"^Adamax: betas\[1\] must be in \[0, 1\)"),
    ("Adadelta", {"rho": 1.5}, ValueError, r"^Adadelta: rho must be in \[0, 1\], got 1.5"),
    ("Adadelta", {"lr": -1.0}, ValueError, r"^Adadelta: lr must be >= 0"),
    ("Adadelta", {"maximize": "yes"}, TypeError, r"^Adadelta: maximize must be True or False"),
]


@pytest.mark.parametrize(("name", "kw", "exc", "match"), BAD, ids=[f"{b[0]}-{b[3][:40]}" for b in BAD])
def test_bad_hyperparameters_raise_naming_the_optimizer_and_argument(
    name: str, kw: dict[str, Any], exc: type[Exception], match: str
) -> None:
    with pytest.raises(exc, match=match):
        OURS[name]([Tensor(np.ones(2), requires_grad=True)], **kw)


@pytest.mark.parametrize("name", list(OURS))
def test_bad_params_raise_naming_the_optimizer(name: str) -> None:
    cls = OURS[name]
    with pytest.raises(ValueError, match=rf"^{name}: got an empty parameter list"):
        cls([])
    with pytest.raises(TypeError, match=rf"^{name}: params must be an iterable .* got a single Tensor"):
        cls(Tensor(np.ones(2), requires_grad=True))
    with pytest.raises(TypeError, match=rf"^{name}: parameter 0 must be a Value or a Tensor, got float"):
        cls([1.0])
    leaf = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(ValueError, match=rf"^{name}: parameter 0 is a non-leaf Tensor"):
        cls([leaf * 2])
    assert math.isfinite(cls([leaf]).lr)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_value_parameters_take_the_same_steps_as_0d_tensors(case: tuple[str, dict[str, Any]]) -> None:
    name, kw = case
    sign = -1.0 if kw.get("maximize") else 1.0
    rng = np.random.default_rng(4)
    start, noise = rng.normal(size=2), rng.normal(size=(STEPS, 2))
    vals = [Value(float(x)) for x in start]
    tens = [Tensor(np.array(x), requires_grad=True) for x in start]
    o1, o2 = OURS[name](vals, **kw), OURS[name](tens, **kw)
    for k in range(STEPS):
        for v, t, n in zip(vals, tens, noise[k]):
            v.grad = float(_grad(np.float64(v.data), n, sign))
            t.grad = Tensor(_grad(t.data, n, sign))
        o1.step()
        o2.step()
    assert all(type(v.data) is float for v in vals)
    np.testing.assert_allclose([v.data for v in vals], [float(t.data) for t in tens], rtol=1e-14, atol=1e-15)
    restored = OURS[name]([Value(v.data) for v in vals], **kw)
    restored.load_state_dict(o1.state_dict())
    assert restored.state_dict()["state"].keys() == o1.state_dict()["state"].keys()
