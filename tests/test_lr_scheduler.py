"""Learning-rate schedulers (``nn.optim.lr_scheduler``): each one's rate sequence equals
PyTorch's and its closed form; state dicts; ReduceLROnPlateau's modes, cooldown and floor."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from autograd import Tensor, Value
from nn.optim import SGD, Adam
from nn.optim import lr_scheduler as sched

EPOCHS = 40
LRS = (0.1, 0.03)  # two param groups with their own rates


def _opt(cls: Any = SGD) -> Any:
    return cls([{"params": [Tensor(np.ones(2), requires_grad=True)], "lr": LRS[0]},
                {"params": [Value(1.0)], "lr": LRS[1]}])


def _torch_opt(torch: Any) -> Any:
    return torch.optim.SGD([{"params": [torch.ones(2, requires_grad=True)], "lr": LRS[0]},
                            {"params": [torch.ones((), requires_grad=True)], "lr": LRS[1]}])


def _sequence(opt: Any, scheduler: Any, epochs: int = EPOCHS) -> list[list[float]]:
    """get_last_lr() after construction and after each epoch's step (the optimizer steps
    first, as PyTorch wants)."""
    out = [scheduler.get_last_lr()]
    for _ in range(epochs):
        opt.step()
        scheduler.step()
        out.append(scheduler.get_last_lr())
        assert [g["lr"] for g in opt.param_groups] == out[-1]
    return out


# (name, kwargs, closed form lr(base, epoch))
CASES: list[tuple[str, dict[str, Any], Callable[[float, int], float]]] = [
    ("StepLR", {"step_size": 7, "gamma": 0.5}, lambda b, e: b * 0.5 ** (e // 7)),
    ("StepLR", {"step_size": 1}, lambda b, e: b * 0.1**e),
    ("MultiStepLR", {"milestones": [5, 12, 30], "gamma": 0.3},
     lambda b, e: b * 0.3 ** sum(e >= m for m in (5, 12, 30))),
    ("MultiStepLR", {"milestones": [10, 10, 20]}, lambda b, e: b * 0.1 ** sum(e >= m for m in (10, 10, 20))),
    ("ExponentialLR", {"gamma": 0.9}, lambda b, e: b * 0.9**e),
    ("CosineAnnealingLR", {"T_max": 10}, lambda b, e: b * (1 + math.cos(math.pi * e / 10)) / 2),
    ("CosineAnnealingLR", {"T_max": 15, "eta_min": 0.01},
     lambda b, e: 0.01 + (b - 0.01) * (1 + math.cos(math.pi * e / 15)) / 2),
    ("LambdaLR", {"lr_lambda": lambda e: 1 / (1 + e)}, lambda b, e: b / (1 + e)),
]


def _id(case: tuple[str, dict[str, Any], Any]) -> str:
    return case[0] + "(" + ",".join(f"{k}={v}" for k, v in case[1].items() if k != "lr_lambda") + ")"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_lr_sequence_equals_the_closed_form(case: tuple[str, dict[str, Any], Callable[[float, int], float]]) -> None:
    name, kw, closed = case
    opt = _opt()
    got = _sequence(opt, getattr(sched, name)(opt, **kw))
    expected = [[closed(b, e) for b in LRS] for e in range(EPOCHS + 1)]
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_lr_sequence_equals_pytorchs(case: tuple[str, dict[str, Any], Any]) -> None:
    torch = pytest.importorskip("torch")
    name, kw, _ = case
    opt, topt = _opt(), _torch_opt(torch)
    ours = _sequence(opt, getattr(sched, name)(opt, **kw))
    theirs = _sequence(topt, getattr(torch.optim.lr_scheduler, name)(topt, **kw))
    assert ours == theirs  # the same float operations in the same order: equal to the bit


def test_lambda_lr_takes_one_function_per_group() -> None:
    opt = _opt()
    s = sched.LambdaLR(opt, [lambda e: 0.5**e, lambda e: 1.0 + e])
    got = _sequence(opt, s, 3)
    assert got == [[LRS[0] * 0.5**e, LRS[1] * (1.0 + e)] for e in range(4)]
    with pytest.raises(ValueError, match=r"^LambdaLR: expected 2 lr_lambdas, got 1"):
        sched.LambdaLR(_opt(), [lambda e: 1.0])


def test_a_rate_set_by_hand_carries_on_in_the_recursive_schedulers() -> None:
    torch = pytest.importorskip("torch")
    opt, topt = _opt(), _torch_opt(torch)
    s, ts = sched.CosineAnnealingLR(opt, T_max=8), torch.optim.lr_scheduler.CosineAnnealingLR(topt, T_max=8)
    for k in range(20):
        if k == 5:
            for o in (opt, topt):
                o.param_groups[0]["lr"] = 0.5
        opt.step()
        topt.step()
        s.step()
        ts.step()
        assert s.get_last_lr() == ts.get_last_lr()


@pytest.mark.parametrize("name", [c[0] for c in CASES[::2]])
def test_scheduler_state_dict_round_trip(name: str) -> None:
    kw = next(c[1] for c in CASES if c[0] == name)
    opt = _opt(Adam)
    s = getattr(sched, name)(opt, **kw)
    _sequence(opt, s, 9)
    sd = s.state_dict()
    assert "optimizer" not in sd and sd["last_epoch"] == 9
    opt2 = _opt(Adam)
    opt2.load_state_dict(opt.state_dict())
    s2 = getattr(sched, name)(opt2, **kw, last_epoch=sd["last_epoch"])  # (needs the loaded "initial_lr")
    s2.load_state_dict(sd)
    assert _sequence(opt, s, 20) == _sequence(opt2, s2, 20)


def test_resuming_without_initial_lr_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match=r"StepLR: param 'initial_lr' is not specified in param_groups\[0\]"):
        sched.StepLR(_opt(), step_size=3, last_epoch=4)


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match=r"^StepLR: dict is not an Optimizer"):
        sched.StepLR({}, step_size=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^StepLR: step_size must be a positive int, got 0"):
        sched.StepLR(_opt(), step_size=0)
    with pytest.raises(ValueError, match=r"^CosineAnnealingLR: T_max must be a positive int"):
        sched.CosineAnnealingLR(_opt(), T_max=0)
    with pytest.raises(ValueError, match=r"^ReduceLROnPlateau: factor must be < 1.0, got 1.5"):
        sched.ReduceLROnPlateau(_opt(), factor=1.5)
    with pytest.raises(ValueError, match=r"^ReduceLROnPlateau: mode must be 'min' or 'max', got 'up'"):
        sched.ReduceLROnPlateau(_opt(), mode="up")
    with pytest.raises(ValueError, match=r"^ReduceLROnPlateau: threshold_mode must be 'rel' or 'abs'"):
        sched.ReduceLROnPlateau(_opt(), threshold_mode="x")
    with pytest.raises(ValueError, match=r"^ReduceLROnPlateau: expected 2 min_lrs, got 1"):
        sched.ReduceLROnPlateau(_opt(), min_lr=[0.0])


# -------------------------------------------------------- ReduceLROnPlateau
METRICS = [1.0, 0.9, 0.9, 0.9, 0.9, 0.95, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.79999, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7,
           0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]
PLATEAU = [
    {"patience": 2},
    {"patience": 1, "factor": 0.5, "cooldown": 2},
    {"patience": 0, "factor": 0.5, "min_lr": [0.02, 0.01]},
    {"patience": 2, "threshold": 0.01, "threshold_mode": "abs"},
    {"mode": "max", "patience": 1, "factor": 0.3},
    {"mode": "max", "patience": 1, "threshold_mode": "abs", "threshold": 0.05, "eps": 1e-3},
    {"patience": 3, "min_lr": 0.005, "factor": 0.2},
]


@pytest.mark.parametrize("kw", PLATEAU, ids=str)
def test_reduce_on_plateau_equals_pytorchs(kw: dict[str, Any]) -> None:
    torch = pytest.importorskip("torch")
    opt, topt = _opt(), _torch_opt(torch)
    s, ts = sched.ReduceLROnPlateau(opt, **kw), torch.optim.lr_scheduler.ReduceLROnPlateau(topt, **kw)
    for m in METRICS:
        s.step(Tensor(np.array(m)) if m == 0.8 else m)  # (a 0-d Tensor is taken too)
        ts.step(m)
        assert s.get_last_lr() == ts.get_last_lr()
        assert (s.best, s.num_bad_epochs, s.cooldown_counter) == (ts.best, ts.num_bad_epochs, ts.cooldown_counter)


def test_reduce_on_plateau_by_hand() -> None:
    opt = _opt()
    s = sched.ReduceLROnPlateau(opt, patience=1, factor=0.5, cooldown=1, min_lr=0.02)
    # epoch:    1    2    3    4    5    6    7    8    9
    metrics = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5]
    # bad epochs count 1, 2 -> cut (lr/2) at epoch 3, cooldown 1 epoch (4), then bad
    # at 5, 6 -> cut at 6; 7 improves; 8, 9 bad -> cut at 9, floored at min_lr.
    first = []
    for m in metrics:
        s.step(m)
        first.append(s.get_last_lr()[0])
    assert first == [0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02]
    assert s.get_last_lr()[1] == 0.02  # 0.03 -> 0.02 (floor) at epoch 3, then no change below eps
    assert s.last_epoch == 9


def test_reduce_on_plateau_state_dict_round_trip() -> None:
    opt = _opt()
    s = sched.ReduceLROnPlateau(opt, patience=1, cooldown=1)
    for m in METRICS[:7]:
        s.step(m)
    sd = s.state_dict()
    assert "optimizer" not in sd
    opt2 = _opt()
    opt2.load_state_dict(opt.state_dict())
    s2 = sched.ReduceLROnPlateau(opt2)
    s2.load_state_dict(sd)
    for m in METRICS[7:]:
        s.step(m)
        s2.step(m)
        assert s.get_last_lr() == s2.get_last_lr()
    assert (s.best, s.num_bad_epochs, s.last_epoch) == (s2.best, s2.num_bad_epochs, s2.last_epoch)
