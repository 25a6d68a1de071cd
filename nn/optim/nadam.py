"""``NAdam``, as ``torch.optim.NAdam`` (single-tensor path): Adam with Nesterov
momentum (Dozat, 2016).

With g the gradient of p (negated when ``maximize``), t the step count, m and v Adam's
running means and the momentum schedule mu_t = beta1 (1 - 0.96^(t psi) / 2) (psi the
``momentum_decay``), P_t = mu_1 ... mu_t::

    g = g + weight_decay * p                 (or p *= 1 - lr weight_decay, decoupled)
    m = lerp(m, g, 1 - beta1);  v = beta2 v + (1 - beta2) g^2
    d = sqrt(v / (1 - beta2^t)) + eps
    p = p - lr (1 - mu_t) / (1 - P_t) g / d - lr mu_{t+1} / (1 - P_t mu_{t+1}) m / d

The state per parameter: ``"step"``, ``"mu_product"``, ``"exp_avg"``, ``"exp_avg_sq"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from nn.optim.adam import lerp_
from nn.optim.optimizer import Optimizer, check_betas, check_flag, check_real


class NAdam(Optimizer):
    """NAdam: Adam whose momentum looks one step ahead. ``mu_product`` is kept in
    float32, as PyTorch keeps it (a float32 scalar tensor under the default dtype).

    Args:
        params: parameters or param-group dicts.
        lr, betas, eps, weight_decay, momentum_decay, decoupled_weight_decay, maximize:
            as ``torch.optim.NAdam``.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "momentum_decay": momentum_decay, "decoupled_weight_decay": decoupled_weight_decay,
                    "maximize": maximize}
        super().__init__(params, defaults)

    _scalar_state = ("mu_product",)

    def _check_group(self, group: dict[str, Any]) -> None:
        for name in ("lr", "eps", "weight_decay", "momentum_decay"):
            group[name] = check_real(self, name, group[name])
        group["betas"] = check_betas(self, group["betas"])
        for name in ("decoupled_weight_decay", "maximize"):
            group[name] = check_flag(self, name, group[name])

    def _update(self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]) -> None:
        if not state:
            state.update(step=0, mu_product=1.0, exp_avg=np.zeros_like(param), exp_avg_sq=np.zeros_like(param))
        lr, wd, eps, psi = group["lr"], group["weight_decay"], group["eps"], group["momentum_decay"]
        beta1, beta2 = group["betas"]
        if group["maximize"]:
            grad = -grad
        state["step"] += 1
        step = float(state["step"])
        bias_correction2 = 1 - beta2**step
        if wd != 0:
            if group["decoupled_weight_decay"]:
                param *= 1 - lr * wd
            else:
                grad = grad + wd * param
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * psi)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi)))
        state["mu_product"] = mu_product = float(np.float32(state["mu_product"]) * np.float32(mu))
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        denom = np.sqrt(exp_avg_sq / bias_correction2)
        denom += eps
        param += grad * (-lr * (1.0 - mu) / (1.0 - mu_product)) / denom
        param += exp_avg * ((-lr * mu_next) / (1.0 - mu_product * mu_next)) / denom
