"""``Adam`` and ``AdamW``, as ``torch.optim.Adam`` / ``AdamW`` (single-tensor path).

With g the gradient of p (negated when ``maximize``), t the step count (from 1),
m, v the first and second moments (zeros at first)::

    p = p * (1 - lr * weight_decay)          (AdamW: decoupled weight decay)
    g = g + weight_decay * p                 (Adam: L2 penalty in the gradient)
    m = lerp(m, g, 1 - beta1)                (m + (1 - beta1) (g - m))
    v = beta2 * v + (1 - beta2) * g * g
    v_max = max(v_max, v)                    (amsgrad; then v_max is used below)
    denom = sqrt(v) / sqrt(1 - beta2^t) + eps
    p = p - (lr / (1 - beta1^t)) * m / denom

The state per parameter: ``"step"``, ``"exp_avg"``, ``"exp_avg_sq"`` and, with
amsgrad, ``"max_exp_avg_sq"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from nn.optim.optimizer import Optimizer, check_betas, check_flag, check_real


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2014); ``decoupled_weight_decay=True`` makes it AdamW.

    Args:
        params: parameters or param-group dicts.
        lr, betas, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay:
            as ``torch.optim.Adam``.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        decoupled_weight_decay: bool = False,
    ) -> None:
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay, "amsgrad": amsgrad,
                    "maximize": maximize, "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        for name in ("lr", "eps", "weight_decay"):
            group[name] = check_real(self, name, group[name])
        group["betas"] = check_betas(self, group["betas"])
        for name in ("amsgrad", "maximize", "decoupled_weight_decay"):
            group[name] = check_flag(self, name, group[name])

    def _update(self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]) -> None:
        lr, wd, eps, amsgrad = group["lr"], group["weight_decay"], group["eps"], group["amsgrad"]
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
            if amsgrad:
                state["max_exp_avg_sq"] = np.zeros_like(param)
        if group["maximize"]:
            grad = -grad
        state["step"] += 1
        step = float(state["step"])
        if wd != 0:
            if group["decoupled_weight_decay"]:
                param *= 1 - lr * wd
            else:
                grad = grad + wd * param
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        if amsgrad:
            max_sq = state["max_exp_avg_sq"]
            np.maximum(max_sq, exp_avg_sq, out=max_sq)
            denom = np.sqrt(max_sq)
        else:
            denom = np.sqrt(exp_avg_sq)
        denom /= bias_correction2_sqrt
        denom += eps
        upd = exp_avg * -step_size  # (PyTorch's addcdiv: p + (value * m) / denom)
        upd /= denom
        param += upd


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter), as ``torch.optim.AdamW``:
    ``p *= 1 - lr * weight_decay`` before the Adam step; default weight_decay 1e-2."""

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize,
                         decoupled_weight_decay=True)


def lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> None:
    """``start += weight * (end - start)`` in place, as ``torch.lerp_`` rounds it (for a
    weight of 0.5 or more it computes ``end - (end - start) * (1 - weight)``)."""
    diff = end - start
    if abs(weight) < 0.5:
        diff *= weight
        start += diff
    else:
        diff *= 1 - weight
        np.subtract(end, diff, out=start)
